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

  const input = page.locator('#id-input input');
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
  const input = page.locator('#id-input input');
  await input.fill('110105 19491231 002x');
  await page.keyboard.press('Tab');
  assert.equal(await errorShown(page), false);
  const result = await page.$eval('#id-input', (el) => el.result);
  assert.deepEqual([result.ok, result.birthDate, result.region.county], [true, '1949-12-31', '朝阳区']);
  await page.click('button[type="submit"]');
  await page.waitForSelector('#submitted:not([hidden])');
  assert.equal(await page.textContent('#form-data'), '{"idNumber":"11010519491231002X","guardianId":""}');
  await page.context().close();
});

test('like a native field: Enter submits, reset restores, a disabled fieldset disables, an outside label names it, a custom message blocks', async () => {
  const page = await openPage();
  await page.waitForSelector('body[data-ready="true"]');
  const input = page.locator('#id-input input');
  // Enter in the field submits the form (which checks it first).
  await input.fill('11010519491231002X');
  await input.press('Enter');
  await page.waitForSelector('#submitted:not([hidden])');
  // A reset restores the initial value and clears the message.
  await input.fill('110105194912310021');
  await page.keyboard.press('Tab');
  assert.equal(await errorShown(page), true);
  await page.click('button[type="reset"]');
  assert.equal(await input.inputValue(), '');
  assert.equal(await errorShown(page), false);
  // A disabled fieldset disables the field inside it.
  const guardian = page.locator('#guardian-id input');
  await page.$eval('#guardian-set', (f) => { f.disabled = true; });
  assert.equal(await guardian.isDisabled(), true);
  await page.$eval('#guardian-set', (f) => { f.disabled = false; });
  assert.equal(await guardian.isEnabled(), true);
  // An outside <label for> names it and focuses it.
  assert.equal(await guardian.getAttribute('aria-label'), '监护人证件号码');
  await page.click('label[for="guardian-id"]');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'guardian-id');
  assert.equal(await page.$eval('#guardian-id', (el) => el.labels.length), 1);
  // A message of the page's own blocks the form until cleared.
  await input.fill('11010519491231002X');
  await page.keyboard.press('Tab');
  await page.$eval('#id-input', (el) => el.setCustomValidity('此人已登记'));
  assert.equal(await errorText(page), '错误：此人已登记', 'shown at once once the person has left the field');
  await page.click('button[type="submit"]');
  assert.equal(await page.isVisible('#submitted'), false);
  assert.equal(await errorText(page), '错误：此人已登记');
  await page.$eval('#id-input', (el) => el.setCustomValidity(''));
  await page.click('button[type="submit"]');
  await page.waitForSelector('#submitted:not([hidden])');
  await page.context().close();
});

test('the desk\'s messages: a 17-digit number says what the intake desk says, from the same library rule', async () => {
  const digits = '11010519491231002';
  // The desk (intake.html) on submit.
  const desk = await openRecorded(ctx.browser, `${ctx.server.url}intake.html`, log);
  await desk.fill('#id-number', digits);
  await desk.click('#submit');
  const deskMessage = await desk.$eval('#id-number-error', (el) => el.textContent);
  await desk.context().close();
  assert.equal(deskMessage, '输入了17位，居民身份证号码应为18位');

  const page = await openPage();
  const input = page.locator('#id-input input');
  await input.fill(digits);
  await page.keyboard.press('Tab');
  assert.equal(await errorText(page), `错误：${deskMessage}`);
  assert.equal(await page.$eval('#id-input', (el) => el.validationMessage), deskMessage);
  // A legacy 15-digit number is offered in its 18-digit form, as at the desk.
  await input.fill('110105491231002');
  await page.keyboard.press('Tab');
  assert.match(await errorText(page), /11010519491231002X/);
  // An empty required field: the desk's words too.
  await input.fill('');
  await page.click('button[type="submit"]');
  assert.equal(await errorText(page), '错误：请输入证件号码');
  // In English (the page's toggle sets the fields' language).
  await page.click('#lang-toggle');
  await input.fill(digits);
  await page.keyboard.press('Tab');
  assert.equal(await errorText(page), 'Error: 17 characters entered; a resident ID number has 18');
  assert.equal(await page.$eval('#id-input', (el) => el.shadowRoot.querySelector('label').textContent), 'Identity number');
  await page.context().close();
});

test('::part(input) sizes the input: no max-width in the component overrides the page', async () => {
  const page = await openPage();
  const width = () => page.$eval('#id-input', (el) => el.shadowRoot.querySelector('input').getBoundingClientRect().width);
  const ch = await page.$eval('#id-input', (el) => {
    const probe = document.createElement('span');
    probe.textContent = '0'.repeat(100);
    probe.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap;letter-spacing:.05em';
    el.shadowRoot.append(probe);
    const w = probe.getBoundingClientRect().width / 100;
    probe.remove();
    return w;
  });
  const before = await width();
  assert.ok(before < 30 * ch, `default width ${before}px is about 24ch (${ch}px)`);
  // A page's own rule (a constructed sheet: the page's CSP allows no inline style).
  await page.evaluate(() => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('#id-input::part(input) { width: 40ch; } #guardian-id::part(input) { width: 100%; }');
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  });
  const after = await width();
  assert.ok(after > 36 * ch, `::part(input) { width: 40ch } gives ${after}px (1ch ≈ ${ch}px), not the component's 24ch`);
  const [guardian, container] = await page.$eval('#guardian-id', (el) => [el.shadowRoot.querySelector('input').getBoundingClientRect().width, el.getBoundingClientRect().width]);
  assert.ok(Math.abs(guardian - container) < 1, `width: 100% fills the field (${guardian} of ${container})`);
  await page.context().close();
});

test('大字 (large text): the example follows the site\'s switch and remembers it; the field grows with it', async () => {
  const page = await openPage();
  const fontSize = () => page.$eval('#id-input', (el) => parseFloat(getComputedStyle(el.shadowRoot.querySelector('input')).fontSize));
  const normal = await fontSize();
  assert.equal(await page.textContent('#large-toggle'), '大字');
  await page.click('#large-toggle');
  assert.equal(await page.$eval('html', (h) => h.classList.contains('large-text')), true);
  assert.equal(await page.getAttribute('#large-toggle', 'aria-pressed'), 'true');
  const large = await fontSize();
  assert.ok(large >= normal * 1.4, `${large}px in large text, ${normal}px before`);
  // Remembered: the site's other pages and this one open in large text.
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.$eval('html', (h) => h.classList.contains('large-text')), true);
  assert.equal(await fontSize(), large);
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
