// Ledgers and progress: the stock or increment ledger built from two lists (a sheet per
// village for village staff to fill in), and a progress report from a ledger read back or a
// roster with a status column, against the policy's targets. The heavy roster module loads
// only inside the worker. Nothing leaves the computer.

import { initialLang, applyTexts, onLanguageToggle, clearField, markField, fillSummary, el, policyChoices, rememberPolicy } from './common.js';

const TEXT = {
  zh: {
    skip: '跳到主要内容', navHome: '首页', navIntake: '参保登记', navCalc: '计算器', navRoster: '台账核验', navCampaign: '台账与进度', navMatch: '名单比对',
    title: '台账与进度', lead: '用两份名单生成存量库、增量库台账，按村分表下发；各村填写后读回，按政策目标生成进度通报。文件只在本机处理，不会上传。',
    summaryTitle: '请修改以下问题', errorPrefix: '错误：',
    ledgerTitle: '1. 生成台账', kindLegend: '哪一种台账', kindStock: '存量库：上年参保、本年未参保（断保）', kindIncrement: '增量库：户籍人口中本年未参保',
    baseStock: '上年参保名单（.xlsx、.xls 或 .csv）', baseIncrement: '户籍人口名单（.xlsx、.xls 或 .csv）',
    currentLabel: '本年参保名单（.xlsx、.xls 或 .csv）', currentHint: '按身份证号比对，15 位与 18 位号码视为同一人。名单有“参保状态”列时，只有已参保的人算作本年已参保。',
    ledgerPolicyLabel: '按哪个政策识别人员类别', noPolicy: '不使用政策',
    ledgerRun: '生成台账', cancel: '取消', progressLabel: '进度', ledgerDownload: '下载台账（每个村一个工作表）',
    reportTitle: '2. 进度通报', nowLabel: '本期：各村填写后的台账，或带“参保状态”列的名单', previousLabel: '上期（可不选；选了就计算变化）',
    reportPolicyLabel: '按哪个政策的目标和资助标准', reportRun: '生成进度通报', reportDownload: '下载进度通报（Excel，含图表）',
    townCaption: '各乡镇参保率（%）：条为参保率，虚线为政策目标', townsTitle: '各乡镇', villagesTitle: '各村（社区）',
    villageCaption: (town) => `${town}各村（社区）参保率（%）：条为参保率，虚线为政策目标`, townVillagesTitle: (town) => `${town}各村（社区）`,
    viewLabel: '图表和“各村”表显示', viewHint: '选一个乡镇，就看它的各村（社区）。', viewTowns: '各乡镇', viewTown: (town) => `${town}的各村（社区）`,
    axisVillage: '村（社区）', noRate: '无应参保人员', ledgerOnlyNote: '台账生成时没有选政策：这里只计台账中的人员，不含生成台账时已参保的人。',
    barDetail: (l) => `已参保 ${l.covered.toLocaleString()} / 应参保 ${l.registered.toLocaleString()}${l.gap === null || l.gap === undefined ? '' : (l.gap ? `，距目标 ${l.gap.toLocaleString()} 人` : '，已达目标')}${l.change ? `，较上期 ${l.change} 个百分点` : ''}`,
    groupsTitle: '重点人群', paymentsTitle: '代缴资金', followTitle: '各村跟进情况', problemsTitle: '问题行：有错误的（未计入）、参保状态无法识别的（按未参保计）、重复的（只计一次）',
    phases: { base: '正在核验基础名单', current: '正在核验本年名单', now: '正在读取本期名单', previous: '正在读取上期名单', write: '正在生成文件' },
    progress: (phase, done, total) => (total ? `${phase}：${done.toLocaleString()} / ${total.toLocaleString()} 行` : `${phase}…`),
    cancelled: '已取消。可以重新开始。', noFile: '请选择文件', notReady: '正在加载处理程序，请稍候…',
    counts: {
      baseRows: '基础名单行数（不含空行）', enrolled: '其中：本年已参保', ledger: '其中：列入台账', unmatched: '其中：号码有误，无法比对', duplicates: '其中：同一人的重复行（只列一次）',
      currentPeople: '本年参保名单人数', currentUnmatched: '本年名单中号码有误、无法比对的行（这些人可能被误列入台账）', newPeople: '本年名单中不在基础名单的人数', villages: '村（社区）数', time: '用时',
    },
    villageCols: ['工作表', '乡镇（街道）', '村（社区）', '人数'],
    headline: (r) => {
      const l = r.total;
      if (l.rate === null) return '名单中没有应参保的人。';
      const target = l.target === null || l.gap === null ? '' : `；目标 ${l.target}%，${l.gap ? `还需参保 ${l.gap.toLocaleString()} 人` : '已达到'}`;
      return `全县参保率 ${l.rate}%${l.change ? `，较上期 ${l.change} 个百分点` : ''}${target}。`;
    },
    ledgerFileLabel: '原始台账：生成时保存、未经填写的台账（用于核验各村交回的文件）',
    ledgerFileHint: '各村交回的台账可能被改动（删行、加人、改村、改汇总数）。选了原始台账，人员、所属村和已参保人数以它为准，只采用各村填写的结果；不选则通报注明“未核验”。',
    findingsTitle: '核验发现', findingCols: ['村（社区）', '工作表', '行号', '发现'],
    reportCounts: { source: '本期名单', ledger: '台账（各村填写）', roster: '名单（参保状态列）', verified: '核验', verifiedYes: '已用原始台账核验', verifiedNo: '未核验（未提供原始台账，数字可被改动）', findings: '核验发现', rows: '读取行数', problems: '列出的问题行', registered: '应参保人数', covered: '已参保（含异地）', excluded: '剔除', previousRows: '上期读取行数', time: '用时' },
    lineCols: (prev, target) => ['排名', '单位', '应参保', '已参保', '剔除', '参保率（%）', ...(prev ? ['上期（%）', '变化（百分点）', '新增'] : []), ...(target ? ['目标（%）', '距目标（人）'] : [])],
    groupCols: ['人群', '人数', '应参保', '已参保', '参保率（%）', '目标（%）', '距目标（人）'],
    paymentCols: ['部门', '人数', '应代缴（元）', '已缴人数', '已代缴（元）', '未到账（元）'],
    followCols: ['单位', '人数', '已缴费', '承诺缴费', '拒绝缴费', '联系不上', '异地参保', '剔除', '其他', '未填写', '已填预计缴费日期'],
    problemCols: ['工作表', '行号', '问题'],
    axisRate: '参保率（%）', axisTown: '乡镇（街道）', legendRate: '参保率', legendTarget: '目标', percent: (v) => `${v}%`, sep: ['：', '，'],
    moreVillages: (n) => `只列出参保率最低的 ${n} 个村，完整排名见下载的文件。`,
    seconds: (s) => `${s} 秒`, none: '—',
    internalError: '处理时出错，已重新准备好。请再试一次；如仍出错，请把文件另存为 .xlsx 或 CSV 后再试',
    footer: 'canbao：名单在浏览器中处理，不联网、不上传。', otherLang: 'English',
  },
  en: {
    skip: 'Skip to main content', navHome: 'Home', navIntake: 'Enrollment', navCalc: 'Calculator', navRoster: 'Roster check', navCampaign: 'Ledgers and progress', navMatch: 'Roster matching',
    title: 'Ledgers and progress', lead: 'Build the stock and increment ledgers from two lists, a sheet per village; read them back once the villages have filled them in and report progress against the policy’s targets. Files are processed on this computer only, never uploaded.',
    summaryTitle: 'There is a problem', errorPrefix: 'Error: ',
    ledgerTitle: '1. Build a ledger', kindLegend: 'Which ledger', kindStock: 'Stock: insured last year, not enrolled this year (lapsed)', kindIncrement: 'Increment: registered residents not enrolled this year',
    baseStock: 'Last year’s enrollment (.xlsx, .xls or .csv)', baseIncrement: 'The household registry (.xlsx, .xls or .csv)',
    currentLabel: 'This year’s enrollment (.xlsx, .xls or .csv)', currentHint: 'People are matched by ID; a 15-digit and an 18-digit number of one person match. When the list has a status column, only people it says are insured count as enrolled.',
    ledgerPolicyLabel: 'Policy for recognizing the groups', noPolicy: 'no policy',
    ledgerRun: 'Build the ledger', cancel: 'Cancel', progressLabel: 'Progress', ledgerDownload: 'Download the ledger (a sheet per village)',
    reportTitle: '2. Progress report', nowLabel: 'Now: a ledger filled in by the villages, or a list with a status column', previousLabel: 'Previous (optional: gives the change)',
    reportPolicyLabel: 'Policy for targets and subsidies', reportRun: 'Make the progress report', reportDownload: 'Download the progress report (Excel, with a chart)',
    townCaption: 'Coverage by township (%): bars are coverage, the dashed line the policy’s target', townsTitle: 'Townships', villagesTitle: 'Villages',
    villageCaption: (town) => `Coverage by village of ${town} (%): bars are coverage, the dashed line the policy’s target`, townVillagesTitle: (town) => `Villages of ${town}`,
    viewLabel: 'The chart and the villages table show', viewHint: 'Choose a township to see its villages.', viewTowns: 'all townships', viewTown: (town) => `the villages of ${town}`,
    axisVillage: 'Village', noRate: 'nobody to enroll', ledgerOnlyNote: 'The ledger was built without a policy: only its people are counted here, not those already enrolled when it was built.',
    barDetail: (l) => `${l.covered.toLocaleString()} of ${l.registered.toLocaleString()} covered${l.gap === null || l.gap === undefined ? '' : (l.gap ? `; ${l.gap.toLocaleString()} more for the target` : '; target reached')}${l.change ? `; ${l.change} points since the previous report` : ''}`,
    groupsTitle: 'Groups', paymentsTitle: 'Subsidies by department', followTitle: 'Follow-up by village', problemsTitle: 'Rows with a problem: an error (not counted), a status not understood (not insured), a copy (counted once)',
    phases: { base: 'Checking the base list', current: 'Checking this year’s list', now: 'Reading the list', previous: 'Reading the previous list', write: 'Writing the file' },
    progress: (phase, done, total) => (total ? `${phase}: ${done.toLocaleString()} of ${total.toLocaleString()} rows` : `${phase}…`),
    cancelled: 'Cancelled. You can start again.', noFile: 'Choose a file', notReady: 'Loading the tool, please wait…',
    counts: {
      baseRows: 'Rows of the base list (not empty)', enrolled: 'of which enrolled this year', ledger: 'of which in the ledger', unmatched: 'of which without a valid ID', duplicates: 'of which later copies of a person',
      currentPeople: 'People in this year’s enrollment', currentUnmatched: 'Rows of this year’s list without a valid ID (these people may be in the ledger by mistake)', newPeople: 'People enrolled this year not in the base list', villages: 'Villages', time: 'Time',
    },
    villageCols: ['Sheet', 'Township', 'Village', 'People'],
    headline: (r) => {
      const l = r.total;
      if (l.rate === null) return 'Nobody in the list is to enroll.';
      const target = l.target === null || l.gap === null ? '' : `; target ${l.target}%, ${l.gap ? `${l.gap.toLocaleString()} more people needed` : 'reached'}`;
      return `County coverage ${l.rate}%${l.change ? `, ${l.change} points since the previous report` : ''}${target}.`;
    },
    ledgerFileLabel: 'Ledger as built: the ledger saved when it was made, not filled in (checks the villages’ returned file)',
    ledgerFileHint: 'A returned ledger can be changed (rows deleted, people added, villages or totals edited). With the ledger as built, the people, their villages and the already-enrolled counts are its own and only the villages’ answers are taken; without it the report says it is unverified.',
    findingsTitle: 'Findings of the check', findingCols: ['Village', 'Sheet', 'Row', 'Finding'],
    reportCounts: { source: 'List', ledger: 'ledger (filled in by the villages)', roster: 'list (status column)', verified: 'Check', verifiedYes: 'checked against the ledger as built', verifiedNo: 'unverified (no ledger as built: the numbers can be edited)', findings: 'Findings', rows: 'Rows read', problems: 'Rows with a problem', registered: 'To enroll', covered: 'Covered (incl. elsewhere)', excluded: 'Excluded', previousRows: 'Rows of the previous list', time: 'Time' },
    lineCols: (prev, target) => ['Rank', 'Unit', 'To enroll', 'Covered', 'Excluded', 'Coverage (%)', ...(prev ? ['Previous (%)', 'Change (points)', 'Newly covered'] : []), ...(target ? ['Target (%)', 'Gap (people)'] : [])],
    groupCols: ['Group', 'People', 'To enroll', 'Covered', 'Coverage (%)', 'Target (%)', 'Gap (people)'],
    paymentCols: ['Department', 'People', 'Due', 'Paid for', 'Paid', 'Outstanding'],
    followCols: ['Unit', 'People', 'Paid', 'Will pay', 'Refused', 'Unreachable', 'Insured elsewhere', 'Excluded', 'Other', 'Not filled in', 'With an expected payment date'],
    problemCols: ['Sheet', 'Row', 'Problem'],
    axisRate: 'Coverage (%)', axisTown: 'Township', legendRate: 'Coverage', legendTarget: 'Target', percent: (v) => `${v}%`, sep: [': ', ', '],
    moreVillages: (n) => `Only the ${n} villages with the lowest coverage are listed: the downloaded file ranks them all.`,
    seconds: (s) => `${s} s`, none: '—',
    internalError: 'Something went wrong and the tool has been reset. Try again; if it fails again, save the file as .xlsx or CSV and retry',
    footer: 'canbao: lists are processed in your browser, offline, never uploaded.', otherLang: '中文',
  },
};

const FILES = ['base-file', 'current-file', 'now-file', 'ledger-file', 'previous-file'];
let lang = initialLang();
let worker = null;
let ready = false;
let policies = [];
let remembered = -1; // the policy chosen last on any page (the desk's), its index in policies
const files = {}; // id → { name, bytes }
const pending = {}; // id → the read in progress
const last = {}; // job → { result, ms }
let running = null; // 'ledger' | 'report'
const $ = (id) => document.getElementById(id);
const t = () => TEXT[lang];
const baseTitle = () => `${t().title} — canbao`;

function showErrors(problems) {
  for (const f of FILES) clearField(f);
  for (const p of problems) markField(p.field, p.message);
  fillSummary($('error-list'), problems.map((p) => ({ target: $(p.field), message: p.message })));
  $('error-summary').hidden = problems.length === 0;
  document.title = (problems.length ? t().errorPrefix : '') + baseTitle();
  if (problems.length) $('error-summary').focus();
}

function startWorker() {
  worker?.terminate();
  ready = false;
  worker = new Worker(new URL('./campaign-worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = ({ data }) => handlers[data.type]?.(data);
  return new Promise((resolve) => {
    handlers.ready = () => { ready = true; document.body.dataset.ready = 'true'; resolve(); };
  });
}

const prefix = (job) => (job === 'ledger' ? 'ledger' : 'report');

function stopped(job) {
  running = null;
  $(`${prefix(job)}-progress-box`).hidden = true;
  $(`${prefix(job)}-cancel`).hidden = true;
  // One job at a time (they share the worker): both buttons come back together.
  $('ledger-run').disabled = false;
  $('report-run').disabled = false;
}

const handlers = {
  progress: ({ job, phase, done, total }) => {
    const p = prefix(job);
    const bar = $(`${p}-progress`);
    // Each phase fills its own share of the bar: the lists' rows, then the file.
    const phases = job === 'ledger' ? ['base', 'current', 'write'] : ['now', 'previous', 'write'];
    const share = 100 / phases.length;
    const at = phases.indexOf(phase);
    bar.max = 100;
    bar.value = Math.min(100, at * share + (total ? (share * done) / total : 0));
    $(`${p}-progress-text`).textContent = t().progress(t().phases[phase], done, total);
  },
  done: ({ job, result, ms }) => {
    stopped(job);
    last[job] = { result, ms };
    if (job === 'ledger') renderLedger(); else renderReport();
    $(`${prefix(job)}-result`).focus();
  },
  error: ({ job, phase, code, message, trapped }) => {
    stopped(job);
    if (trapped) { startWorker(); message = t().internalError; }
    // The file being read when it failed (the ledger as built is read first).
    const field = code === 'not_as_built' ? 'ledger-file'
      : ({ base: 'base-file', current: 'current-file', now: 'now-file', previous: 'previous-file' }[phase]
        ?? (job === 'ledger' ? 'base-file' : 'now-file'));
    const name = files[field]?.name;
    showErrors([{ field, message: name ? `${name}${lang === 'zh' ? '：' : ': '}${message}` : message }]);
  },
};

function policyOptions(select) {
  // The first time, the policy chosen on any page (the desk's), else the bundled county policy;
  // afterwards what the person chose ("none" too).
  const chosen = select.options.length ? select.value : String(remembered >= 0 ? remembered : Math.max(0, policies.findIndex((p) => p.id === 'dingtao-2024')));
  select.replaceChildren(el('option', { value: '', textContent: t().noPolicy }), ...policies.map((p, i) => el('option', { value: String(i), textContent: p.name[lang] ?? p.name.zh })));
  select.value = chosen;
}

function chosenPolicy(select) {
  return select.value === '' ? undefined : policies[Number(select.value)];
}

async function start(job, make, needed) {
  // A file still being read when the button is pressed is waited for, not missed.
  await Promise.all(Object.values(pending));
  const message = make();
  const missing = needed.filter((id) => !files[id]);
  if (missing.length) return showErrors(missing.map((id) => ({ field: id, message: t().noFile })));
  if (!ready) return showErrors([{ field: needed[0], message: t().notReady }]);
  showErrors([]);
  const p = prefix(job);
  $(`${p}-result`).hidden = true;
  $(`${p}-status`).textContent = '';
  $(`${p}-progress-box`).hidden = false;
  $(`${p}-progress`).value = 0;
  $(`${p}-progress-text`).textContent = '';
  $(`${p}-cancel`).hidden = false;
  $('ledger-run').disabled = true;
  $('report-run').disabled = true;
  $(`${p}-progress-box`).scrollIntoView({ block: 'nearest' });
  running = job;
  worker.postMessage(message);
}

function runLedger() {
  start('ledger', () => ({
    type: 'ledger',
    base: files['base-file']?.bytes.slice(),
    current: files['current-file']?.bytes.slice(),
    options: { kind: document.querySelector('input[name="kind"]:checked').value, policy: chosenPolicy($('ledger-policy')), lang },
  }), ['base-file', 'current-file']);
}

function runReport() {
  start('report', () => ({
    type: 'report',
    now: files['now-file']?.bytes.slice(),
    previous: files['previous-file']?.bytes.slice() ?? null,
    options: { policy: chosenPolicy($('report-policy')), lang, ledger: files['ledger-file']?.bytes.slice() ?? null },
  }), ['now-file']);
}

async function cancel(job) {
  stopped(job);
  await startWorker();
  $(`${prefix(job)}-status`).textContent = t().cancelled;
}

function download(link, bytes, name) {
  if (link.href.startsWith('blob:')) URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
  link.download = name;
}

/** An element with attributes (roles, data-*), for what `el`'s properties cannot set. */
function withAttrs(node, attrs) {
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

/** Fills a table: a header row, then a row per item with its first cell a row header. On a
 * narrow screen (or in large text) a `.cards` table shows each row as a card of "header:
 * value" lines (style.css, campaign block): every cell carries its header (data-label), and
 * the roles are explicit because some browsers drop a table's semantics once its display
 * changes. */
function table(node, heads, rows, caption) {
  withAttrs(node, { role: 'table' });
  node.replaceChildren(
    withAttrs(el('thead', {}, withAttrs(el('tr', {}, ...heads.map((h) => withAttrs(el('th', { scope: 'col', textContent: h }), { role: 'columnheader' }))), { role: 'row' })), { role: 'rowgroup' }),
    withAttrs(el('tbody', {}, ...rows.map((r) => withAttrs(el('tr', {}, ...r.map((v, i) => (i === 0
      ? withAttrs(el('th', { scope: 'row', textContent: String(v) }), { role: 'rowheader' })
      : withAttrs(el('td', { textContent: String(v) }), { role: 'cell', 'data-label': heads[i] })))), { role: 'row' }))), { role: 'rowgroup' }),
  );
  if (caption) node.append(el('caption', { textContent: caption }));
}

function renderLedger() {
  const { result, ms } = last.ledger;
  const c = t().counts;
  const k = result.counts;
  $('ledger-result-title').textContent = result.title;
  $('ledger-counts').replaceChildren(...[
    [c.baseRows, k.baseRows], [c.enrolled, k.enrolled], [c.ledger, k.ledger], [c.unmatched, k.unmatched], [c.duplicates, k.duplicates],
    [c.currentPeople, k.currentPeople], [c.currentUnmatched, k.currentUnmatched], [c.newPeople, k.newPeople], [c.villages, result.villages.length], [c.time, t().seconds((ms / 1000).toFixed(1))],
  ].flatMap(([a, b]) => [el('dt', { textContent: a }), el('dd', { textContent: b.toLocaleString() })]));
  const name = lang === 'zh' ? `${result.kind === 'stock' ? '存量库' : '增量库'}台账.xlsx` : `${result.kind}-ledger.xlsx`;
  download($('ledger-download'), result.file, name);
  table($('ledger-villages'), t().villageCols, result.villages.map((v) => [v.sheet, v.township || t().none, v.village || t().none, v.people]));
  $('ledger-result').hidden = false;
}

const dash = (v) => (v === null || v === undefined ? TEXT[lang].none : v);

function lineRow(l, r, label) {
  const hasTarget = r.total.target !== null;
  return [label ?? l.unit, l.rank || dash(null), l.registered, l.insured + l.insuredElsewhere, l.excluded, dash(l.rate),
    ...(r.hasPrevious ? [dash(l.previousRate), dash(l.change), dash(l.gained)] : []),
    ...(hasTarget ? [dash(l.target), dash(l.gap)] : [])];
}

function lineTable(node, lines, r, caption, label) {
  const heads = t().lineCols(r.hasPrevious, r.total.target !== null);
  // The unit first (a row header), then the rank.
  const order = [1, 0, ...heads.slice(2).map((_, i) => i + 2)];
  table(node, order.map((i) => heads[i]), lines.map((l) => lineRow(l, r, label?.(l))), caption);
}

/** Where a township's lines belong in the view: its name, or "—" for rows without one. */
const townName = (township) => township || TEXT[lang].none;

/** The report's progress chart: a bar per unit (the townships, or the villages of the
 * township chosen), ranked, each labelled with its rate and, as text, the people covered of
 * those to enroll and the gap to the target; the target as a dashed line across the bars; a
 * scale and a legend. Plain HTML (an ordered list, read as text by a screen reader: the
 * bars, the scale and the swatches are hidden from it) so that it reflows on a phone and
 * grows with large text; the widths are set through the CSSOM, which the CSP allows. */
function progressChart(lines, r, nameHeading) {
  const target = r.total.target === null ? null : Number(r.total.target);
  const span = (cls, text) => el('span', { className: cls, ...(text === undefined ? {} : { textContent: text }) });
  const hidden = (node) => withAttrs(node, { 'aria-hidden': 'true' });
  const track = (line) => {
    const bar = hidden(span('bar-track'));
    if (line.rate !== null) {
      const fill = span('bar-fill');
      fill.style.width = `${Math.min(100, Number(line.rate))}%`;
      bar.append(fill);
    }
    if (target !== null) {
      const mark = span('bar-target');
      mark.style.left = `${Math.min(100, target)}%`;
      bar.append(mark);
    }
    return bar;
  };
  const legend = el('p', { className: 'chart-legend' },
    hidden(span('swatch swatch-rate')), span('', t().legendRate),
    ...(target === null ? [] : [span('visually-hidden', t().sep[1]), hidden(span('swatch swatch-target')), span('', `${t().legendTarget} ${r.total.target}%`)]));
  const head = hidden(el('div', { className: 'bar-row bar-head' }, span('bar-name', nameHeading), span('bar-value', t().axisRate)));
  const bars = el('ol', { className: 'bars' }, ...lines.map((l) => {
    const covered = l.insured + l.insuredElsewhere;
    // Read aloud as one sentence: hidden punctuation between the parts.
    return el('li', { className: 'bar-row' },
      span('bar-name', l.name), span('visually-hidden', t().sep[0]),
      span('bar-value', l.rate === null ? TEXT[lang].none : t().percent(l.rate)), span('visually-hidden', t().sep[1]),
      track(l),
      span('bar-detail', l.rate === null ? t().noRate : t().barDetail({ ...l, covered })));
  }));
  const ticks = hidden(span('bar-track bar-ticks'));
  for (const tick of [0, 25, 50, 75, 100]) {
    const mark = span(`tick tick-${tick}`, String(tick));
    mark.style.left = `${tick}%`;
    ticks.append(mark);
  }
  const scale = hidden(el('div', { className: 'bar-row bar-scale' }, ticks));
  return [legend, head, bars, scale];
}

/** The township whose villages the chart and the villages table show (null: all townships). */
let view = null;

function renderView() {
  const r = last.report.result.report;
  const LIMIT = 100;
  if (view === null) {
    $('town-caption').textContent = t().townCaption;
    $('town-chart').replaceChildren(...progressChart(r.townships.map((l) => ({ ...l, name: townName(l.township) })), r, t().axisTown));
    $('villages-title').textContent = t().villagesTitle;
    // Many villages: the lowest rates first (villages with nobody to enroll have none).
    const rated = r.villages.filter((l) => l.rate !== null);
    const villages = r.villages.length > LIMIT ? rated.slice(-LIMIT).reverse() : r.villages;
    lineTable($('village-table'), villages, r, r.villages.length > LIMIT ? t().moreVillages(LIMIT) : undefined);
    return;
  }
  // One township: all its villages, ranked (the report's order), named without the township.
  const villages = r.villages.filter((l) => l.township === view);
  const name = (l) => l.village || TEXT[lang].none;
  $('town-caption').textContent = t().villageCaption(townName(view));
  $('town-chart').replaceChildren(...progressChart(villages.map((l) => ({ ...l, name: name(l) })), r, t().axisVillage));
  $('villages-title').textContent = t().townVillagesTitle(townName(view));
  lineTable($('village-table'), villages, r, undefined, name);
}

function viewOptions(r) {
  const select = $('chart-township');
  const towns = [...new Set(r.townships.map((l) => l.township))].sort((a, b) => a.localeCompare(b, 'zh-CN'));
  if (view !== null && !towns.includes(view)) view = null;
  // One township: its villages, with nothing to choose between.
  if (towns.length === 1) view = towns[0];
  // A township is named by its index in `towns` (its name may be empty).
  select.replaceChildren(el('option', { value: '', textContent: t().viewTowns }),
    ...towns.map((town, i) => el('option', { value: String(i), textContent: t().viewTown(townName(town)) })));
  select.value = view === null ? '' : String(towns.indexOf(view));
  select.onchange = () => {
    view = select.value === '' ? null : towns[Number(select.value)];
    renderView();
  };
  $('field-chart-township').hidden = towns.length < 2;
}

function renderReport() {
  const { result, ms } = last.report;
  const r = result.report;
  const c = t().reportCounts;
  $('report-headline').textContent = t().headline(r);
  $('report-counts').replaceChildren(...[
    [c.source, result.source === 'ledger' ? c.ledger : c.roster],
    ...(result.verified === null ? [] : [[c.verified, result.verified ? c.verifiedYes : c.verifiedNo], [c.findings, result.findingCount.toLocaleString()]]),
    [c.rows, result.rows.toLocaleString()], [c.problems, result.problemCount.toLocaleString()],
    [c.registered, r.total.registered.toLocaleString()], [c.covered, (r.total.insured + r.total.insuredElsewhere).toLocaleString()], [c.excluded, r.total.excluded.toLocaleString()],
    ...(result.previousRows !== null ? [[c.previousRows, result.previousRows.toLocaleString()]] : []),
    [c.time, t().seconds((ms / 1000).toFixed(1))],
  ].flatMap(([a, b]) => [el('dt', { textContent: a }), el('dd', { textContent: b })]));
  download($('report-download'), result.file, lang === 'zh' ? '参保进度通报.xlsx' : 'progress-report.xlsx');
  lineTable($('town-table'), [...r.townships, { ...r.total, unit: lang === 'zh' ? '全县合计' : 'County total', rank: 0 }], r);
  // The chart and the villages table: all townships, or the villages of the one chosen.
  viewOptions(r);
  renderView();
  $('groups-box').hidden = r.groups.length === 0;
  table($('group-table'), t().groupCols, r.groups.map((g) => [g.name, g.people, g.registered, g.covered, dash(g.rate), dash(g.target), dash(g.gap)]));
  // A ledger built without a policy: its groups and subsidies count only the ledger's people.
  $('groups-note').hidden = !r.groupsLedgerOnly;
  $('payments-note').hidden = !r.groupsLedgerOnly;
  $('payments-box').hidden = r.payments.length === 0;
  table($('payment-table'), t().paymentCols, r.payments.map((p) => [p.name, p.people, p.due, dash(p.paidPeople), dash(p.paid), dash(p.outstanding)]));
  $('follow-box').hidden = !result.followUp;
  if (result.followUp) {
    table($('follow-table'), t().followCols, result.followUp.map((f) => {
      const unit = f.village ? `${f.township ? `${f.township} · ` : ''}${f.village}` : (f.township || '—');
      const k = f.contacts;
      return [unit, f.people, k.paid, k.will_pay, k.refused, k.unreachable, k.elsewhere_place + k.employee_scheme, f.excluded, f.other, f.pending, f.dated];
    }));
  }
  $('findings-box').hidden = result.findings.length === 0;
  table($('findings-table'), t().findingCols, result.findings.slice(0, 200).map((f) => [f.unit || t().none, f.sheet ?? t().none, f.row ?? t().none, f.message]));
  $('report-problems-box').hidden = result.problems.length === 0;
  table($('report-problems'), t().problemCols, result.problems.slice(0, 200).map((p) => [p.sheet ?? t().none, p.row, p.message]));
  $('report-result').hidden = false;
}

function applyLanguage() {
  applyTexts(lang, t());
  document.title = baseTitle();
  $('base-label').textContent = document.querySelector('input[name="kind"]:checked').value === 'stock' ? t().baseStock : t().baseIncrement;
  if (policies.length) { policyOptions($('ledger-policy')); policyOptions($('report-policy')); }
  if (last.ledger) renderLedger();
  if (last.report) renderReport();
}

async function main() {
  // Files chosen while the page is still loading are kept and used when it is ready.
  for (const id of FILES) {
    const read = () => {
      const f = $(id).files[0];
      delete files[id];
      if (!f) return;
      pending[id] = f.arrayBuffer().then((b) => { files[id] = { name: f.name, bytes: new Uint8Array(b) }; })
        .finally(() => { delete pending[id]; });
    };
    $(id).addEventListener('change', read);
    if ($(id).files[0]) read();
  }
  for (const r of document.querySelectorAll('input[name="kind"]')) r.addEventListener('change', applyLanguage);
  applyLanguage();
  onLanguageToggle(() => lang, (next) => { lang = next; applyLanguage(); });
  $('ledger-run').addEventListener('click', runLedger);
  $('report-run').addEventListener('click', runReport);
  $('ledger-cancel').addEventListener('click', () => cancel('ledger'));
  $('report-cancel').addEventListener('click', () => cancel('report'));
  const calc = await import('./vendor/canbao/calc.js');
  ({ policies, remembered } = policyChoices(calc));
  policyOptions($('ledger-policy'));
  policyOptions($('report-policy'));
  // A policy chosen here is the other pages' choice too ("none" is this job's only).
  for (const id of ['ledger-policy', 'report-policy']) {
    $(id).addEventListener('change', () => { if ($(id).value !== '') rememberPolicy(policies[Number($(id).value)]); });
  }
  await startWorker();
}

main();

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('./sw.js').catch((e) => console.warn('offline support unavailable', e));
}
