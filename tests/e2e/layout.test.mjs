// Every page on a 390 px phone with the browser's default font at 24 px (a common setting for
// older eyes), and in the site's large-text mode: nothing scrolls sideways, in Chinese or in
// English, with the intake form's errors and receipt shown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setUp, openRecorded } from './browser.mjs';

const ctx = setUp(before, after);
const log = ctx.log;

const PAGES = ['', 'intake.html', 'calc.html', 'roster.html', 'campaign.html', 'match.html', 'embed.html'];
const PHONE = { viewport: { width: 390, height: 844 } };

/** Opens `path` at 390 px with the default font size at `fontSize` px. */
async function open(path, { fontSize = 24, large = false, lang = 'zh' } = {}) {
  const context = await ctx.browser.newContext(PHONE);
  if (large) await context.addInitScript(() => localStorage.setItem('canbao-large-text', '1'));
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Page.setFontSizes', { fontSizes: { standard: fontSize, fixed: fontSize } });
  page.on('pageerror', (e) => log.consoleErrors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && log.consoleErrors.push(m.text()));
  await page.goto(`${ctx.server.url}${path}?lang=${lang}`);
  await page.waitForSelector('body[data-ready="true"]');
  return page;
}

/** How far the page is wider than the screen (0 when nothing scrolls sideways), with the
 * elements that stick out. */
const overflow = (page) => page.evaluate(() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > width + 1 && !e.closest('.table-wrap') && e.getClientRects().length)
    .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}.${e.className}`)
    .slice(0, 5);
  return { by: document.documentElement.scrollWidth - width, wide };
});

for (const path of PAGES) {
  for (const lang of ['zh', 'en']) {
    test(`${path || 'index.html'} (${lang}): no sideways scroll at 390 px with a 24 px font`, async () => {
      const page = await open(path, { lang });
      // The default font really is 24 px.
      assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize), '24px');
      assert.deepEqual(await overflow(page), { by: 0, wide: [] });
      await page.context().close();
    });
  }
}

test('the intake form with errors and a receipt, in large-text mode and in English: no sideways scroll', async () => {
  for (const lang of ['zh', 'en']) {
    const page = await open('intake.html', { lang, large: true, fontSize: 16 });
    // Large-text mode: body text at least 18 pt (24 px).
    const size = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    assert.ok(size >= 24, `body text ${size}px`);
    assert.equal(await page.getAttribute('#large-toggle', 'aria-pressed'), 'true');
    await page.click('#submit');
    assert.deepEqual(await overflow(page), { by: 0, wide: [] });
    await page.fill('#name', '张三');
    await page.fill('#id-number', '11010519491231002X');
    await page.selectOption('#ethnicity', '01');
    await page.fill('#phone', '13800138000');
    await page.selectOption('#hukou', 'agricultural');
    await page.fill('#township', '城关镇');
    await page.fill('#village', '城南村');
    await page.fill('#address', '三组12号');
    await page.selectOption('#category', 'resident');
    await page.selectOption('#year', { index: 1 });
    await page.click('#submit');
    await page.waitForSelector('#confirmation:not([hidden])');
    assert.deepEqual(await overflow(page), { by: 0, wide: [] });
    await page.context().close();
  }
});

test('the large-text switch is on every page with one, and is remembered', async () => {
  const page = await open('calc.html', { fontSize: 16 });
  const body = () => page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  const before = await body();
  await page.click('#large-toggle');
  assert.equal(await page.getAttribute('#large-toggle', 'aria-pressed'), 'true');
  assert.ok(await body() >= 24);
  assert.ok(await body() > before);
  await page.goto(`${ctx.server.url}roster.html`);
  await page.waitForSelector('body[data-ready="true"]');
  assert.ok(await body() >= 24, 'remembered on the next page');
  await page.click('#large-toggle');
  assert.equal(await body(), before);
  await page.context().close();
});

test('no page logged an error', () => {
  assert.deepEqual(log.consoleErrors, []);
});
