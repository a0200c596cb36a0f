// The calculations module of the built package (canbao/calc), imported by name from Node:
// the shared worked examples (tests/vectors/calc.json, also run natively by tests/calc.rs),
// errors with field paths, languages, and the policy schema agreeing with the loader.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv2020 from 'ajv/dist/2020.js';
import * as calc from 'canbao/calc';

const require = createRequire(import.meta.url);
const vectors = JSON.parse(readFileSync(new URL('../vectors/calc.json', import.meta.url), 'utf8'));
const presets = calc.presetPolicies();
const policyFor = (name) => vectors.policies[name] ?? presets.find((p) => p.id === name);

/** `expected` is contained in `got` (objects by key, arrays element-wise, same length). */
function assertSubset(expected, got, path = '') {
  if (expected !== null && typeof expected === 'object') {
    assert.ok(got !== null && typeof got === 'object', `${path}: ${JSON.stringify(got)}`);
    if (Array.isArray(expected)) assert.equal(got.length, expected.length, `${path} length`);
    for (const [k, v] of Object.entries(expected)) assertSubset(v, got[k], `${path}.${k}`);
  } else {
    assert.deepEqual(got, expected, path);
  }
}

const call = (c) =>
  c.fn === 'coverageTable' ? calc.coverageTable(c.input) : calc[c.fn](policyFor(c.policy), c.input);

test('every worked example gives the documented answer', () => {
  assert.ok(vectors.cases.length >= 30);
  for (const c of vectors.cases) {
    if (c.expect) {
      const r = call(c);
      assertSubset(c.expect, r, c.name);
      assert.ok(r.trace.length > 0 && r.trace.every((s) => s.rule && s.message), `${c.name}: trace`);
    } else {
      assert.throws(() => call(c), (e) => {
        assert.equal(e.code, c.error.code, c.name);
        assert.equal(e.problems.length, c.error.problems.length, `${c.name}: ${JSON.stringify(e.problems)}`);
        c.error.problems.forEach((p, i) => {
          assert.equal(e.problems[i].path, p.path, c.name);
          assert.equal(e.problems[i].code, p.code, c.name);
          if (p.messageIncludes) assert.ok(e.problems[i].message.includes(p.messageIncludes), c.name);
        });
        assert.ok(e instanceof Error && e.message.length > 0);
        return true;
      }, c.name);
    }
  }
});

test('presets: national minimums 2024-2026 and the county example', () => {
  const byId = Object.fromEntries(presets.map((p) => [p.id, p]));
  assert.deepEqual(
    [2024, 2025, 2026].map((y) => [byId[`cn-national-${y}`].resident.individual, byId[`cn-national-${y}`].resident.fiscal]),
    [['380.00', '640.00'], ['400.00', '670.00'], ['400.00', '700.00']],
  );
  const county = byId['county-example-2024'];
  assert.equal(county.resident.newborn.windowMonths, 6);
  assert.equal(county.resident.latePayment.waitingMonths, 3);
  for (const p of presets) {
    // Returned whole, every default written out; loading that again changes nothing.
    const whole = calc.loadPolicy(p);
    assert.equal(whole.formatVersion, 2);
    assert.deepEqual(calc.loadPolicy(whole), whole);
    assert.deepEqual(whole.name, p.name);
    assert.deepEqual(whole.resident?.individual, p.resident?.individual);
  }
  // A policy written on a base comes back with the base's rules.
  const onBase = calc.loadPolicy({ formatVersion: 2, base: 'cn-national-2024', id: 'mine', name: { zh: '本县', en: 'Mine' }, coverageYear: 2024 });
  assert.equal(onBase.resident.individual, '380.00');
  assert.equal(onBase.base, undefined);
});

test('loadPolicy reports every problem with its path, in the chosen language', () => {
  const bad = structuredClone(policyFor('county-example-2024'));
  bad.resident.individual = '-1';
  bad.resident.groups[0].department = 'nobody';
  bad.resident.collection.periods[0] = { start: '2023-12-31', end: '2023-09-01' };
  for (const [lang, word] of [['zh', '负数'], ['en', 'negative']]) {
    assert.throws(() => calc.loadPolicy(JSON.stringify(bad), { lang }), (e) => {
      assert.equal(e.code, 'invalid_policy');
      assert.deepEqual(e.problems.map((p) => [p.path, p.code]), [
        ['resident.individual', 'negative_amount'],
        ['resident.groups[0].department', 'unknown_department'],
        ['resident.collection.periods[0].end', 'period_order'],
      ]);
      assert.ok(e.problems[0].message.includes(word), e.problems[0].message);
      return true;
    });
  }
  assert.throws(() => calc.loadPolicy('{"formatVersion": 1,'), (e) => e.code === 'invalid_policy' && e.problems[0].code === 'json_syntax');
  assert.throws(() => calc.residentContribution(presets[0], {}, { colour: 'red' }), (e) => e.code === 'invalid_option');
});

test('traces and messages come in zh-CN by default and en on request', () => {
  const county = policyFor('county-example-2024');
  const zh = calc.residentContribution(county, { groups: ['dibao'] });
  const en = calc.residentContribution(county, { groups: ['dibao'] }, { lang: 'en' });
  assert.deepEqual(zh.trace.map((s) => s.rule), en.trace.map((s) => s.rule));
  assert.match(zh.trace.at(-2).message, /应缴/);
  assert.match(en.trace.at(-2).message, /Payable/);
  assert.equal(calc.coverageTable([{ unit: 'A', registered: 10, insuredLocal: 9, insuredElsewhere: 0 }], { lang: 'en' }).total.unit, 'Total');
  const asc = calc.coverageTable([
    { unit: 'A', registered: 10, insuredLocal: 9, insuredElsewhere: 0 },
    { unit: 'B', registered: 10, insuredLocal: 5, insuredElsewhere: 0 },
  ], { order: 'asc' });
  assert.deepEqual(asc.rows.map((r) => r.unit), ['B', 'A']);
});

test('the JSON schema accepts every preset and rejects what the loader rejects', () => {
  const schema = JSON.parse(readFileSync(new URL('../../schema/policy.schema.json', import.meta.url), 'utf8'));
  const validate = new Ajv2020({ allErrors: true }).compile(schema);
  for (const p of [...presets, ...Object.values(vectors.policies)]) {
    assert.ok(validate(p), `${p.id}: ${JSON.stringify(validate.errors)}`);
  }
  // Files written on a base are whole once loaded: what loadPolicy returns fits the schema.
  for (const name of ['fuliang-2024', 'yongfu-2023', 'yongchun-2023', 'dalate-2024']) {
    const whole = calc.loadPolicy(readFileSync(new URL(`../../examples/policies/${name}.json`, import.meta.url), 'utf8'));
    assert.ok(validate(whole), `${name}: ${JSON.stringify(validate.errors)}`);
  }
  const bad = structuredClone(policyFor('county-example-2024'));
  bad.resident.fiscal = 640;
  assert.equal(validate(bad), false);
  assert.throws(() => calc.loadPolicy(bad), (e) => e.problems[0].path === 'resident.fiscal' && e.problems[0].code === 'wrong_type');
  // The package ships the schema.
  assert.deepEqual(require('canbao/policy.schema.json'), schema);
});

test('require() of canbao/calc gives a ready module with the same exports', () => {
  const cjs = require('canbao/calc');
  assert.deepEqual(Object.keys(cjs).sort(), Object.keys(calc).filter((k) => k !== 'default').sort());
  assert.equal(cjs.residentContribution(presets[3], { groups: ['tekun'] }).payable, '0.00');
});

test('a number that is not finite is rejected with its key, not read as a field left empty', () => {
  const national = presets.find((p) => p.id === 'cn-national-2026');
  const base = { coverageYear: 2026, paymentDate: '2025-12-01', inCollectionPeriod: true };
  for (const bad of [NaN, Infinity, -Infinity]) {
    assert.throws(() => calc.benefitStart(national, { ...base, lapsedYears: bad }), (e) => {
      assert.equal(e.code, 'invalid_input');
      assert.equal(e.problems[0].path, 'lapsedYears');
      assert.equal(e.problems[0].code, 'wrong_type');
      assert.match(e.problems[0].message, bad > 0 ? /Infinity/ : bad < 0 ? /-Infinity/ : /NaN/);
      return true;
    });
  }
  assert.throws(() => calc.benefitStart(national, { ...base, extraYearsPaid: NaN }, { lang: 'en' }),
    (e) => e.code === 'invalid_input' && /extraYearsPaid/.test(e.message) && /finite/.test(e.message));
  // In the policy: invalid_policy.
  const broken = structuredClone(national);
  broken.resident.waitingPeriod.fixedMonths = NaN;
  assert.throws(() => calc.benefitStart(broken, base), (e) => e.code === 'invalid_policy' && e.problems[0].path === 'resident.waitingPeriod.fixedMonths');
  // null stays "not given".
  assert.equal(calc.benefitStart(national, { ...base, lapsedYears: null }).benefitStart, '2026-01-01');
});
