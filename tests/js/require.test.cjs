// The built npm package from CommonJS: ready to call right after require().
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { validateId, validateIds, upgradeId15 } = require('canbao');

test('require() gives a ready module', () => {
  const r = validateId('11010519491231002X', { referenceDate: '2026-11-22' });
  assert.equal(r.ok, true);
  assert.equal(r.age, 76);
  assert.equal(upgradeId15('110105491231002').normalized, '11010519491231002X');
  // The final line end ends the last row; a blank line before it is a row.
  assert.equal(validateIds('11010519491231002X\n').length, 1);
  assert.equal(validateIds('11010519491231002X\n\n').length, 2);
});
