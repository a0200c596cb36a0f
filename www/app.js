// The enrollment (参保登记) intake form. Validation happens when the person submits (GOV.UK
// pattern): an error summary with links, a message beside each field, nothing typed is cleared.
// All checks run in this page through canbao's WebAssembly; nothing is sent anywhere.

import { NO_WASM, wasmMissing, initialLang, applyTexts, onLanguageToggle, clearField, markField, fillSummary, renderList, setDownload, el } from './common.js';

const TEXT = {
  zh: {
    skip: '跳到主要内容',
    navHome: '首页',
    navIntake: '参保登记',
    navCalc: '计算器',
    navRoster: '台账核验',
    navMatch: '名单比对', navCampaign: '台账与进度',
    title: '城乡居民基本医疗保险参保登记',
    lead: '填写参保人信息。所有核验都在本页面内完成，填写的信息不会发送到任何地方。',
    loading: '正在加载核验程序…',
    loadFailed: '核验程序加载失败，请刷新页面重试。',
    summaryTitle: '请修改以下问题',
    nameLabel: '姓名',
    idLabel: '证件号码',
    idHint: '居民身份证、港澳台居民居住证或外国人永久居留身份证号码。可以包含空格。',
    phoneLabel: '手机号码',
    addressLabel: '户籍地址',
    addressHint: '填写户口簿上的地址，例如：某某县某某镇某某村某组。',
    submit: '核验并登记',
    doneTitle: '已登记',
    doneNote: '登记的信息只保存在本页面中，关闭页面前请导出名单。',
    receiptTitle: '城乡居民基本医疗保险参保登记回执',
    receiptNote: '本回执只证明已在本登记点核验并登记；是否参保以缴费到账为准。',
    receiptMeta: (n, time) => `登记序号：${n}　登记时间：${time}`,
    next: '登记下一位（保留地址）',
    print: '打印回执（A4 或 A5 纸）',
    sessionTitle: (n) => `本次已登记（${n} 人）`,
    sessionCols: ['序号', '姓名', '证件号码', '手机号码', '户籍地址', '操作'],
    edit: '修改',
    remove: '删除',
    editing: (n) => `正在修改第 ${n} 位，改好后按“核验并登记”。`,
    removed: (n) => `已删除第 ${n} 位。`,
    export: '导出名单（CSV，可在“台账核验”中读取）',
    exported: (n) => `已导出 ${n} 人。`,
    unsaved: '还有未导出的登记，关闭页面会丢失。',
    already: (n) => `此人已登记（第 ${n} 位）；如需更正，请在下方名单中点“修改”`,
    useSuggestion: (id) => `核对无误，改用 18 位号码 ${id}`,
    footer: 'canbao：号码核验在浏览器中完成，不联网、不上传。',
    errorPrefix: '错误：',
    birthDate: '出生日期',
    sex: '性别',
    male: '男',
    female: '女',
    age: '年龄',
    ageUnit: '岁',
    region: '地区',
    abolished: '（该行政区划代码已撤销，号码仍然有效）',
    kind: '证件类型',
    kinds: {
      resident18: '居民身份证', permit_hk: '港澳居民居住证（香港）', permit_mo: '港澳居民居住证（澳门）',
      permit_tw: '台湾居民居住证', foreign_2017: '外国人永久居留身份证（2017版）',
      foreign_2023: '外国人永久居留身份证（2023版）', resident15: '旧版15位身份证',
    },
    otherLang: 'English',
  },
  en: {
    skip: 'Skip to main content',
    navHome: 'Home',
    navIntake: 'Enrollment',
    navCalc: 'Calculator',
    navRoster: 'Roster check',
    navMatch: 'Roster matching', navCampaign: 'Ledgers and progress',
    title: 'Urban and rural resident medical insurance: enrollment',
    lead: 'Enter the insured person’s details. Every check runs in this page; nothing you type is sent anywhere.',
    loading: 'Loading the checker…',
    loadFailed: 'The checker could not be loaded. Reload the page and try again.',
    summaryTitle: 'There is a problem',
    nameLabel: 'Full name',
    idLabel: 'Identity number',
    idHint: 'Resident ID card, Hong Kong/Macau/Taiwan residence permit, or foreigner’s permanent residence ID. Spaces are fine.',
    phoneLabel: 'Mobile number',
    addressLabel: 'Household registration address',
    addressHint: 'As on the household register, e.g. county, township, village, group.',
    submit: 'Check and enroll',
    doneTitle: 'Enrolled',
    doneNote: 'The people enrolled stay in this page only: export the list before closing it.',
    receiptTitle: 'Urban and rural resident medical insurance: enrollment receipt',
    receiptNote: 'This receipt shows only that the person was checked and registered at this desk; enrollment takes effect when the contribution is paid.',
    receiptMeta: (n, time) => `Registration no. ${n}, ${time}`,
    next: 'Enroll the next person (keep the address)',
    print: 'Print the receipt (A4 or A5)',
    sessionTitle: (n) => `Enrolled in this session (${n})`,
    sessionCols: ['No.', 'Name', 'Identity number', 'Mobile', 'Address', ''],
    edit: 'Edit',
    remove: 'Delete',
    editing: (n) => `Editing no. ${n}: correct it and press “Check and enroll”.`,
    removed: (n) => `No. ${n} deleted.`,
    export: 'Export the list (CSV, readable by the roster check)',
    exported: (n) => `${n} people exported.`,
    unsaved: 'Some people enrolled here have not been exported: closing the page loses them.',
    already: (n) => `This person is already enrolled (no. ${n}); to correct it, press “Edit” in the list below`,
    useSuggestion: (id) => `Checked against the card: use the 18-digit number ${id}`,
    footer: 'canbao: numbers are checked in your browser, offline, never uploaded.',
    errorPrefix: 'Error: ',
    birthDate: 'Date of birth',
    sex: 'Sex',
    male: 'Male',
    female: 'Female',
    age: 'Age',
    ageUnit: '',
    region: 'Region',
    abolished: ' (this region code has been abolished; the number is still valid)',
    kind: 'Document',
    kinds: {
      resident18: 'Resident ID card', permit_hk: 'Residence permit (Hong Kong)', permit_mo: 'Residence permit (Macau)',
      permit_tw: 'Residence permit (Taiwan)', foreign_2017: 'Permanent residence ID (2017)',
      foreign_2023: 'Permanent residence ID (2023)', resident15: 'Legacy 15-digit ID',
    },
    otherLang: '中文',
  },
};

let lang = initialLang();
let canbao = null;
let submitted = false;
const $ = (id) => document.getElementById(id);
const t = () => TEXT[lang];

// The form's rules are the library's (checkEnrollment): the same for any portal embedding it.
const INPUT_OF = { name: 'name', idNumber: 'id-number', phone: 'phone', address: 'address' };

function check() {
  const v = {
    name: $('name').value,
    idNumber: $('id-number').value,
    phone: $('phone').value,
    address: $('address').value,
  };
  const c = canbao.checkEnrollment(v, { lang });
  const problems = c.problems.map((p) => ({ field: INPUT_OF[p.field], message: p.message, suggestion: p.suggestion }));
  return { problems, values: { name: v.name.trim(), address: v.address.trim() }, id: c.id, phone: c.phone };
}

const FIELDS = ['name', 'id-number', 'phone', 'address'];

function clearErrors() {
  for (const f of FIELDS) clearField(f);
}

const LABEL_OF = { name: 'nameLabel', 'id-number': 'idLabel', phone: 'phoneLabel', address: 'addressLabel' };
let shown = []; // the problems on screen since the last submit

function showErrors(problems, moveFocus) {
  clearErrors();
  shown = problems;
  // A legacy 15-digit number: its 18-digit form offered, used only when the clerk confirms.
  const offer = problems.find((p) => p.field === 'id-number' && p.suggestion);
  $('id-suggestion').hidden = !offer;
  if (offer) {
    $('use-suggestion').textContent = t().useSuggestion(offer.suggestion);
    $('use-suggestion').dataset.value = offer.suggestion;
  }
  for (const p of problems) markField(p.field, p.message);
  // The summary names the field: two fields may have the same kind of problem.
  const sep = lang === 'zh' ? '：' : ': ';
  fillSummary($('error-list'), problems.map((p) => ({ target: $(p.field), message: `${t()[LABEL_OF[p.field]]}${sep}${p.message}` })));
  const summary = $('error-summary');
  summary.hidden = problems.length === 0;
  document.title = (problems.length ? t().errorPrefix : '') + baseTitle();
  if (problems.length && moveFocus) summary.focus();
}

function baseTitle() {
  return `${t().title} — canbao`;
}

function regionText(region) {
  if (!region) return null;
  const parts = [region.province, region.prefecture, region.county].filter(Boolean);
  return parts.join(lang === 'zh' ? '' : ' ') + (region.abolished ? t().abolished : '');
}

function describe(r) {
  const rows = [[t().kind, t().kinds[r.kind]], [t().birthDate, r.birthDate]];
  if (r.sex) rows.push([t().sex, t()[r.sex]]);
  rows.push([t().age, `${r.age}${t().ageUnit}`]);
  const region = regionText(r.region);
  if (region) rows.push([t().region, region]);
  return rows;
}

/** After a failed submit, a field's error goes as soon as its value is valid (no new error
 * appears while typing). */
function clearFixed() {
  if (!submitted || !shown.length) return;
  const { problems } = check();
  const still = shown.filter((p) => problems.some((q) => q.field === p.field));
  if (still.length !== shown.length) showErrors(still, false);
}

/** As a valid number is typed, show what it says (no error while typing). */
function showDerived() {
  const box = $('id-derived');
  const r = canbao.checkEnrollment({ idNumber: $('id-number').value }, { lang }).id;
  if (!r.ok) {
    box.replaceChildren();
    return;
  }
  const dl = document.createElement('dl');
  dl.id = 'id-derived-list';
  renderList(dl, describe(r));
  box.replaceChildren(dl);
}

// The people enrolled in this session: in this page only (nothing is stored), exported as
// the roster format; the page warns before it is closed with people not exported.
const records = []; // { no, form: { name, idNumber, phone, address }, time }
let editing = null; // the record being corrected, if any
let exportedCount = -1; // records.length when last exported (-1: never)
let changed = false;

function receipt(r) {
  const c = canbao.checkEnrollment(r.form, { lang });
  renderList($('confirmation-list'), [
    [t().nameLabel, r.form.name.trim()],
    [t().idLabel, c.id.normalized ?? r.form.idNumber],
    ...(c.id.ok ? describe(c.id) : []),
    [t().phoneLabel, c.phone.normalized ?? r.form.phone],
    [t().addressLabel, r.form.address.trim()],
  ]);
  $('receipt-meta').textContent = t().receiptMeta(r.no, r.time);
}

function onSubmit(event) {
  event.preventDefault();
  submitted = true;
  const { problems } = check();
  showErrors(problems, true);
  const done = $('confirmation');
  if (problems.length) {
    done.hidden = true;
    return;
  }
  const form = { name: $('name').value, idNumber: $('id-number').value, phone: $('phone').value, address: $('address').value };
  // The same person twice (the button pressed again, or registered earlier) is not a new record.
  const id = canbao.checkEnrollment(form, { lang }).id.normalized;
  const same = records.find((r) => r !== editing && canbao.checkEnrollment(r.form, { lang }).id.normalized === id);
  if (same) {
    // The receipt shown (if it is this person's) stays.
    showErrors([{ field: 'id-number', message: t().already(same.no) }], true);
    return;
  }
  const time = new Date().toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false });
  let r;
  if (editing) {
    r = editing;
    Object.assign(r, { form, time });
    editing = null;
  } else {
    r = { no: (records.at(-1)?.no ?? 0) + 1, form, time };
    records.push(r);
  }
  changed = true;
  receipt(r);
  renderSession();
  done.hidden = false;
  done.focus();
}

/** Clears the person's own fields for the next one; the address (the household) stays. */
function nextPerson() {
  for (const f of ['name', 'id-number', 'phone']) $(f).value = '';
  submitted = false;
  showErrors([], false);
  showDerived();
  $('confirmation').hidden = true;
  $('session-status').textContent = '';
  $('name').focus();
}

function renderSession() {
  $('session').hidden = records.length === 0;
  $('session-title').textContent = t().sessionTitle(records.length);
  const head = el('tr', {}, ...t().sessionCols.map((h) => el('th', { scope: 'col', textContent: h })));
  const rows = records.map((r) => {
    const c = canbao.checkEnrollment(r.form, { lang });
    const edit = el('button', { type: 'button', className: 'link-button', textContent: t().edit });
    edit.addEventListener('click', () => {
      editing = r;
      $('name').value = r.form.name;
      $('id-number').value = r.form.idNumber;
      $('phone').value = r.form.phone;
      $('address').value = r.form.address;
      showDerived();
      $('confirmation').hidden = true;
      $('session-status').textContent = t().editing(r.no);
      $('name').focus();
    });
    const remove = el('button', { type: 'button', className: 'link-button', textContent: t().remove });
    remove.addEventListener('click', () => {
      records.splice(records.indexOf(r), 1);
      if (editing === r) editing = null;
      changed = true;
      renderSession();
      $('session-status').textContent = t().removed(r.no);
    });
    return el('tr', {}, el('td', { textContent: String(r.no) }), el('td', { textContent: r.form.name.trim() }),
      el('td', { textContent: c.id.normalized ?? r.form.idNumber }), el('td', { textContent: c.phone.normalized ?? r.form.phone }),
      el('td', { textContent: r.form.address.trim() }), el('td', {}, edit, ' ', remove));
  });
  $('session-table').replaceChildren(el('thead', {}, head), el('tbody', {}, ...rows));
}

/** The list as CSV in the roster format, written by the roster module (loaded only now). */
async function exportList() {
  const roster = await import('./vendor/canbao/roster.js');
  const csv = roster.enrollmentCsv(records.map((r) => r.form), { lang });
  const a = el('a', { hidden: true });
  setDownload(a, csv, `${lang === 'zh' ? '参保登记名单' : 'enrollment'}-${new Date().toISOString().slice(0, 10)}.csv`);
  document.body.append(a);
  a.click();
  a.remove();
  changed = false;
  exportedCount = records.length;
  $('session-status').textContent = t().exported(exportedCount);
}

function applyLanguage() {
  applyTexts(lang, t());
  document.title = baseTitle();
  if (canbao) {
    if (records.length) renderSession();
    const shownReceipt = !$('confirmation').hidden && records.find((r) => $('receipt-meta').textContent.includes(String(r.no)));
    if (shownReceipt) receipt(shownReceipt);
    showDerived();
    if (submitted) {
      const { problems } = check();
      showErrors(problems, false);
    }
  }
}

async function main() {
  applyLanguage();
  onLanguageToggle(() => lang, (next) => {
    lang = next;
    applyLanguage();
  });
  const submit = $('submit');
  submit.disabled = true;
  try {
    canbao = await import('./vendor/canbao/index.js');
  } catch (e) {
    $('loading').dataset.i18n = 'loadFailed';
    $('loading').textContent = t().loadFailed;
    $('loading').setAttribute('role', 'alert');
    if (wasmMissing()) $('loading').textContent = NO_WASM[lang];
    console.error(e);
    return;
  }
  $('loading').hidden = true;
  submit.disabled = false;
  $('intake').addEventListener('submit', onSubmit);
  $('next').addEventListener('click', nextPerson);
  $('use-suggestion').addEventListener('click', () => {
    $('id-number').value = $('use-suggestion').dataset.value;
    showDerived();
    clearFixed();
    $('id-number').focus();
  });
  $('print').addEventListener('click', () => window.print());
  $('export').addEventListener('click', () => exportList().catch((e) => {
    console.error(e);
    $('session-status').textContent = t().loadFailed;
  }));
  window.addEventListener('beforeunload', (e) => {
    if (changed && records.length) {
      e.preventDefault();
      e.returnValue = t().unsaved;
    }
  });
  $('id-number').addEventListener('input', showDerived);
  for (const f of FIELDS) $(f).addEventListener('input', clearFixed);
  showDerived();
  document.body.dataset.ready = 'true';
}

main();

// Keep working offline once loaded (see sw.js). Not available on plain http from other hosts.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('./sw.js').catch((e) => console.warn('offline support unavailable', e));
}
