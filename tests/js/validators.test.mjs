// The async-validator rules (canbao/validators) as Element Plus and Ant Design Vue call them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idRule, phoneRule, usccRule } from 'canbao/validators';

const run = (rule, value) => new Promise((resolve) => rule.validator(rule, value, (e) => resolve(e ?? null)));

test('rules pass valid values and report canbao messages for invalid ones', async () => {
  const id = idRule({ length: 18, referenceDate: '2026-11-22' });
  assert.equal(id.trigger, 'blur');
  assert.equal(await run(id, '110105 19491231 002x'), null);
  assert.equal((await run(id, '110105194912310021')).message, '校验位不符，号码中可能有数字录错');
  assert.equal((await run(idRule({ lang: 'en' }), '110105194912310021')).message, 'The check character does not match: a digit was probably mistyped');
  assert.equal(await run(id, ''), null, 'empty passes unless required');
  assert.equal((await run(idRule({ required: true }), '  ')).message, '未填写号码');
  assert.equal(await run(phoneRule(), '+86 138-0013-8000'), null);
  assert.ok(await run(phoneRule(), '1380013800'));
  assert.equal(await run(usccRule(), '91350100M000100Y43'), null);
  assert.ok(await run(usccRule({ trigger: 'change' }), '91350100M000100Y44'));
});

test('with promise: true, the validator returns a promise (Ant Design for React)', async () => {
  const id = idRule({ promise: true, referenceDate: '2026-11-22' });
  assert.deepEqual(id.validateTrigger, ['onBlur']);
  assert.deepEqual(idRule({ trigger: ['change', 'blur'] }).validateTrigger, ['onChange', 'onBlur']);
  await id.validator(id, '11010519491231002X');
  await assert.rejects(id.validator(id, '110105194912310021'), { message: '校验位不符，号码中可能有数字录错' });
  await id.validator(id, '');
  await assert.rejects(idRule({ promise: true, required: true }).validator({}, ''), { message: '未填写号码' });
});
