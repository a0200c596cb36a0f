// validateId's per-value path (pkg-config/id-fast.js over src/wasm/id_fast.rs) against the
// module's general export: the same result object, field for field, for every shared vector
// under every option set, for generated and hostile text, and as options objects change.
import { test, mock } from 'node:test';
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

// The check character of 17 digits (GB 11643 MOD 11-2).
const withCheck = (body) => {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (body.charCodeAt(i) - 48) * ((2 ** (17 - i)) % 11);
  return body + '10X98765432'[sum % 11];
};

// (node:test's fake Date came with Node 20.11; the project's machines run 20.)
const fakeDate = typeof mock.timers?.setTime === 'function' ? false : 'needs node:test fake timers of Date (Node >= 20.11)';
test('without a reference date, the day follows the page\'s clock and time zone', { skip: fakeDate }, (t) => {
  // A person born on 2026-11-30, checked as the page's clock crosses that local midnight,
  // is set back, stands still while the time zone changes: the per-value path reads the
  // calendar only when the local day changes, and must see every change.
  const born = withCheck('11010520261130002');
  const zone = process.env.TZ;
  const now = Date.now;
  t.after(() => {
    mock.timers.reset();
    Date.now = now;
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });
  process.env.TZ = 'Asia/Shanghai';
  const before = new Date(2026, 10, 29, 23, 59, 59, 600).getTime();
  mock.timers.enable({ apis: ['Date'], now: before });
  const at = (expectOk, expectCode) => {
    const r = canbao.validateId(born);
    assert.deepStrictEqual(r, general(born));
    assert.equal(r.ok, expectOk);
    if (!expectOk) assert.equal(r.errors[0].code, expectCode);
    return r;
  };
  at(false, 'birth_in_future');
  mock.timers.tick(300);
  at(false, 'birth_in_future');
  mock.timers.tick(300); // 00:00:00.200 on the 30th
  assert.equal(at(true).age, 0);
  mock.timers.setTime(before);
  at(false, 'birth_in_future');
  mock.timers.setTime(new Date(2027, 10, 30, 0, 0, 0, 500).getTime());
  assert.equal(at(true).age, 1);
  mock.timers.setTime(new Date(2027, 10, 29, 23, 59, 59, 500).getTime());
  assert.equal(at(true).age, 0);
  // 2026-11-29 20:00 UTC is the 30th in Shanghai and Tokyo, the 29th in London and New York:
  // the clock stands still while the zone changes, then is set back and the zone changes.
  mock.timers.setTime(Date.UTC(2026, 10, 29, 20, 0, 0));
  for (const [tz, ok] of [['Asia/Shanghai', true], ['Europe/London', false], ['Asia/Tokyo', true],
    ['America/New_York', false], ['Asia/Shanghai', true]]) {
    process.env.TZ = tz;
    at(ok, 'birth_in_future');
  }
  mock.timers.setTime(Date.UTC(2026, 10, 29, 17, 0, 0));
  at(true);
  process.env.TZ = 'America/Los_Angeles';
  at(false, 'birth_in_future');
  // St. John's, Newfoundland fell back at 00:01 on 2010-11-07: at 00:00:59 it was the 7th,
  // one second later 23:01 on the 6th again.
  const sunday = withCheck('11010520101107002');
  process.env.TZ = 'America/St_Johns';
  mock.timers.setTime(Date.UTC(2010, 10, 7, 2, 30, 59));
  assert.deepStrictEqual(canbao.validateId(sunday), general(sunday));
  assert.equal(canbao.validateId(sunday).ok, true);
  mock.timers.tick(1000);
  assert.deepStrictEqual(canbao.validateId(sunday), general(sunday));
  assert.equal(canbao.validateId(sunday).errors[0]?.code, 'birth_in_future');
  // A stub of Date.now alone (as some tests install) moves neither path: both read new Date().
  Date.now = () => Date.UTC(2000, 0, 1);
  assert.deepStrictEqual(canbao.validateId(sunday), general(sunday));
});

test('a region is reference data: one frozen object per county and span of years', () => {
  const opts = { referenceDate: '2026-11-22' };
  // Two people of 杭州市西湖区, one through the general path (text past the buffer's length).
  const a = canbao.validateId(withCheck('33010619800101001'), opts);
  const b = canbao.validateId(withCheck('33010619920315002'), opts);
  const long = canbao.validateId(' '.repeat(200) + withCheck('33010619920315002'), opts);
  assert.ok(a.ok && b.ok && long.ok);
  assert.equal(a.region, b.region);
  assert.ok(Object.isFrozen(a.region) && Object.isFrozen(long.region));
  assert.deepEqual(long.region, a.region);
  assert.throws(() => { 'use strict'; a.region.county = '?'; }, TypeError);
  assert.equal(b.region.county, '西湖区');
  // 天津市东郊区 became 东丽区 in 1992: the same code, a region for each name.
  const before = canbao.validateId(withCheck('12011019850101001'), opts);
  const after = canbao.validateId(withCheck('12011020000101001'), opts);
  assert.equal(before.region.county, '东郊区');
  assert.equal(after.region.county, '东丽区');
  assert.notEqual(before.region, after.region);
  // A permit's region (no entry of the table) is frozen too.
  const hk = canbao.validateId(withCheck('81000019900101001'), opts);
  assert.ok(hk.ok, JSON.stringify(hk.errors));
  assert.equal(hk.region.province, '香港特别行政区');
  assert.ok(Object.isFrozen(hk.region));
});
