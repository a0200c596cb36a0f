// Same data, same page: keyed tokens of identity numbers with canbao's batch API (validation,
// canonical form and HMAC-SHA256 in WebAssembly, one call), hash-wasm's HMAC-SHA256 (one
// instance reused) and WebCrypto HMAC; and the comparison of two 1,000,000-row token files.
import * as tk from '/pkg/web/tokens.js';
import { createHMAC, createSHA256 } from '/node_modules/hash-wasm/dist/index.esm.js';

const status = document.getElementById('status');
const log = (s) => { status.textContent += `\n${s}`; };
const params = new URLSearchParams(location.search);
const dataUrl = params.get('data') ?? '/target/bench-data.txt';
const OPTS = { referenceDate: '2026-11-22' };

async function best(runs, fn) {
  let ms = Infinity;
  let out;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    out = await fn(i);
    ms = Math.min(ms, performance.now() - t);
  }
  return { ms, out };
}

const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

async function main() {
  // The secret of the shared vectors (tests/vectors/tokens.json) with its check group.
  const secret = (await (await fetch('/tests/vectors/tokens.json')).json()).secret;
  const text = await (await fetch(dataUrl)).text();
  const bytes = new TextEncoder().encode(text);
  const rows = text.split('\n');
  const n = rows.length;
  const results = { rows: n, userAgent: navigator.userAgent, contenders: {}, compare: {} };
  const record = (name, count, ms, out, note) => {
    results.contenders[name] = { ms, tokensPerSec: Math.round(count / (ms / 1000)), count, tokens: out, note };
    log(`${name.padEnd(44)} ${ms.toFixed(1).padStart(9)} ms ${(count / (ms / 1000) / 1e6).toFixed(3).padStart(7)} M/s  (${count} values)`);
  };
  log(`${n} rows`);

  let r = await best(5, () => tk.tokenizeIds(secret, 'hmac-sha256', text, OPTS));
  const batch = r.out;
  const valid = batch.error.reduce((c, e) => c + (e === 0 ? 1 : 0), 0);
  record('canbao tokenizeIds(text)', n, r.ms, valid, 'one call: validation, canonical form, HMAC-SHA256 (128-bit tokens) for every row');
  r = await best(5, () => tk.tokenizeIds(secret, 'hmac-sha256', bytes, OPTS));
  record('canbao tokenizeIds(Uint8Array)', n, r.ms, valid, 'one call, the column as UTF-8 bytes');
  r = await best(3, () => tk.tokenizeIds(secret, 'hmac-sm3', bytes, OPTS));
  record('canbao tokenizeIds(Uint8Array), HMAC-SM3', n, r.ms, valid, 'the same with SM3');

  // Peers hash the valid rows as they are (no validation, no canonical form): less work.
  const ids = rows.filter((_, i) => batch.error[i] === 0);
  const key = new Uint8Array(32).fill(7);
  const enc = new TextEncoder();
  const hmac = await createHMAC(createSHA256(), key);
  r = await best(3, () => {
    let last;
    for (const id of ids) { hmac.init(); hmac.update(id); last = hmac.digest('binary'); }
    return last.length;
  });
  record('hash-wasm 4.13 HMAC-SHA256 (instance reused)', ids.length, r.ms, ids.length, 'init/update/digest per value on the valid rows');

  const cryptoKey = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const sample = ids.slice(0, 100_000);
  r = await best(2, async () => {
    for (const id of sample) await crypto.subtle.sign('HMAC', cryptoKey, enc.encode(id));
    return sample.length;
  });
  record('WebCrypto HMAC sign, awaited per value', sample.length, r.ms, sample.length, 'a 100,000-value sample');
  r = await best(2, async () => {
    for (let i = 0; i < sample.length; i += 1000) {
      await Promise.all(sample.slice(i, i + 1000).map((id) => crypto.subtle.sign('HMAC', cryptoKey, enc.encode(id))));
    }
    return sample.length;
  });
  record('WebCrypto HMAC sign, batches of 1000', sample.length, r.ms, sample.length, 'a 100,000-value sample');

  // Two token files of n rows each: A from the data; B the same tokens shifted by a fifth of
  // the rows, with a fifth replaced by tokens of other people.
  const w = batch.bytesPerToken;
  const header = (rowsCount) => `#canbao-tokens,1\n#scheme,hmac-sha256\n#fields,id\n#fingerprint,${batch.fingerprint}\n#bits,128\n#rows,${rowsCount}\n#created,2026-11-23\nref,id\n`;
  const tokenHex = (i) => (batch.error[i] === 0 ? hex(batch.tokens.subarray(i * w, i * w + w)) : '');
  const aLines = new Array(n);
  for (let i = 0; i < n; i++) aLines[i] = `${i + 1},${tokenHex(i)}`;
  const bLines = new Array(n);
  const shift = Math.floor(n / 5);
  for (let i = 0; i < n; i++) {
    const src = (i + shift) % n;
    bLines[i] = i % 5 === 0 ? `b${i + 1},${hex(crypto.getRandomValues(new Uint8Array(16)))}` : `b${i + 1},${tokenHex(src)}`;
  }
  const fileA = header(n) + aLines.join('\n') + '\n';
  const fileB = header(n) + bLines.join('\n') + '\n';
  r = await best(3, () => tk.compareTokenFiles(fileA, fileB).counts);
  results.compare = { rowsA: n, rowsB: n, ms: r.ms, counts: r.out, note: 'two CSV token files as text: parse both, sort, merge, and return every row reference' };
  log(`compareTokenFiles ${n} × ${n}: ${r.ms.toFixed(1)} ms  ${JSON.stringify(r.out)}`);
  const aBytes = new TextEncoder().encode(fileA);
  const bBytes = new TextEncoder().encode(fileB);
  r = await best(3, () => tk.compareTokenFiles(aBytes, bBytes).counts);
  results.compareBytes = { ms: r.ms, note: 'the same files as bytes (as read from disk)' };
  log(`compareTokenFiles (bytes): ${r.ms.toFixed(1)} ms`);
  window.tokenResults = results;
}

main().catch((e) => { window.tokenError = String(e?.stack ?? e); log(window.tokenError); });
