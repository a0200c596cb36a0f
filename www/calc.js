// The calculator page: choose a bundled policy or load one from a local file, compute one
// person's contribution, subsidy and benefit start (with the explanation), an employee's
// contribution, and a coverage table with a bar chart. Everything runs in this page through
// canbao's calculations module (WebAssembly); nothing is sent anywhere. Validation follows the
// GOV.UK pattern: on submit, an error summary with links plus a message beside each field.

import { NO_WASM, wasmMissing, initialLang, applyTexts, onLanguageToggle, clearField, markField, fillSummary, readTextFile, setDownload, el, renderList } from './common.js';

const TEXT = {
  zh: {
    skip: '跳到主要内容', navHome: '首页', navIntake: '参保登记', navCalc: '计算器', navRoster: '台账核验', navMatch: '名单比对', navCampaign: '台账与进度',
    title: '缴费与待遇计算器',
    lead: '按所选政策计算个人缴费、医疗救助资助、待遇开始日期和参保率。所有计算都在本页面内完成，不会发送任何信息。',
    loading: '正在加载计算程序…', loadFailed: '计算程序加载失败，请刷新页面重试。',
    summaryTitle: '请修改以下问题', errorPrefix: '错误：',
    policyTitle: '1. 政策', presetLabel: '选择内置政策', fileLabel: '或载入本地政策文件（JSON）',
    fileHint: '文件只在本页面中读取和核对，不会上传。格式见说明文档。',
    fileLoaded: (name) => `已载入本地政策：${name}`, fileUnreadable: '无法读取该文件',
    policyProblem: (path, msg) => `政策文件 ${path ? `${path}：` : ''}${msg}`,
    coverageYear: '参保年度', individual: '个人缴费标准', fiscal: '财政补助', groupsHeld: '资助群体',
    collection: '集中缴费期', noCollection: '由各地规定', waiting: '等待期规则', waitingNational: '2025 年起全国规则：固定 3 个月，断保每多 1 年加 1 个月，可补缴缩短',
    waitingLate: (m) => `逾期缴费等待 ${m} 个月`, employeeBand: '职工医保缴费基数', source: '依据',
    amountsFrom: '缴费标准', noLateRule: '通知未规定', newborn: '新生儿', newbornRule: (w) => `出生后 ${w} 内缴费，自出生之日起享受待遇`,
    months: (n) => `${n} 个月`, days: (n) => `${n} 天`, extended: (e) => `延长至 ${e}`, targets: '参保目标',
    target: (who, rate, by) => `${who}参保率 ${rate}%${by ? `（${by} 前）` : ''}`, everyone: '全体',
    categoryLabel: '参保类别', categoryNone: '城乡居民（一般）', previousYearPaid: '上一年出生，且上一年度也已缴费',
    noAmount: '（本通知未规定资助标准）', refundAfter: '（先全额缴费，再申请资助）',
    payNow: '缴费时先交', refundLater: '之后可申请资助', unknownStart: '无法确定：通知未规定集中缴费期后缴费的待遇规则',
    personTitle: '2. 城乡居民个人缴费和待遇开始', noResident: '所选政策不含城乡居民医保部分。',
    groupsLegend: '资助参保身份（可多选）', groupsHint: '由民政、乡村振兴等部门认定。同时有多个身份的，只按最高一项资助。',
    noGroups: '此政策未规定资助群体。',
    paymentLabel: '缴费日期', paymentHint: '例如 2023-10-08', birthLabel: '出生日期（新生儿填写，可不填）',
    lapsedLabel: '参保前连续断保年数', lapsedHint: '上一年度参保填 0。', extraLabel: '已补缴的断保年数',
    inPeriodLegend: '是否在当地集中缴费期内缴费？', inPeriodHint: '全国标准不规定缴费期，由各地规定。', yes: '是', no: '否',
    calculate: '计算', resultTitle: '计算结果', why: '计算依据',
    paymentEmpty: '请输入缴费日期', countInvalid: '请输入 0 到 100 之间的整数',
    payable: '个人应缴', subsidy: '医疗救助资助', appliedGroup: (g) => `（按“${g}”资助）`, fiscalPart: '财政补助',
    benefitStart: '待遇开始日期', fromBirth: '（自出生之日起）', waitingMonths: (f, v) => `等待期 ${f + v} 个月（固定 ${f}，变动 ${v}）`,
    notThisYear: '（已超出本参保年度）',
    shortenTitle: '补缴更多年度可缩短等待期', shortenYears: '补缴年数（合计）', shortenStart: '待遇开始', shortenCost: '需另缴',
    yuan: (a) => `${a} 元`,
    employeeTitle: '3. 职工医保缴费', noEmployee: '所选政策不含职工医保部分。',
    wageLabel: '月工资或自选缴费基数（元）', wageEmpty: '请输入月工资', wageInvalid: '请输入金额，例如 6000 或 6000.50',
    kindLegend: '参保方式', kindEmployee: '单位职工', kindFlexible: '灵活就业人员',
    base: '月缴费基数', employer: '单位缴费（月）', employeePart: '个人缴费（月）', topUp: '大额医疗补助（月）', monthly: '每月合计', yearly: '全年合计',
    coverageTitle: '4. 参保率统计表', rowsLabel: '粘贴各单位数据',
    rowsHint: '每行一个单位：单位名称、户籍人口数、本地参保人数、异地参保人数，用制表符（从 Excel 复制）或逗号分隔。第一行可以是表头。',
    rowsFileLabel: '或选择 CSV 文件', orderLegend: '排序', orderDesc: '参保率从高到低', orderAsc: '参保率从低到高',
    makeTable: '生成统计表', tableTitle: '参保率统计表', chartCaption: '各单位参保率', download: '下载统计表（CSV）',
    rowsEmpty: '请粘贴各单位数据或选择文件', rowColumns: (n) => `第 ${n} 行应有 4 列：单位、户籍人口、本地参保、异地参保`,
    rowProblem: (n, msg) => `第 ${n} 行：${msg}`,
    cols: ['排名', '单位', '户籍人口数', '本地参保', '异地参保', '参保人数', '参保率（%）', '未参保人数', '未参保率（%）'],
    footer: 'canbao：计算在浏览器中完成，不联网、不上传。',
    otherLang: 'English',
  },
  en: {
    skip: 'Skip to main content', navHome: 'Home', navIntake: 'Enrollment', navCalc: 'Calculator', navRoster: 'Roster check', navMatch: 'Roster matching', navCampaign: 'Ledgers and progress',
    title: 'Contributions and benefits calculator',
    lead: 'Compute contributions, assistance subsidies, benefit start dates and coverage rates under a policy. Everything is computed in this page; nothing is sent anywhere.',
    loading: 'Loading the calculator…', loadFailed: 'The calculator could not be loaded. Reload the page and try again.',
    summaryTitle: 'There is a problem', errorPrefix: 'Error: ',
    policyTitle: '1. Policy', presetLabel: 'Choose a bundled policy', fileLabel: 'Or load a local policy file (JSON)',
    fileHint: 'The file is read and checked in this page only, never uploaded. The format is in the documentation.',
    fileLoaded: (name) => `Local policy loaded: ${name}`, fileUnreadable: 'The file could not be read',
    policyProblem: (path, msg) => `Policy file ${path ? `${path}: ` : ''}${msg}`,
    coverageYear: 'Coverage year', individual: 'Individual contribution', fiscal: 'Fiscal subsidy', groupsHeld: 'Assistance groups',
    collection: 'Collection period', noCollection: 'set locally', waiting: 'Waiting periods', waitingNational: 'National rule from 2025: 3 months fixed, 1 more month per extra lapsed year, repairable by paying past years',
    waitingLate: (m) => `Late payment: ${m} months' wait`, employeeBand: 'Employee scheme base', source: 'Source',
    amountsFrom: 'Amounts', noLateRule: 'not stated in the notice', newborn: 'Newborns', newbornRule: (w) => `paid within ${w} of birth: covered from birth`,
    months: (n) => `${n} months`, days: (n) => `${n} days`, extended: (e) => `extended to ${e}`, targets: 'Targets',
    target: (who, rate, by) => `${who}: ${rate}% insured${by ? ` by ${by}` : ''}`, everyone: 'Everyone',
    categoryLabel: 'Enrollment category', categoryNone: 'Resident (general)', previousYearPaid: 'Born the year before, and that year is paid too',
    noAmount: ' (no amount in this notice)', refundAfter: ' (pays in full first, then applies for the subsidy)',
    payNow: 'Pays at the desk', refundLater: 'Then applies for a subsidy of', unknownStart: 'Cannot be determined: the notice states no rule for payments after the collection period',
    personTitle: '2. Resident contribution and benefit start', noResident: 'The chosen policy has no resident-scheme section.',
    groupsLegend: 'Assistance groups held (choose any)', groupsHint: 'Confirmed by civil affairs, rural revitalisation and other departments. Several groups give one subsidy, the highest.',
    noGroups: 'This policy defines no assistance groups.',
    paymentLabel: 'Payment date', paymentHint: 'For example 2023-10-08', birthLabel: 'Date of birth (for newborns; optional)',
    lapsedLabel: 'Consecutive years not insured before', lapsedHint: 'Enter 0 if insured last year.', extraLabel: 'Lapsed years already paid for',
    inPeriodLegend: 'Was the payment inside the local collection period?', inPeriodHint: 'National rules leave the collection period to each place.', yes: 'Yes', no: 'No',
    calculate: 'Calculate', resultTitle: 'Result', why: 'How this was worked out',
    paymentEmpty: 'Enter the payment date', countInvalid: 'Enter a whole number from 0 to 100',
    payable: 'Payable by the person', subsidy: 'Assistance subsidy', appliedGroup: (g) => ` (as “${g}”)`, fiscalPart: 'Fiscal subsidy',
    benefitStart: 'Benefits start', fromBirth: ' (from birth)', waitingMonths: (f, v) => `${f + v} months' wait (fixed ${f}, variable ${v})`,
    notThisYear: ' (after this coverage year)',
    shortenTitle: 'Paying more past years shortens the wait', shortenYears: 'Past years paid (in all)', shortenStart: 'Benefits start', shortenCost: 'Extra cost',
    yuan: (a) => `¥${a}`,
    employeeTitle: '3. Employee scheme contribution', noEmployee: 'The chosen policy has no employee-scheme section.',
    wageLabel: 'Monthly wage, or chosen base (yuan)', wageEmpty: 'Enter the monthly wage', wageInvalid: 'Enter an amount, such as 6000 or 6000.50',
    kindLegend: 'How insured', kindEmployee: 'Employee', kindFlexible: 'Flexible worker',
    base: 'Monthly base', employer: 'Employer (monthly)', employeePart: 'Employee (monthly)', topUp: 'Top-up for large bills (monthly)', monthly: 'Monthly total', yearly: 'Yearly total',
    coverageTitle: '4. Coverage table', rowsLabel: 'Paste the units’ figures',
    rowsHint: 'One unit per line: name, registered population, insured locally, insured elsewhere, separated by tabs (copied from Excel) or commas. The first line may be a header.',
    rowsFileLabel: 'Or choose a CSV file', orderLegend: 'Order', orderDesc: 'Highest coverage first', orderAsc: 'Lowest coverage first',
    makeTable: 'Make the table', tableTitle: 'Coverage table', chartCaption: 'Coverage rate by unit', download: 'Download the table (CSV)',
    rowsEmpty: 'Paste the units’ figures or choose a file', rowColumns: (n) => `Line ${n} needs 4 columns: unit, registered, insured locally, insured elsewhere`,
    rowProblem: (n, msg) => `Line ${n}: ${msg}`,
    cols: ['Rank', 'Unit', 'Registered', 'Insured locally', 'Insured elsewhere', 'Insured', 'Coverage (%)', 'Unenrolled', 'Unenrolled (%)'],
    footer: 'canbao: calculations run in your browser, offline, never uploaded.',
    otherLang: '中文',
  },
};

let lang = initialLang();
let calc = null;
let policies = [];
let policy = null;
let last = null; // which form was last computed, to redo it in the other language
const $ = (id) => document.getElementById(id);
const t = () => TEXT[lang];

// ---- errors (GOV.UK pattern) ----------------------------------------------------------------

const FIELDS = ['policy-file', 'payment-date', 'birth-date', 'lapsed', 'extra', 'in-period', 'wage', 'rows'];

function clearErrors() {
  for (const f of FIELDS) clearField(f);
  $('field-groups').classList.remove('has-error');
  $('error-summary').hidden = true;
  document.title = baseTitle();
}

/** problems: [{ field, message }]; field is an input id (or 'preset', 'groups'). */
function showErrors(problems) {
  clearErrors();
  const target = (p) => (p.field === 'groups' ? $('groups').querySelector('input') ?? $('preset') : $(p.field));
  const marked = new Set();
  for (const p of problems) {
    if (FIELDS.includes(p.field) && !marked.has(p.field)) {
      marked.add(p.field);
      markField(p.field, p.message);
    }
    if (p.field === 'groups') $('field-groups').classList.add('has-error');
  }
  fillSummary($('error-list'), problems.map((p) => ({ target: target(p), message: p.message })));
  $('error-summary').hidden = problems.length === 0;
  if (problems.length) {
    document.title = t().errorPrefix + baseTitle();
    $('error-summary').focus();
  }
}

const baseTitle = () => `${t().title} — canbao`;

/** Runs a calculation; a thrown canbao error becomes field problems via `fieldOf(path)`. */
function attempt(run, fieldOf) {
  try {
    return { value: run() };
  } catch (e) {
    if (!e || !Array.isArray(e.problems)) throw e;
    const fromPolicy = e.code === 'invalid_policy';
    return {
      problems: e.problems.map((p) => ({
        path: p.path,
        raw: p.message,
        field: fromPolicy ? 'preset' : fieldOf(p.path),
        message: fromPolicy ? t().policyProblem(p.path, p.message) : p.message,
      })),
    };
  }
}

// ---- policy -----------------------------------------------------------------------------------

function policyName(p) {
  return p.name[lang] ?? p.name.zh;
}

function renderPolicySelect() {
  const select = $('preset');
  const chosen = policy?.id;
  select.replaceChildren(...policies.map((p, i) => el('option', { value: String(i), textContent: policyName(p), selected: p.id === chosen })));
}

/** The name of a target's group or category, or "everyone". */
function targetName(p, of) {
  if (of === 'all') return t().everyone;
  const unit = [...(p.resident?.groups ?? []), ...(p.resident?.categories ?? [])].find((x) => x.id === of);
  return unit ? unit.name[lang] : of;
}

function summaryRows(p) {
  const rows = [[t().coverageYear, String(p.coverageYear)]];
  const r = p.resident;
  const sep = lang === 'zh' ? '；' : '; ';
  if (r) {
    if (r.individual) rows.push([t().individual, t().yuan(r.individual)], [t().fiscal, t().yuan(r.fiscal)]);
    else if (r.amountsFrom) rows.push([t().amountsFrom, r.amountsFrom[lang]]);
    const c = r.collection;
    const periods = [
      ...(c?.periods ?? []).map((x) => `${x.start} – ${x.end}`),
      ...(c?.extended ? [t().extended(c.extended.end)] : []),
    ].join(sep);
    rows.push([t().collection, periods || t().noCollection]);
    if (r.waitingPeriod) rows.push([t().waiting, t().waitingNational]);
    else if (r.latePayment) rows.push([t().waiting, t().waitingLate(r.latePayment.waitingMonths ?? 0)]);
    else if (c) rows.push([t().waiting, t().noLateRule]);
    if (r.newborn) {
      const w = r.newborn.windowMonths ? t().months(r.newborn.windowMonths) : t().days(r.newborn.windowDays);
      rows.push([t().newborn, t().newbornRule(w)]);
    }
  }
  if (p.employee?.base?.floor) rows.push([t().employeeBand, `${t().yuan(p.employee.base.floor)} – ${t().yuan(p.employee.base.ceiling)}`]);
  if (p.targets?.length) rows.push([t().targets, p.targets.map((x) => t().target(targetName(p, x.of), x.rate, x.by) + (x.note ? `（${x.note[lang]}）`.replace(/^（(.*)）$/, lang === 'zh' ? '（$1）' : ' ($1)') : '')).join(sep)]);
  if (p.source) rows.push([t().source, p.source[lang]]);
  return rows;
}

function renderPolicy() {
  const dl = el('dl', { id: 'policy-summary-list' });
  renderList(dl, summaryRows(policy));
  $('policy-summary').replaceChildren(dl);

  const held = new Set([...document.querySelectorAll('#groups input:checked')].map((i) => i.value));
  const groups = policy.resident?.groups ?? [];
  $('groups').replaceChildren(...(groups.length
    ? groups.map((g) => el('label', {}, el('input', { type: 'checkbox', name: 'group', value: g.id, checked: held.has(g.id) }),
      ` ${g.name[lang]}${g.subsidy ? '' : t().noAmount}${g.payment === 'refund_after_payment' ? t().refundAfter : ''}`))
    : [el('p', { className: 'hint', textContent: t().noGroups })]));
  $('groups').querySelector('input')?.setAttribute('aria-describedby', 'groups-hint');

  const categories = policy.resident?.categories ?? [];
  const chosenCategory = $('category').value;
  $('category').replaceChildren(el('option', { value: '', textContent: t().categoryNone }),
    ...categories.map((c) => el('option', { value: c.id, textContent: c.name[lang], selected: c.id === chosenCategory })));
  $('field-category').hidden = categories.length === 0;

  const hasResident = Boolean(policy.resident);
  $('person-form').hidden = !hasResident;
  $('no-resident').hidden = hasResident;
  $('field-in-period').hidden = !hasResident || Boolean(policy.resident.collection);
  const hasEmployee = Boolean(policy.employee);
  $('employee-form').hidden = !hasEmployee;
  $('no-employee').hidden = hasEmployee;
  $('kind-flexible').disabled = !policy.employee?.flexibleRate;
  if ($('kind-flexible').disabled) $('kind-employee').checked = true;
}

function choosePolicy(p) {
  policy = p;
  last = null;
  $('person-result').hidden = true;
  $('employee-result').hidden = true;
  renderPolicySelect();
  renderPolicy();
}

async function onPolicyFile() {
  const file = $('policy-file').files[0];
  if (!file) return;
  let text;
  try {
    text = await file.text();
  } catch {
    showErrors([{ field: 'policy-file', message: t().fileUnreadable }]);
    return;
  }
  try {
    const p = calc.loadPolicy(text, { lang });
    clearErrors();
    policies = [...policies.filter((x) => x.id !== p.id), p];
    choosePolicy(p);
    $('policy-summary').prepend(el('p', { className: 'notice', textContent: t().fileLoaded(file.name) }));
  } catch (e) {
    if (!e?.problems) throw e;
    showErrors(e.problems.map((p) => ({ field: 'policy-file', message: t().policyProblem(p.path, p.message) })));
  }
}

// ---- person ----------------------------------------------------------------------------------

const PERSON_FIELDS = { paymentDate: 'payment-date', birthDate: 'birth-date', lapsedYears: 'lapsed', extraYearsPaid: 'extra', inCollectionPeriod: 'in-period' };
const personField = (path) => (path.startsWith('groups') ? 'groups' : PERSON_FIELDS[path] ?? 'payment-date');

function count(id, problems) {
  const v = $(id).value.trim() || '0';
  if (!/^[0-9]{1,3}$/.test(v) || Number(v) > 100) {
    problems.push({ field: id, message: t().countInvalid });
    return 0;
  }
  return Number(v);
}

function computePerson() {
  const problems = [];
  const paymentDate = $('payment-date').value;
  if (!paymentDate) problems.push({ field: 'payment-date', message: t().paymentEmpty });
  const lapsedYears = count('lapsed', problems);
  const extraYearsPaid = count('extra', problems);
  if (problems.length) return showErrors(problems);
  const groups = [...document.querySelectorAll('#groups input:checked')].map((i) => i.value);
  const enrollment = { coverageYear: policy.coverageYear, paymentDate, lapsedYears, extraYearsPaid, groups };
  if ($('birth-date').value) enrollment.birthDate = $('birth-date').value;
  if ($('previous-year-paid').checked) enrollment.previousYearPaid = true;
  const category = $('category').value;
  if (category) enrollment.category = category;
  if (!policy.resident.collection) enrollment.inCollectionPeriod = document.querySelector('input[name="in-period"]:checked').value === 'yes';

  const person = { groups, paymentDate, ...(category ? { category } : {}) };
  let c = attempt(() => calc.residentContribution(policy, person, { lang }), personField);
  // What the policy does not state (amounts left to another notice, a group without an
  // amount) is part of the answer, not an error of the form.
  const unstated = c.problems?.length && c.problems.every((p) => p.path.startsWith('resident.')) ? c.problems : null;
  if (unstated) c = { value: null };
  const b = attempt(() => calc.benefitStart(policy, enrollment, { lang }), personField);
  const all = [...(c.problems ?? []), ...(b.problems ?? [])];
  if (all.length) {
    $('person-result').hidden = true;
    return showErrors(all);
  }
  clearErrors();
  last = computePerson;
  const money = c.value;
  const start = b.value;
  const applied = money?.appliedGroup && policy.resident.groups.find((g) => g.id === money.appliedGroup);
  const moneyRows = money
    ? [
      [t().payable, t().yuan(money.payable)],
      [t().subsidy, t().yuan(money.subsidy) + (applied ? t().appliedGroup(applied.name[lang]) : '')],
      ...(money.refundLater !== '0.00' ? [[t().payNow, t().yuan(money.payNow)], [t().refundLater, t().yuan(money.refundLater)]] : []),
      [t().fiscalPart, t().yuan(money.fiscal)],
    ]
    : unstated.map((p) => [t().payable, p.raw]);
  renderList($('person-result-list'), [
    ...moneyRows,
    [t().benefitStart, start.benefitStart === null
      ? t().unknownStart
      : start.benefitStart + (start.coveredFromBirth ? t().fromBirth : '') + (start.withinCoverageYear ? '' : t().notThisYear)],
    ...(start.fixedMonths + start.variableMonths > 0 ? [['', t().waitingMonths(start.fixedMonths, start.variableMonths)]] : []),
  ]);
  const shorten = $('shorten');
  shorten.replaceChildren();
  if (start.shorten.length) {
    const head = el('tr', {}, ...[t().shortenYears, t().shortenStart, t().shortenCost].map((h) => el('th', { scope: 'col', textContent: h })));
    const body = start.shorten.map((o) => el('tr', {}, el('td', { textContent: String(o.extraYearsPaid) }), el('td', { textContent: o.benefitStart }), el('td', { textContent: t().yuan(o.cost) })));
    shorten.append(el('table', { className: 'table', id: 'shorten-table' }, el('caption', { textContent: t().shortenTitle }), el('thead', {}, head), el('tbody', {}, ...body)));
  }
  $('person-trace').replaceChildren(...[...(money?.trace ?? []), ...start.trace].map((s) => el('li', { textContent: s.message, className: `rule-${s.rule}` })));
  $('person-result').hidden = false;
  $('person-result').focus();
}

// ---- employee --------------------------------------------------------------------------------

function computeEmployee() {
  const wage = $('wage').value.trim().replace(/[,，\s]/g, '');
  if (!wage) return showErrors([{ field: 'wage', message: t().wageEmpty }]);
  if (!/^[0-9]{1,9}(\.[0-9]{1,2})?$/.test(wage)) return showErrors([{ field: 'wage', message: t().wageInvalid }]);
  const kind = document.querySelector('input[name="kind"]:checked').value;
  const r = attempt(() => calc.employeeContribution(policy, { wage, kind }, { lang }), () => 'wage');
  if (r.problems) return showErrors(r.problems);
  clearErrors();
  last = computeEmployee;
  const e = r.value;
  renderList($('employee-result-list'), [
    [t().base, t().yuan(e.base)],
    ...(kind === 'employee' ? [[t().employer, t().yuan(e.employer)]] : []),
    [t().employeePart, t().yuan(e.employee)],
    ...(e.topUp !== '0.00' ? [[t().topUp, t().yuan(e.topUp)]] : []),
    [t().monthly, t().yuan(e.monthly)],
    [t().yearly, t().yuan(e.yearly)],
  ]);
  $('employee-trace').replaceChildren(...e.trace.map((s) => el('li', { textContent: s.message })));
  $('employee-result').hidden = false;
  $('employee-result').focus();
}

// ---- coverage table --------------------------------------------------------------------------

/** Lines of pasted text or CSV → rows (with their line numbers), skipping a header line. */
function parseRows(text, problems) {
  const rows = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const cells = (line.includes('\t') ? line.split('\t') : line.split(/[,，]/)).map((c) => c.trim().replace(/^"|"$/g, ''));
    const numeric = (s) => /^[0-9][0-9,\s]*$/.test(s ?? '');
    if (rows.length === 0 && !numeric(cells[1])) return; // header
    if (cells.length !== 4) {
      problems.push({ field: 'rows', message: t().rowColumns(i + 1) });
      return;
    }
    rows.push({ line: i + 1, row: { unit: cells[0], registered: cells[1], insuredLocal: cells[2], insuredElsewhere: cells[3] } });
  });
  return rows;
}

function computeCoverage() {
  const problems = [];
  const text = $('rows').value;
  if (!text.trim()) return showErrors([{ field: 'rows', message: t().rowsEmpty }]);
  const parsed = parseRows(text, problems);
  if (problems.length) return showErrors(problems);
  if (!parsed.length) return showErrors([{ field: 'rows', message: t().rowsEmpty }]);
  const order = document.querySelector('input[name="order"]:checked').value;
  const r = attempt(() => calc.coverageTable(parsed.map((p) => p.row), { order, lang, csv: true }), () => 'rows');
  if (r.problems) {
    // "rows[3].registered" → the pasted line it came from.
    return showErrors(r.problems.map((p) => {
      const m = /^rows\[(\d+)\]/.exec(p.path);
      return { field: 'rows', message: m ? t().rowProblem(parsed[Number(m[1])].line, p.message) : p.message };
    }));
  }
  clearErrors();
  last = computeCoverage;
  renderCoverage(r.value);
}

function renderCoverage(table) {
  const cols = t().cols;
  const head = el('tr', {}, ...cols.map((c) => el('th', { scope: 'col', textContent: c })));
  const cells = (r, rank) => [rank, r.unit, r.registered, r.insuredLocal, r.insuredElsewhere, r.insured, r.coverageRate, r.unenrolled, r.unenrolledRate].map(String);
  const body = table.rows.map((r) => el('tr', {}, ...cells(r, r.rank).map((v, i) => (i === 1 ? el('th', { scope: 'row', textContent: v }) : el('td', { textContent: v })))));
  const total = el('tr', { className: 'total' }, ...cells(table.total, '').map((v, i) => (i === 1 ? el('th', { scope: 'row', textContent: v }) : el('td', { textContent: v }))));
  $('coverage-table').replaceChildren(el('thead', {}, head), el('tbody', {}, ...body), el('tfoot', {}, total));
  $('chart').replaceChildren(chart(table));
  $('coverage-trace').replaceChildren(...table.trace.map((s) => el('li', { textContent: s.message })));

  setDownload($('coverage-download'), table.csv, `${t().tableTitle}.csv`, { bom: true });
  $('coverage-result').hidden = false;
  $('coverage-result').focus();
}

/** A horizontal bar chart in SVG: one bar per unit plus the total, rates written beside. */
function chart(table) {
  const NS = 'http://www.w3.org/2000/svg';
  const rows = [...table.rows, table.total];
  const bar = 22;
  const gap = 8;
  const label = 110;
  const width = 560;
  const plot = width - label - 70;
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${rows.length * (bar + gap) + gap}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', 'chart-caption');
  svg.classList.add('bar-chart');
  const add = (parent, tag, attrs, text) => {
    const node = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    parent.append(node);
    return node;
  };
  rows.forEach((r, i) => {
    const y = gap + i * (bar + gap);
    const isTotal = i === rows.length - 1;
    const g = add(svg, 'g', { class: isTotal ? 'bar total' : 'bar' });
    add(g, 'text', { x: label - 6, y: y + bar * 0.7, 'text-anchor': 'end' }, r.unit.length > 9 ? `${r.unit.slice(0, 8)}…` : r.unit);
    add(g, 'rect', { x: label, y, width: plot, height: bar, class: 'track' });
    add(g, 'rect', { x: label, y, width: (plot * Number(r.coverageRate)) / 100, height: bar, class: 'fill' });
    add(g, 'text', { x: label + plot + 6, y: y + bar * 0.7 }, `${r.coverageRate}%`);
  });
  return svg;
}

async function onRowsFile() {
  const file = $('rows-file').files[0];
  if (file) $('rows').value = await readTextFile(file);
}

// ---- page ------------------------------------------------------------------------------------

function applyLanguage() {
  applyTexts(lang, t());
  document.title = baseTitle();
  if (calc && policy) {
    renderPolicySelect();
    renderPolicy();
    if (last) last();
  }
}

async function main() {
  applyLanguage();
  onLanguageToggle(() => lang, (next) => {
    lang = next;
    clearErrors();
    applyLanguage();
  });
  for (const f of document.querySelectorAll('form')) f.querySelector('button[type="submit"]').disabled = true;
  try {
    calc = await import('./vendor/canbao/calc.js');
  } catch (e) {
    $('loading').textContent = t().loadFailed;
    $('loading').dataset.i18n = 'loadFailed';
    $('loading').setAttribute('role', 'alert');
    if (wasmMissing()) $('loading').textContent = NO_WASM[lang];
    console.error(e);
    return;
  }
  policies = calc.presetPolicies();
  $('loading').hidden = true;
  for (const f of document.querySelectorAll('form')) f.querySelector('button[type="submit"]').disabled = false;
  choosePolicy(policies.find((p) => p.id === 'county-example-2024') ?? policies[0]);
  $('preset').addEventListener('change', () => {
    clearErrors();
    choosePolicy(policies[Number($('preset').value)]);
  });
  $('policy-file').addEventListener('change', onPolicyFile);
  $('rows-file').addEventListener('change', onRowsFile);
  $('person-form').addEventListener('submit', (e) => { e.preventDefault(); computePerson(); });
  $('employee-form').addEventListener('submit', (e) => { e.preventDefault(); computeEmployee(); });
  $('coverage-form').addEventListener('submit', (e) => { e.preventDefault(); computeCoverage(); });
  document.body.dataset.ready = 'true';
}

main();

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('./sw.js').catch((e) => console.warn('offline support unavailable', e));
}
