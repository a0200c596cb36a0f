// Validation rules for the form libraries Chinese portals use most: async-validator rule
// objects, as used by Element Plus (el-form :rules) and Ant Design Vue (a-form :rules), and
// with `promise: true` the promise-returning validator Ant Design (React) expects
// (Form.Item rules).
//
//   import { idRule, phoneRule, usccRule } from 'canbao/validators';
//   const rules = { idNumber: [idRule({ kinds: ['resident18'], length: 18 })], phone: [phoneRule()] };
//   <Form.Item name="idNumber" validateTrigger={['onChange', 'onBlur']}
//              rules={[idRule({ promise: true })]}>          // Ant Design (React)
// (Ant Design runs a rule on blur only when the Form.Item's validateTrigger includes onBlur.)
//
// Each rule validates with canbao (in the page, WebAssembly) and reports canbao's message in
// the chosen language; empty values pass unless `required: true` (pair with the library's own
// required rule if you prefer its message).
import { validateId, validatePhone, validateUscc } from 'canbao';

// Ant Design (React) names the same events onBlur / onChange.
const ANTD_TRIGGER = { blur: 'onBlur', change: 'onChange' };

function rule(check, options = {}) {
  const { required = false, trigger = 'blur', lang = 'zh', promise = false, ...checkOptions } = options;
  const problem = (value) => {
    const text = value == null ? '' : String(value);
    if (text.trim() === '' && !required) return null;
    const r = check(text, { lang, ...checkOptions });
    return r.ok ? null : new Error(r.errors[0].message);
  };
  return {
    required,
    trigger,
    validateTrigger: [trigger].flat().map((t) => ANTD_TRIGGER[t] ?? t),
    validator: promise
      ? (_rule, value) => {
        const e = problem(value);
        return e ? Promise.reject(e) : Promise.resolve();
      }
      : (_rule, value, callback) => callback(problem(value) ?? undefined),
  };
}

/** A rule for personal identity numbers (options: kinds, length, strictRegion, referenceDate, lang, required, trigger). */
export const idRule = (options) => rule(validateId, options);
/** A rule for mobile numbers (options: lang, required, trigger). */
export const phoneRule = (options) => rule(validatePhone, options);
/** A rule for Unified Social Credit Codes (options: lang, required, trigger). */
export const usccRule = (options) => rule(validateUscc, options);
