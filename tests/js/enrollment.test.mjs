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

test('a registration form: the fields it has are checked; null is a drop-down left unselected', () => {
  const form = { ...good, docType: 'resident', ethnicity: null, hukou: 'agricultural', township: '城关镇', village: '城南村', category: 'resident', year: 2027, relation: null, groups: ['dibao'] };
  const c = checkEnrollment(form, { referenceDate: '2026-11-30' });
  assert.deepEqual(c.problems.map((p) => [p.field, p.code]), [['ethnicity', 'empty'], ['relation', 'empty']]);
  assert.equal(c.birthDate, '1949-12-31');
  assert.equal(c.sex, 'female');
  // A number Excel turned into a float is explained, not taken.
  const big = checkEnrollment({ ...good, idNumber: 110105194912310020 });
  assert.equal(big.problems[0].code, 'scientific_notation');
  assert.throws(() => checkEnrollment({ ...good, groups: 'dibao' }), (e) => e.code === 'invalid_option');
  // A newborn without a number: the guardian's number is the one checked.
  const baby = checkEnrollment({ name: '张小宝', phone: '13800138000', address: '某县某镇某村', docType: 'newborn', birthDate: '2026-10-01', sex: 'male', birthCertificate: 'Q440012345', guardianName: '张三', guardianId: '11010519491231002X' }, { referenceDate: '2026-11-30' });
  assert.deepEqual(baby.problems, []);
  assert.equal(baby.birthDate, '2026-10-01');
  assert.equal(baby.sex, 'male');
});

test('the code lists are published with the package', async () => {
  const { createRequire } = await import('node:module');
  const codes = createRequire(import.meta.url)('canbao/enrollment-codes.json');
  assert.equal(codes.ethnicGroups.length, 58);
  assert.deepEqual(codes.relations.find((r) => r.code === '12'), { code: '12', zh: '妻', en: 'Wife', sex: 'female' });
  // Every listed code is one the check accepts.
  for (const e of codes.ethnicGroups) {
    assert.deepEqual(checkEnrollment({ ethnicity: e.code }).problems.filter((p) => p.field === 'ethnicity'), [], e.code);
  }
  for (const r of codes.relations) {
    assert.deepEqual(checkEnrollment({ relation: r.code, householder: '张三' }).problems.filter((p) => p.field === 'relation'), [], r.code);
  }
});
