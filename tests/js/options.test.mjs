// The options convention (src/wasm/mod.rs, option_entries), once per module: options omitted,
// undefined, null or {} are the defaults; a value of undefined or null is "not given"; an
// unknown key, a value of the wrong type, or options that are not an object throw
// `invalid_option` naming what is wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ids from 'canbao';
import * as calc from 'canbao/calc';
import * as tokens from 'canbao/tokens';
import * as roster from 'canbao/roster';

const secret = tokens.newCampaignSecret();
const csv = new TextEncoder().encode('姓名,身份证号\n张三,11010519491231002X\n');
const CASES = [
  ['canbao validateId', (o) => ids.validateId('110105194912310021', o), 'lang', 3],
  ['canbao validateIds', (o) => ids.validateIds('11010519491231002X\nx', o), 'referenceDate', 20240101],
  ['canbao/calc loadPolicy', (o) => calc.loadPolicy(calc.presetPolicies()[0], o), 'lang', false],
  ['canbao/calc coverageTable', (o) => calc.coverageTable([{ unit: '城关镇', registered: 100, insuredLocal: 90, insuredElsewhere: 5 }], o), 'lang', {}],
  ['canbao/tokens keyFingerprint', (o) => tokens.keyFingerprint(secret, 'hmac-sha256', o), 'bits', '128'],
  ['canbao/tokens tokenizeIds', (o) => tokens.tokenizeIds(secret, 'hmac-sha256', '11010519491231002X', o), 'insecure', 'yes'],
  ['canbao/roster readTable', (o) => roster.readTable(csv, o), 'sheet', 1],
  ['canbao/roster generateRoster', (o) => roster.generateRoster(3, o), 'gbk', 'yes'],
];

const throwsMisuse = (fn, pattern, what) => {
  assert.throws(fn, (e) => e.code === 'invalid_option' && pattern.test(e.message), what);
};

for (const [name, call, key, wrong] of CASES) {
  test(`${name}: the options convention`, () => {
    const defaults = call(undefined);
    for (const o of [null, {}, { [key]: undefined }, { [key]: null }]) {
      assert.deepEqual(call(o), defaults, `${name} with ${JSON.stringify(o) ?? 'undefined'}`);
    }
    throwsMisuse(() => call({ colour: 'red' }), /options\.colour is not an option/, `${name}: unknown key`);
    throwsMisuse(() => call({ [key]: wrong }), new RegExp(`options\\.${key}`), `${name}: wrong type`);
    for (const o of ['en', [1], 5, true]) {
      throwsMisuse(() => call(o), /options must be an object/, `${name}: ${JSON.stringify(o)}`);
    }
  });
}
