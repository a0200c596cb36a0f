// The built npm package (pkg/), imported by name from Node as ES module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as canbao from 'canbao';

const vectors = JSON.parse(readFileSync(new URL('../vectors/ids.json', import.meta.url), 'utf8'));
const withReference = (v) => ({ referenceDate: vectors.referenceDate, ...(v.options ?? {}) });
const pairs = (r) => r.errors.map((e) => [e.code, e.at]);

function checkSection(section, fn, keys) {
  for (const v of vectors[section]) {
    const r = fn(v.input, withReference(v));
    const what = `${section} ${JSON.stringify(v.input)} (${v.note ?? ''})`;
    assert.equal(r.ok, v.ok, `${what} → ${JSON.stringify(r)}`);
    for (const k of keys) if (k in v) assert.deepEqual(r[k], v[k], `${k} of ${what}`);
    if (v.errors) assert.deepEqual(pairs(r), v.errors, `errors of ${what}`);
    if (v.warnings) assert.deepEqual(r.warnings.map((e) => [e.code, e.at]), v.warnings, `warnings of ${what}`);
    for (const e of r.errors) assert.ok(e.message.length > 0);
  }
}

test('every identity vector gives the documented answer', () => {
  checkSection('ids', canbao.validateId, ['kind', 'normalized', 'birthDate', 'sex', 'age', 'region']);
});

test('upgrade, USCC and phone vectors', () => {
  checkSection('upgrade', canbao.upgradeId15, ['normalized']);
  checkSection('uscc', canbao.validateUscc, ['normalized']);
  checkSection('phone', canbao.validatePhone, ['normalized']);
});

test('messages are zh-CN by default and English on request', () => {
  const zh = canbao.validateId('110105194912310021');
  const en = canbao.validateId('110105194912310021', { lang: 'en' });
  assert.match(zh.errors[0].message, /校验位/);
  assert.match(en.errors[0].message, /check character/);
});

test('validateIds: a column of 100,000 rows in one call, rows in = rows out', () => {
  const rows = [];
  for (let i = 0; i < 100_000; i++) rows.push(i % 4 === 3 ? '110105194912310021' : '11010519491231002X');
  for (const input of [rows.join('\n'), rows]) {
    const r = canbao.validateIds(input);
    assert.equal(r.length, rows.length);
    assert.equal(r.valid, 75_000);
    assert.ok(r.error instanceof Uint8Array && r.birth instanceof Uint32Array);
    assert.equal(r.errorCodes[r.error[3]], 'checksum_mismatch');
    assert.equal(r.errorMessages[r.error[3]], '校验位不符，号码中可能有数字录错');
    assert.equal(r.kindNames[r.kind[0]], 'resident18');
    assert.equal(r.birth[0], 19491231);
    assert.equal(r.at[3], 17);
    assert.equal(r.normalized, undefined);
  }
  const withText = canbao.validateIds([' 11010519491231002x', 110105491231002], { normalized: true });
  assert.deepEqual(withText.normalized, ['11010519491231002X', '110105491231002']);
});

test('validateIds on an array with a cell that cannot be text: a row with an error, no throw', () => {
  const throwing = { toString() { throw new Error('no text'); } };
  for (const odd of [Symbol('x'), throwing]) {
    const r = canbao.validateIds(['11010519491231002X', odd, '11010519491231002X']);
    assert.equal(r.length, 3);
    assert.equal(r.valid, 2);
    assert.equal(r.errorCodes[r.error[1]], 'invalid_character');
  }
});

test('validateIds on UTF-8 bytes (a file as read) agrees with the same text', () => {
  const lines = vectors.ids.map((v) => v.input.replace(/\n/g, ' '));
  const text = lines.join('\n');
  const fromText = canbao.validateIds(text, { referenceDate: vectors.referenceDate, normalized: true });
  const fromBytes = canbao.validateIds(new TextEncoder().encode(text), { referenceDate: vectors.referenceDate, normalized: true });
  assert.equal(fromBytes.length, lines.length);
  for (const k of ['kind', 'error', 'at', 'birth', 'sex']) assert.deepEqual(fromBytes[k], fromText[k], k);
  assert.deepEqual(fromBytes.normalized, fromText.normalized);
  // Bytes that are not UTF-8 (here GBK for 参保) are a row with an error, never a lost row.
  const gbk = new Uint8Array([...new TextEncoder().encode('11010519491231002X\n'), 0xb2, 0xce, 0xb1, 0xa3, 0x0a, 0x31]);
  const r = canbao.validateIds(gbk);
  assert.equal(r.length, 3);
  assert.deepEqual([...r.error].map((e) => r.errorCodes[e]), [null, 'invalid_character', 'wrong_length']);
});

test('misuse throws an Error with code invalid_option; invalid input never throws', () => {
  assert.throws(() => canbao.validateId('x', { referenceDate: 'tomorrow' }), (e) => e.code === 'invalid_option');
  assert.throws(() => canbao.validateIds(42), (e) => e.code === 'invalid_option');
  for (const junk of [undefined, null, 3.5, {}, [], '\u0000', '身'.repeat(1000), 'x'.repeat(100000)]) {
    const r = canbao.validateId(junk);
    assert.equal(r.ok, false);
    assert.ok(r.errors.length > 0);
  }
});

test('every result has all its fields, null where there is nothing to say', () => {
  const keys = ['ok', 'kind', 'normalized', 'region', 'birthDate', 'sex', 'age', 'errors', 'warnings'].sort();
  for (const input of ['11010519491231002X', '110105194912310021', 110105194912310020, null, '']) {
    assert.deepEqual(Object.keys(canbao.validateId(input)).sort(), keys, String(input));
  }
  const lost = canbao.validateId(110105194912310020);
  assert.deepEqual([lost.kind, lost.region, lost.birthDate, lost.sex, lost.age], [null, null, null, null, null]);
  assert.equal(lost.errors[0].code, 'scientific_notation');
  const usccKeys = ['ok', 'normalized', 'department', 'orgType', 'regionCode', 'orgCode', 'errors'].sort();
  for (const input of ['91350100M000100Y43', 'x']) assert.deepEqual(Object.keys(canbao.validateUscc(input)).sort(), usccKeys);
});

test('the ErrorCode type names exactly the codes errorCatalog() lists', () => {
  const dts = readFileSync(new URL('../../pkg/index.d.ts', import.meta.url), 'utf8');
  const union = dts.match(/export type ErrorCode =([^;]*);/)[1];
  const typed = [...union.matchAll(/"([a-z0-9_]+)"/g)].map((m) => m[1]).sort();
  assert.deepEqual(typed, canbao.errorCatalog().map((e) => e.code).sort());
});

test('catalog lists every error code with both languages', () => {
  const cat = canbao.errorCatalog();
  assert.ok(cat.length >= 16);
  for (const e of cat) assert.ok(e.code && e.zh && e.en && e.zh !== e.en);
  assert.equal(canbao.regionDataThrough(), 2025);
});

test('the same functions through require() and import', () => {
  const require = createRequire(import.meta.url);
  const cjs = require('canbao');
  assert.deepEqual(Object.keys(cjs).sort(), Object.keys(canbao).filter((k) => k !== 'default').sort());
  assert.deepEqual(cjs.validateId('11010519491231002X'), canbao.validateId('11010519491231002X'));
});

test('package.json: exports map points at files that exist', () => {
  const pkgDir = new URL('../../pkg/', import.meta.url);
  const pkg = JSON.parse(readFileSync(new URL('package.json', pkgDir), 'utf8'));
  assert.equal(pkg.name, 'canbao');
  const e = pkg.exports['.'];
  for (const f of [e.types, e.node.import, e.node.require, e.default, pkg.main, pkg.module, pkg.types]) {
    assert.ok(existsSync(new URL(f, pkgDir)), f);
  }
  assert.ok(existsSync(new URL('web/canbao_bg.wasm', pkgDir)));
  assert.ok(existsSync(new URL('NOTICE', pkgDir)));
});

test('sizes.json reports every file the package ships, and every export exists', () => {
  const pkgDir = new URL('../../pkg/', import.meta.url);
  const pkg = JSON.parse(readFileSync(new URL('package.json', pkgDir), 'utf8'));
  const sizes = JSON.parse(readFileSync(new URL('sizes.json', pkgDir), 'utf8'));
  const listed = new Set(sizes.package.files.map((f) => f.file));
  const targets = (v) => (typeof v === 'string' ? [v] : Object.values(v).flatMap(targets));
  for (const [entry, spec] of Object.entries(pkg.exports)) {
    for (const f of targets(spec)) {
      assert.ok(existsSync(new URL(f, pkgDir)), `${entry} → ${f}`);
      assert.ok(listed.has(f.replace(/^\.\//, '')), `${f} is in sizes.json`);
    }
  }
  for (const f of ['web/batch-worker.js', 'web/canbao_roster_bg.wasm', 'README.md', 'package.json']) {
    assert.ok(listed.has(f), f);
  }
  for (const f of sizes.package.files) {
    assert.equal(f.raw, readFileSync(new URL(f.file, pkgDir)).length, f.file);
    assert.ok(f.gzip > 0 && f.gzip <= f.raw + 64, f.file);
  }
  assert.equal(sizes.package.total.raw, sizes.package.files.reduce((t, f) => t + f.raw, 0));
});

test('canbao/worker outside a browser: a clear error, not a crash', async () => {
  const { BatchWorker } = await import('../../pkg/web/batch.js');
  const worker = new BatchWorker();
  await assert.rejects(worker.validateIds(['11010519491231002X']), (e) => e.code === 'unsupported' && /Web Workers/.test(e.message));
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(worker.validateIds(['1'], { signal: controller.signal }), { name: 'AbortError' });
});
