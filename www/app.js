// The enrollment (参保登记) intake form. Validation happens when the person submits (GOV.UK
// pattern): an error summary with links, a message beside each field, nothing typed is cleared.
// All checks run in this page through canbao's WebAssembly; nothing is sent anywhere.

import { NO_WASM, wasmMissing, initialLang, applyTexts, onLanguageToggle, clearField, markField, fillSummary, renderList } from './common.js';

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
    doneTitle: '信息已核验',
    doneNote: '以上信息只保存在本页面中。',
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
    doneTitle: 'Details checked',
    doneNote: 'These details stay in this page only.',
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
  const problems = c.problems.map((p) => ({ field: INPUT_OF[p.field], message: p.message }));
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

function onSubmit(event) {
  event.preventDefault();
  submitted = true;
  const { problems, values, id, phone } = check();
  showErrors(problems, true);
  const done = $('confirmation');
  if (problems.length) {
    done.hidden = true;
    return;
  }
  renderList($('confirmation-list'), [
    [t().nameLabel, values.name],
    [t().idLabel, id.normalized],
    ...describe(id),
    [t().phoneLabel, phone.normalized],
    [t().addressLabel, values.address],
  ]);
  done.hidden = false;
  done.focus();
}

function applyLanguage() {
  applyTexts(lang, t());
  document.title = baseTitle();
  if (canbao) {
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
