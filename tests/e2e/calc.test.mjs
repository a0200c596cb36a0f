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
  await page.waitForSelector('#coverage-result:not([hidden])'); // the reader is loaded on first use
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
  await page.waitForSelector('#error-summary:not([hidden])');
  const links = await summaryLinks(page);
  assert.equal(links.length, 1);
  assert.match(links[0][1], /^第 1 行：单位“东村”：参保人数 110/);
  await page.context().close();
});

// The tests' own county (tests/fixtures/intake-county-2027.json): the county example's groups
// and departments (特困 full, 低保 and 监测 114.00, 稳定脱贫 none; 民政局, 乡村振兴局), individual
// 400.00, fiscal 700.00, collection 2026-09-01 to 2026-12-31, the county example's refund rule
// (paid twice, employee scheme, other area; none once benefits start).
const FIXTURE = readFileSync(new URL('../fixtures/intake-county-2027.json', import.meta.url));
async function loadFixture(page) {
  await page.setInputFiles('#policy-file', { name: 'intake-county-2027.json', mimeType: 'application/json', buffer: FIXTURE });
  await page.waitForSelector('#policy-summary .notice');
  assert.match(await page.textContent('#preset option:checked'), /测试县/);
}
const tableRows = (page, id) => page.$$eval(`#${id} tbody tr`, (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));

test('household: each member and the household total, by hand from the test county', async () => {
  const page = await openPage();
  await loadFixture(page);
  // Member 1 by ID number (born 1949-12-31), 低保: 400 − 114 = 286.
  await page.fill('#m1-id', '11010519491231002X');
  await page.check('#field-m1-groups input[value="dibao"]');
  // Member 2 by birth date, 特困 and 低保: the highest only, full: 0 to pay.
  await page.click('#add-member');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'm2-id');
  await page.fill('#m2-birth', '2015-06-01');
  await page.check('#field-m2-groups input[value="tekun"]');
  await page.check('#field-m2-groups input[value="dibao"]');
  // Member 3 in no group, member 4 稳定脱贫 (no subsidy): 400 each.
  await page.click('#add-member');
  await page.click('#add-member');
  await page.check('#field-m4-groups input[value="stable_exit"]');
  await page.click('#household-submit');
  await page.waitForSelector('#household-result:not([hidden])'); // the identity module is loaded for member 1
  assert.equal(await page.isVisible('#error-summary'), false);
  // Payable 286 + 0 + 400 + 400 = 1086; subsidies 114 + 400 = 514; 4 × 400 = 1600; 4 × 700 = 2800.
  assert.deepEqual(await resultRows(page, 'household-result-list'), [
    ['人数', '4'], ['家庭个人应缴合计', '1086.00 元'], ['医疗救助资助合计', '514.00 元'],
    ['个人缴费标准合计', '1600.00 元'], ['财政补助合计', '2800.00 元'],
  ]);
  assert.deepEqual(await tableRows(page, 'household-table'), [
    ['成员 1', '1949-12-31', '低保对象', '400.00 元', '114.00 元', '286.00 元'],
    ['成员 2', '2015-06-01', '特困人员（含孤儿、事实无人抚养儿童）', '400.00 元', '400.00 元', '0.00 元'],
    ['成员 3', '', '无', '400.00 元', '0.00 元', '400.00 元'],
    ['成员 4', '', '无', '400.00 元', '0.00 元', '400.00 元'],
  ]);
  const trace = await page.textContent('#household-trace');
  assert.match(trace, /按最高一项资助，不累加/);
  assert.match(trace, /个人应缴 = 400\.00 − 114\.00 = 286\.00 元/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'household-result');

  // In English, the same household, re-worded; what was typed is kept.
  await page.click('#lang-toggle');
  assert.deepEqual((await resultRows(page, 'household-result-list'))[1], ['Payable by the household', '¥1086.00']);
  assert.equal(await page.inputValue('#m1-id'), '11010519491231002X');
  assert.equal(await page.isChecked('#field-m2-groups input[value="tekun"]'), true);
  await page.click('#lang-toggle');

  // Removing member 4: 3 people, 686.00.
  await page.click('#member-4 button');
  await page.click('#household-submit');
  assert.deepEqual((await resultRows(page, 'household-result-list')).slice(0, 2), [['人数', '3'], ['家庭个人应缴合计', '686.00 元']]);
  await page.context().close();
});

test('household errors: an ID number gets the desk\'s message, a birth date that contradicts it is named', async () => {
  const page = await openPage();
  await loadFixture(page);
  await page.click('#add-member');
  await page.fill('#m1-id', '11010519491231002');
  await page.fill('#m2-id', '11010519491231002X');
  await page.fill('#m2-birth', '1950-01-01');
  await page.click('#household-submit');
  await page.waitForSelector('#error-summary:not([hidden])');
  assert.deepEqual(await summaryLinks(page), [
    ['#m1-id', '成员 1：输入了17位，居民身份证号码应为18位'],
    ['#m2-birth', '成员 2：出生日期与证件号码不符（号码中为 1949-12-31）'],
  ]);
  assert.equal(await page.getAttribute('#m1-id', 'aria-invalid'), 'true');
  assert.equal(await page.inputValue('#m1-id'), '11010519491231002');
  assert.equal(await page.isVisible('#household-result'), false);
  await page.context().close();
});

test('department budget: people per group → each department\'s subsidies, by hand from the test county', async () => {
  const page = await openPage();
  await loadFixture(page);
  const count = async (group, n) => page.fill(`#budget-counts input[data-group="${group}"]`, String(n));
  assert.match(await page.textContent('label[for="budget-g1"]'), /^低保对象（民政局）$/);
  await count('dibao', 10);
  await count('tekun', 2);
  await count('monitoring', 5);
  await count('', 3);
  await page.click('#budget-submit');
  assert.equal(await page.isVisible('#error-summary'), false);
  // 民政局: 10 × 114 + 2 × 400 = 1940 for 12 people; 乡村振兴局: 5 × 114 = 570; 3 without.
  assert.deepEqual(await tableRows(page, 'budget-table'), [
    ['民政局', '12', '1940.00 元'], ['乡村振兴局', '5', '570.00 元'], ['无资助', '3', '0.00 元'],
  ]);
  // 20 people: 20 × 400 = 8000 = 2510 + 5490; fiscal 20 × 700 = 14000.
  assert.deepEqual(await resultRows(page, 'budget-result-list'), [
    ['总人数', '20'], ['资助合计', '2510.00 元'], ['个人缴费标准合计', '8000.00 元'], ['个人应缴合计', '5490.00 元'], ['财政补助合计', '14000.00 元'],
  ]);
  assert.match(await page.textContent('#budget-trace'), /民政局：12 人，资助合计 1940\.00 元/);

  // A count that is not a number, and then no one at all.
  await count('dibao', 'ten');
  await page.click('#budget-submit');
  assert.deepEqual(await summaryLinks(page), [['#budget-g1', '请输入 0 到 50000 之间的整数']]);
  for (const g of ['dibao', 'tekun', 'monitoring', '']) await count(g, '');
  await page.click('#budget-submit');
  assert.deepEqual(await summaryLinks(page), [['#budget-g0', '请至少填写一个群体的人数']]);
  await page.context().close();
});

test('refund: the policy\'s reasons and the benefit start decide; the library\'s own problems on their field', async () => {
  const page = await openPage();
  await selectPreset(page, '全国');
  assert.equal(await page.isVisible('#no-refund'), true);
  assert.equal(await page.isVisible('#refund-form'), false);
  await loadFixture(page);
  assert.equal(await page.textContent('#refund-rule'), '本政策认可的退费原因：重复缴费、已参加职工医保、已在外地参加居民医保。待遇开始后不予退费。');
  // Paid inside the collection period: benefits from 2027-01-01.
  await page.fill('#refund-paid', '2026-10-15');
  await page.selectOption('#refund-reason', 'paid_twice');
  await page.fill('#refund-request', '2026-12-01');
  await page.click('#refund-submit');
  assert.deepEqual(await resultRows(page, 'refund-result-list'), [['能否退费', '可以退费'], ['待遇开始日期', '2027-01-01']]);
  assert.match(await page.textContent('#refund-trace'), /申请日期 2026-12-01 在待遇开始日 2027-01-01 之前/);
  // After benefits start: no refund.
  await page.selectOption('#refund-reason', 'employee_scheme');
  await page.fill('#refund-request', '2027-02-01');
  await page.click('#refund-submit');
  assert.deepEqual((await resultRows(page, 'refund-result-list'))[0], ['能否退费', '不能退费：申请时待遇已开始']);
  // A reason the policy does not list.
  await page.selectOption('#refund-reason', 'deceased');
  await page.fill('#refund-request', '2026-11-01');
  await page.click('#refund-submit');
  assert.deepEqual((await resultRows(page, 'refund-result-list'))[0], ['能否退费', '不能退费：本政策不认可此退费原因']);
  // A later benefit start (after a lapse) given by hand.
  await page.selectOption('#refund-reason', 'other_area');
  await page.fill('#refund-start', '2027-04-15');
  await page.fill('#refund-request', '2027-03-01');
  await page.click('#refund-submit');
  assert.deepEqual(await resultRows(page, 'refund-result-list'), [['能否退费', '可以退费'], ['待遇开始日期', '2027-04-15']]);
  // A request before the payment: the library's message, on the request date.
  await page.fill('#refund-request', '2026-10-01');
  await page.click('#refund-submit');
  assert.deepEqual(await summaryLinks(page), [['#refund-request', '申请日期 2026-10-01 早于缴费日期 2026-10-15']]);
  // Both dates missing.
  await page.fill('#refund-paid', '');
  await page.fill('#refund-request', '');
  await page.click('#refund-submit');
  assert.deepEqual((await summaryLinks(page)).map((l) => l[0]), ['#refund-paid', '#refund-request']);
  await page.context().close();
});

test('coverage from a CSV file read by the library\'s reader: a quoted "1,200" is one cell', async () => {
  const page = await openPage();
  const csv = '单位,户籍人口,本地参保,异地参保\r\n东村,"1,200",1100,57\r\n"西村，二组",800,700,81\r\n';
  await page.setInputFiles('#rows-file', { name: 'units.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.waitForFunction(() => document.getElementById('rows').value.length > 0);
  await page.click('#coverage-form button[type="submit"]');
  await page.waitForSelector('#coverage-result:not([hidden])');
  const table = await page.$$eval('#coverage-table tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  // 东村: (1100 + 57) / 1200 = 96.42 %; 西村，二组: 781 / 800 = 97.63 %.
  assert.deepEqual(table.map((r) => [r[1], r[2], r[6]]), [['西村，二组', '800', '97.63'], ['东村', '1200', '96.42']]);
  // A line with a cell too many names its line.
  await page.fill('#rows', '东村,1200,1100,57\n西村,800,700,81,9\n');
  await page.click('#coverage-form button[type="submit"]');
  await page.waitForSelector('#error-summary:not([hidden])');
  assert.deepEqual((await summaryLinks(page)).map((l) => l[1]), ['第 2 行应有 4 列：单位、户籍人口、本地参保、异地参保']);
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
  await page.waitForSelector('#coverage-result:not([hidden])');
  await page.check('#field-m1-groups input[value="dibao"]');
  await page.click('#add-member');
  await page.click('#household-submit');
  await page.fill('#budget-counts input[data-group="dibao"]', '3');
  await page.click('#budget-submit');
  await page.fill('#refund-paid', '2023-10-01');
  await page.fill('#refund-request', '2023-11-01');
  await page.click('#refund-submit');
  await page.waitForSelector('#refund-result:not([hidden])');
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
  // The same in a household and in a budget: said, not guessed, not an error of the form.
  await page.check('#field-m1-groups input[value="family_planning"]');
  await page.click('#household-submit');
  assert.match((await resultRows(page, 'household-result-list'))[0][1], /未规定“计生政策利导人员”的资助标准/);
  await page.fill('#budget-counts input[data-group="family_planning"]', '2');
  await page.click('#budget-submit');
  assert.match((await resultRows(page, 'budget-result-list'))[0][1], /未规定“计生政策利导人员”的资助标准/);
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
