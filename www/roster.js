// The roster tool: a county roster (Excel or CSV) checked row by row in a Web Worker, with
// progress and cancel, then downloaded as the same table with results and a summary. The
// heavy roster module loads only here, inside the worker. Nothing leaves the computer.

import { initialLang, applyTexts, onLanguageToggle, clearField, markField, fillSummary, setDownload, el, policyChoices, rememberPolicy } from './common.js';

const TEXT = {
  zh: {
    skip: '跳到主要内容', navHome: '首页', navIntake: '参保登记', navCalc: '计算器', navRoster: '台账核验', navMatch: '名单比对', navCampaign: '台账与进度',
    title: '台账核验', lead: '选择县里下发的台账（Excel 或 CSV），逐行核验身份证号、计算资助和个人应缴，得到标注好问题的同一份表格。文件只在本机处理，不会上传。',
    summaryTitle: '请修改以下问题', errorPrefix: '错误：',
    fileTitle: '1. 选择台账', fileLabel: '台账文件（.xlsx、.xls 或 .csv）', fileHint: 'CSV 可以是 UTF-8 或 GBK 编码。',
    sample: '没有文件？生成一份示例台账（1000 行，虚构数据）', loadingModule: '正在加载核验程序…',
    mapTitle: '2. 确认各列', sheetLabel: '工作表', columnsLegend: '哪一列是什么（已按表头自动识别）',
    roles: { name: '姓名', id: '证件号码', phone: '手机号码', group: '人员类别', township: '乡镇（街道）', village: '村（社区）', status: '参保状态', birthDate: '出生日期', exclusion: '剔除原因', birthCertificate: '出生医学证明编号', guardianId: '监护人证件号码' },
    unused: '不使用', policyLabel: '按哪个政策计算资助和个人应缴', noPolicy: '不计算',
    secretLabel: '活动密钥（可不填；填写后增加证件号令牌列，用于名单比对）',
    formatLegend: '结果文件格式', formatXlsx: 'Excel（标注问题，含汇总表）', formatCsv: 'CSV（更快，适合大文件）',
    run: '开始核验', cancel: '取消', progressLabel: '核验进度',
    progress: (done, total, eta) => `已核验 ${done.toLocaleString()} / ${total.toLocaleString()} 行${eta ? `，约剩 ${eta} 秒` : ''}`,
    reading: '正在读取文件…', writing: '正在写出结果文件…', cancelled: '已取消。可以重新开始。',
    fileInfo: (i) => `${i.format.toUpperCase()}${i.encoding ? `（${i.encoding === 'gb18030' ? 'GBK' : 'UTF-8'}）` : ''}，表头在第 ${i.headerRow} 行，共 ${i.total.toLocaleString()} 行数据。`,
    resultTitle: '3. 核验结果', download: '下载核验结果', downloadProblems: '只下载有问题的行（CSV，含原表行号）', unitCaption: '各村（社区）有问题的行数：条长为错误与提示合计，数字为“错误 / 提示”',
    problemsTitle: '有问题的行', problemCols: ['行号', '状态', '问题说明'], statuses: { warning: '提示', error: '错误' },
    counts: { rows: '行数', ok: '正常', warning: '提示', error: '错误', payable: '个人应缴合计', subsidy: '资助合计', budgetPeople: '计入预算人数', excludedInvalid: '未计入预算：有错误的行', excludedDuplicates: '未计入预算：重复出现（只计首次）', excludedNotStated: '未计入预算：政策未规定资助标准', excludedOutOfScheme: '未计入预算：已剔除或在外地参保', coverage: '参保率（按参保状态列）', time: '用时' },
    seconds: (s) => `${s} 秒`, more: (n) => `只列出前 ${n} 行，完整结果见下载的文件。`,
    rowLink: (n) => `第 ${n} 行`, rowTitle: (n, status) => `第 ${n} 行（${status}）`, column: (c) => `第 ${c + 1} 列`,
    atFault: '（此项有问题）', back: '返回问题列表',
    noFile: '请选择台账文件', noId: '请指定证件号码所在的列',
    unreadable: '无法读取此 Excel 文件：文件已损坏或不是 Excel 文件。请在 Excel 中打开并另存为 .xlsx 后再试',
    internalError: '处理时出错，已重新准备好。请再试一次；如仍出错，请把此文件另存为 .xlsx 或 CSV 后再试',
    footer: 'canbao：台账在浏览器中核验，不联网、不上传。', otherLang: 'English',
  },
  en: {
    skip: 'Skip to main content', navHome: 'Home', navIntake: 'Enrollment', navCalc: 'Calculator', navRoster: 'Roster check', navMatch: 'Roster matching', navCampaign: 'Ledgers and progress',
    title: 'Roster check', lead: 'Choose the county’s roster (Excel or CSV): every row’s ID is checked and the subsidy and payable amount computed, and you get the same table back with the problems marked. The file is processed on this computer only, never uploaded.',
    summaryTitle: 'There is a problem', errorPrefix: 'Error: ',
    fileTitle: '1. Choose the roster', fileLabel: 'Roster file (.xlsx, .xls or .csv)', fileHint: 'CSV files may be UTF-8 or GBK.',
    sample: 'No file? Generate a sample roster (1,000 rows, made-up data)', loadingModule: 'Loading the checker…',
    mapTitle: '2. Check the columns', sheetLabel: 'Sheet', columnsLegend: 'Which column is what (recognized from the header)',
    roles: { name: 'Name', id: 'ID number', phone: 'Mobile number', group: 'Assistance group', township: 'Township', village: 'Village / community', status: 'Enrollment status', birthDate: 'Date of birth', exclusion: 'Exclusion reason', birthCertificate: 'Birth certificate number', guardianId: "Guardian's ID number" },
    unused: 'not used', policyLabel: 'Policy for subsidies and payable amounts', noPolicy: 'none',
    secretLabel: 'Campaign secret (optional: adds an ID token column for roster matching)',
    formatLegend: 'Result file', formatXlsx: 'Excel (problems marked, with a summary sheet)', formatCsv: 'CSV (faster, for big files)',
    run: 'Check the roster', cancel: 'Cancel', progressLabel: 'Progress',
    progress: (done, total, eta) => `${done.toLocaleString()} of ${total.toLocaleString()} rows checked${eta ? `, about ${eta} s left` : ''}`,
    reading: 'Reading the file…', writing: 'Writing the result file…', cancelled: 'Cancelled. You can start again.',
    fileInfo: (i) => `${i.format.toUpperCase()}${i.encoding ? ` (${i.encoding === 'gb18030' ? 'GBK' : 'UTF-8'})` : ''}, header on row ${i.headerRow}, ${i.total.toLocaleString()} data rows.`,
    resultTitle: '3. Result', download: 'Download the result', downloadProblems: 'Download the problem rows only (CSV, with their row numbers)', unitCaption: 'Rows with problems by village: bar length is errors plus warnings, figures are “errors / warnings”',
    problemsTitle: 'Rows with problems', problemCols: ['Row', 'Status', 'Problems'], statuses: { warning: 'Warning', error: 'Error' },
    counts: { rows: 'Rows', ok: 'OK', warning: 'Warnings', error: 'Errors', payable: 'Payable, total', subsidy: 'Subsidies, total', budgetPeople: 'People in the budget', excludedInvalid: 'Not in the budget: rows with an error', excludedDuplicates: 'Not in the budget: later copies of a person', excludedNotStated: 'Not in the budget: subsidy not stated in the policy', excludedOutOfScheme: 'Not in the budget: excluded or insured elsewhere', coverage: 'Coverage (status column)', time: 'Time' },
    seconds: (s) => `${s} s`, more: (n) => `Only the first ${n} rows are listed: the downloaded file has them all.`,
    rowLink: (n) => `Row ${n}`, rowTitle: (n, status) => `Row ${n} (${status})`, column: (c) => `Column ${c + 1}`,
    atFault: ' (problem here)', back: 'Back to the list of problems',
    noFile: 'Choose a roster file', noId: 'Choose the column with the ID numbers',
    unreadable: 'This Excel file cannot be read: it is damaged or not an Excel file. Open it in Excel, save it as .xlsx and retry',
    internalError: 'Something went wrong and the tool has been reset. Try again; if it fails again, save the file as .xlsx or CSV and retry',
    footer: 'canbao: rosters are checked in your browser, offline, never uploaded.', otherLang: '中文',
  },
};

// The column roles are the library's (the keys of the mapping it reports for a file).
const roles = () => Object.keys(info?.mapping ?? {});
let lang = initialLang();
let worker = null;
let file = null; // { name, bytes }
let info = null;
let policies = [];
let remembered = -1; // the policy chosen last on any page (the desk's), its index in policies
let last = null;
const $ = (id) => document.getElementById(id);
const t = () => TEXT[lang];
const baseTitle = () => `${t().title} — canbao`;

function showErrors(problems) {
  for (const f of ['roster-file', 'secret']) clearField(f);
  for (const p of problems) if (['roster-file', 'secret'].includes(p.field)) markField(p.field, p.message);
  fillSummary($('error-list'), problems.map((p) => ({ target: $(p.field) ?? $('roster-file'), message: p.message })));
  $('error-summary').hidden = problems.length === 0;
  document.title = (problems.length ? t().errorPrefix : '') + baseTitle();
  if (problems.length) $('error-summary').focus();
}

/** A fresh worker; its module (the heavy one) loads inside it. */
function startWorker() {
  worker?.terminate();
  worker = new Worker(new URL('./roster-worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = ({ data }) => handlers[data.type]?.(data);
  worker.onerror = (e) => showErrors([{ field: 'roster-file', message: e.message || 'worker error' }]);
  return new Promise((resolve) => { handlers.ready = () => { document.body.dataset.ready = 'true'; resolve(); }; });
}

const handlers = {
  info: ({ info: i }) => { info = i; renderMapping(); },
  error: ({ code, message, trapped }) => {
    $('progress-box').hidden = true;
    $('cancel').hidden = true;
    $('run').disabled = false;
    // A trapped module is replaced before the next job; its own message is not for people.
    if (trapped) {
      document.body.dataset.ready = 'false';
      startWorker();
      message = code === 'unreadable_workbook' ? t().unreadable : t().internalError;
    }
    showErrors([{ field: code && code.startsWith('secret') ? 'secret' : 'roster-file', message }]);
  },
  progress: ({ done, total, ms }) => {
    const bar = $('progress');
    bar.max = total || 1;
    // While the file is written there is nothing to count: the bar is indeterminate.
    if (done < total) bar.value = done;
    else bar.removeAttribute('value');
    const eta = done > 0 && done < total ? Math.ceil(((total - done) * ms) / done / 1000) : 0;
    $('progress-text').textContent = done < total ? t().progress(done, total, eta) : t().writing;
  },
  done: ({ result, ms }) => {
    $('progress').value = $('progress').max;
    $('cancel').hidden = true;
    $('run').disabled = false;
    $('progress-box').hidden = true;
    last = { result, ms };
    renderResult();
  },
  sample: ({ bytes }) => { file = { name: 'sample-roster.xlsx', bytes }; load(); },
};

function options() {
  const o = { lang };
  if (info) {
    o.mapping = Object.fromEntries(roles().map((r) => [r, $(`role-${r}`)?.value === '' ? null : Number($(`role-${r}`)?.value)]));
    o.headerRow = info.headerRow;
    if (info.sheet) o.sheet = $('sheet').value || info.sheet;
  }
  const p = $('policy').value;
  if (p !== '') o.policy = policies[Number(p)];
  if ($('secret').value.trim()) o.secret = $('secret').value.trim();
  return o;
}

function load(extra = {}) {
  showErrors([]);
  info = null;
  $('result').hidden = true;
  worker.postMessage({ type: 'load', bytes: file.bytes.slice(), options: { lang, ...extra } });
}

function renderMapping() {
  $('map-section').hidden = false;
  $('file-info').textContent = t().fileInfo(info);
  $('field-sheet').hidden = info.sheets.length < 2;
  $('sheet').replaceChildren(...info.sheets.map((s) => el('option', { value: s, textContent: s, selected: s === info.sheet })));
  $('columns').replaceChildren(...roles().map((r) => {
    const select = el('select', { id: `role-${r}` });
    select.append(el('option', { value: '', textContent: t().unused }), ...info.headers.map((h, i) => el('option', { value: String(i), textContent: h || `#${i + 1}` })));
    select.value = info.mapping[r] === null ? '' : String(info.mapping[r]);
    return el('div', { className: 'field-inline' }, el('label', { htmlFor: `role-${r}`, textContent: t().roles[r] ?? r }), select);
  }));
}

function renderPolicies() {
  const chosen = $('policy').value;
  $('policy').replaceChildren(el('option', { value: '', textContent: t().noPolicy }), ...policies.map((p, i) => el('option', { value: String(i), textContent: p.name[lang] ?? p.name.zh })));
  // The first time, the policy chosen on another page (the desk's), else the bundled county one.
  const first = remembered >= 0 ? remembered : Math.max(0, policies.findIndex((p) => p.id === 'county-example-2024'));
  $('policy').value = chosen || String(first);
}

function run() {
  if (!file) return showErrors([{ field: 'roster-file', message: t().noFile }]);
  if (info && $('role-id').value === '') return showErrors([{ field: 'roster-file', message: t().noId }]);
  showErrors([]);
  $('result').hidden = true;
  $('job-status').textContent = '';
  $('progress-box').hidden = false;
  // The file is read again with the chosen columns first: no row count yet, so indeterminate.
  $('progress').removeAttribute('value');
  $('progress-text').textContent = t().reading;
  $('progress-box').scrollIntoView({ block: 'nearest' });
  $('cancel').hidden = false;
  $('run').disabled = true;
  // Load again with the corrected mapping and options, then run.
  worker.postMessage({ type: 'load', bytes: file.bytes.slice(), options: options() });
  worker.postMessage({ type: 'run', format: document.querySelector('input[name="format"]:checked').value });
}

async function cancel() {
  await startWorker();
  $('progress-box').hidden = true;
  $('cancel').hidden = true;
  $('run').disabled = false;
  $('progress-text').textContent = '';
  // Its own line: the file is read again below, which rewrites the file's description.
  $('job-status').textContent = t().cancelled;
  load({ headerRow: info?.headerRow });
}

function renderResult() {
  const { result, ms } = last;
  const s = result.summary;
  const c = t().counts;
  const rows = [[c.rows, s.rows], [c.ok, s.byStatus.ok], [c.warning, s.byStatus.warning], [c.error, s.byStatus.error]];
  if (s.budget) {
    rows.push([c.budgetPeople, s.budget.people], [c.subsidy, s.budget.subsidy], [c.payable, s.budget.payable],
      [c.excludedInvalid, s.excluded.invalid], [c.excludedDuplicates, s.excluded.duplicates], [c.excludedNotStated, s.excluded.notStated], [c.excludedOutOfScheme, s.excluded.outOfScheme]);
  }
  if (s.coverage) rows.push([c.coverage, `${s.coverage.coverageRate}%`]);
  rows.push([c.time, t().seconds((ms / 1000).toFixed(1))]);
  $('result-counts').replaceChildren(...rows.flatMap(([k, v]) => [el('dt', { textContent: k }), el('dd', { textContent: String(v) })]));
  const format = document.querySelector('input[name="format"]:checked').value;
  const base = file.name.replace(/\.[^.]+$/, '');
  const link = $('download');
  if (link.href.startsWith('blob:')) URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(new Blob([result.file], { type: format === 'csv' ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
  link.download = `${base}.${lang === 'zh' ? '核验结果' : 'checked'}.${format}`;
  const only = $('download-problems');
  if (only.href.startsWith('blob:')) URL.revokeObjectURL(only.href);
  only.href = URL.createObjectURL(new Blob([result.problemsFile], { type: 'text/csv' }));
  only.download = `${base}.${lang === 'zh' ? '问题行' : 'problems'}.csv`;
  $('unit-chart').replaceChildren(unitChart(s.byUnit));
  const head = el('tr', {}, ...t().problemCols.map((h) => el('th', { scope: 'col', textContent: h })));
  const body = result.problems.slice(0, 200).map((p) => {
    const link = el('a', { href: '#row-detail', textContent: t().rowLink(p.row) });
    link.addEventListener('click', (e) => {
      e.preventDefault();
      showRow(p);
    });
    return el('tr', { id: `problem-row-${p.row}` }, el('td', {}, link), el('td', { textContent: t().statuses[p.status] }), el('td', { textContent: p.message }));
  });
  $('problems').replaceChildren(el('thead', {}, head), el('tbody', {}, ...body));
  if (result.problems.length > 200) $('problems').append(el('caption', { textContent: t().more(200) }));
  $('row-detail').hidden = true;
  $('result').hidden = false;
  $('result').focus();
}

/** Jump to one problem row: its original cells, the ones at fault marked in words. */
function showRow(p) {
  $('row-detail-title').textContent = t().rowTitle(p.row, t().statuses[p.status]);
  $('row-detail-message').textContent = p.message;
  const items = p.cells.flatMap((value, c) => {
    const atFault = p.columns.includes(c);
    const dd = el('dd', { textContent: value }, ...(atFault ? [el('strong', { textContent: t().atFault })] : []));
    if (atFault) dd.className = 'cell-problem';
    return [el('dt', { textContent: info?.headers?.[c] || t().column(c) }), dd];
  });
  $('row-detail-cells').replaceChildren(...items);
  const back = $('row-detail-back');
  back.href = `#problem-row-${p.row}`;
  $('row-detail').hidden = false;
  $('row-detail').focus();
}

/** Bars of rows with errors and warnings per unit (SVG; the numbers are written out). */
function unitChart(units) {
  const NS = 'http://www.w3.org/2000/svg';
  const shown = units.slice(0, 30);
  const max = Math.max(1, ...shown.map((u) => u.errors + u.warnings));
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', `0 0 560 ${shown.length * 26 + 8}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', 'unit-caption');
  svg.classList.add('bar-chart');
  const add = (tag, attrs, text) => {
    const n = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
    if (text !== undefined) n.textContent = text;
    svg.append(n);
  };
  shown.forEach((u, i) => {
    const y = 6 + i * 26;
    const w = (360 * (u.errors + u.warnings)) / max;
    const label = u.village ? `${u.township ? `${u.township} ` : ''}${u.village}` : (u.township || '—');
    add('text', { x: 114, y: y + 15, 'text-anchor': 'end' }, label.length > 9 ? `${label.slice(0, 8)}…` : label);
    add('rect', { x: 120, y, width: w, height: 20, class: 'fill' });
    add('text', { x: 126 + w, y: y + 15 }, `${u.errors} / ${u.warnings}`);
  });
  return svg;
}

function applyLanguage() {
  applyTexts(lang, t());
  document.title = baseTitle();
  if (policies.length) renderPolicies();
  if (info) renderMapping();
  if (last) renderResult();
}

async function main() {
  applyLanguage();
  onLanguageToggle(() => lang, (next) => { lang = next; applyLanguage(); });
  // A file chosen while the page is still loading is read as soon as it is ready.
  let ready = false;
  let pending = false;
  const onFile = async () => {
    const f = $('roster-file').files[0];
    if (!f) return;
    file = { name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) };
    if (ready) load();
    else pending = true;
  };
  $('roster-file').addEventListener('change', onFile);
  if ($('roster-file').files[0]) onFile();
  // The policy list comes from the small calculations module; the roster module stays in the worker.
  const calc = await import('./vendor/canbao/calc.js');
  ({ policies, remembered } = policyChoices(calc));
  renderPolicies();
  // A policy chosen here is the other pages' choice too ("none" is this check's only).
  $('policy').addEventListener('change', () => {
    if ($('policy').value !== '') rememberPolicy(policies[Number($('policy').value)]);
  });
  await startWorker();
  ready = true;
  if (pending && file) load();
  $('sample').addEventListener('click', () => worker.postMessage({ type: 'sample', rows: 1000, format: 'xlsx' }));
  $('sheet').addEventListener('change', () => load({ sheet: $('sheet').value }));
  $('run').addEventListener('click', run);
  $('cancel').addEventListener('click', cancel);
}

main();

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('./sw.js').catch((e) => console.warn('offline support unavailable', e));
}
