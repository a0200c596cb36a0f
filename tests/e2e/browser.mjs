// Shared by the e2e tests and the benchmark: start the static server and Debian's Chromium.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Starts tools/serve.mjs on a free port; resolves to { url, stop }. */
export async function startServer(dir) {
  const args = [new URL('../../tools/serve.mjs', import.meta.url).pathname, '0'];
  if (dir) args.push(dir);
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  proc.stdout.setEncoding('utf8');
  while (!/http:\/\/\S+\//.test(out)) {
    const [chunk] = await once(proc.stdout, 'data');
    out += chunk;
  }
  const url = out.match(/http:\/\/\S+\//)[0];
  return { url, stop: () => proc.kill() };
}

/** Launches headless Chromium (a fresh temporary profile each time) with the flags this
 * machine needs: no background networking, no sandbox as root. */
export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** Opens `url` in a new context, recording every request (URL and body) and every console
 * error into `log` ({ requests: [], consoleErrors: [] }); resolves once the page is ready. */
export async function openRecorded(browser, url, log, { fixedTime, ...options } = {}) {
  const context = await browser.newContext(options);
  // A page that works with today's date (the intake desk's payment date) can be given one.
  if (fixedTime) await context.clock.setFixedTime(new Date(fixedTime));
  const page = await context.newPage();
  page.on('request', (r) => log.requests.push({ url: r.url(), body: r.postData() ?? '' }));
  page.on('console', (m) => m.type() === 'error' && log.consoleErrors.push(m.text()));
  page.on('pageerror', (e) => log.consoleErrors.push(String(e)));
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  return page;
}

/** The privacy promise: every request went to `origin` (or was a local blob: download) and
 * none carried a body; and no console error was logged. */
export function assertPrivate(assert, log, origin) {
  assert.ok(log.requests.length > 0);
  for (const r of log.requests) {
    assert.ok(new URL(r.url).origin === origin || r.url.startsWith('blob:'), r.url);
    assert.equal(r.body, '', `a request carried a body: ${r.url}`);
  }
  assert.deepEqual(log.consoleErrors, []);
}

/** For a test file: starts the server and Chromium before its tests and stops them after.
 * Returns { server, browser, log } (filled in once started). */
export function setUp(before, after) {
  const ctx = { log: { requests: [], consoleErrors: [] } };
  before(async () => {
    ctx.server = await startServer();
    ctx.browser = await launch();
  });
  after(async () => {
    await ctx.browser?.close();
    ctx.server?.stop();
  });
  return ctx;
}

/** The axe-core (WCAG) violations of the page as "rule: targets" lines. The page must have
 * been opened with { bypassCSP: true }: axe is injected as an inline script, which the site's
 * CSP rightly forbids. */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) {
    const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
    await page.addScriptTag({ content: readFileSync(axePath, 'utf8') });
  }
  return page.evaluate(async () => (await window.axe.run()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`));
}
