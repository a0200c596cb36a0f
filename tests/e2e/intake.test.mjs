// The intake page in headless Chromium: what a person filling the form would see.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setUp, openRecorded, assertPrivate, axeViolations } from './browser.mjs';

const require = createRequire(import.meta.url);

const ctx = setUp(before, after);
const log = ctx.log;

async function openPage(query = '', options = {}) {
  return openRecorded(ctx.browser, `${ctx.server.url}intake.html${query}`, log, options);
}

/** The fields of the form besides name, number and phone, filled for a resident without a
 * policy (township and village typed). */
async function fillRest(page, year = String(new Date().getFullYear() + 1)) {
  await page.selectOption('#ethnicity', '01');
  await page.selectOption('#hukou', 'agricultural');
  await page.fill('#township', '城关镇');
  await page.fill('#village', '城南村');
  await page.fill('#address', '三组12号');
  await page.selectOption('#category', 'resident');
  await page.selectOption('#year', year);
}

const summaryLinks = (page) => page.$$eval('#error-list a', (as) => as.map((a) => [a.getAttribute('href'), a.textContent]));
const inlineError = (page, id) => page.$eval(`#${id}-error`, (el) => (el.hidden ? null : el.textContent));

test('submitting an empty form: summary with a link per field, inline messages, focus on the summary', async () => {
  const page = await openPage();
  await page.click('#submit');
  assert.equal(await page.isVisible('#error-summary'), true);
  // One link per field, in the page's order, each naming its field.
  assert.deepEqual(await summaryLinks(page), [
    ['#name', '姓名：请输入姓名'],
    ['#id-number', '证件号码：请输入证件号码'],
    ['#ethnicity', '民族：请选择民族'],
    ['#phone', '联系电话（手机）：请输入手机号码'],
    ['#hukou', '户籍性质：请选择户籍性质'],
    ['#township', '乡镇（街道）：请选择乡镇（街道）'],
    ['#village', '村（社区）：请选择村（社区）'],
    ['#address', '户籍地址（组、门牌）：请输入户籍地址'],
    ['#category', '参保类别：请选择参保类别'],
    ['#year', '缴费年度：请选择缴费年度'],
  ]);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'error-summary');
  assert.equal(await inlineError(page, 'id-number'), '请输入证件号码');
  assert.equal(await page.getAttribute('#id-number', 'aria-invalid'), 'true');
  assert.match(await page.title(), /^错误：/);
  // A link in the summary takes the person to the field.
  await page.click('#error-list a[href="#phone"]');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'phone');
  await page.context().close();
});

test('invalid values: specific messages, and nothing typed is cleared', async () => {
  const page = await openPage();
  await page.fill('#name', '张三');
  await page.fill('#id-number', '110105 19491231 0021');
  await page.fill('#phone', '1380013800');
  await fillRest(page);
  await page.click('#submit');
  const links = await summaryLinks(page);
  assert.deepEqual(links.map((l) => l[0]), ['#id-number', '#phone']);
  // The summary names the field, and says how many digits were typed.
  assert.equal(links[0][1], '证件号码：校验位不符，号码中可能有数字录错');
  assert.equal(links[1][1], '联系电话（手机）：输入了10位数字，手机号码应为11位');
  assert.equal(await inlineError(page, 'name'), null);
  assert.equal(await page.inputValue('#id-number'), '110105 19491231 0021');
  assert.equal(await page.inputValue('#phone'), '1380013800');
  assert.equal(await page.inputValue('#name'), '张三');
  assert.equal(await page.isVisible('#confirmation'), false);

  // Once the phone number is valid its error goes, the other stays.
  await page.fill('#phone', '13800138000');
  assert.equal(await inlineError(page, 'phone'), null);
  assert.deepEqual((await summaryLinks(page)).map((l) => l[0]), ['#id-number']);

  // Excel's scientific notation is explained, not repaired.
  await page.fill('#id-number', '1.10105E+17');
  await page.click('#submit');
  assert.match(await inlineError(page, 'id-number'), /科学计数法/);

  // A legacy 15-digit number: its 18-digit form offered, used when the clerk confirms.
  await page.fill('#id-number', '110105491231002');
  await page.click('#submit');
  assert.match(await inlineError(page, 'id-number'), /11010519491231002X/);
  assert.equal(await page.textContent('#use-suggestion'), '核对无误，改用 18 位号码 11010519491231002X');
  await page.click('#use-suggestion');
  assert.equal(await page.inputValue('#id-number'), '11010519491231002X');
  assert.equal(await inlineError(page, 'id-number'), null);
  assert.equal(await page.isVisible('#id-suggestion'), false);

  // A half-typed 18-digit number is not taken for a legacy 15-digit one.
  await page.fill('#id-number', '110105194912310');
  await page.click('#submit');
  assert.equal(await inlineError(page, 'id-number'), '居民身份证号码应为18位，请输入完整号码');
  await page.context().close();
});

test('a valid ID shows birth date, sex and region as it is typed; a valid form is confirmed', async () => {
  const page = await openPage();
  await page.type('#id-number', '11010519491231002');
  assert.equal(await page.textContent('#id-derived'), '');
  await page.type('#id-number', 'x');
  const derived = await page.textContent('#id-derived');
  assert.match(derived, /1949-12-31/);
  assert.match(derived, /女/);
  assert.match(derived, /北京市朝阳区/);

  await page.fill('#id-number', '110103198001011235');
  assert.match(await page.textContent('#id-derived'), /崇文区（该行政区划代码已撤销，号码仍然有效）/);

  await page.fill('#name', '李四');
  await page.fill('#phone', '+86 138-0013-8000');
  await fillRest(page);
  await page.click('#submit');
  assert.equal(await page.isVisible('#error-summary'), false);
  assert.equal(await page.isVisible('#confirmation'), true);
  const confirmation = await page.textContent('#confirmation');
  assert.match(confirmation, /110103198001011235/);
  assert.match(confirmation, /13800138000/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'confirmation');
  assert.equal(await page.inputValue('#name'), '李四');
  await page.context().close();
});

const COUNTY = new URL('../fixtures/intake-county-2027.json', import.meta.url).pathname;

/** Opens the page on 2026-11-30 (in the test county's collection period) with its policy file
 * loaded. */
async function openDesk() {
  const page = await openRecorded(ctx.browser, `${ctx.server.url}intake.html`, log, { acceptDownloads: true, fixedTime: '2026-11-30T10:00:00+08:00' });
  await page.waitForSelector('body[data-calc="true"]');
  await page.setInputFiles('#policy-file', COUNTY);
  await page.waitForFunction(() => document.getElementById('township').tagName === 'SELECT');
  return page;
}

test('a desk registers a household: amounts and benefit start on the receipt, the next member keeps the household, edit, export read by the roster tool', async () => {
  const page = await openDesk();
  assert.equal(await page.inputValue('#policy'), 'file');
  assert.match(await page.textContent('#policy-summary'), /2027 参保年度/);
  assert.equal(await page.inputValue('#year'), '2027');
  // The householder.
  await page.fill('#name', '张三');
  await page.fill('#id-number', '11010519491231002x');
  await page.selectOption('#ethnicity', '01');
  await page.fill('#phone', '13800138000');
  await page.selectOption('#hukou', 'agricultural');
  await page.selectOption('#township', '城关镇');
  await page.selectOption('#village', '城南村');
  await page.fill('#address', '三组12号');
  assert.equal(await page.inputValue('#relation'), '02');
  assert.equal(await page.isVisible('#householder'), false);
  await page.selectOption('#category', 'resident');
  await page.check('#groups input[value="dibao"]');
  await page.click('#submit');
  await page.waitForSelector('#confirmation:not([hidden])');
  const receipt = await page.textContent('#confirmation');
  assert.match(receipt, /城乡居民基本医疗保险参保登记回执/);
  assert.match(receipt, /汉族/);
  assert.match(receipt, /城关镇 城南村 三组12号/);
  assert.match(receipt, /低保对象/);
  // Priced by the policy: 400 less the 114 subsidy; paid in the collection period.
  const quote = await page.textContent('#quote-list');
  assert.match(quote, /本人缴费286\.00 元/);
  assert.match(quote, /资助114\.00 元（低保对象）/);
  assert.match(quote, /待遇开始2027-01-01/);
  assert.ok((await page.$$('#quote-trace li')).length > 0, 'the explanation is there');
  assert.match(await page.textContent('#receipt-meta'), /登记序号：1/);
  // The same person again is not a second record.
  await page.click('#submit');
  assert.match(await inlineError(page, 'id-number'), /此人已登记（第 1 位）/);
  // The next member of the household: the person cleared, the household kept.
  await page.click('#next');
  assert.equal(await page.inputValue('#name'), '');
  assert.equal(await page.inputValue('#address'), '三组12号');
  assert.equal(await page.inputValue('#village'), '城南村');
  assert.equal(await page.inputValue('#householder'), '张三');
  assert.equal(await page.inputValue('#relation'), '');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'doc-type');
  // A newborn grandson without an ID number: the birth certificate and a guardian.
  await page.selectOption('#doc-type', 'newborn');
  assert.equal(await page.isVisible('#id-number'), false);
  assert.equal(await page.inputValue('#category'), 'newborn');
  await page.fill('#name', '张小宝');
  await page.fill('#birth-date', '2026-10-01');
  await page.selectOption('#sex', 'male');
  await page.fill('#birth-certificate', 'q44001234');
  await page.fill('#guardian-name', '张三');
  await page.fill('#guardian-id', '11010519491231002X');
  await page.selectOption('#ethnicity', '01');
  await page.fill('#phone', '13800138000');
  await page.selectOption('#relation', '42');
  await page.click('#submit');
  // A certificate number one digit short, and a granddaughter's code for a boy.
  assert.deepEqual((await summaryLinks(page)).map((l) => l[0]), ['#birth-certificate', '#relation']);
  assert.match(await inlineError(page, 'birth-certificate'), /1个字母加9位数字/);
  await page.fill('#birth-certificate', 'q440012345');
  await page.selectOption('#relation', '41');
  await page.click('#submit');
  await page.waitForSelector('#confirmation:not([hidden])');
  assert.match(await page.textContent('#confirmation'), /Q440012345/);
  assert.equal(await page.textContent('#session-title'), '本次已登记（2 人）');
  // Edit the first: corrected in place, still two people.
  await page.click('#session-table tbody tr:first-child button:first-of-type');
  assert.equal(await page.textContent('#submit'), '保存修改');
  assert.equal(await page.isVisible('#cancel-edit'), true);
  assert.equal(await page.inputValue('#name'), '张三');
  assert.equal(await page.inputValue('#village'), '城南村');
  assert.ok(await page.isChecked('#groups input[value="dibao"]'));
  await page.fill('#name', '张叁');
  await page.click('#submit');
  await page.waitForSelector('#confirmation:not([hidden])');
  assert.equal(await page.textContent('#submit'), '核验并登记');
  const rows = await page.$$eval('#session-table tbody tr', (trs) => trs.map((tr) => [...tr.cells].slice(0, 6).map((c) => c.textContent)));
  assert.deepEqual(rows, [
    ['1', '张叁', '11010519491231002X', '户主', '城南村', '286.00'],
    ['2', '张小宝', 'Q440012345', '孙子', '城南村', '400.00'],
  ]);
  // Export: the roster format, read by the roster tool's own reader, priced by the policy.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
  const csv = readFileSync(await download.path());
  assert.match(await page.textContent('#session-status'), /已导出 2 人/);
  const { readTable } = require('canbao/roster');
  const table = readTable(new Uint8Array(csv));
  const col = (h) => table.headers.indexOf(h);
  assert.equal(table.mapping.name, col('姓名'));
  assert.equal(table.mapping.id, col('公民身份号码'));
  assert.equal(table.mapping.village, col('村（社区）'));
  assert.equal(table.mapping.group, col('人员类别'));
  // The householder's correction reached the member registered under the old name.
  assert.deepEqual(table.rows.map((r) => [r[col('姓名')], r[col('公民身份号码')], r[col('人员类别')], r[col('个人应缴（元）')], r[col('户主姓名')], r[col('核验结果')]]), [
    ['张叁', '11010519491231002X', '低保对象', '286.00', '', '通过'],
    ['张小宝', '', '', '400.00', '张叁', '通过'],
  ]);
  // The token file: the matching key is asked for (and a weak one refused); made with it, one
  // row per person, by registration number, without the identity numbers.
  await page.click('#token-export summary');
  await page.click('#export-tokens');
  assert.equal(await inlineError(page, 'token-secret'), '请输入比对密钥');
  await page.fill('#token-secret', '1234');
  await page.click('#export-tokens');
  await page.waitForSelector('#token-secret-error:not([hidden])');
  assert.match(await inlineError(page, 'token-secret'), /密钥/);
  await page.fill('#token-secret', require('canbao/tokens').newCampaignSecret());
  const [tokenDownload] = await Promise.all([page.waitForEvent('download'), page.click('#export-tokens')]);
  const tokenText = readFileSync(await tokenDownload.path(), 'utf8');
  assert.ok(!tokenText.includes('11010519491231002X'));
  const { readTokenFile } = require('canbao/tokens');
  assert.deepEqual(readTokenFile(tokenText).rows.map((r) => r.ref), ['1', '2']);
  // The receipt prints alone.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('#intake'), false);
  assert.equal(await page.isVisible('#setup'), false);
  assert.equal(await page.isVisible('#session'), false);
  assert.equal(await page.isVisible('#confirmation'), true);
  await page.emulateMedia({ media: 'screen' });
  // An edit given up: the record stays as it was, the next submit registers a new person.
  await page.click('#session-table tbody tr:nth-child(2) button:first-of-type');
  await page.fill('#name', '改错的名字');
  await page.click('#cancel-edit');
  assert.match(await page.textContent('#session-status'), /已取消修改第 2 位/);
  assert.equal(await page.textContent('#submit'), '核验并登记');
  assert.equal(await page.textContent('#session-table tbody tr:nth-child(2) td:nth-child(2)'), '张小宝');
  await page.context().close();
});

test('under a national policy the desk says when the payment was made; the list carries the amounts', async () => {
  const page = await openRecorded(ctx.browser, `${ctx.server.url}intake.html`, log, { acceptDownloads: true, fixedTime: '2026-11-30T10:00:00+08:00', timezoneId: 'Asia/Shanghai' });
  await page.waitForSelector('body[data-calc="true"]');
  assert.equal(await page.isVisible('#in-period'), false);
  await page.selectOption('#policy', 'cn-national-2026');
  assert.equal(await page.isVisible('#in-period'), true);
  // Nothing chosen for the clerk: the benefit start depends on it.
  assert.equal(await page.inputValue('#in-period'), '');
  await page.fill('#name', '张三');
  await page.fill('#id-number', '11010519491231002X');
  await page.fill('#phone', '13800138000');
  await fillRest(page, '2026');
  await page.click('#submit');
  assert.equal(await page.isVisible('#confirmation'), false, 'not registered until chosen');
  assert.deepEqual(await summaryLinks(page), [['#in-period', '缴费时间：请选择缴费时间：在集中缴费期内还是期外']]);
  assert.equal(await inlineError(page, 'in-period'), '请选择缴费时间：在集中缴费期内还是期外');
  assert.equal(await page.getAttribute('#in-period', 'aria-invalid'), 'true');
  await page.click('#lang-toggle');
  assert.equal(await inlineError(page, 'in-period'), 'Choose when it is paid: inside or outside the collection period');
  await page.click('#lang-toggle');
  // Paid on 2026-11-30 outside the collection period: the fixed 3-month wait, said on the
  // receipt with the choice, not a start back-dated to January 1.
  await page.selectOption('#in-period', 'no');
  assert.equal(await inlineError(page, 'in-period'), null, 'the error goes once chosen');
  await page.click('#submit');
  assert.equal(await page.isVisible('#confirmation'), true);
  const quote = await page.textContent('#quote-list');
  assert.match(quote, /2027-02-28/);
  assert.match(quote, /缴费时间在集中缴费期外（登记时选择）/);
  assert.match(quote, /2026 缴费年度之后/);
  // The next person is asked again; chosen inside, the start is the year's first day, and the
  // receipt says it was chosen.
  await page.click('#next');
  assert.equal(await page.inputValue('#in-period'), '');
  await page.fill('#name', '李四');
  await page.fill('#id-number', '110103198001011235');
  await page.selectOption('#ethnicity', '01');
  await page.fill('#phone', '13800138000');
  await page.selectOption('#hukou', 'agricultural');
  await page.selectOption('#relation', '10');
  await page.selectOption('#category', 'resident');
  await page.click('#submit');
  assert.deepEqual((await summaryLinks(page)).map((l) => l[0]), ['#in-period']);
  await page.selectOption('#in-period', 'yes');
  await page.click('#submit');
  await page.waitForSelector('#confirmation:not([hidden])');
  const inside = await page.textContent('#quote-list');
  assert.match(inside, /缴费时间在集中缴费期内（登记时选择）/);
  assert.match(inside, /待遇开始2026-01-01/);
  // Editing keeps the choice made.
  await page.click('#session-table tbody tr:first-child button:first-of-type');
  assert.equal(await page.inputValue('#in-period'), 'no');
  await page.click('#cancel-edit');
  const outside = quote.match(/待遇开始(\d{4}-\d{2}-\d{2})/)[1];
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
  const csv = readFileSync(await download.path(), 'utf8');
  const row = csv.split('\r\n')[1];
  assert.match(row, /400\.00/);
  // Each person's registration time (local), years not insured, the timing the clerk chose and
  // the benefit start it gives.
  const table = require('canbao/roster').readTable(new Uint8Array(readFileSync(await download.path())));
  const col = (h) => table.headers.indexOf(h);
  assert.deepEqual(table.rows.map((r) => [r[col('姓名')], r[col('登记时间')], r[col('断保年数')], r[col('缴费时间')], r[col('待遇开始')]]), [
    ['张三', '2026-11-30 10:00', '0', '集中缴费期后', outside],
    ['李四', '2026-11-30 10:00', '0', '集中缴费期内', '2026-01-01'],
  ]);
  assert.match(row, /通过/);
  assert.doesNotMatch(csv, /inCollectionPeriod/);
  await page.context().close();
});

/** Registers a resident at the test county's desk (or, with `wait` false, only submits). */
async function register(page, name, id, relation = '02', wait = true) {
  await page.fill('#name', name);
  await page.fill('#id-number', id);
  await page.selectOption('#ethnicity', '01');
  await page.fill('#phone', '13800138000');
  await page.selectOption('#hukou', 'agricultural');
  await page.selectOption('#township', '城关镇');
  await page.selectOption('#village', '城南村');
  await page.fill('#address', '三组12号');
  await page.selectOption('#relation', relation);
  await page.selectOption('#category', 'resident');
  await page.click('#submit');
  if (wait) await page.waitForSelector('#confirmation:not([hidden])');
}

const listed = (page) => page.$$eval('#session-table tbody tr', (trs) => trs.map((tr) => `${tr.cells[0].textContent} ${tr.cells[1].textContent}`));
const focused = (page) => page.evaluate(() => document.activeElement.getAttribute('aria-label') ?? document.activeElement.id);

test('a deletion in the list can be undone: the record back in its place with its number; focus stays in the list', async () => {
  const page = await openDesk();
  await register(page, '张三', '11010519491231002X');
  await page.click('#next');
  await register(page, '李四', '110103198001011235', '10');
  await page.click('#next');
  await register(page, '王五', '440305199001010018', '20');
  assert.deepEqual(await listed(page), ['1 张三', '2 李四', '3 王五']);
  // Deleted at once; the line under the heading offers to undo it; focus on the next row's 修改.
  await page.click('button[aria-label="删除 2 李四"]');
  assert.deepEqual(await listed(page), ['1 张三', '3 王五']);
  assert.equal(await page.textContent('#undo-line span'), '已删除第 2 位（李四）。');
  assert.equal(await focused(page), '修改 3 王五');
  assert.equal(await page.textContent('#session-title'), '本次已登记（2 人）');
  // In English too.
  await page.click('#lang-toggle');
  assert.equal(await page.textContent('#undo-line span'), 'No. 2 (李四) deleted.');
  assert.equal(await page.textContent('#undo'), 'Undo the deletion');
  await page.click('#lang-toggle');
  await page.click('#undo');
  assert.deepEqual(await listed(page), ['1 张三', '2 李四', '3 王五']);
  assert.equal(await page.textContent('#undo-line'), '已恢复第 2 位（李四）。');
  assert.equal(await page.isVisible('#undo'), false, 'one deletion, one undo');
  assert.equal(await focused(page), '修改 2 李四');
  // The last row deleted: focus on the row before it; every row deleted: on the list's heading,
  // the list still there to undo the last deletion.
  await page.click('button[aria-label="删除 3 王五"]');
  assert.equal(await focused(page), '修改 2 李四');
  await page.click('button[aria-label="删除 1 张三"]');
  await page.click('button[aria-label="删除 2 李四"]');
  assert.deepEqual(await listed(page), []);
  assert.equal(await page.isVisible('#session'), true);
  assert.equal(await page.isVisible('#session-table'), false);
  assert.equal(await focused(page), 'session-title');
  await page.click('#undo');
  assert.deepEqual(await listed(page), ['2 李四']);
  assert.equal(await page.isVisible('#export'), true);
  // A new registration does not reuse a deleted number.
  await register(page, '王五', '440305199001010018', '20');
  assert.deepEqual(await listed(page), ['2 李四', '4 王五']);
  // Deleted, then registered again: the undo does not list the person twice.
  await page.click('button[aria-label="删除 4 王五"]');
  await register(page, '王五', '440305199001010018', '20');
  await page.click('#undo');
  assert.equal(await page.textContent('#undo-line'), '不能恢复第 4 位：此人已重新登记为第 5 位。');
  assert.deepEqual(await listed(page), ['2 李四', '5 王五']);
  // The export holds the list as it is.
  await page.context().close();
});

test('years not insured are taken as typed (no silent cap); a value the calculations cannot take is an error at the field', async () => {
  const page = await openDesk();
  await page.fill('#lapsed', '101');
  await register(page, '张三', '11010519491231002X', '02', false);
  assert.equal(await inlineError(page, 'lapsed'), '应为 0 到 100 之间的整数（年）');
  assert.ok((await summaryLinks(page)).some(([href]) => href === '#lapsed'));
  await page.fill('#lapsed', '2.5');
  await page.click('#submit');
  assert.equal(await inlineError(page, 'lapsed'), '应为 0 到 100 之间的整数（年）');
  // 40 years (more than the 30 the page once kept silently) registered and on the receipt.
  await page.fill('#lapsed', '40');
  assert.equal(await inlineError(page, 'lapsed'), null, 'gone as soon as it is corrected');
  await page.click('#submit');
  await page.waitForSelector('#confirmation:not([hidden])');
  assert.match(await page.textContent('#confirmation'), /断保年数\s*40/);
  await page.context().close();
});

test('registering a person twice: the message leads to the existing registration, opened for correction', async () => {
  const page = await openDesk();
  await register(page, '张三', '11010519491231002X');
  await page.click('#next');
  await register(page, '张叁', '110105 19491231 002x', '02', false);
  assert.equal(await inlineError(page, 'id-number'), '此人已登记（第 1 位）；要更正那条登记，请按下面的“修改第 1 位”');
  const button = page.locator('#field-id .edit-existing button');
  assert.equal(await button.textContent(), '修改第 1 位（张三）');
  assert.equal(await button.isVisible(), true);
  await button.click();
  assert.equal(await page.textContent('#submit'), '保存修改');
  assert.equal(await page.inputValue('#name'), '张三');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'name');
  assert.match(await page.textContent('#session-status'), /正在修改第 1 位/);
  assert.equal(await page.locator('.edit-existing').count(), 0, 'the offer goes with the error');
  await page.fill('#name', '张叁');
  await page.click('#submit');
  await page.waitForSelector('#confirmation:not([hidden])');
  assert.deepEqual(await listed(page), ['1 张叁']);
  await page.context().close();
});

/** The number of pages of a PDF written by Chromium (its page objects, not the page tree's). */
const pdfPages = (pdf) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;

test('the receipt prints alone on one A5 or A4 sheet, in either language and in large text, numbers on one line', async () => {
  const page = await openDesk();
  await page.evaluate(() => localStorage.setItem('canbao-large-text', '1'));
  await page.reload();
  await page.waitForSelector('body[data-calc="true"]');
  await page.waitForFunction(() => document.getElementById('township').tagName === 'SELECT');
  assert.ok(await page.evaluate(() => document.documentElement.classList.contains('large-text')));
  // The longest receipt: a newborn (certificate, guardian), a group, years not insured.
  await page.selectOption('#doc-type', 'newborn');
  await page.fill('#name', '欧阳小宝');
  await page.fill('#birth-date', '2026-10-01');
  await page.selectOption('#sex', 'male');
  await page.fill('#birth-certificate', 'Q440012345');
  await page.fill('#guardian-name', '欧阳三');
  await page.fill('#guardian-id', '11010519491231002X');
  await page.selectOption('#ethnicity', '01');
  await page.fill('#phone', '13800138000');
  await page.selectOption('#hukou', 'agricultural');
  await page.selectOption('#township', '城关镇');
  await page.selectOption('#village', '城南村');
  await page.fill('#address', '三组12号附1号');
  await page.selectOption('#relation', '41');
  await page.fill('#householder', '欧阳大');
  await page.check('#groups input[value="dibao"]');
  await page.fill('#lapsed', '2');
  await page.click('#submit');
  await page.waitForSelector('#confirmation:not([hidden])');
  await page.click('#next');
  await page.selectOption('#relation', '20');
  await page.fill('#lapsed', '5');
  await register(page, '欧阳一二三四', '11010519491231002X', '30');
  assert.ok((await page.$$('#quote-trace li')).length > 0, 'an explanation to leave out');
  for (const lang of ['zh', 'en']) {
    if (lang === 'en') await page.click('#lang-toggle');
    for (const format of ['A5', 'A4']) {
      const pdf = await page.pdf({ format });
      assert.equal(pdfPages(pdf), 1, `${lang}, ${format}: one sheet`);
    }
    await page.emulateMedia({ media: 'print' });
    for (const hidden of ['#session', '#storage', '#intake', '#setup', '#confirmation-title', '#quote-details', '#done-note', '#next', 'h1']) {
      assert.equal(await page.isVisible(hidden), false, `${hidden} is not printed`);
    }
    for (const shown of ['#confirmation', '#confirmation-list', '#quote-list', '#receipt-meta']) assert.equal(await page.isVisible(shown), true, shown);
    // Each number on one line, inside the receipt's frame.
    const lines = await page.$$eval('#confirmation-list dd.nobreak', (dds) => dds.map((dd) => {
      const range = document.createRange();
      range.selectNodeContents(dd);
      const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      const frame = document.getElementById('confirmation').getBoundingClientRect();
      return [dd.textContent, tops.size, range.getBoundingClientRect().right <= frame.right];
    }));
    assert.deepEqual(lines.map((l) => l[0]), ['11010519491231002X', '13800138000']);
    for (const [number, count, inside] of lines) {
      assert.equal(count, 1, `${number} on one line`);
      assert.ok(inside, `${number} inside the receipt`);
    }
    await page.emulateMedia({ media: null }); // page.pdf prints with the emulated media
  }
  await page.context().close();
});

test('a policy file with problems is refused with its problems listed', async () => {
  const page = await openRecorded(ctx.browser, `${ctx.server.url}intake.html`, log);
  await page.waitForSelector('body[data-calc="true"]');
  await page.setInputFiles('#policy-file', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"formatVersion":2,"id":"x","name":{"zh":"x","en":"x"},"coverageYear":2027,"resident":{"individual":"abc","fiscal":"1"}}') });
  await page.waitForSelector('#policy-error:not([hidden])');
  assert.match(await page.textContent('#policy-error'), /这个政策文件有问题/);
  assert.match(await page.textContent('#policy-problems'), /resident\.individual/);
  assert.equal(await page.inputValue('#policy'), '');
  await page.context().close();
});

test('records are kept on this computer only when the clerk chooses, encrypted, and can be cleared', async () => {
  const page = await openDesk();
  const fill = async () => {
    await page.fill('#name', '李四');
    await page.fill('#id-number', '440305199001010018');
    await page.selectOption('#ethnicity', '03');
    await page.fill('#phone', '13900139000');
    await page.selectOption('#hukou', 'resident');
    await page.selectOption('#township', '河口乡');
    await page.selectOption('#village', '柳树村');
    await page.fill('#address', '五组');
    await page.selectOption('#category', 'resident');
    await page.click('#submit');
    await page.waitForSelector('#confirmation:not([hidden])');
  };
  await fill();
  // By default nothing is stored.
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('vault')).length), 0);
  await page.fill('#passphrase', 'short');
  await page.click('#keep');
  assert.equal(await inlineError(page, 'passphrase'), '口令至少要 8 位');
  await page.fill('#passphrase', 'county desk 7');
  await page.click('#keep');
  await page.waitForFunction(() => /已加密保存 1 人/.test(document.getElementById('storage-status').textContent));
  const stored = await page.evaluate(() => localStorage.getItem('canbao-intake-vault'));
  assert.ok(stored && !stored.includes('440305199001010018') && !stored.includes('李四'), 'stored encrypted');
  assert.equal(JSON.parse(stored).iterations, 600000);
  // Once kept, each new registration is saved too (encrypted anew).
  await page.click('#next-household');
  await page.fill('#name', '王五');
  await page.fill('#id-number', '110103198001011235');
  await page.selectOption('#ethnicity', '01');
  await page.fill('#phone', '13700137000');
  await page.selectOption('#hukou', 'resident');
  await page.selectOption('#township', '河口乡');
  await page.selectOption('#village', '河口村');
  await page.fill('#address', '二组');
  await page.selectOption('#category', 'resident');
  await page.click('#submit');
  await page.waitForSelector('#confirmation:not([hidden])');
  await page.waitForFunction((before) => localStorage.getItem('canbao-intake-vault') !== before, stored);
  // Nothing personal in the service worker's cache.
  const cached = await page.evaluate(async () => {
    const out = [];
    for (const k of await caches.keys()) for (const r of await (await caches.open(k)).keys()) out.push(r.url);
    return out;
  });
  assert.ok(cached.every((u) => !u.includes('4403')), cached.join());
  // A new page: the store is offered; a wrong passphrase does not open it.
  await page.reload();
  await page.waitForSelector('body[data-calc="true"]');
  assert.match(await page.textContent('#storage-status'), /加密保存的登记/);
  await page.fill('#passphrase', 'wrong passphrase');
  await page.click('#unlock');
  await page.waitForSelector('#passphrase-error:not([hidden])');
  assert.equal(await inlineError(page, 'passphrase'), '口令不对，打不开已保存的登记');
  await page.fill('#passphrase', 'county desk 7');
  await page.click('#unlock');
  await page.waitForFunction(() => /已打开保存的 2 人/.test(document.getElementById('storage-status').textContent));
  assert.equal(await page.textContent('#session-title'), '本次已登记（2 人）');
  // Clear all: confirmed, then gone.
  page.once('dialog', (d) => d.accept());
  await page.click('#clear-all');
  assert.match(await page.textContent('#storage-status'), /已全部清除/);
  assert.equal(await page.evaluate(() => localStorage.getItem('canbao-intake-vault')), null);
  await page.context().close();
});

test('no accessibility violations with a policy: the select lists, the newborn fields, a receipt and the list', async () => {
  const page = await openRecorded(ctx.browser, `${ctx.server.url}intake.html`, log, { bypassCSP: true, fixedTime: '2026-11-30T10:00:00+08:00' });
  await page.waitForSelector('body[data-calc="true"]');
  await page.setInputFiles('#policy-file', COUNTY);
  await page.waitForFunction(() => document.getElementById('township').tagName === 'SELECT');
  await page.selectOption('#doc-type', 'newborn');
  await page.click('#submit');
  assert.deepEqual(await axeViolations(page), []);
  await page.fill('#name', '张小宝');
  await page.fill('#birth-date', '2026-10-01');
  await page.selectOption('#sex', 'female');
  await page.fill('#birth-certificate', 'Q440012345');
  await page.fill('#guardian-name', '张三');
  await page.fill('#guardian-id', '11010519491231002X');
  await page.selectOption('#ethnicity', '01');
  await page.fill('#phone', '13800138000');
  await page.selectOption('#hukou', 'agricultural');
  await page.selectOption('#township', '河口乡');
  await page.selectOption('#village', '河口村');
  await page.fill('#address', '一组');
  await page.click('#submit');
  await page.waitForSelector('#confirmation:not([hidden])');
  assert.deepEqual(await axeViolations(page), []);
  await page.context().close();
});

test('English is available, for the page and for the messages', async () => {
  const page = await openPage();
  await page.click('#lang-toggle');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.textContent('label[for="id-number"]'), 'Identity number');
  await page.fill('#id-number', '110105194912310021');
  await page.click('#submit');
  assert.equal(await inlineError(page, 'id-number'), 'The check character does not match: a digit was probably mistyped');
  // Switching back re-words the errors already shown.
  await page.click('#lang-toggle');
  assert.equal(await inlineError(page, 'id-number'), '校验位不符，号码中可能有数字录错');
  await page.context().close();
});

test('no accessibility violations (axe-core), before and after errors are shown', async () => {
  // axe is injected as an inline script, which the page's CSP rightly forbids: bypass it here only.
  const page = await openPage('', { bypassCSP: true });
  const run = () => axeViolations(page);
  assert.deepEqual(await run(), []);
  await page.click('#submit');
  assert.deepEqual(await run(), []);
  await page.context().close();
});

test('once loaded, the page keeps working offline', async () => {
  const page = await openPage();
  await page.evaluate(() => navigator.serviceWorker.ready);
  // The first load may finish before the worker controls the page; a reload is controlled.
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.ok(await page.evaluate(() => !!navigator.serviceWorker.controller));
  await page.context().setOffline(true);
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  await page.fill('#id-number', '11010519491231002X');
  assert.match(await page.textContent('#id-derived'), /北京市朝阳区/);
  await page.context().close();
});

test('no request leaves the page origin, and the console is clean', () => {
  assertPrivate(assert, log, new URL(ctx.server.url).origin);
});
