// Offline after the first load, for every page: the home page is opened once on the network
// (its service worker caches the whole site), then the connection is cut and each tool is
// opened and used as a person would, with the requests recorded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setUp, openRecorded, assertPrivate } from './browser.mjs';

const ctx = setUp(before, after);
const log = ctx.log;

test('after one visit, every tool opens and works without a network connection', async () => {
  const page = await openRecorded(ctx.browser, `${ctx.server.url}index.html`, log);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.ok(await page.evaluate(() => !!navigator.serviceWorker.controller));
  await page.context().setOffline(true);
  assert.equal(await page.evaluate(() => navigator.onLine), false);

  const open = async (path) => {
    await page.goto(`${ctx.server.url}${path}`);
    await page.waitForSelector('body[data-ready="true"]');
  };

  await open('index.html');
  assert.match(await page.textContent('.lead'), /不会发送到任何地方/);

  await open('intake.html');
  await page.fill('#id-number', '11010519491231002X');
  assert.match(await page.textContent('#id-derived'), /北京市朝阳区/);

  await open('calc.html');
  const county = await page.$$eval('#preset option', (os) => os.find((o) => o.textContent.includes('县级示例'))?.value);
  await page.selectOption('#preset', county);
  assert.match(await page.textContent('#policy-summary'), /380\.00 元/);

  await open('match.html');
  await page.click('#new-secret');
  assert.match(await page.textContent('#fingerprint'), /hmac-sha256/);

  await open('roster.html');
  await page.click('#sample');
  await page.waitForSelector('#map-section:not([hidden])');
  await page.click('#run');
  await page.waitForSelector('#result:not([hidden])', { timeout: 60_000 });
  const counts = await page.$$eval('#result-counts dd', (dds) => dds.map((d) => d.textContent));
  assert.ok(counts.length > 0);

  await open('embed.html');
  await page.locator('#id-input input').fill('11010519491231002X');
  await page.click('button[type="submit"]');
  await page.waitForSelector('#submitted:not([hidden])');
  await page.context().close();
});

test('no request left the site, and the console stayed clean', () => {
  assertPrivate(assert, log, new URL(ctx.server.url).origin);
});
