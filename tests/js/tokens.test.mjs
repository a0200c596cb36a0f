// The tokens module of the built package (canbao/tokens) from Node: the shared token vectors
// (also checked natively and in the browser), files, matching and refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as tk from 'canbao/tokens';

const require = createRequire(import.meta.url);
const v = JSON.parse(readFileSync(new URL('../vectors/tokens.json', import.meta.url), 'utf8'));
const opts = { referenceDate: v.referenceDate };

test('shared vectors: fingerprints, canonical forms and tokens agree with the native build', () => {
  for (const [scheme, fp] of Object.entries(v.fingerprints)) {
    assert.equal(tk.keyFingerprint(v.secret, scheme, { insecure: true }), fp, scheme);
  }
  for (const c of v.cases) {
    assert.equal(tk.canonicalValue(c.field, c.input, opts).canonical, c.canonical, c.input);
    const r = tk.tokenize(v.secret, c.scheme, [c.field], [{ [c.field]: c.input }], { ...opts, bits: 256, insecure: true });
    assert.equal(r.rows[0][c.field], c.token, `${c.scheme} ${c.input}`);
    const short = tk.tokenize(v.secret, c.scheme, [c.field], [{ [c.field]: c.input }], { ...opts, insecure: true });
    assert.equal(short.rows[0][c.field], c.token.slice(0, 32));
  }
  for (const c of v.invalid) {
    const r = tk.tokenize(v.secret, 'hmac-sha256', [c.field], [{ [c.field]: c.input }], opts);
    assert.equal(r.rows[0][c.field], null);
    assert.equal(r.rows[0].errors[0].code, c.code, c.input);
    assert.ok(r.rows[0].errors[0].message.length > 0);
    assert.equal(r.complete, 0);
  }
});

test('the batch ID path gives the same tokens as tokenize', () => {
  const ids = ['11010519491231002X', '110105491231002', 'bad', '', '810000199408230021'];
  const batch = tk.tokenizeIds(v.secret, 'hmac-sha256', ids.join('\n'), opts);
  const rows = tk.tokenize(v.secret, 'hmac-sha256', ['id'], ids.map((id) => ({ id })), opts).rows;
  assert.equal(batch.length, ids.length);
  assert.equal(batch.fingerprint, v.fingerprints['hmac-sha256']);
  for (let i = 0; i < ids.length; i++) {
    const hex = Buffer.from(batch.tokens.subarray(i * 16, i * 16 + 16)).toString('hex');
    assert.equal(batch.error[i] === 0 ? hex : null, rows[i].id, ids[i]);
  }
  assert.equal(batch.errorCodes[batch.error[2]], 'wrong_length');
  const bytes = tk.tokenizeIds(v.secret, 'hmac-sha256', new TextEncoder().encode(ids.join('\n')), opts);
  assert.deepEqual(bytes.tokens, batch.tokens);
});

test('token files: written, read back, compared with row references and the rule used', () => {
  const registry = tk.tokenize(v.secret, 'hmac-sm3', ['id', 'name', 'birthDate'], [
    { id: '11010519491231002X', name: '张三', birthDate: '1949-12-31' },
    { id: '110105194912310021', name: '李四', birthDate: '1990-03-07' },
    { id: '110105198001010016', name: '王五', birthDate: '1980-01-01' },
    { id: '11010519491231002x', name: '张三', birthDate: '1949-12-31' },
  ], { ...opts, refs: ['r1', 'r2', 'r3', 'r4'] });
  const insured = tk.tokenize(v.secret, 'hmac-sm3', ['id', 'name', 'birthDate'], [
    { id: '110105491231002', name: '张 三', birthDate: '1949年12月31日' },
    { id: null, name: '李四', birthDate: '19900307' },
    { id: '440305199001010018', name: '赵六', birthDate: '1990-01-01' },
  ], opts);
  const a = tk.writeTokenFile(registry);
  const b = tk.writeTokenFile(insured, 'jsonl');
  assert.match(a, /^#canbao-tokens,1\n#scheme,hmac-sm3\n/);
  assert.deepEqual(tk.readTokenFile(a).rows, registry.rows.map(({ errors, ...row }) => row));
  assert.equal(tk.readTokenFile(b).header.fingerprint, v.fingerprints['hmac-sm3']);

  const c = tk.compareTokenFiles(a, b, { nameBirthDate: true, csv: true });
  assert.deepEqual(c.inBoth, [
    { refA: 'r1', refB: '1', rule: 'id' },
    { refA: 'r2', refB: '2', rule: 'name_birth_date' },
    { refA: 'r4', refB: '1', rule: 'id' },
  ]);
  assert.deepEqual([c.onlyA, c.onlyB, c.duplicatesA, c.unusableA], [['r3'], ['3'], [['r1', 'r4']], []]);
  assert.deepEqual(c.counts.byRule, { id: 2, name_birth_date: 1 });
  assert.match(c.csv, /^类别,A 行号,B 行号,说明,代码\n两份名单都有,r1,1,证件号码一致,in_both\n/);
  // Cells of A's own roster joined by row reference, in English.
  const joined = tk.compareTokenFiles(a, b, {
    nameBirthDate: true, csv: true, lang: 'en',
    joinA: { headers: ['name', 'village'], rows: { r3: ['=张三', '东村'] } },
  });
  assert.match(joined.csv, /^category,ref_a,ref_b,detail,code,A name,A village\n/);
  assert.match(joined.csv, /\nOnly in A,r3,,,only_a,"'=张三",东村\n/);
  assert.match(joined.csv, /\nIn both,r1,1,same identity number,in_both,,\n/);
  assert.throws(() => tk.compareTokenFiles(a, b, { joinA: { headers: 'x' } }), (e) => e.code === 'invalid_option');
  const idOnly = tk.compareTokenFiles(a, new TextEncoder().encode(b));
  assert.deepEqual(idOnly.unusableA, ['r2']);
});

test('files from another secret or scheme are refused with a clear error, not an empty match', () => {
  const other = tk.newCampaignSecret();
  assert.match(other, /^CB1(-[0-9a-f]{8}){8}-[0-9a-f]{4}$/);
  assert.notEqual(tk.keyFingerprint(other, 'hmac-sha256'), v.fingerprints['hmac-sha256']);
  const rows = [{ id: '11010519491231002X' }];
  const mine = tk.writeTokenFile(tk.tokenize(v.secret, 'hmac-sha256', ['id'], rows, opts));
  const theirs = tk.writeTokenFile(tk.tokenize(other, 'hmac-sha256', ['id'], rows, opts));
  const sm3 = tk.writeTokenFile(tk.tokenize(v.secret, 'hmac-sm3', ['id'], rows, opts));
  assert.throws(() => tk.compareTokenFiles(mine, theirs), (e) => e.code === 'fingerprint_mismatch' && /同一个活动密钥/.test(e.message));
  assert.throws(() => tk.compareTokenFiles(mine, sm3, { lang: 'en' }), (e) => e.code === 'scheme_mismatch' && /different schemes/.test(e.message));
  assert.notEqual(tk.readTokenFile(mine).rows[0].id, tk.readTokenFile(theirs).rows[0].id);
  assert.throws(() => tk.readTokenFile(mine.replace('#rows,1', '#rows,2')), (e) => e.code === 'row_count');
  assert.throws(() => tk.readTokenFile('ref,id\n'), (e) => e.code === 'not_token_file');
});

test('misuse and bad secrets throw coded errors; the unkeyed scheme needs { insecure: true }', () => {
  assert.throws(() => tk.tokenize(v.secret, 'sha256-insecure', ['id'], []), (e) => e.code === 'invalid_option' && /seconds/.test(e.message));
  assert.throws(() => tk.keyFingerprint(v.secret.replace(/.$/, (c) => (c === '0' ? '1' : '0')), 'hmac-sha256'), (e) => e.code === 'secret_checksum');
  assert.throws(() => tk.keyFingerprint('CB1-00', 'hmac-sha256'), (e) => e.code === 'secret_too_short' || e.code === 'secret_format');
  assert.throws(() => tk.tokenize(v.secret, 'md5', ['id'], []), (e) => e.code === 'invalid_option');
  assert.throws(() => tk.tokenize(v.secret, 'hmac-sha256', ['passport'], []), (e) => e.code === 'invalid_option');
  assert.throws(() => tk.tokenize(v.secret, 'hmac-sha256', ['id'], [], { bits: 64 }), (e) => e.code === 'invalid_option');
  // A row reference used twice could not be traced to one row.
  assert.throws(() => tk.tokenize(v.secret, 'hmac-sha256', ['id'], [{ id: '110105194912310021' }, { id: '110105198001010016' }], { refs: ['r1', 'r1'] }),
    (e) => e.code === 'invalid_option' && /row 2 repeats row 1/.test(e.message));
});

test('hostile token files and arguments: coded errors, bounded memory, the module keeps working', () => {
  const rows = [{ id: '11010519491231002X' }];
  const file = tk.writeTokenFile(tk.tokenize(v.secret, 'hmac-sha256', ['id'], rows, opts));
  for (const format of [{}, 0, 'xml']) {
    assert.throws(() => tk.writeTokenFile(tk.tokenize(v.secret, 'hmac-sha256', ['id'], rows, opts), format), (e) => e.code === 'invalid_option', String(format));
  }
  // A short file declaring 16,777,216 rows reserves nothing for them.
  const before = process.memoryUsage().rss;
  assert.throws(() => tk.readTokenFile(file.replace('#rows,1', '#rows,16777216')), (e) => e.code === 'row_count');
  assert.ok(process.memoryUsage().rss - before < 200e6, 'no allocation by the declared count');
  // Repeated fields, repeated keys, a fingerprint that does not fit the scheme.
  for (const bad of [
    file.replace('#fields,id', `#fields,${Array(40).fill('id').join(';')}`),
    file.replace('#scheme,hmac-sha256', '#scheme,hmac-sha256\n#scheme,hmac-sm3'),
    file.replace(/#fingerprint,.*/, '#fingerprint,unkeyed'),
  ]) {
    assert.throws(() => tk.readTokenFile(bad), (e) => e.code === 'bad_header');
    assert.throws(() => tk.compareTokenFiles(file, bad), (e) => e.code === 'bad_header' && e.file === 'B');
  }
  // A token-file reference that is a formula is written so that it cannot run.
  const evil = tk.writeTokenFile(tk.tokenize(v.secret, 'hmac-sha256', ['id'], rows, { ...opts, refs: ['=HYPERLINK("http://x")'] }));
  assert.match(evil, /\n"'=HYPERLINK\(""http:\/\/x""\)",[0-9a-f]{32}\n$/);
  assert.equal(tk.compareTokenFiles(file, file).counts.inBoth, 1);
  // A column's final line end adds no row.
  assert.equal(tk.tokenizeIds(v.secret, 'hmac-sha256', '11010519491231002X\n', opts).length, 1);
  // A secret of one repeated byte is refused whatever its check group.
  assert.throws(() => tk.keyFingerprint(`CB1-${'0'.repeat(64)}-0000`, 'hmac-sha256'), (e) => e.code === 'secret_weak');
});

test('require() of canbao/tokens gives a ready module', () => {
  const cjs = require('canbao/tokens');
  assert.equal(cjs.keyFingerprint(v.secret, 'hmac-sha256'), v.fingerprints['hmac-sha256']);
});
