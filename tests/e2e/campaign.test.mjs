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

/** The progress chart as shown: [name, value, words] per bar, each bar's filled share of its
 * track, the target marks, the axis titles, the legend and the scale. */
function chartOf(page) {
  return page.$eval('#town-chart', (c) => ({
    bars: [...c.querySelectorAll('ol.bars > li')].map((li) => ['.bar-name', '.bar-value', '.bar-detail'].map((s) => li.querySelector(s).textContent)),
    filled: [...c.querySelectorAll('ol.bars .bar-track')].map((t) => (t.querySelector('.bar-fill')?.getBoundingClientRect().width ?? 0) / t.getBoundingClientRect().width),
    targets: c.querySelectorAll('ol.bars .bar-target').length,
    head: [...c.querySelectorAll('.bar-head span')].map((s) => s.textContent),
    legend: c.querySelector('.chart-legend').textContent,
    ticks: [...c.querySelectorAll('.bar-scale .tick')].map((s) => s.textContent),
  }));
}

/** Makes the report again and waits for the new one (the old one's headline is cleared first:
 * the page hides the old result only once the file chosen has been read). */
async function rerun(page) {
  await page.$eval('#report-headline', (n) => { n.textContent = ''; });
  await page.click('#report-run');
  await page.waitForSelector('#report-result:not([hidden]) #report-headline:not(:empty)', { timeout: 60_000 });
}

/** Each bar's filled share of its track is its rate (within a pixel's rounding). */
function near(filled, rates) {
  assert.equal(filled.length, rates.length);
  filled.forEach((f, i) => assert.ok(Math.abs(f * 100 - rates[i]) < 1, `bar ${i}: ${f * 100}% for ${rates[i]}%`));
}

// A roster with a status column: 城关镇 5 of 6 covered (83.33%), 河口镇 79 of 95 (83.16%):
// close rates, told apart by their labels; 河口镇's second village has a long name.
const VILLAGES = [
  ['城关镇', '东村', 3, 3], ['城关镇', '南村', 3, 2],
  ['河口镇', '东村', 50, 45], ['河口镇', '新华路第一社区居民委员会', 45, 34],
];
const ROSTER = ['姓名,身份证号码,乡镇,村,参保状态', ...VILLAGES.flatMap(([town, village, people, insured], v) => Array.from({ length: people },
  (_, k) => `人${v}-${k},${id18('19800101', v * 100 + k + 1)},${town},${village},${k < insured ? '已参保' : '未参保'}`))].join('\n');

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
  // The chart: a bar per township labelled with its rate and, in words, the people covered
  // of those to enroll and the gap; the target line across every bar; axis titles, a legend.
  assert.equal(await page.textContent('#town-caption'), '各乡镇参保率（%）：条为参保率，虚线为政策目标');
  const chart = await chartOf(page);
  assert.deepEqual(chart.bars, [
    ['城关镇', '100.00%', '已参保 3 / 应参保 3，已达目标'],
    ['河口镇', '0.00%', '已参保 0 / 应参保 1，距目标 1 人'],
  ]);
  near(chart.filled, [100, 0]);
  assert.equal(chart.targets, 2, 'the target line across each bar');
  assert.deepEqual(chart.head, ['乡镇（街道）', '参保率（%）'], 'axis titles');
  assert.equal(chart.legend, '参保率，目标 100%');
  assert.deepEqual(chart.ticks, ['0', '25', '50', '75', '100']);
  // Read as text: each bar one sentence, the drawing itself hidden.
  const read = (await page.locator('#town-chart ol').ariaSnapshot()).replace(/ ?([：，]) ?/g, '$1');
  assert.match(read, /城关镇：100\.00%，已参保 3 \/ 应参保 3，已达目标/);
  assert.match(read, /河口镇：0\.00%，已参保 0 \/ 应参保 1，距目标 1 人/);
  // 河口镇's villages: 东村 has nobody left to enroll (丙 excluded), 西村 0 of 1.
  await page.selectOption('#chart-township', { label: '河口镇的各村（社区）' });
  const hekou = await chartOf(page);
  assert.deepEqual(hekou.bars, [['西村', '0.00%', '已参保 0 / 应参保 1，距目标 1 人'], ['东村', '—', '无应参保人员']]);
  assert.deepEqual(await page.$$eval('#village-table tbody th', (c) => c.map((x) => x.textContent)), ['西村', '东村']);
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
  await rerun(page);
  assert.equal(await page.textContent('#report-headline'), '全县参保率 75.00%；目标 100%，还需参保 1 人。');
  const found = await page.$$eval('#findings-table tbody tr', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  assert.equal(found.length, 2);
  const added = found.find((r) => /^交回的文件中有台账以外的人员/.test(r[3]));
  assert.deepEqual(added.slice(0, 3), ['城关镇 · 东村', '城关镇东村', '3']);
  assert.deepEqual(await axeViolations(page), []);
  await page.context().close();
});

test('a township’s villages, and the report on a phone in large text', async () => {
  const page = await openPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await page.click('#large-toggle');
  assert.equal(await page.getAttribute('html', 'class'), 'large-text');
  await setFile(page, '#now-file', '花名册.csv', ROSTER);
  await page.click('#report-run');
  await page.waitForSelector('#report-result:not([hidden])', { timeout: 60_000 });
  // 定陶's target is 100%: 84 of 101 covered.
  assert.equal(await page.textContent('#report-headline'), '全县参保率 83.17%；目标 100%，还需参保 17 人。');
  const towns = await chartOf(page);
  assert.deepEqual(towns.bars, [
    ['城关镇', '83.33%', '已参保 5 / 应参保 6，距目标 1 人'],
    ['河口镇', '83.16%', '已参保 79 / 应参保 95，距目标 16 人'],
  ]);
  // The bars are drawn under the site's CSP (widths set through the CSSOM).
  near(towns.filled, [83.33, 83.16]);

  // The villages of 河口镇: the chart and the villages table.
  const options = await page.$$eval('#chart-township option', (o) => o.map((x) => x.textContent));
  assert.deepEqual(options, ['各乡镇', '城关镇的各村（社区）', '河口镇的各村（社区）']);
  await page.selectOption('#chart-township', { label: '河口镇的各村（社区）' });
  assert.equal(await page.textContent('#town-caption'), '河口镇各村（社区）参保率（%）：条为参保率，虚线为政策目标');
  assert.equal(await page.textContent('#villages-title'), '河口镇各村（社区）');
  const villages = await chartOf(page);
  assert.deepEqual(villages.head, ['村（社区）', '参保率（%）']);
  assert.deepEqual(villages.bars, [
    ['东村', '90.00%', '已参保 45 / 应参保 50，距目标 5 人'],
    ['新华路第一社区居民委员会', '75.56%', '已参保 34 / 应参保 45，距目标 11 人'],
  ]);
  near(villages.filled, [90, 75.56]);
  const rows = await page.$$eval('#village-table tbody tr', (r) => r.map((x) => [...x.cells].map((c) => c.textContent)));
  // Unit, rank among all villages, to enroll, covered, excluded, rate, target, gap.
  assert.deepEqual(rows, [
    ['东村', '2', '50', '45', '0', '90.00', '100', '5'],
    ['新华路第一社区居民委员会', '3', '45', '34', '0', '75.56', '100', '11'],
  ]);

  // On the phone, in large text: no sideways scrolling of the page; in every row of the
  // report's tables the rate and the gap are on screen, and a name is not one character a line.
  const width = 390;
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= width, 'the page does not scroll sideways');
  for (const id of ['town-table', 'village-table']) {
    for (const label of ['参保率（%）', '距目标（人）']) {
      const cells = page.locator(`#${id} tbody td[data-label="${label}"]`);
      const n = await cells.count();
      assert.ok(n >= 2, `${id} ${label}`);
      for (let i = 0; i < n; i++) {
        const box = await cells.nth(i).boundingBox();
        assert.ok(box && box.x >= 0 && box.x + box.width <= width, `${id} ${label} row ${i}: ${JSON.stringify(box)}`);
      }
    }
  }
  const name = page.locator('#village-table tbody th', { hasText: '新华路' });
  const nameBox = await name.boundingBox();
  const fontSize = await name.evaluate((n) => parseFloat(getComputedStyle(n).fontSize));
  assert.ok(fontSize >= 24, 'large text');
  assert.ok(nameBox.width > 3 * fontSize, `the village name's cell is ${nameBox.width}px wide`);
  assert.ok(nameBox.x + nameBox.width <= width);
  for (const sel of ['#town-chart .bar-value', '#town-chart .bar-name']) {
    for (const box of await page.locator(sel).evaluateAll((n) => n.map((x) => x.getBoundingClientRect().toJSON()))) {
      assert.ok(box.left >= 0 && box.right <= width, `${sel}: ${JSON.stringify(box)}`);
    }
  }
  const chartName = await page.locator('#town-chart .bar-name', { hasText: '新华路' }).boundingBox();
  assert.ok(chartName.width > 3 * fontSize, 'a village name in the chart is not one character a line');

  // Back to the townships; in English the bars say the same.
  await page.selectOption('#chart-township', { index: 0 });
  assert.equal((await chartOf(page)).bars.length, 2);
  await page.click('#lang-toggle');
  assert.deepEqual((await chartOf(page)).bars[1], ['河口镇', '83.16%', '79 of 95 covered; 16 more for the target']);
  assert.equal(await page.textContent('#town-caption'), 'Coverage by township (%): bars are coverage, the dashed line the policy’s target');
  // A list of one township: its villages at once, nothing to choose.
  await setFile(page, '#now-file', 'one.csv', ROSTER.split('\n').filter((line, i) => i === 0 || line.includes(',城关镇,')).join('\n'));
  await rerun(page);
  assert.equal(await page.isVisible('#chart-township'), false);
  assert.equal(await page.textContent('#town-caption'), 'Coverage by village of 城关镇 (%): bars are coverage, the dashed line the policy’s target');
  assert.deepEqual((await chartOf(page)).bars.map((b) => b.slice(0, 2)), [['东村', '100.00%'], ['南村', '66.67%']]);
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
