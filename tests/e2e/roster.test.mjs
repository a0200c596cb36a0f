// The roster tool in headless Chromium: a 1,000-row file uploaded (GBK CSV and xlsx), the job
// run in the Web Worker with progress to the end, the result downloaded and checked — and no
// request leaving the site.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setUp, openRecorded, assertPrivate, axeViolations } from './browser.mjs';

const require = createRequire(import.meta.url);
const { generateRoster, RosterJob } = require('canbao/roster');
const XLSX = require('@e965/xlsx');

const ctx = setUp(before, after);
const log = ctx.log;

const openPage = (options = {}) =>
  openRecorded(ctx.browser, `${ctx.server.url}roster.html`, log, { acceptDownloads: true, ...options });

async function runAndDownload(page) {
  await page.click('#run');
  await page.waitForSelector('#result:not([hidden])', { timeout: 60_000 });
  const progress = await page.$eval('#progress', (p) => [p.value, p.max]);
  assert.equal(progress[0], progress[1], 'the progress bar reached the end');
  assert.equal(await page.isVisible('#progress-box'), false, 'and gave way to the result');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  return readFileSync(await download.path());
}

test('a 1,000-row GBK CSV: columns recognized, checked in the worker, CSV result with every row', async () => {
  const page = await openPage();
  const csv = Buffer.from(generateRoster(1000, { format: 'csv', gbk: true, seed: 11, damagedPercent: 10 }));
  await page.setInputFiles('#roster-file', { name: '台账.csv', mimeType: 'text/csv', buffer: csv });
  await page.waitForSelector('#map-section:not([hidden])');
  assert.match(await page.textContent('#file-info'), /GBK.*第 1 行.*1,000 行/);
  assert.equal(await page.inputValue('#role-id'), '4');
  assert.equal(await page.inputValue('#role-village'), '2');
  await page.check('input[name="format"][value="csv"]');
  const out = (await runAndDownload(page)).toString('utf8');
  assert.ok(out.startsWith('\uFEFF'), 'UTF-8 with a BOM for Excel');
  const lines = out.trim().split('\r\n');
  assert.equal(lines.length, 1001, 'rows in = rows out');
  assert.match(lines[0], /公民身份号码.*核验状态,问题说明/);
  // The problem rows alone, each led by its row number in the original sheet.
  const [only] = await Promise.all([page.waitForEvent('download'), page.click('#download-problems')]);
  assert.match(only.suggestedFilename(), /问题行\.csv$/);
  const problemText = readFileSync(await only.path(), 'utf8');
  assert.ok(problemText.startsWith('\uFEFF原表行号,'), 'UTF-8 with a BOM, the row number first');
  const problemLines = problemText.trim().split('\r\n');
  assert.ok(problemLines.length > 1 && problemLines.slice(1).every((l) => /^\d+,/.test(l)));
  const counts = await page.$$eval('#result-counts dd', (dds) => dds.map((d) => d.textContent));
  assert.equal(counts[0], '1000');
  assert.equal(Number(counts[1]) + Number(counts[2]) + Number(counts[3]), 1000);
  assert.ok(Number(counts[3]) > 0, 'damaged rows are errors');
  const firstProblem = await page.$eval('#problems tbody tr', (tr) => [...tr.cells].map((c) => c.textContent));
  const row = Number(firstProblem[0].match(/\d+/)[0]);
  assert.equal(firstProblem[0], `第 ${row} 行`);
  assert.ok(lines[row - 1].includes(firstProblem[2].split('；')[0]), `row ${row} of the file carries its message`);

  // Jump to the row: its original cells under their headers, the one at fault marked in words.
  await page.click('#problems tbody tr a');
  await page.waitForSelector('#row-detail:not([hidden])');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'row-detail');
  assert.match(await page.textContent('#row-detail-title'), new RegExp(`第 ${row} 行（(错误|提示)）`));
  assert.equal(await page.textContent('#row-detail-message'), firstProblem[2]);
  const detail = await page.$$eval('#row-detail-cells dt', (dts) => dts.map((dt) => [dt.textContent, dt.nextElementSibling.textContent, dt.nextElementSibling.classList.contains('cell-problem')]));
  assert.deepEqual(detail.map(([h]) => h), lines[0].split(',').slice(0, 8));
  const original = lines[row - 1].split(',').slice(0, 8);
  for (const [k, [, value, atFault]] of detail.entries()) {
    assert.equal(value.replace('（此项有问题）', ''), original[k].replace(/^"|"$/g, ''), `cell ${k}`);
    assert.equal(value.endsWith('（此项有问题）'), atFault);
  }
  assert.ok(detail.some(([, , atFault]) => atFault), 'the cell at fault is marked');
  assert.equal(await page.getAttribute('#row-detail-back', 'href'), `#problem-row-${row}`);
  await page.context().close();
});

test('an xlsx roster: annotated workbook back, original columns untouched, summary sheet', async () => {
  const page = await openPage();
  const xlsx = Buffer.from(generateRoster(1000, { format: 'xlsx', seed: 5, damagedPercent: 10 }));
  await page.setInputFiles('#roster-file', { name: 'roster.xlsx', buffer: xlsx, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  await page.waitForSelector('#map-section:not([hidden])');
  const out = await runAndDownload(page);
  const back = new RosterJob(new Uint8Array(out), { sheet: '台账' }).info();
  assert.equal(back.total, 1000);
  assert.deepEqual(back.headers.slice(0, 8), ['序号', '乡镇', '村（社区）', '姓名', '公民身份号码', '联系电话', '人员类别', '参保状态']);
  assert.equal(back.headers[8], '核验状态');
  const original = new RosterJob(new Uint8Array(xlsx)).info();
  assert.deepEqual(original.headers, back.headers.slice(0, 8));
  assert.ok(new RosterJob(new Uint8Array(out), { sheet: '汇总', headerRow: 1, mapping: { name: 0 } }).info().total > 5, 'a summary sheet');
  // An independent reader (SheetJS) finds every cell where it belongs: the sheet leaves out
  // the reference of a cell that follows another, so positions must come out right.
  const grid = (bytes, sheet) => XLSX.utils.sheet_to_json(XLSX.read(bytes, { dense: true }).Sheets[sheet] ?? assert.fail(`no sheet ${sheet}`), { header: 1, raw: false, defval: '' });
  const sheetIn = grid(xlsx, '台账');
  const sheetOut = grid(out, '台账');
  assert.equal(sheetOut.length, sheetIn.length, 'rows in = rows out');
  const col = (name) => sheetOut[0].indexOf(name);
  let valid = 0;
  for (const [r, row] of sheetIn.entries()) {
    assert.deepEqual(sheetOut[r].slice(0, 8), [...row, ...Array(8).fill('')].slice(0, 8), `row ${r + 1}`);
    if (r === 0) continue;
    assert.match(sheetOut[r][col('核验状态')], /^(正常|提示|错误)$/, `row ${r + 1}`);
    if (sheetOut[r][col('标准证件号码')]) {
      valid += 1;
      if (/^\d{17}[\dX]$/i.test(row[4])) assert.equal(sheetOut[r][col('标准证件号码')], row[4].toUpperCase(), `row ${r + 1}`);
      assert.match(sheetOut[r][col('出生日期')], /^\d{4}-\d{2}-\d{2}$/, `row ${r + 1}`);
    }
  }
  assert.ok(valid > 800, `${valid} rows with a standard ID`);
  assert.equal(await page.$$eval('#unit-chart svg rect', (r) => r.length) > 0, true);
  await page.context().close();
});

test('the sample roster, cancel mid-way, and a file with no header', async () => {
  const page = await openPage();
  await page.click('#sample');
  await page.waitForSelector('#map-section:not([hidden])');
  assert.match(await page.textContent('#file-info'), /1,000/);
  // A big file, so that the job is still running when it is cancelled.
  const big = Buffer.from(generateRoster(200_000, { format: 'csv', seed: 3 }));
  await page.setInputFiles('#roster-file', { name: 'big.csv', mimeType: 'text/csv', buffer: big });
  await page.waitForFunction(() => /200,000/.test(document.getElementById('file-info').textContent));
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.click('#run');
  // While the file is read again the bar is indeterminate (no value), then it counts rows.
  assert.equal(await page.$eval('#progress', (p) => p.hasAttribute('value')), false);
  await page.waitForFunction(() => { const p = document.getElementById('progress'); return p.value > 0 && p.value < p.max; });
  const box = await page.$eval('#progress-box', (b) => { const r = b.getBoundingClientRect(); return [r.top, r.bottom]; });
  assert.ok(box[0] >= 0 && box[1] <= 768, `the progress bar is in view at 1366×768 (${box})`);
  await page.click('#cancel');
  await page.waitForSelector('#cancel', { state: 'hidden' });
  assert.equal(await page.isVisible('#result'), false);
  assert.equal(await page.isVisible('#progress-box'), false);
  await page.waitForSelector('body[data-ready="true"]');
  // The file is read again after a cancel; the message stays.
  await page.waitForFunction(() => /200,000/.test(document.getElementById('file-info').textContent));
  assert.equal(await page.textContent('#job-status'), '已取消。可以重新开始。');
  await page.setInputFiles('#roster-file', { name: 'x.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n') });
  await page.waitForSelector('#error-summary:not([hidden])');
  assert.match(await page.textContent('#error-list'), /找不到表头/);
  await page.context().close();
});

test('a workbook that makes the reader trap: reported as unreadable, the worker replaced, the next file works', async () => {
  const page = await openPage();
  await page.setInputFiles('#roster-file', { name: '损坏.xls', mimeType: 'application/vnd.ms-excel', buffer: readFileSync('tests/fixtures/reader-panic.xls') });
  await page.waitForSelector('#error-summary:not([hidden])');
  assert.match(await page.textContent('#error-list'), /无法读取此 Excel 文件：文件已损坏或不是 Excel 文件/);
  await page.waitForSelector('body[data-ready="true"]');
  await page.click('#sample');
  await page.waitForSelector('#map-section:not([hidden])');
  assert.match(await page.textContent('#file-info'), /1,000/);
  const out = await runAndDownload(page);
  assert.equal(out.subarray(0, 2).toString(), 'PK');
  await page.context().close();
});

test('no accessibility violations (axe-core) with a result shown', async () => {
  const page = await openPage({ bypassCSP: true });
  const run = () => axeViolations(page);
  assert.deepEqual(await run(), []);
  await page.click('#sample');
  await page.waitForSelector('#map-section:not([hidden])');
  await page.click('#run');
  await page.waitForSelector('#result:not([hidden])', { timeout: 60_000 });
  assert.deepEqual(await run(), []);
  await page.click('#problems tbody tr a');
  await page.waitForSelector('#row-detail:not([hidden])');
  assert.deepEqual(await run(), [], 'with a problem row shown');
  await page.context().close();
});

test('the policy chosen at the intake desk is the one the roster page opens on (and the calculator and the ledgers)', async () => {
  const desk = await openRecorded(ctx.browser, `${ctx.server.url}intake.html`, log);
  await desk.waitForSelector('body[data-calc="true"]');
  const context = desk.context();
  /** Another page of the site, in the same browser: the policy each of its pickers shows. */
  const shown = async (path, selects) => {
    const page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && log.consoleErrors.push(m.text()));
    page.on('pageerror', (e) => log.consoleErrors.push(String(e)));
    await page.goto(`${ctx.server.url}${path}`);
    await page.waitForSelector('body[data-ready="true"]');
    const names = [];
    for (const s of selects) names.push(await page.$eval(s, (el) => el.selectedOptions[0]?.textContent));
    return { page, names };
  };
  // Nothing chosen anywhere yet: the roster page's own default.
  let roster = await shown('roster.html', ['#policy']);
  assert.deepEqual(roster.names, ['县级示例（2024 参保年度）']);
  await roster.page.close();
  // A bundled policy chosen at the desk.
  await desk.selectOption('#policy', 'cn-national-2026');
  const national = '全国最低标准（2026 参保年度）';
  roster = await shown('roster.html', ['#policy']);
  assert.deepEqual(roster.names, [national]);
  await roster.page.close();
  const calc = await shown('calc.html', ['#preset']);
  assert.deepEqual(calc.names, [national]);
  await calc.page.close();
  const campaign = await shown('campaign.html', ['#ledger-policy', '#report-policy']);
  assert.deepEqual(campaign.names, [national, national]);
  await campaign.page.close();
  // The county's own file loaded at the desk: offered, chosen, and used by the roster check.
  await desk.setInputFiles('#policy-file', new URL('../fixtures/intake-county-2027.json', import.meta.url).pathname);
  await desk.waitForFunction(() => document.getElementById('township').tagName === 'SELECT');
  roster = await shown('roster.html', ['#policy']);
  assert.deepEqual(roster.names, ['测试县（2027 参保年度）']);
  await roster.page.click('#sample');
  await roster.page.waitForSelector('#map-section:not([hidden])');
  await roster.page.click('#run');
  await roster.page.waitForSelector('#result:not([hidden])', { timeout: 60_000 });
  assert.match(await roster.page.textContent('#result-counts'), /计入预算人数/, 'priced by the desk’s policy');
  // Chosen on the roster page, it is the desk's choice next time.
  await roster.page.selectOption('#policy', { label: '菏泽市定陶区（2024 参保年度）' });
  await roster.page.close();
  await desk.reload();
  await desk.waitForSelector('body[data-calc="true"]');
  assert.equal(await desk.inputValue('#policy'), 'dingtao-2024');
  await context.close();
});

test('no request leaves the page origin or carries data; the console is clean', () => {
  assertPrivate(assert, log, new URL(ctx.server.url).origin);
});

test('a file chosen while the page is still loading is read once it is ready', async () => {
  const context = await ctx.browser.newContext();
  const page = await context.newPage();
  // Hold the calculations module back so that the page is not ready when the file is chosen.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/vendor/canbao/calc.js', async (route) => { await held; await route.continue(); });
  await page.goto(`${ctx.server.url}roster.html`);
  await page.waitForSelector('#roster-file');
  assert.notEqual(await page.getAttribute('body', 'data-ready'), 'true');
  const csv = Buffer.from('姓名,公民身份号码\n张三,11010519491231002X\n');
  await page.setInputFiles('#roster-file', { name: '早选.csv', mimeType: 'text/csv', buffer: csv });
  release();
  await page.waitForSelector('#map-section:not([hidden])');
  assert.match(await page.textContent('#file-info'), /1 行/);
  await context.close();
});
