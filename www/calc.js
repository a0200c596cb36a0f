// The calculator page: choose a bundled policy or load one from a local file, compute one
// person's contribution, subsidy and benefit start (with the explanation), a household's
// contributions, a department budget from group counts, whether a payment can be refunded,
// an employee's contribution, and a coverage table with a bar chart (pasted or CSV rows read
// by the roster tool's reader). Everything runs in this page through
// canbao's calculations module (WebAssembly); nothing is sent anywhere. Validation follows the
// GOV.UK pattern: on submit, an error summary with links plus a message beside each field.

import { NO_WASM, wasmMissing, initialLang, applyTexts, onLanguageToggle, clearField, markField, fillSummary, readTextFile, setDownload, el, renderList, policyChoices, rememberPolicy } from './common.js';

const TEXT = {
  zh: {
    skip: '跳到主要内容', navHome: '首页', navIntake: '参保登记', navCalc: '计算器', navRoster: '台账核验', navMatch: '名单比对', navCampaign: '台账与进度',
    title: '缴费与待遇计算器',
    lead: '按所选政策计算个人和家庭缴费、医疗救助资助、部门资助预算、待遇开始日期、退费和参保率。所有计算都在本页面内完成，不会发送任何信息。',
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
    householdTitle: '3. 家庭缴费合计', householdHint: '每位家庭成员一栏：证件号码或出生日期（用于区分成员，可不填），以及资助参保身份。',
    member: (n) => `成员 ${n}`, memberId: '证件号码（可不填）', memberBirth: '或出生日期（可不填）', memberGroups: '资助参保身份（可多选）',
    memberCategory: '参保类别', removeMember: (n) => `删除成员 ${n}`, addMember: '添加成员',
    householdDateLabel: '缴费日期（可不填）', householdDateHint: '逾期缴费要按全额筹资标准收取的地方，按缴费日期计算。',
    memberProblem: (n, msg) => `成员 ${n}：${msg}`, birthMismatch: (d) => `出生日期与证件号码不符（号码中为 ${d}）`,
    householdPeople: '人数', householdIndividual: '个人缴费标准合计', householdSubsidy: '医疗救助资助合计', householdPayable: '家庭个人应缴合计', householdFiscal: '财政补助合计',
    householdCols: ['成员', '出生日期', '按此资助', '个人缴费', '资助', '个人应缴'], payNowCol: '缴费时先交', noneApplied: '无', householdWhy: '家庭合计',
    budgetTitle: '4. 部门资助预算', budgetLegend: '各资助群体的人数',
    budgetHint: '同时有多个身份的人只按最高一项资助，请只计入其中资助最高的群体。不属于资助群体的人也可填写，以计入个人缴费合计。',
    budgetNone: '不属于资助群体的人', budgetGroup: (g, d) => `${g}（${d}）`, budgetCountInvalid: (max) => `请输入 0 到 ${max} 之间的整数`,
    budgetTooMany: (max) => `合计不能超过 ${max} 人；人数更多时请用“台账核验”按名单计算`, budgetEmpty: '请至少填写一个群体的人数',
    budgetCols: ['部门', '人数', '资助合计'], budgetUnsubsidised: '无资助', budgetPeople: '总人数', budgetIndividual: '个人缴费标准合计', budgetSubsidy: '资助合计',
    budgetPayable: '个人应缴合计', budgetFiscal: '财政补助合计',
    refundTitle: '5. 退费', noRefund: '所选政策未规定退费规则。',
    refundRule: (reasons, after) => `本政策认可的退费原因：${reasons}。${after ? '待遇开始后也可退费。' : '待遇开始后不予退费。'}`,
    refundPaidLabel: '缴费日期', refundReasonLabel: '退费原因', refundRequestLabel: '申请退费日期', refundRequestHint: '例如参加职工医保、离开本地后来申请的日期。',
    refundStartLabel: '待遇开始日期（可不填）', refundStartHint: '不填时按连续参保人员在缴费日期缴费计算；断保后缴费等情形请填写。',
    refundPaidEmpty: '请输入缴费日期', refundRequestEmpty: '请输入申请退费日期',
    reasons: { paid_twice: '重复缴费', employee_scheme: '已参加职工医保', other_area: '已在外地参加居民医保', deceased: '已死亡', military: '应征入伍', emigrated: '出国（境）定居' },
    refundOutcome: '能否退费', refundStartUsed: '待遇开始日期',
    outcomes: { eligible: '可以退费', benefit_started: '不能退费：申请时待遇已开始', reason_not_accepted: '不能退费：本政策不认可此退费原因' },
    listSep: '、',
    employeeTitle: '6. 职工医保缴费', noEmployee: '所选政策不含职工医保部分。',
    wageLabel: '月工资或自选缴费基数（元）', wageEmpty: '请输入月工资', wageInvalid: '请输入金额，例如 6000 或 6000.50',
    kindLegend: '参保方式', kindEmployee: '单位职工', kindFlexible: '灵活就业人员',
    base: '月缴费基数', employer: '单位缴费（月）', employeePart: '个人缴费（月）', topUp: '大额医疗补助（月）', monthly: '每月合计', yearly: '全年合计',
    coverageTitle: '7. 参保率统计表', rowsLabel: '粘贴各单位数据',
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
    lead: 'Compute a person’s and a household’s contributions, assistance subsidies, department budgets, benefit start dates, refunds and coverage rates under a policy. Everything is computed in this page; nothing is sent anywhere.',
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
    householdTitle: '3. Household contributions', householdHint: 'One box per member of the household: ID number or date of birth (to tell members apart; optional), and the assistance groups held.',
    member: (n) => `Member ${n}`, memberId: 'ID number (optional)', memberBirth: 'Or date of birth (optional)', memberGroups: 'Assistance groups held (choose any)',
    memberCategory: 'Enrollment category', removeMember: (n) => `Remove member ${n}`, addMember: 'Add a member',
    householdDateLabel: 'Payment date (optional)', householdDateHint: 'Where late payers are charged the full financing amount, the payment date decides.',
    memberProblem: (n, msg) => `Member ${n}: ${msg}`, birthMismatch: (d) => `The date of birth does not match the ID number (which says ${d})`,
    householdPeople: 'People', householdIndividual: 'Individual contributions', householdSubsidy: 'Assistance subsidies', householdPayable: 'Payable by the household', householdFiscal: 'Fiscal subsidies',
    householdCols: ['Member', 'Date of birth', 'Subsidised as', 'Individual contribution', 'Subsidy', 'Payable'], payNowCol: 'Pays at the desk', noneApplied: 'none', householdWhy: 'Household totals',
    budgetTitle: '4. Department budgets', budgetLegend: 'People in each assistance group',
    budgetHint: 'Someone in several groups is subsidised once, at the highest: count them in that group only. People in no group may be counted too, for the contribution totals.',
    budgetNone: 'People in no assistance group', budgetGroup: (g, d) => `${g} (${d})`, budgetCountInvalid: (max) => `Enter a whole number from 0 to ${max}`,
    budgetTooMany: (max) => `At most ${max} people in all; for more, use the roster check with the list of people`, budgetEmpty: 'Enter the number of people of at least one group',
    budgetCols: ['Department', 'People', 'Subsidies'], budgetUnsubsidised: 'Without subsidy', budgetPeople: 'People', budgetIndividual: 'Individual contributions', budgetSubsidy: 'Subsidies',
    budgetPayable: 'Payable by the people', budgetFiscal: 'Fiscal subsidies',
    refundTitle: '5. Refunds', noRefund: 'The chosen policy states no refund rule.',
    refundRule: (reasons, after) => `Reasons this policy accepts: ${reasons}. ${after ? 'Refunds are possible after benefits start too.' : 'No refund once benefits have started.'}`,
    refundPaidLabel: 'Payment date', refundReasonLabel: 'Reason for the refund', refundRequestLabel: 'Date of the refund request', refundRequestHint: 'For example the day the person, having joined the employee scheme or moved away, applies.',
    refundStartLabel: 'Benefit start (optional)', refundStartHint: 'If left empty: as for a continuously insured person paying on the payment date; give it after a lapse and the like.',
    refundPaidEmpty: 'Enter the payment date', refundRequestEmpty: 'Enter the date of the request',
    reasons: { paid_twice: 'Paid twice', employee_scheme: 'Joined the employee scheme', other_area: 'Joined another area’s resident scheme', deceased: 'Deceased', military: 'Enlisted in the military', emigrated: 'Settled abroad' },
    refundOutcome: 'Refund', refundStartUsed: 'Benefits start',
    outcomes: { eligible: 'Can be refunded', benefit_started: 'No refund: benefits had started when it was requested', reason_not_accepted: 'No refund: the policy does not accept this reason' },
    listSep: ', ',
    employeeTitle: '6. Employee scheme contribution', noEmployee: 'The chosen policy has no employee-scheme section.',
    wageLabel: 'Monthly wage, or chosen base (yuan)', wageEmpty: 'Enter the monthly wage', wageInvalid: 'Enter an amount, such as 6000 or 6000.50',
    kindLegend: 'How insured', kindEmployee: 'Employee', kindFlexible: 'Flexible worker',
    base: 'Monthly base', employer: 'Employer (monthly)', employeePart: 'Employee (monthly)', topUp: 'Top-up for large bills (monthly)', monthly: 'Monthly total', yearly: 'Yearly total',
    coverageTitle: '7. Coverage table', rowsLabel: 'Paste the units’ figures',
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

const FIELDS = ['policy-file', 'payment-date', 'birth-date', 'lapsed', 'extra', 'in-period', 'household-date', 'refund-paid', 'refund-reason', 'refund-request', 'refund-start', 'wage', 'rows'];
/** The fields made from the policy and the household's members (ids of inputs). */
const madeFields = () => [...document.querySelectorAll('#members input:not([type="checkbox"]), #members select, #budget-counts input')].map((i) => i.id);
/** Boxes of checkboxes (a member's groups): the message is the box's, the link its first box. */
const BOX = /^m\d+-groups$/;

function clearErrors() {
  for (const f of [...FIELDS, ...madeFields()]) clearField(f);
  $('field-groups').classList.remove('has-error');
  for (const box of document.querySelectorAll('#members fieldset.field')) {
    box.classList.remove('has-error');
    const msg = $(`${box.id.replace(/^field-/, '')}-error`);
    msg.hidden = true;
    msg.textContent = '';
  }
  $('error-summary').hidden = true;
  document.title = baseTitle();
}

/** problems: [{ field, message }]; field is an input id (or 'preset', 'groups'). */
function showErrors(problems) {
  clearErrors();
  const target = (p) => (p.field === 'groups' ? $('groups').querySelector('input') ?? $('preset')
    : BOX.test(p.field) ? $(`field-${p.field}`).querySelector('input') ?? $('preset') : $(p.field));
  const marked = new Set();
  const fields = [...FIELDS, ...madeFields()];
  for (const p of problems) {
    if (fields.includes(p.field) && !marked.has(p.field)) {
      marked.add(p.field);
      markField(p.field, p.message);
    }
    if (p.field === 'groups') $('field-groups').classList.add('has-error');
    if (BOX.test(p.field) && $(`field-${p.field}`) && !marked.has(p.field)) {
      marked.add(p.field);
      $(`field-${p.field}`).classList.add('has-error');
      $(`${p.field}-error`).hidden = false;
      $(`${p.field}-error`).textContent = p.message;
    }
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
  for (const part of ['household', 'budget']) {
    $(`${part}-form`).hidden = !hasResident;
    $(`no-resident-${part}`).hidden = hasResident;
  }
  renderMembers();
  renderBudgetCounts();
  renderRefund();
  const hasEmployee = Boolean(policy.employee);
  $('employee-form').hidden = !hasEmployee;
  $('no-employee').hidden = hasEmployee;
  $('kind-flexible').disabled = !policy.employee?.flexibleRate;
  if ($('kind-flexible').disabled) $('kind-employee').checked = true;
}

function choosePolicy(p) {
  policy = p;
  last = null;
  for (const r of ['person', 'household', 'budget', 'refund', 'employee']) $(`${r}-result`).hidden = true;
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
    rememberPolicy(text);
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

// ---- household -------------------------------------------------------------------------------

let memberKeys = [1]; // one key per member box, in order (ids m<key>-…)
let nextMember = 2;
/** The identity module (checkEnrollment: the desk's rules and messages), loaded when a member's
 * ID number is given. */
let ids = null;

/** What a member box holds now (kept across a redraw for the language or the policy). */
function memberValues(k) {
  return {
    id: $(`m${k}-id`)?.value ?? '',
    birth: $(`m${k}-birth`)?.value ?? '',
    groups: new Set([...document.querySelectorAll(`#field-m${k}-groups input:checked`)].map((i) => i.value)),
    category: $(`m${k}-category`)?.value ?? '',
  };
}

/** A labelled field: label, error message, input (the common.js markField shape). */
function field(id, label, input) {
  input.id = id;
  return el('div', { className: 'field', id: `field-${id}` }, el('label', { htmlFor: id, textContent: label }),
    el('p', { className: 'error-message', id: `${id}-error`, hidden: true }), input);
}

function memberBox(k, n, v) {
  const groups = policy.resident?.groups ?? [];
  const categories = policy.resident?.categories ?? [];
  const box = el('fieldset', { className: 'member', id: `member-${k}` }, el('legend', { textContent: t().member(n) }),
    field(`m${k}-id`, t().memberId, el('input', { type: 'text', className: 'input-id', autocomplete: 'off', spellcheck: false, value: v.id })),
    field(`m${k}-birth`, t().memberBirth, el('input', { type: 'date', className: 'input-date', value: v.birth })));
  if (groups.length) {
    box.append(el('fieldset', { className: 'field', id: `field-m${k}-groups` }, el('legend', { textContent: t().memberGroups }),
      el('p', { className: 'error-message', id: `m${k}-groups-error`, hidden: true }),
      el('div', { className: 'checkboxes' }, ...groups.map((g) => el('label', {},
        el('input', { type: 'checkbox', value: g.id, checked: v.groups.has(g.id) }),
        ` ${g.name[lang]}${g.subsidy ? '' : t().noAmount}${g.payment === 'refund_after_payment' ? t().refundAfter : ''}`)))));
  }
  if (categories.length) {
    box.append(field(`m${k}-category`, t().memberCategory, el('select', {},
      el('option', { value: '', textContent: t().categoryNone }),
      ...categories.map((c) => el('option', { value: c.id, textContent: c.name[lang], selected: c.id === v.category })))));
  }
  if (memberKeys.length > 1) {
    const remove = el('button', { type: 'button', className: 'link-button', textContent: t().removeMember(n) });
    remove.addEventListener('click', () => {
      memberKeys = memberKeys.filter((x) => x !== k);
      renderMembers();
      $(`m${memberKeys[Math.min(n - 1, memberKeys.length - 1)]}-id`).focus();
    });
    box.append(el('p', {}, remove));
  }
  return box;
}

function renderMembers() {
  if (!policy.resident) return $('members').replaceChildren();
  const values = new Map(memberKeys.map((k) => [k, memberValues(k)]));
  $('members').replaceChildren(...memberKeys.map((k, i) => memberBox(k, i + 1, values.get(k))));
}

function addMember() {
  memberKeys.push(nextMember++);
  renderMembers();
  $(`m${memberKeys.at(-1)}-id`).focus();
}

/** Unstated amounts (a group the notice names without an amount): part of the answer. */
const unstatedOf = (r) => (r.problems?.length && r.problems.every((p) => p.path.startsWith('resident.')) ? r.problems : null);

/** Shows a result panel whose answer is what the policy does not state. */
function showUnstated(part, problems) {
  clearErrors();
  renderList($(`${part}-result-list`), problems.map((p) => [t().payable, p.raw]));
  for (const id of [`${part}-table`, `${part}-trace`]) $(id)?.replaceChildren();
  $(`${part}-result`).hidden = false;
  $(`${part}-result`).focus();
}

async function computeHousehold() {
  const problems = [];
  const members = [];
  const births = [];
  for (const [i, k] of memberKeys.entries()) {
    const v = memberValues(k);
    let birth = v.birth || null;
    if (v.id.trim()) {
      try {
        ids ??= await import('./vendor/canbao/index.js');
      } catch (e) {
        console.error(e);
        return showErrors([{ field: `m${k}-id`, message: t().loadFailed }]);
      }
      const c = ids.checkEnrollment({ idNumber: v.id }, { lang });
      const p = c.problems.find((x) => x.field === 'idNumber');
      if (p) problems.push({ field: `m${k}-id`, message: t().memberProblem(i + 1, p.message) });
      else if (v.birth && c.birthDate && v.birth !== c.birthDate) problems.push({ field: `m${k}-birth`, message: t().memberProblem(i + 1, t().birthMismatch(c.birthDate)) });
      else birth = c.birthDate ?? birth;
    }
    births.push(birth);
    members.push({ groups: [...v.groups], ...(v.category ? { category: v.category } : {}), ...($('household-date').value ? { paymentDate: $('household-date').value } : {}) });
  }
  if (problems.length) return showErrors(problems);
  // "[1].groups[0]" → member 2's groups; a payment date → the household's.
  const fieldOf = (path) => {
    const m = /^\[(\d+)\]\.?(\w*)/.exec(path);
    const k = m ? memberKeys[Number(m[1])] : memberKeys[0];
    if (m?.[2] === 'paymentDate') return 'household-date';
    if (m?.[2] === 'category' && $(`m${k}-category`)) return `m${k}-category`;
    return $(`field-m${k}-groups`) ? `m${k}-groups` : `m${k}-id`;
  };
  const r = attempt(() => calc.householdContribution(policy, members, { lang }), fieldOf);
  const unstated = unstatedOf(r);
  if (unstated) {
    last = computeHousehold;
    return showUnstated('household', unstated);
  }
  if (r.problems) return showErrors(r.problems.map((p) => {
    const m = /^\[(\d+)\]/.exec(p.path);
    return m ? { ...p, message: t().memberProblem(Number(m[1]) + 1, p.message) } : p;
  }));
  clearErrors();
  last = computeHousehold;
  const h = r.value;
  renderList($('household-result-list'), [
    [t().householdPeople, String(h.totals.people)],
    [t().householdPayable, t().yuan(h.payable)],
    [t().householdSubsidy, t().yuan(h.subsidy)],
    [t().householdIndividual, t().yuan(h.totals.individual)],
    [t().householdFiscal, t().yuan(h.totals.fiscal)],
  ]);
  const groupName = (id) => policy.resident.groups.find((g) => g.id === id)?.name[lang] ?? id;
  const payLater = h.members.some((m) => m.refundLater !== '0.00');
  const cols = [...t().householdCols, ...(payLater ? [t().payNowCol] : [])];
  const rows = h.members.map((m, i) => [t().member(i + 1), births[i] ?? '', m.appliedGroup ? groupName(m.appliedGroup) : t().noneApplied,
    t().yuan(m.individual), t().yuan(m.subsidy), t().yuan(m.payable), ...(payLater ? [t().yuan(m.payNow)] : [])]);
  $('household-table').replaceChildren(
    el('thead', {}, el('tr', {}, ...cols.map((c) => el('th', { scope: 'col', textContent: c })))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((v, j) => (j === 0 ? el('th', { scope: 'row', textContent: v }) : el('td', { textContent: v })))))));
  const steps = (trace) => el('ol', { className: 'trace' }, ...trace.map((s) => el('li', { textContent: s.message, className: `rule-${s.rule}` })));
  $('household-trace').replaceChildren(
    ...h.members.flatMap((m, i) => [el('h5', { textContent: t().member(i + 1) }), steps(m.trace)]),
    el('h5', { textContent: t().householdWhy }), steps(h.trace));
  $('household-result').hidden = false;
  $('household-result').focus();
}

// ---- department budget -----------------------------------------------------------------------

/** At most this many people in a budget: each is computed (and explained) one by one. */
const BUDGET_MAX = 50000;

function renderBudgetCounts() {
  const groups = policy.resident?.groups ?? [];
  const kept = new Map([...document.querySelectorAll('#budget-counts input')].map((i) => [i.dataset.group, i.value]));
  const dept = (g) => policy.departments?.find((d) => d.id === g.department)?.name[lang] ?? g.department;
  const count = (id, group, label) => {
    const f = field(id, label, el('input', { type: 'text', inputMode: 'numeric', className: 'input-small', value: kept.get(group) ?? '' }));
    f.querySelector('input').dataset.group = group;
    return f;
  };
  $('budget-counts').replaceChildren(
    ...groups.map((g, j) => count(`budget-g${j}`, g.id, t().budgetGroup(g.name[lang], dept(g)) + (g.subsidy ? '' : t().noAmount))),
    count('budget-none', '', t().budgetNone));
}

function computeBudget() {
  const problems = [];
  const people = [];
  let total = 0;
  const inputs = [...document.querySelectorAll('#budget-counts input')];
  for (const input of inputs) {
    const v = input.value.trim().replace(/[,，\s]/g, '') || '0';
    if (!/^[0-9]{1,6}$/.test(v) || Number(v) > BUDGET_MAX) {
      problems.push({ field: input.id, message: t().budgetCountInvalid(BUDGET_MAX) });
      continue;
    }
    total += Number(v);
    if (total <= BUDGET_MAX) for (let i = 0; i < Number(v); i++) people.push(input.dataset.group ? { groups: [input.dataset.group] } : {});
  }
  if (!problems.length && total > BUDGET_MAX) problems.push({ field: inputs[0].id, message: t().budgetTooMany(BUDGET_MAX) });
  if (!problems.length && total === 0) problems.push({ field: inputs[0].id, message: t().budgetEmpty });
  if (problems.length) return showErrors(problems);
  const r = attempt(() => calc.departmentBudget(policy, people, { lang }), () => inputs[0].id);
  const unstated = unstatedOf(r);
  if (unstated) {
    last = computeBudget;
    return showUnstated('budget', unstated);
  }
  if (r.problems) return showErrors(r.problems);
  clearErrors();
  last = computeBudget;
  const b = r.value;
  const head = el('tr', {}, ...t().budgetCols.map((c) => el('th', { scope: 'col', textContent: c })));
  const line = (name, n, subsidy) => el('tr', {}, el('th', { scope: 'row', textContent: name }), el('td', { textContent: String(n) }), el('td', { textContent: subsidy }));
  const names = new Map((policy.departments ?? []).map((d) => [d.id, d.name[lang]]));
  $('budget-table').replaceChildren(el('thead', {}, head), el('tbody', {},
    ...b.departments.map((d) => line(names.get(d.department) ?? d.name, d.people, t().yuan(d.subsidy))),
    ...(b.unsubsidised ? [line(t().budgetUnsubsidised, b.unsubsidised, t().yuan('0.00'))] : [])));
  renderList($('budget-result-list'), [
    [t().budgetPeople, String(b.totals.people)],
    [t().budgetSubsidy, t().yuan(b.totals.subsidy)],
    [t().budgetIndividual, t().yuan(b.totals.individual)],
    [t().budgetPayable, t().yuan(b.totals.payable)],
    [t().budgetFiscal, t().yuan(b.totals.fiscal)],
  ]);
  $('budget-trace').replaceChildren(...b.trace.map((s) => el('li', { textContent: s.message, className: `rule-${s.rule}` })));
  $('budget-result').hidden = false;
  $('budget-result').focus();
}

// ---- refund ----------------------------------------------------------------------------------

const REASONS = ['paid_twice', 'employee_scheme', 'other_area', 'deceased', 'military', 'emigrated'];

function renderRefund() {
  const rule = policy.resident?.refund;
  $('refund-form').hidden = !rule;
  $('no-refund').hidden = Boolean(rule);
  if (!rule) return;
  $('refund-rule').textContent = t().refundRule(rule.reasons.map((r) => t().reasons[r]).join(t().listSep), rule.afterBenefitStart);
  const chosen = $('refund-reason').value || rule.reasons[0];
  $('refund-reason').replaceChildren(...REASONS.map((r) => el('option', { value: r, textContent: t().reasons[r], selected: r === chosen })));
}

function computeRefund() {
  const problems = [];
  const paymentDate = $('refund-paid').value;
  const requestDate = $('refund-request').value;
  if (!paymentDate) problems.push({ field: 'refund-paid', message: t().refundPaidEmpty });
  if (!requestDate) problems.push({ field: 'refund-request', message: t().refundRequestEmpty });
  if (problems.length) return showErrors(problems);
  const request = { paymentDate, requestDate, reason: $('refund-reason').value };
  if ($('refund-start').value) request.benefitStart = $('refund-start').value;
  const FIELD = { paymentDate: 'refund-paid', requestDate: 'refund-request', reason: 'refund-reason', benefitStart: 'refund-start' };
  const r = attempt(() => calc.refundEligibility(policy, request, { lang }), (path) => FIELD[path] ?? 'refund-paid');
  if (r.problems) return showErrors(r.problems);
  clearErrors();
  last = computeRefund;
  const d = r.value;
  renderList($('refund-result-list'), [[t().refundOutcome, t().outcomes[d.outcome]], [t().refundStartUsed, d.benefitStart]]);
  $('refund-trace').replaceChildren(...d.trace.map((s) => el('li', { textContent: s.message, className: `rule-${s.rule}` })));
  $('refund-result').hidden = false;
  $('refund-result').focus();
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

/** The roster module (the roster tool's reader: RFC 4180 quoting, tabs or commas, GB18030),
 * loaded the first time a table is read. */
let rosterModule = null;

/** Pasted text or a CSV file's text → rows (with their line numbers), skipping a header line;
 * read by the library's reader, so that a quoted "1,200" stays one cell. */
async function parseRows(text, problems) {
  let table;
  try {
    rosterModule ??= await import('./vendor/canbao/roster.js');
    table = rosterModule.readTable(new TextEncoder().encode(text), { headerRow: 1, lang });
  } catch (e) {
    if (!e?.code) rosterModule = null; // a trap leaves the module unusable: load it afresh
    problems.push({ field: 'rows', message: e?.code ? e.message : t().loadFailed });
    return [];
  }
  // Row 1 is read as the header: it is data unless its second cell is not a number.
  const lines = [[table.headerRow, table.headers], ...table.rows.map((r, i) => [Number(table.rowNumbers[i]), r])];
  const numeric = (s) => /^[0-9][0-9,\s]*$/.test(s ?? '');
  const rows = [];
  for (const [line, raw] of lines) {
    const cells = raw.map((c) => c.trim());
    while (cells.length && cells.at(-1) === '') cells.pop(); // rows are as wide as the widest
    if (cells.length === 0) continue;
    if (line === table.headerRow && !numeric(cells[1])) continue; // header
    if (cells.length !== 4) {
      problems.push({ field: 'rows', message: t().rowColumns(line) });
      continue;
    }
    rows.push({ line, row: { unit: cells[0], registered: cells[1], insuredLocal: cells[2], insuredElsewhere: cells[3] } });
  }
  return rows;
}

async function computeCoverage() {
  const problems = [];
  const text = $('rows').value;
  if (!text.trim()) return showErrors([{ field: 'rows', message: t().rowsEmpty }]);
  const parsed = await parseRows(text, problems);
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
  // The policy chosen last on any page (the desk's), else the bundled county one.
  const choices = policyChoices(calc);
  policies = choices.policies;
  $('loading').hidden = true;
  for (const f of document.querySelectorAll('form')) f.querySelector('button[type="submit"]').disabled = false;
  choosePolicy(policies[choices.remembered] ?? policies.find((p) => p.id === 'county-example-2024') ?? policies[0]);
  $('preset').addEventListener('change', () => {
    clearErrors();
    choosePolicy(policies[Number($('preset').value)]);
    rememberPolicy(policy);
  });
  $('policy-file').addEventListener('change', onPolicyFile);
  $('rows-file').addEventListener('change', onRowsFile);
  $('person-form').addEventListener('submit', (e) => { e.preventDefault(); computePerson(); });
  $('household-form').addEventListener('submit', (e) => { e.preventDefault(); computeHousehold(); });
  $('add-member').addEventListener('click', addMember);
  $('budget-form').addEventListener('submit', (e) => { e.preventDefault(); computeBudget(); });
  $('refund-form').addEventListener('submit', (e) => { e.preventDefault(); computeRefund(); });
  $('employee-form').addEventListener('submit', (e) => { e.preventDefault(); computeEmployee(); });
  $('coverage-form').addEventListener('submit', (e) => { e.preventDefault(); computeCoverage(); });
  document.body.dataset.ready = 'true';
}

main();

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('./sw.js').catch((e) => console.warn('offline support unavailable', e));
}
