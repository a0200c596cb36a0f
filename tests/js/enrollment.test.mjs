// checkEnrollment: the intake form's field rules from the library, so that any portal checks a
// name, identity number, mobile number and household address as the intake page does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkEnrollment, validateId } from 'canbao';

const good = { name: '张三', idNumber: '11010519491231002X', phone: '138 0013 8000', address: '某县某镇某村' };

test('a complete form passes, with the identity and phone verdicts', () => {
  const c = checkEnrollment(good, { referenceDate: '2026-11-30' });
  assert.equal(c.ok, true);
  assert.deepEqual(c.problems, []);
  assert.deepEqual(c.id, validateId(good.idNumber, { referenceDate: '2026-11-30' }));
  assert.equal(c.phone.normalized, '13800138000');
});

test('every field reports its own problem, in zh and en', () => {
  const c = checkEnrollment({}, { lang: 'en' });
  assert.deepEqual(c.problems.map((p) => [p.field, p.code]), [['name', 'empty'], ['idNumber', 'empty'], ['phone', 'empty'], ['address', 'empty']]);
  assert.equal(c.problems[0].message, 'Enter the full name');
  const bad = checkEnrollment({ name: '张3', idNumber: '11010519491231002', phone: '1380013800', address: '某村' });
  assert.deepEqual(bad.problems.map((p) => p.code), ['name_has_digits', 'wrong_length', 'wrong_length', 'address_incomplete']);
  assert.match(bad.problems[0].message, /姓名中不能有数字/);
  assert.equal(bad.problems[1].message, '输入了17位，居民身份证号码应为18位');
  assert.equal(bad.problems[2].message, '输入了10位数字，手机号码应为11位');
});

test('a legacy 15-digit number is offered in its 18-digit form; a half-typed one is not', () => {
  const c = checkEnrollment({ ...good, idNumber: '110105491231002' });
  assert.deepEqual(c.problems.map((p) => [p.code, p.suggestion]), [['id_needs_18', '11010519491231002X']]);
  const half = checkEnrollment({ ...good, idNumber: '110105194912310' });
  assert.deepEqual(half.problems.map((p) => [p.code, p.suggestion]), [['id_needs_18', null]]);
});

test('misuse: not an object, unknown fields, a bad option', () => {
  for (const bad of [null, 'x', 42]) assert.throws(() => checkEnrollment(bad), (e) => e.code === 'invalid_option');
  assert.throws(() => checkEnrollment({ nmae: '张三' }), (e) => e.code === 'invalid_option');
  assert.throws(() => checkEnrollment(good, { lang: 42 }), (e) => e.code === 'invalid_option');
});
