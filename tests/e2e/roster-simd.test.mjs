// The roster module ships two builds of the same code: with WebAssembly SIMD and without. A
// browser that runs SIMD loads the first; one that does not (Safari before 16.4, older
// Chromium-based browsers) must get the second and work the same. Chromium always runs SIMD,
// so the second case is made by having the page's WebAssembly.validate reject the probe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setUp, assertPrivate } from './browser.mjs';

const ctx = setUp(before, after);

/** Loads canbao/roster in the page and takes a generated roster through a whole job. */
async function runJob(withoutSimd) {
  const log = { requests: [], consoleErrors: [] };
  // No service worker: it precaches by its own probe, which the page's override does not reach.
  const context = await ctx.browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  page.on('request', (r) => log.requests.push({ url: r.url(), body: r.postData() ?? '' }));
  page.on('pageerror', (e) => log.consoleErrors.push(String(e)));
  if (withoutSimd) {
    await page.addInitScript(() => {
      // A browser without SIMD: every module using v128 fails validation.
      const validate = WebAssembly.validate;
      WebAssembly.validate = (bytes) => {
        const b = new Uint8Array(bytes.buffer ?? bytes);
        return b.includes(0x7b) && b.length < 64 ? false : validate(bytes);
      };
    });
  }
  // The home page: it loads no roster module of its own (the roster page starts a worker).
  await page.goto(`${ctx.server.url}index.html`);
  await page.waitForSelector('body[data-ready="true"]');
  const result = await page.evaluate(async () => {
    const roster = await import('./vendor/canbao/roster.js');
    const csv = roster.generateRoster(300, { format: 'csv', seed: 9, damagedPercent: 10 });
    const job = new roster.RosterJob(csv);
    while (job.done < job.total) job.step(100);
    const out = job.finish('xlsx');
    // The annotated workbook's contents, as read back and written out as CSV (its bytes
    // also hold a creation time, so they may differ between runs by a byte of deflate).
    const back = new roster.RosterJob(out.file, { sheet: '台账' });
    while (back.done < back.total) back.step(100);
    const again = new roster.RosterJob(csv);
    while (again.done < again.total) again.step(100);
    const sha = async (bytes) => Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)),
      (x) => x.toString(16).padStart(2, '0')).join('');
    return { total: back.total, xlsxContentSha256: await sha(back.finish('csv').file), csvSha256: await sha(again.finish('csv').file) };
  });
  const wasm = log.requests.map((r) => r.url).filter((u) => u.includes('canbao_roster'));
  await context.close();
  return { result, wasm, log };
}

for (const [withoutSimd, loads, skips, name] of [
  [false, 'canbao_roster_simd_bg.wasm', 'canbao_roster_bg.wasm', 'a browser with WebAssembly SIMD loads the SIMD build and runs a roster job'],
  [true, 'canbao_roster_bg.wasm', 'canbao_roster_simd_bg.wasm', 'a browser without WebAssembly SIMD loads the plain build and runs the same job'],
]) {
  test(name, async () => {
    const { result, wasm, log } = await runJob(withoutSimd);
    assert.equal(result.total, 300);
    assert.ok(wasm.some((u) => u.endsWith(`/${loads}`)), wasm.join(' '));
    assert.ok(!wasm.some((u) => u.endsWith(`/${skips}`)), wasm.join(' '));
    assertPrivate(assert, log, new URL(ctx.server.url).origin);
  });
}

test('both builds give the same results', async () => {
  const a = await runJob(false);
  const b = await runJob(true);
  assert.deepEqual(a.result, b.result);
});
