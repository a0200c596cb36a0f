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

const summaryLinks = (page) => page.$$eval('#error-list a', (as) => as.map((a) => [a.getAttribute('href'), a.textContent]));
const inlineError = (page, id) => page.$eval(`#${id}-error`, (el) => (el.hidden ? null : el.textContent));

test('submitting an empty form: summary with a link per field, inline messages, focus on the summary', async () => {
  const page = await openPage();
  await page.click('#submit');
  assert.equal(await page.isVisible('#error-summary'), true);
  assert.deepEqual(await summaryLinks(page), [
    ['#name', '姓名：请输入姓名'],
    ['#id-number', '证件号码：请输入证件号码'],
    ['#phone', '手机号码：请输入手机号码'],
    ['#address', '户籍地址：请输入户籍地址'],
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
  await page.fill('#address', '某县某镇某村一组');
  await page.click('#submit');
  const links = await summaryLinks(page);
  assert.deepEqual(links.map((l) => l[0]), ['#id-number', '#phone']);
  // The summary names the field, and says how many digits were typed.
  assert.equal(links[0][1], '证件号码：校验位不符，号码中可能有数字录错');
  assert.equal(links[1][1], '手机号码：输入了10位数字，手机号码应为11位');
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
  await page.fill('#address', '某县某镇某村二组');
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

test('a desk registers: receipt, next person with the address kept, the session list, edit, export read by the roster tool', async () => {
  const page = await openRecorded(ctx.browser, `${ctx.server.url}intake.html`, log, { acceptDownloads: true });
  await page.waitForSelector('body[data-ready="true"]');
  const register = async (name, id, phone) => {
    await page.fill('#name', name);
    await page.fill('#id-number', id);
    await page.fill('#phone', phone);
    await page.click('#submit');
    await page.waitForSelector('#confirmation:not([hidden])');
  };
  await page.fill('#address', '某县某镇某村一组');
  await register('张三', '11010519491231002x', '13800138000');
  assert.match(await page.textContent('#confirmation'), /城乡居民基本医疗保险参保登记回执/);
  assert.match(await page.textContent('#receipt-meta'), /登记序号：1/);
  // The same person again is not a second record.
  await page.click('#submit');
  assert.match(await inlineError(page, 'id-number'), /此人已登记（第 1 位）/);
  // The next person: the person's fields cleared, the household address kept.
  await page.click('#next');
  assert.equal(await page.inputValue('#name'), '');
  assert.equal(await page.inputValue('#address'), '某县某镇某村一组');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'name');
  await register('李四', '440305199001010018', '13900139000');
  assert.equal(await page.textContent('#session-title'), '本次已登记（2 人）');
  // Edit the first: corrected in place, still two people.
  await page.click('#session-table tbody tr:first-child button:first-of-type');
  assert.equal(await page.inputValue('#name'), '张三');
  await page.fill('#name', '张叁');
  await page.click('#submit');
  await page.waitForSelector('#confirmation:not([hidden])');
  const rows = await page.$$eval('#session-table tbody tr', (trs) => trs.map((tr) => [...tr.cells].slice(0, 3).map((c) => c.textContent)));
  assert.deepEqual(rows, [['1', '张叁', '11010519491231002X'], ['2', '李四', '440305199001010018']]);
  // Export: the roster format, read by the roster tool's own reader.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
  const csv = readFileSync(await download.path());
  assert.match(await page.textContent('#session-status'), /已导出 2 人/);
  const { readTable } = require('canbao/roster');
  const table = readTable(new Uint8Array(csv));
  assert.equal(table.mapping.name, 1);
  assert.equal(table.mapping.id, 2);
  assert.equal(table.mapping.phone, 3);
  assert.deepEqual(table.rows.map((r) => r.slice(1, 4)), [['张叁', '11010519491231002X', '13800138000'], ['李四', '440305199001010018', '13900139000']]);
  // The receipt prints alone.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('#intake'), false);
  assert.equal(await page.isVisible('#session'), false);
  assert.equal(await page.isVisible('#confirmation'), true);
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
