// validateId's per-value path (pkg-config/id-fast.js over src/wasm/id_fast.rs) against the
// module's general export: the same result object, field for field, for every shared vector
// under every option set, for generated and hostile text, and as options objects change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as canbao from 'canbao';

const require = createRequire(import.meta.url);
const general = require('../../pkg/node/canbao.js').validateId;
const cjs = require('canbao');
const vectors = JSON.parse(readFileSync(new URL('../vectors/ids.json', import.meta.url), 'utf8'));

const OPTION_SETS = [
  undefined,
  {},
  { referenceDate: vectors.referenceDate },
  { referenceDate: '2001-02-28', lang: 'en' },
  { regionCheck: 'strict', referenceDate: vectors.referenceDate },
  { regionCheck: 'lenient' },
  { strictRegion: true, lang: 'zh-CN' },
  { kinds: ['resident18', 'permit_hk'], length: 18 },
  { length: 15, lang: 'en' },
  { kinds: ['foreign_2017', 'foreign_2023'], referenceDate: '2030-01-01' },
];

// Small deterministic generator (xorshift32).
function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

function inputs() {
  const out = vectors.ids.map((v) => v.input);
  const rand = rng(20261129);
  const pick = (s) => s[Math.floor(rand() * s.length)];
  const noise = ['', ' ', '　', '-', '\u200b', 'x', 'X', 'E', '１', '\ud800', '😀', '"', '\t', 'é'];
  const bases = vectors.ids.map((v) => v.input).filter((s) => typeof s === 'string' && s.length > 0);
  for (let i = 0; i < 4000; i++) {
    const chars = [...pick(bases)];
    const edits = 1 + Math.floor(rand() * 3);
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(rand() * (chars.length + 1));
      const r = rand();
      if (r < 0.4) chars[at] = String(Math.floor(rand() * 10));
      else if (r < 0.7) chars.splice(at, 0, pick(noise));
      else chars.splice(at, 1);
    }
    out.push(chars.join(''));
  }
  // Long text (beyond the shared buffer), text that is not a string, and edge shapes.
  out.push('1'.repeat(127), '1'.repeat(128), '1'.repeat(129), ' '.repeat(300) + '11010519491231002X');
  out.push(110105491231002, 1.10105194912311e17, null, undefined, true, {}, [], '', '\ud83d');
  return out;
}

test('the per-value path gives what the general export gives, for every input and option set', () => {
  let compared = 0;
  for (const options of OPTION_SETS) {
    for (const input of inputs()) {
      const fast = canbao.validateId(input, options);
      const slow = general(input, options);
      assert.deepStrictEqual(fast, slow, `${JSON.stringify(input)} with ${JSON.stringify(options)}`);
      compared++;
    }
  }
  assert.ok(compared > 40_000);
});

test('the CommonJS entry takes the same path', () => {
  assert.equal(cjs.validateId, require('canbao').validateId);
  for (const input of vectors.ids.map((v) => v.input)) {
    assert.deepStrictEqual(cjs.validateId(input, { lang: 'en' }), general(input, { lang: 'en' }));
  }
  // Only public names are exported: the `__` exports serve the per-value path alone.
  assert.deepEqual(Object.keys(cjs).filter((k) => k.startsWith('__')), []);
  assert.deepEqual(Object.keys(canbao).filter((k) => k.startsWith('__')), []);
});

test('an options object changed between calls is read again', () => {
  const id = '110105194912310021'; // check character wrong
  const options = { lang: 'zh' };
  assert.match(canbao.validateId(id, options).errors[0].message, /校验位/);
  options.lang = 'en';
  assert.match(canbao.validateId(id, options).errors[0].message, /check character/);
  delete options.lang;
  assert.match(canbao.validateId(id, options).errors[0].message, /校验位/);
  const kinds = ['resident18'];
  const k = { kinds };
  assert.equal(canbao.validateId('110105491231002', k).errors[0].code, 'kind_not_allowed');
  kinds.push('resident15'); // the same array, changed in place
  assert.equal(canbao.validateId('110105491231002', k).ok, true);
  const dated = { referenceDate: '1949-12-30' };
  assert.equal(canbao.validateId('11010519491231002X', dated).errors[0].code, 'birth_in_future');
  dated.referenceDate = '1949-12-31';
  assert.equal(canbao.validateId('11010519491231002X', dated).ok, true);
  assert.equal(canbao.validateId('11010519491231002X', dated).age, 0);
});

test('misuse throws as the general export throws, and the next call is unaffected', () => {
  for (const bad of [{ lang: 3 }, { kinds: ['nope'] }, { length: 17 }, { colour: 'red' }, 'en', [1]]) {
    let fastError;
    let slowError;
    try { canbao.validateId('11010519491231002X', bad); } catch (e) { fastError = e; }
    try { general('11010519491231002X', bad); } catch (e) { slowError = e; }
    assert.ok(fastError && slowError, JSON.stringify(bad));
    assert.equal(fastError.message, slowError.message);
    assert.equal(fastError.code, 'invalid_option');
  }
  assert.equal(canbao.validateId('11010519491231002X', { lang: 'en' }).ok, true);
});

test('without a reference date, today in the page\'s time zone is the reference', () => {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  const today = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}`;
  const bornToday = `110105${today}002`;
  const sum = [...bornToday].reduce((s, c, i) => s + Number(c) * [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2][i], 0);
  const id = bornToday + '10X98765432'[sum % 11];
  assert.deepStrictEqual(canbao.validateId(id), general(id));
  assert.equal(canbao.validateId(id).ok, true);
  assert.equal(canbao.validateId(id).age, 0);
});
