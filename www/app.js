// The enrollment (参保登记) intake desk: the fields of a 城乡居民基本医疗保险参保登记表, checked when
// the clerk submits (GOV.UK pattern: an error summary with links, a message beside each field,
// nothing typed is cleared), then registered: a receipt with what the person pays and when
// benefits start (from the chosen policy), the session's list, export in the roster format.
// Every check is the library's (checkEnrollment, enrollmentQuote); nothing is sent anywhere.

import { NO_WASM, wasmMissing, initialLang, applyTexts, onLanguageToggle, clearField, markField, fillSummary, renderList, setDownload, readTextFile, el, rememberPolicy, rememberedPolicy } from './common.js';
import { openVault, saveVault, clearVault, hasVault } from './vault.js';

const TEXT = {
  zh: {
    skip: '跳到主要内容',
    navHome: '首页',
    navIntake: '参保登记',
    navCalc: '计算器',
    navRoster: '台账核验',
    navMatch: '名单比对', navCampaign: '台账与进度',
    title: '城乡居民基本医疗保险参保登记',
    lead: '填写参保人信息。所有核验和计算都在本页面内完成，填写的信息不会发送到任何地方。',
    loading: '正在加载核验程序…',
    loadFailed: '核验程序加载失败，请刷新页面重试。',
    summaryTitle: '请修改以下问题',
    setupTitle: '政策与登记点',
    policyLabel: '参保政策',
    policyHint: '选本县的政策：应缴金额、资助身份、乡镇和村的列表都来自它。县里发的政策文件用下面的按钮载入。',
    policyFile: '载入本县政策文件（JSON）',
    policyNone: '— 未选政策（只核验，不计算金额）—',
    policyLoaded: (name) => `${name}（载入的文件）`,
    policySummary: (year, units) => `${year} 参保年度。${units ? `乡镇和村按政策文件中的 ${units} 个乡镇选择。` : '政策文件中没有乡镇和村的列表，请手工填写。'}`,
    policyPast: (year) => `这是 ${year} 参保年度的政策，该年度已经结束：今天登记的缴费不能按它计算金额和待遇，请选择本年度的政策。`,
    policyBad: '这个政策文件有问题，没有载入：',
    policyUnreadable: '读不出这个文件，请选县里发的 .json 政策文件。',
    personTitle: '参保人',
    docTypeLabel: '证件类型',
    nameLabel: '姓名',
    idLabel: '证件号码',
    idHint: '可以包含空格。出生日期和性别从号码读出，不用另填。',
    newbornHint: '没有身份证号码的新生儿：按出生医学证明填写，并登记一位监护人。',
    birthDateLabel: '出生日期',
    sexLabel: '性别',
    birthCertificateLabel: '出生医学证明编号',
    birthCertificateHint: '证明右上角的编号：1个字母加9位数字，例如 Q440012345。',
    guardianNameLabel: '监护人姓名',
    guardianIdLabel: '监护人证件号码',
    ethnicityLabel: '民族',
    phoneLabel: '联系电话（手机）',
    householdTitle: '户籍与家庭',
    hukouLabel: '户籍性质',
    townshipLabel: '乡镇（街道）',
    villageLabel: '村（社区）',
    addressLabel: '户籍地址（组、门牌）',
    addressHint: '填写户口簿上村以下的地址，例如：三组12号。',
    relationLabel: '与户主关系',
    relationHint: '一户人一起登记：先登记户主，再按“登记同户下一位”。',
    householderLabel: '户主姓名',
    enrollmentTitle: '参保信息',
    categoryLabel: '参保类别',
    groupsLabel: '人员类别（资助身份）',
    groupsHint: '只勾选部门已认定的身份；都不是就不勾（普通居民）。',
    groupsNone: '选了政策后，这里列出政策中的资助身份。',
    groupsNoneInPolicy: '所选政策没有列出资助身份（由本地规定）。',
    inPeriodLabel: '缴费时间',
    inPeriodHint: '所选政策没有规定集中缴费期：请按本地通知选择。在集中缴费期外缴费的，待遇开始要等待。',
    inPeriodYes: '在集中缴费期内',
    inPeriodNo: '在集中缴费期外',
    inPeriodNeeded: '请选择缴费时间：在集中缴费期内还是期外',
    lapsedInvalid: '应为 0 到 100 之间的整数（年）',
    inPeriodChosen: (inPeriod) => `${inPeriod ? '在集中缴费期内' : '在集中缴费期外'}（登记时选择）`,
    inPeriodMissing: '未选择：请修改这条登记，选择缴费时间后才能计算',
    afterYear: (y) => `待遇开始日期已在 ${y} 缴费年度之后：本年度缴费不能享受待遇，请向医保部门核实`,
    benefitWarning: '请注意',
    yearLabel: '缴费年度',
    choose: '— 请选择 —',
    submit: '核验并登记',
    doneTitle: '已登记',
    doneNote: '登记的信息只保存在本页面中，关闭页面前请导出名单。',
    doneNoteKept: '登记已加密保存在本机；也请按时导出名单。',
    receiptTitle: '城乡居民基本医疗保险参保登记回执',
    receiptNote: '本回执只证明已在本登记点核验并登记；是否参保以缴费到账为准。',
    receiptMeta: (n, time) => `登记序号：${n}　登记时间：${time}`,
    quoteTitle: '缴费与待遇',
    quoteWhy: '计算说明',
    payNow: '本人缴费',
    subsidy: '资助',
    subsidyBy: (amount, group) => `${amount} 元（${group}）`,
    refundLater: '缴费后申请退回的资助',
    fiscal: '财政补助',
    benefitStart: '待遇开始',
    benefitUnknown: '政策没有规定这种情况，请向医保部门咨询',
    yuan: (a) => `${a} 元`,
    noPolicy: '未选政策，没有计算金额。',
    assumption: '说明',
    assumedPeriod: '所选政策没有规定集中缴费期，待遇开始日期按登记时选择的缴费时间计算；请以本地通知为准。',
    quoteFailed: '无法计算金额：',
    next: '登记同户下一位',
    nextHousehold: '登记新的一户',
    print: '打印回执（A4 或 A5 纸）',
    sessionTitle: (n) => `本次已登记（${n} 人）`,
    sessionCols: ['序号', '姓名', '证件号码', '与户主关系', '村（社区）', '本人缴费', '操作'],
    edit: '修改',
    saveEdit: '保存修改',
    cancelEdit: '取消修改',
    editCancelled: (n) => `已取消修改第 ${n} 位。`,
    lapsedLabel: '断保年数',
    lapsedHint: '本次缴费前连续没有参保的年数；上年度参保了填 0。有断保的，待遇开始可能要等待。',
    saveFailed: '加密保存失败（浏览器存储已满或被禁止）：请马上导出名单。',
    remove: '删除',
    editing: (n) => `正在修改第 ${n} 位，改好后按“核验并登记”。`,
    removed: (n, who) => `已删除第 ${n} 位（${who}）。`,
    undo: '撤销删除',
    restored: (n, who) => `已恢复第 ${n} 位（${who}）。`,
    undoConflict: (n, m) => `不能恢复第 ${n} 位：此人已重新登记为第 ${m} 位。`,
    export: '导出名单（CSV，可在“台账核验”中读取）',
    exported: (n) => `已导出 ${n} 人。`,
    tokenTitle: '导出令牌文件（用于名单比对，不含身份证号码）',
    tokenSecretLabel: '本次比对的密钥',
    tokenSecretHint: '由组织比对的部门发给各登记点；同一密钥生成的令牌才能比对。',
    tokenExport: '生成并下载令牌文件',
    tokenSecretNeeded: '请输入比对密钥',
    tokensExported: (n) => `已生成 ${n} 人的令牌文件。`,
    unsaved: '还有未导出的登记，关闭页面会丢失。',
    already: (n) => `此人已登记（第 ${n} 位）；要更正那条登记，请按下面的“修改第 ${n} 位”`,
    editExisting: (n, who) => `修改第 ${n} 位（${who}）`,
    useSuggestion: (id) => `核对无误，改用 18 位号码 ${id}`,
    storageTitle: '保存在本机（可选）',
    storageLead: '默认不保存：关闭页面，登记就没有了。要在这台电脑上保留，请设一个口令，登记会加密后保存在本浏览器中；没有口令谁也打不开。',
    passphraseLabel: '口令（至少 8 位）',
    passphraseShort: '口令至少要 8 位',
    passphraseWrong: '口令不对，打不开已保存的登记',
    keep: '加密保存在本机',
    unlock: '打开已保存的登记',
    clearAll: '清除本机保存的全部登记',
    clearConfirm: '确定清除本机保存的全部登记吗？清除后不能恢复。',
    kept: (n) => `已加密保存 ${n} 人；之后每次登记都会自动保存。`,
    stored: '这台电脑上有加密保存的登记。输入口令后按“打开已保存的登记”。',
    opened: (n, dup) => `已打开保存的 ${n} 人${dup ? `；另有 ${dup} 人本页已登记，以本页为准` : ''}。`,
    cleared: '本机保存的登记已全部清除。',
    storageUnavailable: '此浏览器不能加密保存（需要 https 或本机地址）。',
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
    kind: '证件',
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
    lead: 'Enter the insured person’s details. Every check and calculation runs in this page; nothing you type is sent anywhere.',
    loading: 'Loading the checker…',
    loadFailed: 'The checker could not be loaded. Reload the page and try again.',
    summaryTitle: 'There is a problem',
    setupTitle: 'Policy and desk',
    policyLabel: 'Policy',
    policyHint: 'Choose the county’s policy: the amounts, the assistance groups and the lists of townships and villages come from it. Load the policy file the county sent with the button below.',
    policyFile: 'Load the county’s policy file (JSON)',
    policyNone: '— No policy (check only, no amounts) —',
    policyLoaded: (name) => `${name} (loaded file)`,
    policySummary: (year, units) => `Coverage year ${year}. ${units ? `Townships and villages from the policy file (${units} townships).` : 'The policy file lists no townships or villages: type them.'}`,
    policyPast: (year) => `This policy is for coverage year ${year}, which has ended: payments registered today cannot be priced or dated by it; choose this year's policy.`,
    policyBad: 'This policy file has problems and was not loaded:',
    policyUnreadable: 'This file cannot be read: choose the .json policy file from the county.',
    personTitle: 'The insured person',
    docTypeLabel: 'Document type',
    nameLabel: 'Full name',
    idLabel: 'Identity number',
    idHint: 'Spaces are fine. The date of birth and sex are read from the number.',
    newbornHint: 'A newborn without an identity number: enter the birth certificate and one guardian.',
    birthDateLabel: 'Date of birth',
    sexLabel: 'Sex',
    birthCertificateLabel: 'Birth certificate number',
    birthCertificateHint: 'Top right of the certificate: one letter and nine digits, e.g. Q440012345.',
    guardianNameLabel: 'Guardian’s name',
    guardianIdLabel: 'Guardian’s identity number',
    ethnicityLabel: 'Ethnic group',
    phoneLabel: 'Mobile number',
    householdTitle: 'Household',
    hukouLabel: 'Type of household registration',
    townshipLabel: 'Township',
    villageLabel: 'Village or community',
    addressLabel: 'Address (group, house number)',
    addressHint: 'The address below the village, as on the household register, e.g. group 3, no. 12.',
    relationLabel: 'Relation to the householder',
    relationHint: 'Register a household together: the householder first, then “Next member of this household”.',
    householderLabel: 'Householder’s name',
    enrollmentTitle: 'Enrollment',
    categoryLabel: 'Enrollment category',
    groupsLabel: 'Assistance groups',
    groupsHint: 'Tick only groups a department has confirmed; none for an ordinary resident.',
    groupsNone: 'Once a policy is chosen, its assistance groups are listed here.',
    groupsNoneInPolicy: 'The chosen policy lists no assistance groups (they are set locally).',
    inPeriodLabel: 'When paid',
    inPeriodHint: 'The chosen policy sets no collection period: choose as the local notice says. Paid outside it, benefits start after a wait.',
    inPeriodYes: 'Inside the collection period',
    inPeriodNo: 'Outside the collection period',
    inPeriodNeeded: 'Choose when it is paid: inside or outside the collection period',
    lapsedInvalid: 'a whole number of years from 0 to 100',
    inPeriodChosen: (inPeriod) => `${inPeriod ? 'Inside the collection period' : 'Outside the collection period'} (chosen at registration)`,
    inPeriodMissing: 'Not chosen: edit this registration and choose when it is paid to work it out',
    afterYear: (y) => `Benefits would start after coverage year ${y}: this payment brings no benefits this year; check with the medical-insurance bureau`,
    benefitWarning: 'Please note',
    yearLabel: 'Year paid for',
    choose: '— Choose —',
    submit: 'Check and enroll',
    doneTitle: 'Enrolled',
    doneNote: 'The people enrolled stay in this page only: export the list before closing it.',
    doneNoteKept: 'The registrations are kept on this computer, encrypted; export the list regularly too.',
    receiptTitle: 'Urban and rural resident medical insurance: enrollment receipt',
    receiptNote: 'This receipt shows only that the person was checked and registered at this desk; enrollment takes effect when the contribution is paid.',
    receiptMeta: (n, time) => `Registration no. ${n}, ${time}`,
    quoteTitle: 'Contribution and benefits',
    quoteWhy: 'How this was worked out',
    payNow: 'The person pays',
    subsidy: 'Subsidy',
    subsidyBy: (amount, group) => `${amount} yuan (${group})`,
    refundLater: 'Subsidy refunded after payment',
    fiscal: 'Fiscal subsidy',
    benefitStart: 'Benefits start',
    benefitUnknown: 'The policy states no rule for this case: ask the medical-insurance bureau',
    yuan: (a) => `${a} yuan`,
    noPolicy: 'No policy chosen: no amounts.',
    assumption: 'Note',
    assumedPeriod: 'The chosen policy sets no collection period: the benefit start follows when it was paid, as chosen at registration; the local notice decides.',
    quoteFailed: 'The amounts could not be worked out: ',
    next: 'Next member of this household',
    nextHousehold: 'A new household',
    print: 'Print the receipt (A4 or A5)',
    sessionTitle: (n) => `Enrolled in this session (${n})`,
    sessionCols: ['No.', 'Name', 'Identity number', 'Relation', 'Village', 'Pays', ''],
    edit: 'Edit',
    saveEdit: 'Save the correction',
    cancelEdit: 'Cancel the correction',
    editCancelled: (n) => `Correction of no. ${n} cancelled.`,
    lapsedLabel: 'Years not insured',
    lapsedHint: 'Consecutive years without insurance just before this payment; 0 if insured last year. After a lapse, benefits may start after a wait.',
    saveFailed: 'Saving encrypted failed (the browser’s storage is full or blocked): export the list now.',
    remove: 'Delete',
    editing: (n) => `Editing no. ${n}: correct it and press “Check and enroll”.`,
    removed: (n, who) => `No. ${n} (${who}) deleted.`,
    undo: 'Undo the deletion',
    restored: (n, who) => `No. ${n} (${who}) restored.`,
    undoConflict: (n, m) => `No. ${n} cannot be restored: this person has been registered again as no. ${m}.`,
    export: 'Export the list (CSV, readable by the roster check)',
    exported: (n) => `${n} people exported.`,
    tokenTitle: 'Export a token file (for roster matching, without identity numbers)',
    tokenSecretLabel: 'The matching key',
    tokenSecretHint: 'Sent to every desk by the department that runs the matching; only tokens made with the same key match.',
    tokenExport: 'Make and download the token file',
    tokenSecretNeeded: 'Enter the matching key',
    tokensExported: (n) => `Token file made for ${n} people.`,
    unsaved: 'Some people enrolled here have not been exported: closing the page loses them.',
    already: (n) => `This person is already enrolled (no. ${n}); to correct that registration, press “Edit no. ${n}” below`,
    editExisting: (n, who) => `Edit no. ${n} (${who})`,
    useSuggestion: (id) => `Checked against the card: use the 18-digit number ${id}`,
    storageTitle: 'Keep on this computer (optional)',
    storageLead: 'Nothing is kept by default: close the page and the registrations are gone. To keep them on this computer, set a passphrase: they are stored encrypted in this browser, and nobody can open them without it.',
    passphraseLabel: 'Passphrase (at least 8 characters)',
    passphraseShort: 'The passphrase needs at least 8 characters',
    passphraseWrong: 'Wrong passphrase: the saved registrations cannot be opened',
    keep: 'Keep encrypted on this computer',
    unlock: 'Open the saved registrations',
    clearAll: 'Delete everything saved on this computer',
    clearConfirm: 'Delete all registrations saved on this computer? This cannot be undone.',
    kept: (n) => `${n} people saved, encrypted; each new registration is saved too.`,
    stored: 'Registrations are saved, encrypted, on this computer. Enter the passphrase and press “Open the saved registrations”.',
    opened: (n, dup) => `${n} saved people opened${dup ? `; ${dup} more were registered in this page too, and this page’s records are kept` : ''}.`,
    cleared: 'Everything saved on this computer has been deleted.',
    storageUnavailable: 'This browser cannot store encrypted data here (it needs https or a local address).',
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
let codes = null; // enrollment-codes.json: the form's code lists, in both languages
let calc = null; // canbao/calc, loaded with the policy list
let policy = null; // { text, value } of the chosen policy
let loadedPolicy = null; // a policy file loaded this session: { text, value }
let submitted = false;
const $ = (id) => document.getElementById(id);
const t = () => TEXT[lang];
const name = (c) => (lang === 'zh' ? c.zh : c.en);
const localText = (x) => (x ? x[lang] ?? x.zh : '');

// The form's fields (the library's names) and their inputs.
const INPUT_OF = {
  docType: 'doc-type', name: 'name', idNumber: 'id-number', birthDate: 'birth-date', sex: 'sex',
  birthCertificate: 'birth-certificate', guardianName: 'guardian-name', guardianId: 'guardian-id',
  ethnicity: 'ethnicity', phone: 'phone', hukou: 'hukou', township: 'township', village: 'village',
  address: 'address', relation: 'relation', householder: 'householder', category: 'category', year: 'year',
};
// 缴费时间 is the desk's own field (asked under a policy without collection periods), not the form's.
const FIELD_OF = { ...Object.fromEntries(Object.entries(INPUT_OF).map(([f, id]) => [id, f])), 'in-period': 'inPeriod', lapsed: 'lapsed' };
const LABEL_OF = {
  docType: 'docTypeLabel', name: 'nameLabel', idNumber: 'idLabel', birthDate: 'birthDateLabel', sex: 'sexLabel',
  birthCertificate: 'birthCertificateLabel', guardianName: 'guardianNameLabel', guardianId: 'guardianIdLabel',
  ethnicity: 'ethnicityLabel', phone: 'phoneLabel', hukou: 'hukouLabel', township: 'townshipLabel',
  village: 'villageLabel', address: 'addressLabel', relation: 'relationLabel', householder: 'householderLabel',
  category: 'categoryLabel', year: 'yearLabel', inPeriod: 'inPeriodLabel', lapsed: 'lapsedLabel',
};
const NEWBORN_FIELDS = ['birthDate', 'sex', 'birthCertificate', 'guardianName', 'guardianId'];

const newborn = () => $('doc-type').value === 'newborn';
/** Whether the desk asks when the payment is made: the policy sets no collection period (the
 * national ones), so the benefit start depends on what the clerk chooses, never on a default. */
const asksPeriod = (p = policy?.value) => Boolean(p?.resident) && !p.resident.collection?.periods?.length;
const isHouseholder = () => ['01', '02'].includes($('relation').value);

/** The form as typed: the newborn's fields only for a newborn without a number; the groups
 * ticked (priced by the quote and the export, not judged by the check). */
function formValues() {
  const f = {};
  for (const [field, id] of Object.entries(INPUT_OF)) {
    if (NEWBORN_FIELDS.includes(field) && !newborn()) continue;
    if (field === 'householder' && isHouseholder()) continue;
    f[field] = $(id).value;
  }
  if (newborn()) f.idNumber = '';
  f.groups = [...document.querySelectorAll('#groups input:checked')].map((c) => c.value);
  return f;
}

function check(form = formValues()) {
  const c = canbao.checkEnrollment(form, { lang });
  const problems = c.problems.map((p) => ({ field: INPUT_OF[p.field], name: p.field, message: p.message, suggestion: p.suggestion }));
  if (asksPeriod() && !$('in-period').value) problems.push({ field: 'in-period', name: 'inPeriod', message: t().inPeriodNeeded });
  // Whole years, as the calculations take them (lapsedYears: 0 to 100); never changed silently.
  const lapsed = $('lapsed').value.trim();
  if ($('lapsed').validity.badInput || (lapsed !== '' && !(/^\d{1,3}$/.test(lapsed) && Number(lapsed) <= 100))) problems.push({ field: 'lapsed', name: 'lapsed', message: t().lapsedInvalid });
  return { problems, check: c };
}

function clearErrors() {
  for (const id of [...Object.values(INPUT_OF), 'in-period', 'lapsed']) clearField(id);
  for (const offer of document.querySelectorAll('.edit-existing')) offer.remove();
}

let shown = []; // the problems on screen since the last submit

function showErrors(problems, moveFocus) {
  clearErrors();
  // In the page's order (the summary reads top to bottom, as the form does).
  problems = [...problems].sort((a, b) => ($(a.field).compareDocumentPosition($(b.field)) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  shown = problems;
  // A legacy 15-digit number: its 18-digit form offered, used only when the clerk confirms.
  const offer = problems.find((p) => p.field === 'id-number' && p.suggestion);
  $('id-suggestion').hidden = !offer;
  if (offer) {
    $('use-suggestion').textContent = t().useSuggestion(offer.suggestion);
    $('use-suggestion').dataset.value = offer.suggestion;
  }
  for (const p of problems) {
    markField(p.field, p.message);
    // The person registered already: their registration opened for correction from here.
    if (p.existing) {
      const button = el('button', { type: 'button', className: 'button secondary', textContent: t().editExisting(p.existing.no, p.existing.form.name.trim()) });
      button.addEventListener('click', () => { if (records.includes(p.existing)) startEdit(p.existing); });
      $(`${p.field}-error`).after(el('p', { className: 'edit-existing' }, button));
    }
  }
  // The summary names the field: two fields may have the same kind of problem.
  const sep = lang === 'zh' ? '：' : ': ';
  fillSummary($('error-list'), problems.map((p) => ({ target: $(p.field), message: `${t()[LABEL_OF[FIELD_OF[p.field]]]}${sep}${p.message}` })));
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
  if (newborn() || !r.ok) {
    box.replaceChildren();
    return;
  }
  const dl = document.createElement('dl');
  dl.id = 'id-derived-list';
  renderList(dl, describe(r));
  box.replaceChildren(dl);
}

// ---- the code lists and the policy's lists ----------------------------------------------------

function fillSelect(select, entries, { blank = true } = {}) {
  const value = select.value;
  select.replaceChildren(
    ...(blank ? [el('option', { value: '', textContent: t().choose })] : []),
    ...entries.map(([v, label]) => el('option', { value: v, textContent: label })),
  );
  if ([...select.options].some((o) => o.value === value)) select.value = value;
}

function renderCodeLists() {
  if (!codes) return;
  fillSelect($('doc-type'), codes.docTypes.map((c) => [c.code, name(c)]), { blank: false });
  fillSelect($('ethnicity'), codes.ethnicGroups.map((c) => [c.code, `${c.code} ${name(c)}`]));
  fillSelect($('hukou'), codes.hukou.map((c) => [c.code, name(c)]));
  fillSelect($('relation'), codes.relations.map((c) => [c.code, `${c.code} ${name(c)}`]));
  fillSelect($('category'), codes.categories.map((c) => [c.code, name(c)]));
  fillSelect($('sex'), [['male', t().male], ['female', t().female]]);
}

/** A select from the policy's unit list, or a text input where the policy has none. */
function unitInput(id, options) {
  const old = $(id);
  const value = old.value;
  let next;
  if (options) {
    next = old.tagName === 'SELECT' ? old : el('select', { id, name: old.name });
    fillSelect(next, options.map((o) => [o, o]));
    next.value = options.includes(value) ? value : '';
  } else {
    next = old.tagName === 'INPUT' ? old : el('input', { id, name: old.name, type: 'text', autocomplete: 'off', value });
  }
  if (next !== old) {
    next.className = old.className;
    for (const a of ['aria-describedby', 'aria-invalid']) if (old.hasAttribute(a)) next.setAttribute(a, old.getAttribute(a));
    old.replaceWith(next);
    next.addEventListener('input', clearFixed);
    next.addEventListener('change', clearFixed);
    if (id === 'township') next.addEventListener('change', renderVillages);
  }
}

function renderVillages() {
  const units = policy?.value.units;
  const unit = units?.find((u) => u.township === $('township').value);
  unitInput('village', units ? unit?.villages ?? [] : null);
}

function renderPolicyLists() {
  const p = policy?.value;
  unitInput('township', p?.units?.length ? p.units.map((u) => u.township) : null);
  renderVillages();
  const groups = p?.resident?.groups ?? [];
  const ticked = new Set([...document.querySelectorAll('#groups input:checked')].map((c) => c.value));
  $('groups').replaceChildren(...(groups.length
    ? groups.map((g) => el('label', {}, el('input', { type: 'checkbox', value: g.id, checked: ticked.has(g.id) }), localText(g.name)))
    : [el('p', { className: 'hint', textContent: p ? t().groupsNoneInPolicy : t().groupsNone })]));
  // A policy without collection periods (the national ones): the desk says when it was paid.
  $('field-in-period').hidden = !asksPeriod(p);
  const year = new Date().getFullYear();
  const years = p ? [p.coverageYear] : [year, year + 1];
  fillSelect($('year'), years.map((y) => [String(y), String(y)]), { blank: !p });
  if (p) $('year').value = String(p.coverageYear);
  $('policy-summary').textContent = p
    ? `${t().policySummary(p.coverageYear, p.units?.length ?? 0)}${p.coverageYear < Number(today().slice(0, 4)) ? ` ${t().policyPast(p.coverageYear)}` : ''}`
    : '';
}

function renderPolicyChoice() {
  const select = $('policy');
  const value = select.value || (policy ? policy.value.id : '');
  const presets = calc ? calc.presetPolicies().filter((p) => p.resident) : [];
  select.replaceChildren(
    el('option', { value: '', textContent: t().policyNone }),
    ...(loadedPolicy ? [el('option', { value: 'file', textContent: t().policyLoaded(localText(loadedPolicy.value.name)) })] : []),
    ...presets.map((p) => el('option', { value: p.id, textContent: localText(p.name) })),
  );
  select.value = policy === loadedPolicy && loadedPolicy ? 'file' : value;
}

function choosePolicy(value) {
  if (value === 'file') policy = loadedPolicy;
  else if (value && calc) {
    const preset = calc.presetPolicies().find((p) => p.id === value);
    policy = preset ? { text: JSON.stringify(preset), value: calc.loadPolicy(preset) } : null;
  } else policy = null;
  rememberPolicy(policy ? policy.text : null); // the other pages open on it too
  renderPolicyLists();
}

async function loadPolicyFile(file) {
  clearField('policy');
  $('policy-problems').replaceChildren();
  let text;
  try {
    text = await readTextFile(file);
    const value = calc.loadPolicy(text, { lang });
    loadedPolicy = { text, value };
  } catch (e) {
    markField('policy', e?.code === 'invalid_policy' ? t().policyBad : t().policyUnreadable);
    if (e?.problems) $('policy-problems').replaceChildren(...e.problems.slice(0, 20).map((p) => el('li', { textContent: `${p.path || '—'}：${p.message}` })));
    return;
  }
  policy = loadedPolicy;
  renderPolicyChoice();
  choosePolicy('file');
}

// ---- registering -------------------------------------------------------------------------------

// The people enrolled in this session: in this page only unless the clerk keeps them
// (encrypted, see vault.js), exported as the roster format; the page warns before it is
// closed with people not exported.
// { no, form, time (shown), at (YYYY-MM-DDTHH:MM, local: when registered), date (YYYY-MM-DD: the
// payment date assumed), lapsed, inPeriod (only when the desk asked: the clerk's choice) }
let records = [];
let lastNo = 0; // the last registration number given (never given again, even after a deletion)
let editing = null; // the record being corrected, if any
let changed = false;
let vaultKey = null; // the key of the encrypted store, once the clerk chose to keep records
let undo = null; // the undo line: { message: () => text, offer: the last deletion { record, index } }

const pad = (n) => String(n).padStart(2, '0');
/** The local date and time, YYYY-MM-DDTHH:MM. */
const stamp = (d = new Date()) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
const today = () => stamp().slice(0, 10);

/** When a record was registered (YYYY-MM-DDTHH:MM); for a record kept before this was
 * stored, its date with the time read from the time shown, else undefined. */
function registeredAt(r) {
  if (r.at) return r.at;
  const hm = /(\d{1,2}):(\d{2})/.exec(r.time ?? '');
  return r.date && hm ? `${r.date}T${pad(hm[1])}:${hm[2]}` : undefined;
}

/** What the person pays and when benefits start, by the chosen policy, paid on the day of
 * registration, after `lapsed` years not insured; `inPeriod`: paid inside the collection period,
 * as the clerk chose (for a policy that sets none; never assumed: without it, `needsPeriod`). */
function quote(form, birthDate, date = today(), lapsed = 0, inPeriod = undefined) {
  if (!policy || !calc) return { none: true };
  if (asksPeriod() && typeof inPeriod !== 'boolean') return { needsPeriod: true };
  try {
    return calc.enrollmentQuote(policy.text, {
      category: form.category || undefined,
      groups: form.groups,
      birthDate: birthDate ?? undefined,
      paymentDate: date,
      lapsedYears: lapsed,
      inCollectionPeriod: asksPeriod() ? inPeriod : undefined,
    }, { lang });
  } catch (e) {
    // The problems in words, without the input's field names.
    return { error: e?.problems?.length ? e.problems.map((p) => p.message).join(lang === 'zh' ? '；' : '; ') : (e?.message ?? String(e)) };
  }
}

const codeName = (list, code) => {
  const c = codes?.[list].find((x) => x.code === code);
  return c ? name(c) : code;
};

function receipt(r) {
  const c = canbao.checkEnrollment(r.form, { lang });
  const f = r.form;
  const rows = [
    [t().docTypeLabel, codeName('docTypes', f.docType)],
    [t().nameLabel, f.name.trim()],
  ];
  if (f.docType === 'newborn') {
    rows.push([t().birthDateLabel, f.birthDate], [t().sexLabel, t()[f.sex] ?? ''],
      [t().birthCertificateLabel, f.birthCertificate.trim().toUpperCase(), 'nobreak'],
      [t().guardianNameLabel, f.guardianName.trim()], [t().guardianIdLabel, c.id.normalized ?? f.guardianId, 'nobreak']);
  } else {
    rows.push([t().idLabel, c.id.normalized ?? f.idNumber, 'nobreak'], ...(c.id.ok ? describe(c.id).slice(1) : []));
  }
  rows.push(
    [t().ethnicityLabel, codeName('ethnicGroups', f.ethnicity)],
    [t().phoneLabel, c.phone.normalized ?? f.phone, 'nobreak'],
    [t().hukouLabel, codeName('hukou', f.hukou)],
    [t().addressLabel, [f.township, f.village, f.address.trim()].filter(Boolean).join(' ')],
    [t().relationLabel, codeName('relations', f.relation)],
  );
  if (f.householder) rows.push([t().householderLabel, f.householder.trim()]);
  rows.push([t().categoryLabel, codeName('categories', f.category)], [t().yearLabel, f.year]);
  if (r.lapsed > 0) rows.push([t().lapsedLabel, String(r.lapsed)]);
  const groupNames = f.groups.map((g) => localText(policy?.value.resident?.groups?.find((x) => x.id === g)?.name) || g);
  if (groupNames.length) rows.push([t().groupsLabel, groupNames.join(lang === 'zh' ? '、' : ', ')]);
  renderList($('confirmation-list'), rows);

  const q = quote(f, c.birthDate, r.date, r.lapsed, r.inPeriod);
  const money = [];
  const trace = [];
  if (q.none) money.push([t().quoteTitle, t().noPolicy]);
  else if (q.needsPeriod) money.push([t().inPeriodLabel, t().inPeriodMissing]);
  else if (q.error) money.push([t().quoteTitle, t().quoteFailed + q.error]);
  else {
    const k = q.contribution;
    money.push([t().payNow, t().yuan(k.payNow)]);
    const group = k.appliedGroup && localText(policy.value.resident.groups.find((g) => g.id === k.appliedGroup)?.name);
    money.push([t().subsidy, group ? t().subsidyBy(k.subsidy, group) : t().yuan(k.subsidy)]);
    if (k.refundLater !== '0.00') money.push([t().refundLater, t().yuan(k.refundLater)]);
    money.push([t().fiscal, t().yuan(k.fiscal)]);
    if (asksPeriod()) money.push([t().inPeriodLabel, t().inPeriodChosen(r.inPeriod)]);
    money.push([t().benefitStart, q.benefit.benefitStart ?? t().benefitUnknown]);
    if (q.benefit.benefitStart && !q.benefit.withinCoverageYear) money.push([t().benefitWarning, t().afterYear(f.year)]);
    if (asksPeriod()) money.push([t().assumption, t().assumedPeriod]);
    trace.push(...k.trace, ...q.benefit.trace);
  }
  renderList($('quote-list'), money);
  $('quote-trace').replaceChildren(...trace.map((s) => el('li', { textContent: s.message })));
  $('quote-details').hidden = trace.length === 0;
  $('receipt-meta').textContent = t().receiptMeta(r.no, r.time);
  $('done-note').textContent = vaultKey ? t().doneNoteKept : t().doneNote;
  $('confirmation').dataset.no = String(r.no);
}

/** Who the person is, for refusing the same person twice: the standard number, or a
 * newborn's birth certificate. */
function personKey(form) {
  if (form.docType === 'newborn') return `cert:${form.birthCertificate.trim().toUpperCase()}`;
  return canbao.checkEnrollment({ idNumber: form.idNumber }, { lang }).id.normalized;
}

function onSubmit(event) {
  event.preventDefault();
  submitted = true;
  const form = formValues();
  const { problems } = check(form);
  showErrors(problems, true);
  const done = $('confirmation');
  if (problems.length) {
    done.hidden = true;
    return;
  }
  // The same person twice (the button pressed again, or registered earlier) is not a new record.
  const key = personKey(form);
  const same = records.find((r) => r !== editing && personKey(r.form) === key);
  if (same) {
    showErrors([{ field: newborn() ? 'birth-certificate' : 'id-number', message: t().already(same.no), existing: same }], true);
    return;
  }
  const now = new Date();
  const time = now.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false });
  const lapsed = Number($('lapsed').value.trim() || 0); // checked: a whole number, 0 to 100
  // Only where it was asked (and then chosen: check() refuses the form without it).
  const inPeriod = asksPeriod() ? $('in-period').value === 'yes' : undefined;
  let r;
  if (editing) {
    r = editing;
    const before = r.form;
    Object.assign(r, { form, time, lapsed, inPeriod });
    // The householder renamed: the members registered with the old name follow.
    const old = before.name.trim();
    if (['01', '02'].includes(before.relation) && old !== form.name.trim()) {
      for (const m of records) {
        const f = m.form;
        if (m !== r && f.householder?.trim() === old && f.village === before.village && f.address.trim() === before.address.trim()) f.householder = form.name.trim();
      }
    }
    stopEditing();
  } else {
    lastNo = Math.max(lastNo, ...records.map((x) => x.no)) + 1;
    const at = stamp(now);
    r = { no: lastNo, form, time, at, date: at.slice(0, 10), lapsed, inPeriod };
    records.push(r);
  }
  recordsChanged();
  receipt(r);
  renderSession();
  done.hidden = false;
  done.focus();
}

const PERSON_INPUTS = ['name', 'id-number', 'phone', 'birth-date', 'birth-certificate', 'guardian-name', 'guardian-id', 'ethnicity'];

/** Clears the person for the next one. In the same household the household stays (address,
 * township, village, registration type, householder); a new household keeps the township and
 * village only. */
function nextPerson(sameHousehold) {
  stopEditing();
  const last = records.find((r) => String(r.no) === $('confirmation').dataset.no)?.form;
  for (const id of PERSON_INPUTS) $(id).value = '';
  $('sex').value = '';
  $('doc-type').value = 'resident';
  $('category').value = '';
  $('lapsed').value = '0';
  $('in-period').value = ''; // asked again for each person
  for (const c of document.querySelectorAll('#groups input')) c.checked = false;
  if (sameHousehold && last) {
    $('householder').value = ['01', '02'].includes(last.relation) ? last.name.trim() : (last.householder ?? '');
    $('relation').value = '';
  } else {
    for (const id of ['address', 'householder']) $(id).value = '';
    $('hukou').value = '';
    $('relation').value = '02';
  }
  onDocType();
  onRelation();
  submitted = false;
  showErrors([], false);
  showDerived();
  $('confirmation').hidden = true;
  $('session-status').textContent = '';
  $('doc-type').focus();
}

function renderSession() {
  // Kept in view while a deletion can be undone, even of the last person.
  $('session').hidden = records.length === 0 && !undo?.offer;
  $('session-body').hidden = records.length === 0;
  $('session-title').textContent = t().sessionTitle(records.length);
  renderUndo();
  const head = el('tr', {}, ...t().sessionCols.map((h) => el('th', { scope: 'col', textContent: h })));
  const rows = records.map((r) => {
    const f = r.form;
    const c = canbao.checkEnrollment(f, { lang });
    const q = quote(f, c.birthDate, r.date, r.lapsed, r.inPeriod);
    const who = `${r.no} ${f.name.trim()}`;
    const edit = el('button', { type: 'button', className: 'link-button', textContent: t().edit, ariaLabel: `${t().edit} ${who}` });
    edit.addEventListener('click', () => startEdit(r));
    const remove = el('button', { type: 'button', className: 'link-button', textContent: t().remove, ariaLabel: `${t().remove} ${who}` });
    remove.addEventListener('click', () => removeRecord(r));
    const number = f.docType === 'newborn' ? f.birthCertificate.trim().toUpperCase() : c.id.normalized ?? f.idNumber;
    const tr = el('tr', {}, el('td', { textContent: String(r.no) }), el('td', { textContent: f.name.trim() }),
      el('td', { textContent: number }), el('td', { textContent: codeName('relations', f.relation) }),
      el('td', { textContent: f.village }), el('td', { textContent: q.contribution ? q.contribution.payNow : '' }),
      el('td', {}, edit, ' ', remove));
    tr.dataset.no = String(r.no);
    return tr;
  });
  $('session-table').replaceChildren(el('thead', {}, head), el('tbody', {}, ...rows));
}

/** The undo line under the list's heading: what was deleted or restored, and while the last
 * deletion can be undone, the button that does it. */
function renderUndo() {
  const line = $('undo-line');
  if (!undo) return line.replaceChildren();
  const parts = [el('span', { textContent: undo.message() })];
  if (undo.offer) {
    const button = el('button', { type: 'button', id: 'undo', className: 'button secondary', textContent: t().undo });
    button.addEventListener('click', undoRemove);
    parts.push(' ', button);
  }
  line.replaceChildren(...parts);
}

/** Focus on a row's 修改 button (the record's), else on the list's heading. */
function focusRow(r) {
  const button = r && $('session-table').querySelector(`tr[data-no="${r.no}"] button`);
  (button ?? $('session-title')).focus();
}

/** Deletes a record at once, the deletion offered to undo (the record back in its place, with
 * its number); focus moves to the next row's 修改 (else the previous row's, else the heading). */
function removeRecord(r) {
  const index = records.indexOf(r);
  if (index < 0) return;
  const neighbour = records[index + 1] ?? records[index - 1] ?? null;
  records.splice(index, 1);
  if (editing === r) stopEditing();
  // Its receipt is no longer shown (nor printed) as a registration.
  if ($('confirmation').dataset.no === String(r.no)) $('confirmation').hidden = true;
  const who = r.form.name.trim();
  undo = { message: () => t().removed(r.no, who), offer: { record: r, index } };
  recordsChanged();
  renderSession();
  focusRow(neighbour);
}

function undoRemove() {
  if (!undo?.offer) return;
  const { record: r, index } = undo.offer;
  const who = r.form.name.trim();
  // Registered again since: the deletion stays (the same person is not listed twice).
  const key = personKey(r.form);
  const again = records.find((x) => personKey(x.form) === key);
  if (again) {
    undo = { message: () => t().undoConflict(r.no, again.no) };
    renderSession();
    focusRow(again);
    return;
  }
  records.splice(Math.min(index, records.length), 0, r);
  undo = { message: () => t().restored(r.no, who) };
  recordsChanged();
  renderSession();
  focusRow(r);
}

/** Leaves editing: the submit button registers again. */
function stopEditing() {
  editing = null;
  $('submit').textContent = t().submit;
  $('cancel-edit').hidden = true;
}

function startEdit(r) {
  editing = r;
  submitted = false;
  showErrors([], false); // the problems of what was typed before are not the record's
  $('submit').textContent = t().saveEdit;
  $('cancel-edit').hidden = false;
  $('lapsed').value = String(r.lapsed ?? 0);
  $('in-period').value = typeof r.inPeriod === 'boolean' ? (r.inPeriod ? 'yes' : 'no') : '';
  const f = r.form;
  $('doc-type').value = f.docType;
  onDocType();
  for (const [field, id] of Object.entries(INPUT_OF)) {
    if (field === 'township' || field === 'village') continue;
    $(id).value = f[field] ?? '';
  }
  $('township').value = f.township;
  renderVillages();
  $('village').value = f.village;
  onRelation();
  for (const c of document.querySelectorAll('#groups input')) c.checked = f.groups.includes(c.value);
  showDerived();
  $('confirmation').hidden = true;
  $('session-status').textContent = t().editing(r.no);
  $('name').focus();
}

let categoryForNewborn = false; // the category was set to newborn by choosing that document type

function onDocType() {
  const nb = newborn();
  $('newborn-block').hidden = !nb;
  $('field-id').hidden = nb;
  if (nb && $('category').value !== 'newborn') {
    $('category').value = 'newborn';
    categoryForNewborn = true;
  } else if (!nb && categoryForNewborn) {
    $('category').value = '';
    categoryForNewborn = false;
  }
  showDerived();
}

function onRelation() {
  $('field-householder').hidden = isHouseholder();
}

/** The list as CSV in the roster format, written by the roster module (loaded only now),
 * priced by the chosen policy. */
async function exportList() {
  const roster = await import('./vendor/canbao/roster.js');
  // 缴费时间 only where it was the clerk's choice (the policy sets no collection period).
  const list = records.map((r) => ({
    ...r.form,
    no: r.no,
    registeredOn: r.date,
    registeredAt: registeredAt(r),
    lapsedYears: r.lapsed ?? 0,
    ...(asksPeriod() && typeof r.inPeriod === 'boolean' ? { inCollectionPeriod: r.inPeriod } : {}),
  }));
  const csv = roster.enrollmentCsv(list, { lang, ...(policy ? { policy: policy.text } : {}) });
  download(csv, `${lang === 'zh' ? '参保登记名单' : 'enrollment'}-${today()}.csv`);
  changed = false;
  $('session-status').textContent = t().exported(records.length);
}

/** The people as a token file (keyed tokens of the identity number and name, by registration
 * number). A newborn without a number has only a name token (the guardian's number is not the
 * baby's); the tokenizer notes the missing number on that row. */
async function exportTokens() {
  const secret = $('token-secret').value;
  clearField('token-secret');
  if (!secret) {
    markField('token-secret', t().tokenSecretNeeded);
    $('token-secret').focus();
    return;
  }
  const tokens = await import('./vendor/canbao/tokens.js');
  const rows = records.map((r) => ({ id: r.form.docType === 'newborn' ? '' : r.form.idNumber, name: r.form.name }));
  let result;
  try {
    result = tokens.tokenize(secret.trim(), 'hmac-sha256', ['id', 'name'], rows, { lang, refs: records.map((r) => String(r.no)) });
  } catch (e) {
    if (!String(e?.code ?? '').startsWith('secret')) throw e;
    markField('token-secret', e.message);
    $('token-secret').focus();
    return;
  }
  download(tokens.writeTokenFile(result, 'csv'), `${lang === 'zh' ? '参保登记令牌' : 'enrollment-tokens'}-${today()}.csv`);
  $('session-status').textContent = t().tokensExported(result.rows.length);
}

function download(text, filename) {
  const a = el('a', { hidden: true });
  setDownload(a, text, filename);
  document.body.append(a);
  a.click();
  a.remove();
}

// ---- keeping records on this computer (opt-in, encrypted) --------------------------------------

let saved = false; // the records as they are now are in the encrypted store

function recordsChanged() {
  changed = true;
  saved = false;
  if (!vaultKey) return;
  saveVault(vaultKey, { records, lastNo })
    .then(() => { saved = true; })
    .catch((e) => {
      console.warn(e);
      storageStatus(t().saveFailed);
    });
}

function storageStatus(text) {
  $('storage-status').textContent = text;
}

function renderStorage() {
  const stored = hasVault();
  $('unlock').hidden = !stored || !!vaultKey;
  $('clear-all').hidden = !stored;
  $('keep').hidden = !!vaultKey || stored;
  $('field-passphrase').hidden = !!vaultKey;
  $('passphrase').autocomplete = stored ? 'current-password' : 'new-password';
}

async function keep() {
  clearField('passphrase');
  const phrase = $('passphrase').value;
  if (phrase.length < 8) return markField('passphrase', t().passphraseShort);
  try {
    vaultKey = await openVault(phrase, { create: true });
    await saveVault(vaultKey, { records, lastNo });
    saved = true;
  } catch (e) {
    console.error(e);
    vaultKey = null;
    return storageStatus(t().storageUnavailable);
  }
  $('passphrase').value = '';
  renderStorage();
  storageStatus(t().kept(records.length));
}

async function unlock() {
  clearField('passphrase');
  let opened;
  try {
    opened = await openVault($('passphrase').value);
  } catch (e) {
    console.error(e);
    return storageStatus(t().storageUnavailable);
  }
  if (!opened) return markField('passphrase', t().passphraseWrong);
  vaultKey = opened;
  const stored = opened.data?.records ?? [];
  // The records of this page stay as they are (the newer: a person registered here and in the
  // store is this page's); the stored ones come before them, numbers kept unless taken.
  const here = new Set(records.map((r) => personKey(r.form)));
  const kept = stored.filter((r) => !here.has(personKey(r.form)));
  const taken = new Set(records.map((r) => r.no));
  lastNo = Math.max(lastNo, opened.data?.lastNo ?? 0, ...stored.map((r) => r.no), ...records.map((r) => r.no));
  for (const r of kept) if (taken.has(r.no)) r.no = ++lastNo;
  records = [...kept, ...records];
  try {
    await saveVault(vaultKey, { records, lastNo });
    saved = true;
  } catch (e) {
    console.warn(e);
    storageStatus(t().saveFailed);
  }
  $('passphrase').value = '';
  renderStorage();
  renderSession();
  storageStatus(t().opened(kept.length, stored.length - kept.length));
}

function clearAll() {
  if (!window.confirm(t().clearConfirm)) return;
  clearVault();
  vaultKey = null;
  saved = false;
  renderStorage();
  storageStatus(t().cleared);
}

// ---- the page ----------------------------------------------------------------------------------

function applyLanguage() {
  applyTexts(lang, t());
  if (editing) $('submit').textContent = t().saveEdit;
  document.title = baseTitle();
  renderCodeLists();
  if (calc) renderPolicyChoice();
  if (canbao) {
    renderPolicyLists();
    if (records.length || undo) renderSession();
    const shownReceipt = !$('confirmation').hidden && records.find((r) => String(r.no) === $('confirmation').dataset.no);
    if (shownReceipt) receipt(shownReceipt);
    showDerived();
    if (submitted) showErrors(check().problems, false);
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
    [canbao, codes] = await Promise.all([
      import('./vendor/canbao/index.js'),
      fetch('./vendor/canbao/enrollment-codes.json').then((r) => (r.ok ? r.json() : Promise.reject(new Error(r.statusText)))),
    ]);
  } catch (e) {
    $('loading').dataset.i18n = 'loadFailed';
    $('loading').textContent = t().loadFailed;
    $('loading').setAttribute('role', 'alert');
    if (wasmMissing()) $('loading').textContent = NO_WASM[lang];
    console.error(e);
    return;
  }
  renderCodeLists();
  $('doc-type').value = 'resident';
  $('relation').value = '02';
  onRelation();
  renderPolicyLists();
  $('loading').hidden = true;
  submit.disabled = false;
  $('intake').addEventListener('submit', onSubmit);
  $('next').addEventListener('click', () => nextPerson(true));
  $('next-household').addEventListener('click', () => nextPerson(false));
  $('cancel-edit').addEventListener('click', () => {
    const n = editing?.no;
    nextPerson(true);
    $('session-status').textContent = t().editCancelled(n);
  });
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
  $('export-tokens').addEventListener('click', () => exportTokens().catch((e) => {
    console.error(e);
    $('session-status').textContent = e?.message ?? t().loadFailed;
  }));
  $('doc-type').addEventListener('change', onDocType);
  $('relation').addEventListener('change', onRelation);
  $('keep').addEventListener('click', keep);
  $('unlock').addEventListener('click', unlock);
  $('clear-all').addEventListener('click', clearAll);
  window.addEventListener('beforeunload', (e) => {
    if (changed && records.length && !saved) {
      e.preventDefault();
      e.returnValue = t().unsaved;
    }
  });
  $('id-number').addEventListener('input', showDerived);
  $('in-period').addEventListener('change', clearFixed);
  $('lapsed').addEventListener('input', clearFixed);
  for (const id of Object.values(INPUT_OF)) {
    $(id).addEventListener('input', clearFixed);
    $(id).addEventListener('change', clearFixed);
  }
  $('township').addEventListener('change', renderVillages);
  showDerived();
  renderStorage();
  if (hasVault()) storageStatus(t().stored);
  document.body.dataset.ready = 'true';

  // The calculations (amounts, the policy list): loaded after the form is usable.
  try {
    calc = await import('./vendor/canbao/calc.js');
  } catch (e) {
    console.error(e);
    return;
  }
  const remembered = rememberedPolicy(); // chosen here or on another page
  if (remembered) {
    try {
      const value = calc.loadPolicy(remembered);
      policy = { text: remembered, value };
      // Not a bundled policy as it is: a file loaded earlier.
      if (!calc.presetPolicies().some((p) => JSON.stringify(p) === remembered)) loadedPolicy = policy;
    } catch { /* a stale choice: none */ }
  }
  renderPolicyChoice();
  renderPolicyLists();
  $('policy').addEventListener('change', () => choosePolicy($('policy').value));
  $('policy-file').addEventListener('change', () => {
    const file = $('policy-file').files[0];
    if (file) loadPolicyFile(file);
  });
  document.body.dataset.calc = 'true';
}

// Keep working offline once loaded (see sw.js; not available on plain http from other hosts):
// registered once the page is ready, so that its copying of the site does not slow the first
// load on a slow link.
main().finally(() => {
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('./sw.js').catch((e) => console.warn('offline support unavailable', e));
  }
});
