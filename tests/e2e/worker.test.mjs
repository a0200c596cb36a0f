// canbao/worker in headless Chromium: batch jobs in a module worker give what the
// synchronous calls give, report progress, can be cancelled, and fetch only the package's
// own files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch } from './browser.mjs';

let server;
let browser;
let page;
const requests = [];
const errors = [];

before(async () => {
  server = await startServer(process.cwd());
  browser = await launch();
  page = await browser.newPage();
  page.on('request', (r) => requests.push({ url: r.url(), body: r.postData() ?? '' }));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${server.url}tests/e2e/pages/blank.html`);
});
after(async () => {
  await browser?.close();
  server?.stop();
});

// A column with every kind of value a roster holds: valid IDs of several kinds, damaged
// and invalid ones, numbers (digits lost), blanks, carriage returns.
const COLUMN = [
  '11010519491231002X', '11010519491231002x', ' 110105 19491231 002X ', '110105491231002',
  '11010519491231002Y', '1.10105E+17', '', 'abc', '810000199408230021', '11010519491231002X\r',
  '１１０１０５１９４９１２３１００２Ｘ', '19491231', '11010520991231002X',
];

test('validateIds in the worker equals the synchronous call, with progress', async () => {
  const r = await page.evaluate(async (column) => {
    const { BatchWorker } = await import('/pkg/web/batch.js');
    const { validateIds } = await import('/pkg/web/index.js');
    const rows = Array.from({ length: 20_000 }, (_, i) => column[i % column.length]);
    rows[5] = 110105194912310020; // a number: digits lost
    const plain = (x) => JSON.parse(JSON.stringify(x, (k, v) => (ArrayBuffer.isView(v) ? Array.from(v) : v)));
    const worker = new BatchWorker();
    const progress = [];
    const opts = { referenceDate: '2026-11-22', normalized: true };
    const fromArray = await worker.validateIds(rows, { ...opts, chunkSize: 3000, onProgress: (d, t) => progress.push([d, t]) });
    const text = rows.slice(6).join('\n') + '\n';
    const fromText = await worker.validateIds(text, { ...opts, lang: 'en', chunkSize: 1000 });
    const fromBytes = await worker.validateIds(new TextEncoder().encode(text), { ...opts, lang: 'en', chunkSize: 777 });
    // The lenient region check's warning column, chunked like the others.
    const lenientText = `${text}110199199001010010\n`;
    const lenient = await worker.validateIds(lenientText, { ...opts, regionCheck: 'lenient', chunkSize: 999 });
    const lenientSync = validateIds(lenientText, { ...opts, regionCheck: 'lenient' });
    // A chunk boundary right before the final line end: that line end ends the last row.
    const exact = rows.slice(6, 3006).join('\n') + '\n';
    const fromExact = await worker.validateIds(exact, { ...opts, chunkSize: 1000 });
    const empty = await worker.validateIds([], opts);
    worker.terminate();
    const a = plain(fromArray);
    const b = plain(validateIds(rows, opts));
    return {
      diff: Object.keys({ ...a, ...b }).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])),
      same: JSON.stringify(plain(fromArray)) === JSON.stringify(plain(validateIds(rows, opts))),
      sameText: JSON.stringify(plain(fromText)) === JSON.stringify(plain(validateIds(text, { ...opts, lang: 'en' }))),
      sameBytes: JSON.stringify(plain(fromBytes)) === JSON.stringify(plain(fromText)),
      sameLenient: JSON.stringify(plain(lenient)) === JSON.stringify(plain(lenientSync))
        && lenient.warning instanceof Uint8Array && lenient.errorCodes[lenient.warning.at(-1)] === 'region_unknown',
      sameExact: JSON.stringify(plain(fromExact)) === JSON.stringify(plain(validateIds(exact, opts))) && fromExact.length === 3000,
      typed: fromArray.kind instanceof Uint8Array && fromArray.birth instanceof Uint32Array,
      length: fromArray.length, valid: fromArray.valid, textLength: fromText.length,
      errorOfNumber: fromArray.errorCodes[fromArray.error[5]],
      progress, emptyLength: empty.length,
    };
  }, COLUMN);
  assert.ok(r.same, `array input: ${r.diff}`);
  assert.ok(r.sameText, 'text input (with a final line end)');
  assert.ok(r.sameBytes, 'UTF-8 bytes input');
  assert.ok(r.sameLenient, 'the lenient region check and its warning column');
  assert.ok(r.sameExact, 'a chunk boundary at the final line end');
  assert.ok(r.typed);
  assert.equal(r.length, 20_000);
  assert.ok(r.valid > 0 && r.valid < 20_000);
  assert.equal(r.textLength, 20_000 - 6);
  assert.notEqual(r.errorOfNumber, null, 'a number that lost digits is an error');
  assert.equal(r.progress.length, 7);
  assert.deepEqual(r.progress.at(-1), [20_000, 20_000]);
  assert.ok(r.progress.every(([d], i) => i === 0 || d > r.progress[i - 1][0]));
  assert.equal(r.emptyLength, 0);
});

test('tokenizeIds in the worker equals the synchronous call', async () => {
  const r = await page.evaluate(async (column) => {
    const { BatchWorker } = await import('/pkg/web/batch.js');
    const { tokenizeIds, newCampaignSecret } = await import('/pkg/web/tokens.js');
    const secret = newCampaignSecret();
    const text = Array.from({ length: 5000 }, (_, i) => column[i % column.length]).join('\n');
    const worker = new BatchWorker();
    const got = await worker.tokenizeIds(secret, 'hmac-sha256', text, { chunkSize: 700 });
    const want = tokenizeIds(secret, 'hmac-sha256', text);
    let misuse = null;
    try {
      await worker.tokenizeIds(secret, 'hmac-sha256', ['11010519491231002X', 110105194912310020]);
    } catch (e) {
      misuse = e.code;
    }
    const none = await worker.tokenizeIds(secret, 'hmac-sha256', []);
    worker.terminate();
    return {
      none: [none.length, none.tokens.length, none.fingerprint === want.fingerprint],
      length: got.length, fingerprint: got.fingerprint === want.fingerprint, width: got.bytesPerToken,
      tokens: got.tokens.every((b, i) => b === want.tokens[i]) && got.tokens.length === want.tokens.length,
      errors: got.error.every((e, i) => e === want.error[i]),
      someTokenized: got.error.some((e) => e === 0), misuse,
    };
  }, COLUMN);
  assert.equal(r.length, 5000);
  assert.ok(r.fingerprint && r.tokens && r.errors && r.someTokenized);
  assert.equal(r.width, 16);
  assert.equal(r.misuse, 'misuse');
  assert.deepEqual(r.none, [0, 0, true], 'an empty array is no rows');
});

test('a job can be cancelled, and the worker then takes new jobs', async () => {
  const r = await page.evaluate(async () => {
    const { BatchWorker } = await import('/pkg/web/batch.js');
    const worker = new BatchWorker();
    const controller = new AbortController();
    const rows = Array.from({ length: 400_000 }, () => '11010519491231002X');
    let seen = 0;
    let outcome;
    try {
      await worker.validateIds(rows, {
        chunkSize: 1000, signal: controller.signal,
        onProgress: () => { seen += 1; controller.abort(); },
      });
      outcome = 'finished';
    } catch (e) {
      outcome = e.name;
    }
    let already;
    try {
      await worker.validateIds(['1'], { signal: controller.signal });
    } catch (e) {
      already = e.name;
    }
    const after = await worker.validateIds(['11010519491231002X']);
    worker.terminate();
    return { outcome, seen, already, after: after.valid };
  });
  assert.equal(r.outcome, 'AbortError');
  assert.ok(r.seen >= 1 && r.seen < 400);
  assert.equal(r.already, 'AbortError');
  assert.equal(r.after, 1);
});

test('a worker that cannot load fails its job clearly; the next call starts a new one', async () => {
  await page.route('**/batch-worker.js', (route) => route.fulfill({ status: 404, body: 'gone' }));
  const first = await page.evaluate(async () => {
    const { BatchWorker } = await import('/pkg/web/batch.js');
    window.failing = new BatchWorker();
    try {
      await window.failing.validateIds(['11010519491231002X']);
      return 'finished';
    } catch (e) {
      return e.code;
    }
  });
  await page.unroute('**/batch-worker.js');
  assert.equal(first, 'worker_failed');
  const again = await page.evaluate(async () => (await window.failing.validateIds(['11010519491231002X'])).valid);
  assert.equal(again, 1);
  errors.length = 0; // the 404 above was wanted
});

test('the worker fetches only the package\'s own files and sends no data', () => {
  assert.deepEqual(errors, []);
  const origin = new URL(server.url).origin;
  for (const q of requests) {
    assert.equal(new URL(q.url).origin, origin, q.url);
    assert.equal(q.body, '', q.url);
  }
  assert.ok(requests.some((q) => q.url.endsWith('/pkg/web/batch-worker.js')));
});
