// <canbao-id-input> in a portal-like form (www/embed.html), in headless Chromium: native form
// validation through ElementInternals, GOV.UK-style messages, the normalized value submitted,
// a strict CSP, no request leaving the site.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setUp, openRecorded, assertPrivate, axeViolations } from './browser.mjs';

const ctx = setUp(before, after);
const log = ctx.log;

const openPage = (options = {}) => openRecorded(ctx.browser, `${ctx.server.url}embed.html`, log, options);
const errorText = (page) => page.$eval('canbao-id-input', (el) => el.shadowRoot.querySelector('.error').textContent);
const errorShown = (page) => page.$eval('canbao-id-input', (el) => !el.shadowRoot.querySelector('.error').hidden);

test('the form does not submit while the number is missing or invalid; messages beside the field', async () => {
  const page = await openPage();
  await page.click('button[type="submit"]');
  assert.equal(await page.isVisible('#submitted'), false);
  assert.equal(await errorShown(page), true);
  assert.match(await errorText(page), /请输入证件号码/);
  assert.equal(await page.$eval('form', (f) => f.checkValidity()), false);

  const input = page.locator('canbao-id-input input');
  await input.fill('110105194912310021');
  await page.keyboard.press('Tab');
  assert.match(await errorText(page), /校验位不符/);
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  assert.equal(await input.inputValue(), '110105194912310021', 'nothing typed is cleared');

  // A 15-digit number is refused where 18 digits are required.
  await input.fill('110105491231002');
  await page.click('button[type="submit"]');
  assert.equal(await page.isVisible('#submitted'), false);
  assert.ok((await errorText(page)).length > 0);
  await page.context().close();
});

test('a valid number: no message, the result as a property and event, the normalized value submitted', async () => {
  const page = await openPage();
  const input = page.locator('canbao-id-input input');
  await input.fill('110105 19491231 002x');
  await page.keyboard.press('Tab');
  assert.equal(await errorShown(page), false);
  const result = await page.$eval('canbao-id-input', (el) => el.result);
  assert.deepEqual([result.ok, result.birthDate, result.region.county], [true, '1949-12-31', '朝阳区']);
  await page.click('button[type="submit"]');
  await page.waitForSelector('#submitted:not([hidden])');
  assert.equal(await page.textContent('#form-data'), '{"idNumber":"11010519491231002X"}');
  await page.context().close();
});

test('no accessibility violations (axe-core), with and without an error', async () => {
  const page = await openPage({ bypassCSP: true });
  const run = () => axeViolations(page);
  assert.deepEqual(await run(), []);
  await page.click('button[type="submit"]');
  assert.deepEqual(await run(), []);
  await page.context().close();
});

test('no request leaves the page origin or carries data; the console is clean (strict CSP holds)', () => {
  assertPrivate(assert, log, new URL(ctx.server.url).origin);
});
