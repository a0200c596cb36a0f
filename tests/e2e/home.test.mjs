// The home page and the site as a whole in headless Chromium: what each tool is for, every
// tool reachable, a clear message where WebAssembly is missing (not a blank page), and the
// site working from a sub-path of any static server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setUp, openRecorded, assertPrivate, axeViolations, startServer } from './browser.mjs';

const ctx = setUp(before, after);
const log = ctx.log;

test('the home page explains each tool and links to it; no accessibility violations', async () => {
  const page = await openRecorded(ctx.browser, ctx.server.url, log, { bypassCSP: true });
  const links = await page.$$eval('.tools h2 a', (as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(links, ['intake.html', 'calc.html', 'roster.html', 'campaign.html', 'match.html']);
  assert.match(await page.textContent('.lead'), /不会发送到任何地方/);
  assert.equal(await page.isVisible('#no-wasm'), false);
  assert.deepEqual(await axeViolations(page), []);
  await page.click('#lang-toggle');
  assert.equal(await page.textContent('h1'), 'canbao enrollment tools');
  // The choice is remembered on the next page.
  await page.click('.tools a[href="calc.html"]');
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.context().close();
});

test('without WebAssembly: a clear message on the home page and on a tool page', async () => {
  const context = await ctx.browser.newContext();
  await context.addInitScript(() => { delete globalThis.WebAssembly; });
  const page = await context.newPage();
  await page.goto(ctx.server.url);
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.isVisible('#no-wasm'), true);
  assert.match(await page.textContent('#no-wasm'), /不能运行 WebAssembly/);
  await page.goto(`${ctx.server.url}intake.html`);
  await page.waitForFunction(() => /WebAssembly/.test(document.getElementById('loading').textContent));
  assert.equal(await page.getAttribute('#loading', 'role'), 'alert');
  await context.close();
});

test('the site works from a sub-path (served from the repository root as /www/)', async () => {
  const server = await startServer(process.cwd());
  try {
    const page = await openRecorded(ctx.browser, `${server.url}www/intake.html`, log);
    await page.fill('#id-number', '11010519491231002X');
    assert.match(await page.textContent('#id-derived'), /1949-12-31/);
    await page.goto(`${server.url}www/calc.html`);
    await page.waitForSelector('body[data-ready="true"]');
    assert.match(await page.textContent('#policy-summary'), /380\.00/);
    await page.context().close();
  } finally {
    server.stop();
  }
});

test('no request leaves the page origin or carries data; the console is clean', () => {
  const own = log.requests.filter((r) => !r.url.includes('/www/'));
  assertPrivate(assert, { ...log, requests: own }, new URL(ctx.server.url).origin);
});
