// Ledgers and progress in headless Chromium: two lists uploaded, the stock ledger built in the
// worker and downloaded (a sheet per village), filled in as a village would, read back into a
// progress report against the policy's target, with a chart that has axes, a legend and the
// target line — and no request leaving the site.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setUp, openRecorded, assertPrivate, axeViolations } from './browser.mjs';

const require = createRequire(import.meta.url);
const XLSX = require('@e965/xlsx');

const ctx = setUp(before, after);
const log = ctx.log;
const openPage = (options = {}) => openRecorded(ctx.browser, `${ctx.server.url}campaign.html`, log, { acceptDownloads: true, ...options });

/** A valid ID for region 110105, birth date yyyymmdd and sequence. */
function id18(birth, seq) {
  const body = `110105${birth}${String(seq).padStart(3, '0')}`;
  const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * W[i], 0);
  return body + '10X98765432'[sum % 11];
}

// Last year: 6 people in two townships (a 东村 in each), one with a bad ID; this year: 2 of them.
const P = [1, 2, 3, 4, 5].map((k) => id18(`198${k}0101`, 10 + k));
const LAST = `姓名,身份证号码,乡镇,村,人员类别
甲,${P[0]},城关镇,东村,低保
乙,${P[1]},城关镇,东村,
丙,${P[2]},河口镇,东村,特困人员
丁,${P[3]},河口镇,西村,
戊,110105198001010012,河口镇,西村,
己,${P[4]},城关镇,南村,
`;
const THIS = `姓名,身份证号码\n乙,${P[1]}\n己,${P[4]}\n`;

async function setFile(page, selector, name, text) {
  await page.setInputFiles(selector, { name, mimeType: 'text/csv', buffer: Buffer.from(text) });
}

test('stock ledger from two lists, filled in, read back into a progress report', async () => {
  // CSP bypassed only to inject axe-core at the end (the other tests keep the site's CSP).
  const page = await openPage({ bypassCSP: true });
  await page.waitForSelector('body[data-ready="true"]');
  await setFile(page, '#base-file', '2024参保.csv', LAST);
  await setFile(page, '#current-file', '2025参保.csv', THIS);
  await page.click('#ledger-run');
  await page.waitForSelector('#ledger-result:not([hidden])', { timeout: 60_000 });
  assert.equal(await page.isVisible('#ledger-progress-box'), false);
  const counts = await page.$$eval('#ledger-counts dd', (d) => d.map((x) => x.textContent));
  // 6 rows: 2 enrolled, 3 in the ledger, 1 without a valid ID, 0 copies.
  assert.deepEqual(counts.slice(0, 5), ['6', '2', '3', '1', '0']);
  const villages = await page.$$eval('#ledger-villages tbody tr', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  assert.deepEqual(villages, [['城关镇东村', '城关镇', '东村', '1'], ['河口镇东村', '河口镇', '东村', '1'], ['河口镇西村', '河口镇', '西村', '1']]);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#ledger-download')]);
  assert.equal(download.suggestedFilename(), '存量库台账.xlsx');
  const asBuilt = readFileSync(await download.path());
  const wb = XLSX.read(asBuilt);
  assert.deepEqual(wb.SheetNames, ['说明', '城关镇东村', '河口镇东村', '河口镇西村', '无法比对']);
  const sheet = wb.Sheets['城关镇东村'];
  assert.equal(sheet.J1.v, '联系结果');
  assert.equal(sheet.D2.v, '甲');
  assert.equal(sheet.I2.v, 2, 'the row number in last year’s list, as a number');
  // The villages fill in: 甲 paid, 丙 deceased.
  XLSX.utils.sheet_add_aoa(sheet, [['已缴费']], { origin: 'J2' });
  XLSX.utils.sheet_add_aoa(wb.Sheets['河口镇东村'], [[null, '死亡']], { origin: 'J2' });
  const filled = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' });

  await page.setInputFiles('#now-file', { name: '台账-已填.xlsx', mimeType: 'application/octet-stream', buffer: filled });
  // The county's own copy of the ledger as built: the returned file is checked against it.
  await page.setInputFiles('#ledger-file', { name: '存量库台账.xlsx', mimeType: 'application/octet-stream', buffer: asBuilt });
  const dingtao = await page.$eval('#report-policy', (s) => [...s.options].findIndex((o) => o.textContent.includes('定陶')));
  assert.ok(dingtao > 0);
  await page.selectOption('#report-policy', { index: dingtao });
  await page.click('#report-run');
  await page.waitForSelector('#report-result:not([hidden])', { timeout: 60_000 });
  // The villages' coverage: the 2 people already enrolled (乙, 己) and the 3 of the ledger;
  // 丙 excluded: 3 of 4 covered = 75.00%; 定陶's target is 100%: 1 more needed.
  assert.equal(await page.textContent('#report-headline'), '全县参保率 75.00%；目标 100%，还需参保 1 人。');
  const towns = await page.$$eval('#town-table tbody tr', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  assert.deepEqual(towns.map((r) => r.slice(0, 6)), [
    ['城关镇', '1', '3', '3', '0', '100.00'],
    ['河口镇', '2', '1', '0', '1', '0.00'],
    ['全县合计', '—', '4', '3', '1', '75.00'],
  ]);
  // The chart: labelled axes, a legend and the target line.
  const chart = await page.$eval('#town-chart svg', (svg) => ({
    texts: [...svg.querySelectorAll('text')].map((t) => t.textContent),
    bars: svg.querySelectorAll('rect.fill').length,
    target: svg.querySelectorAll('line.target').length,
  }));
  assert.ok(chart.texts.includes('参保率（%）') && chart.texts.includes('乡镇（街道）'), 'axis titles');
  assert.ok(chart.texts.includes('参保率') && chart.texts.includes('目标 100%'), 'legend');
  assert.equal(chart.bars, 2 + 1, 'a bar per township, and the legend’s swatch');
  assert.equal(chart.target, 2, 'the target line, and the legend’s');
  const summary = await page.$$eval('#report-counts dd', (d) => d.map((x) => x.textContent));
  assert.equal(summary[1], '已用原始台账核验');
  // An honest return: the one exclusion is listed for the county to check, nothing else.
  assert.equal(summary[2], '1');
  const listed = await page.$$eval('#findings-table tbody tr', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  assert.deepEqual(listed.map((r) => r.slice(0, 3)), [['河口镇 · 东村', '河口镇东村', '2']]);
  assert.match(listed[0][3], /^剔除（不计入应参保，请核实）.*死亡$/);
  const follow = await page.$$eval('#follow-table tbody tr', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  assert.deepEqual(follow.map((r) => [r[0], r[2], r[7], r[9]]), [['城关镇 · 东村', '1', '0', '0'], ['河口镇 · 东村', '0', '1', '0'], ['河口镇 · 西村', '0', '0', '1']]);
  const [report] = await Promise.all([page.waitForEvent('download'), page.click('#report-download')]);
  const book = XLSX.read(readFileSync(await report.path()));
  assert.deepEqual(book.SheetNames.slice(0, 3), ['核验', '乡镇进度', '村进度']);
  assert.match(book.Sheets['核验'].A1.v, /^已用原始台账核验/);
  assert.equal(book.Sheets['乡镇进度'].I1.v, '参保率（%）');
  assert.equal(book.Sheets['乡镇进度'].I2.v, 100, 'rates are numbers');
  // A village adds somebody marked paid: listed, not counted.
  XLSX.utils.sheet_add_aoa(wb.Sheets['城关镇东村'], [[2, '城关镇', '东村', '新人', id18('19990909', 91), '', '', '', 999, '已缴费']], { origin: 'A3' });
  await page.setInputFiles('#now-file', { name: '台账-改动.xlsx', mimeType: 'application/octet-stream', buffer: XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) });
  await page.click('#report-run');
  await page.waitForSelector('#report-result:not([hidden])', { timeout: 60_000 });
  assert.equal(await page.textContent('#report-headline'), '全县参保率 75.00%；目标 100%，还需参保 1 人。');
  const found = await page.$$eval('#findings-table tbody tr', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  assert.equal(found.length, 2);
  const added = found.find((r) => /^交回的文件中有台账以外的人员/.test(r[3]));
  assert.deepEqual(added.slice(0, 3), ['城关镇 · 东村', '城关镇东村', '3']);
  assert.deepEqual(await axeViolations(page), []);
  await page.context().close();
});

test('a list that does not say who is insured is a clear error beside its field', async () => {
  const page = await openPage();
  await page.waitForSelector('body[data-ready="true"]');
  await setFile(page, '#now-file', '名单.csv', LAST);
  await page.click('#report-run');
  await page.waitForSelector('#error-summary:not([hidden])');
  assert.match(await page.textContent('#now-file-error'), /名单\.csv：名单中没有“参保状态”/);
  assert.equal(await page.isDisabled('#report-run'), false);
  // Missing files are named.
  await page.click('#ledger-run');
  const items = await page.$$eval('#error-list a', (a) => a.map((x) => x.getAttribute('href')));
  assert.deepEqual(items, ['#base-file', '#current-file']);
  await page.context().close();
});

test('in English, and no request leaves the page origin', async () => {
  const page = await openRecorded(ctx.browser, `${ctx.server.url}campaign.html?lang=en`, log);
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.textContent('h1'), 'Ledgers and progress');
  await page.check('input[name="kind"][value="increment"]');
  assert.equal(await page.textContent('#base-label'), 'The household registry (.xlsx, .xls or .csv)');
  await page.context().close();
  assertPrivate(assert, log, new URL(ctx.server.url).origin);
});
