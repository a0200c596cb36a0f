// The calculator page in headless Chromium: choosing a policy, computing a person's
// contribution and benefit start with the explanation, errors in the GOV.UK pattern, a bad
// policy file, the employee scheme, and the coverage table with its chart and download.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setUp, openRecorded, assertPrivate, axeViolations } from './browser.mjs';

const ctx = setUp(before, after);
const log = ctx.log;

async function openPage(options = {}) {
  return openRecorded(ctx.browser, `${ctx.server.url}calc.html`, log, { acceptDownloads: true, ...options });
}

const summaryLinks = (page) => page.$$eval('#error-list a', (as) => as.map((a) => [a.getAttribute('href'), a.textContent]));
const resultRows = (page, id) => page.$$eval(`#${id} dt`, (dts) => dts.map((dt) => [dt.textContent, dt.nextElementSibling.textContent]));
async function selectPreset(page, namePart) {
  const value = await page.$$eval('#preset option', (os, part) => os.find((o) => o.textContent.includes(part))?.value, namePart);
  assert.ok(value !== undefined, namePart);
  await page.selectOption('#preset', value);
}

test('county example: subsistence allowance pays 266.00, late payment waits 3 months, with the explanation', async () => {
  const page = await openPage();
  assert.match(await page.textContent('#preset option:checked'), /县级示例/);
  assert.match(await page.textContent('#policy-summary'), /380\.00 元/);
  await page.check('#groups input[value="dibao"]');
  await page.check('#groups input[value="monitoring"]');
  await page.fill('#payment-date', '2024-02-15');
  await page.click('#person-submit');
  assert.equal(await page.isVisible('#error-summary'), false);
  const rows = await resultRows(page, 'person-result-list');
  assert.deepEqual(rows.slice(0, 4), [
    ['个人应缴', '266.00 元'],
    ['医疗救助资助', '114.00 元（按“低保对象”资助）'],
    ['财政补助', '640.00 元'],
    ['待遇开始日期', '2024-05-15'],
  ]);
  const trace = await page.$$eval('#person-trace li', (lis) => lis.map((li) => li.textContent));
  assert.ok(trace.some((s) => s.includes('按最高一项资助，不累加')), trace.join('\n'));
  assert.ok(trace.some((s) => s.includes('逾期缴费，缴费后等待 3 个月')), trace.join('\n'));
  assert.equal(await page.evaluate(() => document.activeElement.id), 'person-result');

  // In English, the same result is re-worded.
  await page.click('#lang-toggle');
  assert.deepEqual((await resultRows(page, 'person-result-list'))[0], ['Payable by the person', '¥266.00']);
  await page.context().close();
});

test('national 2026 rule: a lapse adds waiting months, and paying past years shortens them', async () => {
  const page = await openPage();
  await selectPreset(page, '2026');
  assert.equal(await page.isVisible('#field-in-period'), true); // national rules: the place's period is asked
  await page.fill('#payment-date', '2025-12-01');
  await page.fill('#lapsed', '3');
  await page.click('#person-submit');
  const rows = await resultRows(page, 'person-result-list');
  assert.deepEqual(rows.find((r) => r[0] === '待遇开始日期'), ['待遇开始日期', '2026-06-01']);
  assert.ok(rows.some((r) => r[1] === '等待期 5 个月（固定 3，变动 2）'), JSON.stringify(rows));
  const options = await page.$$eval('#shorten-table tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.deepEqual(options, [['1', '2026-05-01', '400.00 元'], ['2', '2026-04-01', '800.00 元']]);
  await page.context().close();
});

test('errors: summary with links and inline messages; problems found by canbao name their field', async () => {
  const page = await openPage();
  await page.fill('#lapsed', 'two');
  await page.click('#person-submit');
  assert.deepEqual(await summaryLinks(page), [['#payment-date', '请输入缴费日期'], ['#lapsed', '请输入 0 到 100 之间的整数']]);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'error-summary');
  assert.equal(await page.getAttribute('#payment-date', 'aria-invalid'), 'true');
  assert.equal(await page.inputValue('#lapsed'), 'two'); // nothing typed is cleared

  // More past years paid than lapsed years: reported by the library, shown on its field.
  await page.fill('#payment-date', '2023-10-01');
  await page.fill('#lapsed', '1');
  await page.fill('#extra', '2');
  await page.click('#person-submit');
  assert.deepEqual((await summaryLinks(page)).map((l) => l[0]), ['#extra']);
  assert.match(await page.textContent('#extra-error'), /补缴年数 2 超过断保年数 1/);
  await page.click('#error-list a');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'extra');
  await page.context().close();
});

test('a local policy file is checked in the page; every problem is listed with its field path', async () => {
  const page = await openPage();
  const county = await page.evaluate(async () => (await import('./vendor/canbao/calc.js')).presetPolicies().find((p) => p.id === 'county-example-2024'));
  const bad = structuredClone(county);
  bad.resident.individual = '-380';
  bad.resident.groups[1].department = 'tax';
  await page.setInputFiles('#policy-file', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  await page.waitForSelector('#error-summary:not([hidden])');
  const links = await summaryLinks(page);
  assert.equal(links.length, 2);
  assert.match(links[0][1], /resident\.individual：不能为负数/);
  assert.match(links[1][1], /resident\.groups\[1\]\.department/);

  const good = structuredClone(county);
  good.id = 'my-county-2024';
  good.name = { zh: '本县 2024', en: 'My county 2024' };
  good.resident.groups[1].subsidy = { kind: 'percent', percent: '50', rounding: 'half_up_fen' };
  await page.setInputFiles('#policy-file', { name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(good)) });
  await page.waitForSelector('#error-summary[hidden]', { state: 'attached' });
  assert.match(await page.textContent('#preset option:checked'), /本县 2024/);
  await page.check('#groups input[value="dibao"]');
  await page.fill('#payment-date', '2023-10-01');
  await page.click('#person-submit');
  assert.deepEqual((await resultRows(page, 'person-result-list'))[0], ['个人应缴', '190.00 元']);
  await page.context().close();
});

test('employee scheme: base clamped to the band, monthly and yearly parts', async () => {
  const page = await openPage();
  await selectPreset(page, '梅州');
  assert.equal(await page.isVisible('#person-form'), false);
  await page.fill('#wage', '3,000');
  await page.click('#employee-form button[type="submit"]');
  assert.deepEqual(await resultRows(page, 'employee-result-list'), [
    ['月缴费基数', '4016.00 元'], ['单位缴费（月）', '220.88 元'], ['个人缴费（月）', '80.32 元'],
    ['每月合计', '301.20 元'], ['全年合计', '3614.40 元'],
  ]);
  await page.check('#kind-flexible');
  await page.fill('#wage', '5000');
  await page.click('#employee-form button[type="submit"]');
  assert.deepEqual((await resultRows(page, 'employee-result-list')).at(-1), ['全年合计', '4200.00 元']);
  await page.context().close();
});

test('coverage table: pasted rows → sorted table, total from sums, chart and CSV download; impossible rows name the unit', async () => {
  const page = await openPage();
  await page.fill('#rows', '单位\t户籍人口\t本地参保\t异地参保\n东村\t1200\t1100\t57\n西村\t800\t700\t81\n南村\t3\t2\t0\n');
  await page.click('#coverage-form button[type="submit"]');
  const table = await page.$$eval('#coverage-table tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.deepEqual(table.slice(1).map((r) => [r[1], r[6]]), [['西村', '97.63'], ['东村', '96.42'], ['南村', '66.67'], ['合计', '96.85']]);
  assert.equal(await page.$$eval('#chart svg .bar', (gs) => gs.length), 4);
  assert.equal(await page.getAttribute('#chart svg', 'role'), 'img');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#coverage-download')]);
  const csv = readFileSync(await download.path(), 'utf8');
  assert.ok(csv.startsWith('\uFEFF排名,单位'), csv.slice(0, 20));
  assert.match(csv, /西村,800,700,81,781,97\.63,19,2\.38/);

  await page.fill('#rows', '东村,100,90,20\n西村,100,80,0');
  await page.click('#coverage-form button[type="submit"]');
  const links = await summaryLinks(page);
  assert.equal(links.length, 1);
  assert.match(links[0][1], /^第 1 行：单位“东村”：参保人数 110/);
  await page.context().close();
});

test('no accessibility violations (axe-core) with results and with errors shown', async () => {
  const page = await openPage({ bypassCSP: true });
  const run = () => axeViolations(page);
  assert.deepEqual(await run(), []);
  await page.check('#groups input[value="tekun"]');
  await page.fill('#payment-date', '2023-10-01');
  await page.click('#person-submit');
  await page.fill('#rows', '东村\t1200\t1100\t57');
  await page.click('#coverage-form button[type="submit"]');
  assert.deepEqual(await run(), []);
  await page.fill('#rows', '');
  await page.click('#coverage-form button[type="submit"]');
  assert.deepEqual(await run(), []);
  await page.context().close();
});

test('no request leaves the page origin, and the console is clean', () => {
  assertPrivate(assert, log, new URL(ctx.server.url).origin);
});

test('policies as notices write them: the 定陶区 notice, a banner without a late-payment rule, a county without amounts', async () => {
  const page = await openPage();
  await selectPreset(page, '定陶区');
  const summary = await page.textContent('#policy-summary');
  assert.match(summary, /菏定政办字〔2023〕15号/);
  assert.match(summary, /参保率 100%/);
  assert.equal(await page.isVisible('#category'), true);
  // A December newborn paid in January: covered from the coverage year's start, no wait.
  await page.fill('#payment-date', '2024-01-10');
  await page.fill('#birth-date', '2023-12-20');
  await page.click('#person-submit');
  let rows = await resultRows(page, 'person-result-list');
  assert.deepEqual(rows.find((r) => r[0] === '待遇开始日期'), ['待遇开始日期', '2024-01-01']);
  assert.match((await page.$$eval('#person-trace li', (lis) => lis.map((li) => li.textContent))).join('\n'), /2023-12-20/);
  await page.check('#previous-year-paid');
  await page.click('#person-submit');
  rows = await resultRows(page, 'person-result-list');
  assert.deepEqual(rows.find((r) => r[0] === '待遇开始日期'), ['待遇开始日期', '2023-12-20（自出生之日起）']);
  // A group the notice names without an amount: said in the result, not guessed.
  await page.uncheck('#previous-year-paid');
  await page.fill('#birth-date', '');
  await page.fill('#payment-date', '2023-10-08');
  await page.check('#groups input[value="family_planning"]');
  await page.click('#person-submit');
  rows = await resultRows(page, 'person-result-list');
  assert.match(rows[0][1], /未规定“计生政策利导人员”的资助标准/);
  assert.equal(await page.isVisible('#error-summary'), false);

  // An example file written on a base policy, with no late-payment rule (its newborn rule the base's).
  const dalate = readFileSync(new URL('../../examples/policies/dalate-2024.json', import.meta.url));
  await page.setInputFiles('#policy-file', { name: 'dalate-2024.json', mimeType: 'application/json', buffer: dalate });
  await page.waitForSelector('#policy-summary .notice');
  assert.match(await page.textContent('#policy-summary'), /通知未规定/);
  await page.fill('#payment-date', '2024-02-10');
  await page.fill('#birth-date', '2024-01-20');
  await page.click('#person-submit');
  rows = await resultRows(page, 'person-result-list');
  assert.deepEqual(rows.find((r) => r[0] === '待遇开始日期'), ['待遇开始日期', '2024-01-20（自出生之日起）']);
  await page.fill('#birth-date', '');
  await page.fill('#payment-date', '2024-03-05');
  await page.click('#person-submit');
  rows = await resultRows(page, 'person-result-list');
  assert.match(rows.find((r) => r[0] === '待遇开始日期')[1], /无法确定/);
  await page.context().close();
});
