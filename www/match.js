// The roster-matching page: a campaign secret (generated here or pasted), rosters turned into
// token files locally, and two token files compared, with a Venn picture and downloads.
// Everything runs in this page through canbao's tokens module (WebAssembly). The secret is
// kept in memory only: never stored, never put in a URL, never sent.

import { NO_WASM, wasmMissing, initialLang, applyTexts, onLanguageToggle, clearField, markField, fillSummary, readTextFile, setDownload, el, renderList } from './common.js';

const TEXT = {
  zh: {
    skip: '跳到主要内容', navHome: '首页', navIntake: '参保登记', navCalc: '计算器', navRoster: '台账核验', navMatch: '名单比对', navCampaign: '台账与进度',
    title: '名单比对（不交换身份证号）',
    lead: '各部门用同一个活动密钥，把名单中的身份证号、姓名等在本机转换成“令牌”，只交换令牌文件，再比对出未参保、重复参保的人。原始名单和密钥都不会离开这台电脑。',
    loading: '正在加载比对程序…', loadFailed: '比对程序加载失败，请刷新页面重试。',
    summaryTitle: '请修改以下问题', errorPrefix: '错误：',
    secretTitle: '1. 活动密钥', secretHint: '由一个部门生成，只交给参加比对的部门（当面或加密渠道）。不要放进网址、群聊或共享文件夹。',
    schemeLegend: '令牌算法', schemeSha: 'HMAC-SHA256', schemeSm3: 'HMAC-SM3（国密）',
    newSecret: '生成新密钥', secretLabel: '活动密钥', secretInputHint: '生成后复制保存；或粘贴其他部门给的密钥。',
    secretFileLabel: '或读取密钥文件', useSecret: '使用此密钥', secretDownload: '下载密钥文件', copySecret: '复制密钥', copied: '已复制到剪贴板',
    secretEmpty: '请生成或粘贴活动密钥', secretNeeded: '请先在第 1 步设定活动密钥',
    fingerprint: (scheme, fp) => `密钥已设定。密钥指纹（${scheme}）：${fp}。请与其他部门核对指纹是否一致（指纹不泄露密钥）。`,
    tokenizeTitle: '2. 把名单转换成令牌文件', rosterLabel: '名单文件（Excel 或 CSV）', rosterHint: '表头自动识别，与台账核验相同；令牌文件中的行引用就是表格中的行号。文件只在本机读取。',
    rosterEmpty: '请选择名单文件', rosterNoRows: '名单文件中没有数据行', rosterReading: '正在读取名单…',
    blankRows: (n) => `表头以下有 ${n} 个空行，未转换。`, rosterInfo: (h, n) => `表头在第 ${h} 行，共 ${n} 个数据行。`,
    columnsLegend: '哪一列是什么', columnsHint: '已按表头自动识别，可以修改。不需要的字段选“不使用”。',
    columnsNone: '请至少选择一列（例如身份证号）', unused: '不使用',
    fields: { id: '证件号码', name: '姓名', birthDate: '出生日期', phone: '手机号码' },
    tokenizeButton: '生成令牌文件', tokenizeDone: '令牌文件已生成', tokensDownload: '下载令牌文件',
    rows: '行数', complete: '全部字段成功', withProblems: '有问题的行（无法生成的字段留空，行数不变）',
    rowProblem: (n, field, msg) => `第 ${n} 行 ${field}：${msg}`, moreProblems: (n) => `另有 ${n} 个问题，见下载的文件中空白的令牌。`,
    missingOptional: '缺少选填项的行（不算问题，令牌留空）', missingOptionalSummary: (n, fields) => `${n} 行缺少选填项（${fields}）`,
    missingRow: (n, fields) => `第 ${n} 行：${fields}`, listSep: '、', moreRows: (n) => `另有 ${n} 行。`,
    compareTitle: '3. 比对两个令牌文件', fileALabel: '名单 A（例如户籍人口）', fileBLabel: '名单 B（例如已参保人员）',
    ownALabel: '名单 A 的原表格（可不选；选了就在结果中显示姓名、乡镇和村）', ownBLabel: '名单 B 的原表格（可不选）',
    ownHint: '只在本机读取，按行号对回比对结果，不会放进令牌文件。', onlyATitle: '只在 A 的人（前 100 个）', ownCols: ['A 行号', '姓名', '乡镇（街道）', '村（社区）'], ownMissing: (n) => `名单 A 的原表格中找不到 ${n} 个比对结果的行号：请确认选的是制作令牌文件时用的同一个表格（同一个工作表）。`,
    fileEmpty: '请选择令牌文件', nameBirthLabel: '证件号码对不上时，再按“姓名 + 出生日期”比对',
    compareButton: '比对', compareDone: '比对结果', vennCaption: '两份名单的重合情况', compareDownload: '下载比对结果（CSV）',
    rowsA: '名单 A 行数', rowsB: '名单 B 行数', inBoth: '两份都有（A 的行数）', byName: '其中按姓名和出生日期对上',
    onlyA: '只在 A（例如未参保）', onlyB: '只在 B', dupA: 'A 中重复的组（例如重复参保）', dupB: 'B 中重复的组', unusable: '无法比对的行（号码缺失或无效）：A / B',
    vennOnlyA: '只在 A', vennBoth: '两份都有', vennOnlyB: '只在 B',
    howTitle: '这样做安全吗？',
    how1: '令牌是用密钥对号码做的带密钥哈希（HMAC）。没有密钥的人拿到令牌文件，无法算出身份证号，也无法把令牌和别处的号码对上。',
    how2: '持有密钥的人可以对任意号码计算令牌，从而确认某人是否在名单中：密钥只能给有权比对的部门。',
    how3: '不带密钥的普通哈希不安全：全部可能的身份证号约 10^11 个，一块显卡几秒就能算完。',
    footer: 'canbao：令牌在浏览器中生成和比对，不联网、不上传。',
    otherLang: 'English',
  },
  en: {
    skip: 'Skip to main content', navHome: 'Home', navIntake: 'Enrollment', navCalc: 'Calculator', navRoster: 'Roster check', navMatch: 'Roster matching', navCampaign: 'Ledgers and progress',
    title: 'Roster matching without exchanging ID numbers',
    lead: 'Departments share one campaign secret, turn the ID numbers, names and dates in their rosters into tokens on their own computers, exchange only the token files, and find who is unenrolled or enrolled twice. Neither the rosters nor the secret leave this computer.',
    loading: 'Loading the matcher…', loadFailed: 'The matcher could not be loaded. Reload the page and try again.',
    summaryTitle: 'There is a problem', errorPrefix: 'Error: ',
    secretTitle: '1. Campaign secret', secretHint: 'One department generates it and gives it only to the departments that match (in person or over an encrypted channel). Never put it in a URL, a group chat or a shared folder.',
    schemeLegend: 'Token scheme', schemeSha: 'HMAC-SHA256', schemeSm3: 'HMAC-SM3 (Chinese national standard)',
    newSecret: 'Generate a new secret', secretLabel: 'Campaign secret', secretInputHint: 'Copy and keep it after generating; or paste the secret another department gave you.',
    secretFileLabel: 'Or read a secret file', useSecret: 'Use this secret', secretDownload: 'Download the secret file', copySecret: 'Copy the secret', copied: 'Copied to the clipboard',
    secretEmpty: 'Generate or paste a campaign secret', secretNeeded: 'Set the campaign secret in step 1 first',
    fingerprint: (scheme, fp) => `Secret set. Key fingerprint (${scheme}): ${fp}. Check with the other departments that theirs is the same (the fingerprint does not reveal the secret).`,
    tokenizeTitle: '2. Turn a roster into a token file', rosterLabel: 'Roster file (Excel or CSV)', rosterHint: 'The header is recognized as in the roster check; the token file refers to rows by their row numbers in the sheet. The file is read on this computer only.',
    rosterEmpty: 'Choose a roster file', rosterNoRows: 'The roster has no data rows', rosterReading: 'Reading the roster…',
    blankRows: (n) => ` ${n} blank rows below the header were not turned into tokens.`, rosterInfo: (h, n) => `Header on row ${h}; ${n} data rows.`,
    columnsLegend: 'Which column is what', columnsHint: 'Recognized from the header; change it if needed. Choose “not used” for fields you do not need.',
    columnsNone: 'Choose at least one column (for example the ID number)', unused: 'not used',
    fields: { id: 'ID number', name: 'Name', birthDate: 'Date of birth', phone: 'Mobile number' },
    tokenizeButton: 'Make the token file', tokenizeDone: 'Token file ready', tokensDownload: 'Download the token file',
    rows: 'Rows', complete: 'Rows with every field', withProblems: 'Rows with problems (the failed fields are left empty; no row is dropped)',
    rowProblem: (n, field, msg) => `Row ${n}, ${field}: ${msg}`, moreProblems: (n) => `${n} more problems: see the empty tokens in the file.`,
    missingOptional: 'Rows missing optional values (not problems; the tokens are left empty)', missingOptionalSummary: (n, fields) => `${n} ${n === 1 ? 'row' : 'rows'} missing optional values (${fields})`,
    missingRow: (n, fields) => `Row ${n}: ${fields}`, listSep: ', ', moreRows: (n) => `${n} more rows.`,
    compareTitle: '3. Compare two token files', fileALabel: 'Roster A (e.g. registered population)', fileBLabel: 'Roster B (e.g. insured people)',
    ownALabel: 'Roster A’s own table (optional: shows names, townships and villages in the result)', ownBLabel: 'Roster B’s own table (optional)',
    ownHint: 'Read on this computer only and joined to the findings by row number; never put in a token file.', onlyATitle: 'Only in A (first 100)', ownCols: ['Row in A', 'Name', 'Township', 'Village'], ownMissing: (n) => `${n} row numbers of the findings are not in roster A’s table: check that it is the table (and sheet) the token file was made from.`,
    fileEmpty: 'Choose a token file', nameBirthLabel: 'Where ID numbers do not match, also match name + date of birth',
    compareButton: 'Compare', compareDone: 'Result', vennCaption: 'How the two rosters overlap', compareDownload: 'Download the findings (CSV)',
    rowsA: 'Rows in A', rowsB: 'Rows in B', inBoth: 'In both (rows of A)', byName: 'of which by name and date of birth',
    onlyA: 'Only in A (e.g. unenrolled)', onlyB: 'Only in B', dupA: 'Duplicate groups in A (e.g. enrolled twice)', dupB: 'Duplicate groups in B', unusable: 'Rows that could not be compared (missing or invalid values): A / B',
    vennOnlyA: 'Only A', vennBoth: 'Both', vennOnlyB: 'Only B',
    howTitle: 'Is this safe?',
    how1: 'A token is a keyed hash (HMAC) of the number. Without the secret, a token file reveals no ID number and cannot be linked to numbers elsewhere.',
    how2: 'Whoever holds the secret can compute the token of any number and so check whether a person is on a roster: give the secret only to departments entitled to match.',
    how3: 'A plain, unkeyed hash is not safe: there are about 10^11 possible ID numbers, which one graphics card hashes in seconds.',
    footer: 'canbao: tokens are made and compared in your browser, offline, never uploaded.',
    otherLang: '中文',
  },
};

const FIELDS = ['id', 'name', 'birthDate', 'phone'];
const INPUTS = ['secret', 'secret-file', 'roster', 'file-a', 'file-b', 'own-a', 'own-b'];

let lang = initialLang();
let tokens = null;
let secret = null; // the validated secret text, in memory only
let roster = null; // { name, header: [...], rows: [[...]] }
let last = null;
const $ = (id) => document.getElementById(id);
const t = () => TEXT[lang];
const scheme = () => document.querySelector('input[name="scheme"]:checked').value;
const baseTitle = () => `${t().title} — canbao`;

function clearErrors() {
  for (const f of INPUTS) clearField(f);
  $('field-columns').classList.remove('has-error');
  $('columns-error').hidden = true;
  $('error-summary').hidden = true;
  document.title = baseTitle();
}

function showErrors(problems) {
  clearErrors();
  for (const p of problems) {
    if (INPUTS.includes(p.field)) markField(p.field, p.message);
    if (p.field === 'columns') {
      $('field-columns').classList.add('has-error');
      $('columns-error').hidden = false;
      $('columns-error').textContent = p.message;
    }
  }
  const target = (f) => (f === 'columns' ? $('columns').querySelector('select') : $(f));
  fillSummary($('error-list'), problems.map((p) => ({ target: target(p.field), message: p.message })));
  $('error-summary').hidden = problems.length === 0;
  if (problems.length) {
    document.title = t().errorPrefix + baseTitle();
    $('error-summary').focus();
  }
}

// ---- secret ------------------------------------------------------------------------------------

function showFingerprint() {
  if (!secret) {
    $('secret-status').replaceChildren();
    $('copy-secret').hidden = true;
    $('secret-download').hidden = true;
    return;
  }
  const fp = tokens.keyFingerprint(secret, scheme(), { lang });
  $('secret-status').replaceChildren(el('p', { id: 'fingerprint', textContent: t().fingerprint(scheme(), fp) }));
  setDownload($('secret-download'), `${secret}\n`, `canbao-secret-${fp}.txt`, { type: 'text/plain' });
  $('copy-secret').hidden = !navigator.clipboard;
}

async function copySecret() {
  await navigator.clipboard.writeText(secret);
  $('secret-status').append(el('p', { className: 'notice', textContent: t().copied }));
}

function useSecret(text, field) {
  if (!text.trim()) return showErrors([{ field, message: t().secretEmpty }]);
  try {
    tokens.keyFingerprint(text, scheme(), { lang }); // validates
  } catch (e) {
    secret = null;
    showFingerprint();
    return showErrors([{ field, message: e.message }]);
  }
  secret = text.trim();
  clearErrors();
  showFingerprint();
}

// ---- tokenize ----------------------------------------------------------------------------------

function renderColumns() {
  const box = $('columns');
  const chosen = Object.fromEntries([...box.querySelectorAll('select')].map((s) => [s.dataset.field, s.value]));
  box.replaceChildren(...FIELDS.map((f) => {
    const select = el('select', { id: `column-${f}` });
    select.dataset.field = f;
    select.append(el('option', { value: '', textContent: t().unused }), ...roster.table.headers.map((h, i) => el('option', { value: String(i), textContent: h || `#${i + 1}` })));
    const guess = roster.table.mapping[f];
    select.value = chosen[f] ?? (guess === null || guess === undefined ? '' : String(guess));
    return el('div', { className: 'field-inline' }, el('label', { htmlFor: `column-${f}`, textContent: t().fields[f] }), select);
  }));
  $('field-columns').hidden = false;
}

/** The roster module (the roster tool's reader and header detection), loaded on first use. */
let rosterModule = null;

async function onRoster() {
  const file = $('roster').files[0];
  if (!file) return;
  roster = null;
  $('field-columns').hidden = true;
  $('roster-info').textContent = t().rosterReading;
  let table;
  try {
    rosterModule ??= await import('./vendor/canbao/roster.js');
    table = rosterModule.readTable(new Uint8Array(await file.arrayBuffer()), { lang });
  } catch (e) {
    $('roster-info').textContent = '';
    // A trap leaves the module unusable: load it afresh next time.
    if (!e?.code) rosterModule = null;
    return showErrors([{ field: 'roster', message: e?.code ? e.message : t().loadFailed }]);
  }
  if (table.rows.length === 0) {
    $('roster-info').textContent = '';
    return showErrors([{ field: 'roster', message: t().rosterNoRows }]);
  }
  clearErrors();
  roster = { name: file.name.replace(/\.[^.]+$/, ''), table };
  $('roster-info').textContent = t().rosterInfo(table.headerRow, table.rows.length) + (table.blankRows ? t().blankRows(table.blankRows) : '');
  $('columns').replaceChildren();
  renderColumns();
}

/** A roster's own table, read with the roster tool's reader, as the cells to join to the
 * findings by row number: name, township, village (the columns its header names). */
async function ownTable(id) {
  const file = $(id).files[0];
  if (!file) return undefined;
  try {
    rosterModule ??= await import('./vendor/canbao/roster.js');
    const table = rosterModule.readTable(new Uint8Array(await file.arrayBuffer()), { lang });
    const roles = ['name', 'township', 'village'];
    const rows = {};
    table.rows.forEach((r, i) => { rows[table.rowNumbers[i]] = roles.map((role) => (table.mapping[role] === null ? '' : r[table.mapping[role]] ?? '')); });
    return { headers: t().ownCols.slice(1), rows };
  } catch (e) {
    if (!e?.code) rosterModule = null;
    throw { field: id, message: e?.code ? e.message : t().loadFailed };
  }
}

/** Whether a tokenizing problem is only an empty optional cell. The ID number is what rows are
 * matched on: empty, it is a problem; without an ID column, name and birth date are (the
 * name + birth-date rule). Everything else (a phone) is optional. Empty: the library says so
 * (code empty), or the cell has nothing but spaces (a birth date says invalid_date). */
function isEmptyOptional(e, row, fields) {
  const key = fields.includes('id') ? ['id'] : ['name', 'birthDate'];
  if (key.includes(e.field)) return false;
  return e.code === 'empty' || e.code === 'name_empty' || String(row[e.field] ?? '').trim() === '';
}

function makeTokens() {
  const problems = [];
  if (!secret) problems.push({ field: 'secret', message: t().secretNeeded });
  if (!roster) problems.push({ field: 'roster', message: t().rosterEmpty });
  const mapping = roster ? FIELDS.map((f) => [f, $(`column-${f}`).value]).filter(([, v]) => v !== '') : [];
  if (roster && mapping.length === 0) problems.push({ field: 'columns', message: t().columnsNone });
  if (problems.length) return showErrors(problems);
  clearErrors();
  last = makeTokens;
  const fields = mapping.map(([f]) => f);
  const rows = roster.table.rows.map((r) => Object.fromEntries(mapping.map(([f, i]) => [f, r[Number(i)] ?? ''])));
  // References are the sheet's own row numbers, as in the roster tool.
  const result = tokens.tokenize(secret, scheme(), fields, rows, { lang, refs: roster.table.rowNumbers });
  // An empty optional cell (a phone, or a name and birth date beside the ID number) is noted
  // apart: a row whose only notes are empty optional cells is not a problem row.
  const sorted = result.rows.map((r, i) => {
    const empty = r.errors.filter((e) => isEmptyOptional(e, rows[i], fields));
    return { ref: r.ref, problems: r.errors.filter((e) => !empty.includes(e)), empty: empty.map((e) => e.field) };
  });
  const withProblems = sorted.filter((r) => r.problems.length);
  const missing = sorted.filter((r) => r.empty.length);
  renderList($('tokenize-summary'), [[t().rows, String(result.rows.length)], [t().complete, String(result.complete)], [t().withProblems, String(withProblems.length)], [t().missingOptional, String(missing.length)]]);
  const items = withProblems.flatMap((r) => r.problems.map((e) => t().rowProblem(r.ref, t().fields[e.field], e.message)));
  const list = el('ul', { id: 'problem-list' }, ...items.slice(0, 20).map((s) => el('li', { textContent: s })));
  const names = (fs) => fs.map((f) => t().fields[f]).join(t().listSep);
  const missingFields = FIELDS.filter((f) => missing.some((r) => r.empty.includes(f)));
  const optional = el('details', { id: 'missing-optional', className: 'missing-optional' },
    el('summary', { textContent: t().missingOptionalSummary(missing.length, names(missingFields)) }),
    el('ul', {}, ...missing.slice(0, 100).map((r) => el('li', { textContent: t().missingRow(r.ref, names(r.empty)) }))),
    ...(missing.length > 100 ? [el('p', { textContent: t().moreRows(missing.length - 100) })] : []));
  $('tokenize-problems').replaceChildren(...(items.length ? [list] : []), ...(items.length > 20 ? [el('p', { textContent: t().moreProblems(items.length - 20) })] : []),
    ...(missing.length ? [optional] : []));
  setDownload($('tokens-download'), tokens.writeTokenFile(result, 'csv'), `${roster.name}.tokens.csv`);
  $('tokenize-result').hidden = false;
  $('tokenize-result').focus();
}

// ---- compare -----------------------------------------------------------------------------------

/** Two overlapping circles with the three counts written in them. */
function venn(c) {
  const NS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 420 200');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', 'venn-caption venn-text');
  svg.classList.add('venn');
  const add = (tag, attrs, text) => {
    const n = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
    if (text !== undefined) n.textContent = text;
    svg.append(n);
    return n;
  };
  add('desc', { id: 'venn-text' }, `${t().vennOnlyA} ${c.counts.onlyA}, ${t().vennBoth} ${c.counts.inBoth}, ${t().vennOnlyB} ${c.counts.onlyB}`);
  add('circle', { cx: 150, cy: 100, r: 90, class: 'set-a' });
  add('circle', { cx: 270, cy: 100, r: 90, class: 'set-b' });
  for (const [x, label, n] of [[95, t().vennOnlyA, c.counts.onlyA], [210, t().vennBoth, c.counts.inBoth], [325, t().vennOnlyB, c.counts.onlyB]]) {
    add('text', { x, y: 92, 'text-anchor': 'middle', class: 'venn-label' }, label);
    add('text', { x, y: 120, 'text-anchor': 'middle', class: 'venn-count' }, String(n));
  }
  return svg;
}

async function compareFiles() {
  const problems = [];
  const [a, b] = [$('file-a').files[0], $('file-b').files[0]];
  if (!a) problems.push({ field: 'file-a', message: t().fileEmpty });
  if (!b) problems.push({ field: 'file-b', message: t().fileEmpty });
  if (problems.length) return showErrors(problems);
  const [ta, tb] = await Promise.all([readTextFile(a), readTextFile(b)]);
  let joins;
  try {
    joins = await Promise.all(['own-a', 'own-b'].map(ownTable));
  } catch (e) {
    return showErrors([{ field: e.field, message: e.message }]);
  }
  let c;
  try {
    c = tokens.compareTokenFiles(ta, tb, { nameBirthDate: $('name-birth').checked, csv: true, lang, joinA: joins[0], joinB: joins[1] });
  } catch (e) {
    if (!e?.code) throw e;
    return showErrors([{ field: e.file === 'A' ? 'file-a' : 'file-b', message: e.message }]);
  }
  clearErrors();
  last = compareFiles;
  const n = c.counts;
  $('venn').replaceChildren(venn(c));
  renderList($('compare-summary'), [
    [t().rowsA, String(n.rowsA)], [t().rowsB, String(n.rowsB)],
    [t().inBoth, String(n.inBoth)], [t().byName, String(n.byRule.name_birth_date)],
    [t().onlyA, String(n.onlyA)], [t().onlyB, String(n.onlyB)],
    [t().dupA, String(n.duplicateGroupsA)], [t().dupB, String(n.duplicateGroupsB)],
    [t().unusable, `${n.unusableA} / ${n.unusableB}`],
  ]);
  setDownload($('compare-download'), c.csv, lang === 'zh' ? '比对结果.csv' : 'comparison.csv', { bom: true });
  // Who is only in A, by name and village from A's own table (when given).
  $('only-a-box').hidden = !joins[0] || c.onlyA.length === 0;
  if (joins[0]) {
    // Joined by row number only: say so when the table does not have the findings' rows.
    const refs = [...c.onlyA, ...c.inBoth.map((p) => p.refA)];
    const missing = refs.filter((ref) => !(ref in joins[0].rows)).length;
    $('own-warning').hidden = missing === 0;
    $('own-warning').textContent = missing ? t().ownMissing(missing) : '';
    const rows = c.onlyA.slice(0, 100).map((ref) => [ref, ...(joins[0].rows[ref] ?? [])]);
    $('only-a-table').replaceChildren(
      el('thead', {}, el('tr', {}, ...t().ownCols.map((h) => el('th', { scope: 'col', textContent: h })))),
      el('tbody', {}, ...rows.map((r) => el('tr', {}, ...t().ownCols.map((_, i) => el('td', { textContent: r[i] ?? '' }))))),
    );
  }
  $('compare-result').hidden = false;
  $('compare-result').focus();
}

// ---- page --------------------------------------------------------------------------------------

function applyLanguage() {
  applyTexts(lang, t());
  document.title = baseTitle();
  if (tokens) {
    showFingerprint();
    if (roster) renderColumns();
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
  const buttons = document.querySelectorAll('main button');
  for (const b of buttons) b.disabled = true;
  try {
    tokens = await import('./vendor/canbao/tokens.js');
  } catch (e) {
    $('loading').textContent = t().loadFailed;
    $('loading').dataset.i18n = 'loadFailed';
    $('loading').setAttribute('role', 'alert');
    if (wasmMissing()) $('loading').textContent = NO_WASM[lang];
    console.error(e);
    return;
  }
  $('loading').hidden = true;
  for (const b of buttons) b.disabled = false;
  $('new-secret').addEventListener('click', () => {
    $('secret').value = tokens.newCampaignSecret();
    useSecret($('secret').value, 'secret');
  });
  $('use-secret').addEventListener('click', () => useSecret($('secret').value, 'secret'));
  $('copy-secret').addEventListener('click', () => copySecret().catch((e) => console.warn('clipboard unavailable', e)));
  $('secret-file').addEventListener('change', async () => {
    const file = $('secret-file').files[0];
    if (!file) return;
    $('secret').value = (await readTextFile(file)).trim();
    useSecret($('secret').value, 'secret-file');
  });
  for (const r of document.querySelectorAll('input[name="scheme"]')) r.addEventListener('change', showFingerprint);
  $('roster').addEventListener('change', onRoster);
  $('tokenize-form').addEventListener('submit', (e) => { e.preventDefault(); makeTokens(); });
  $('compare-form').addEventListener('submit', (e) => { e.preventDefault(); compareFiles(); });
  document.body.dataset.ready = 'true';
}

main();

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('./sw.js').catch((e) => console.warn('offline support unavailable', e));
}
