// Validation rules for the form libraries Chinese portals use most: async-validator rule
// objects, as used by Element Plus (el-form :rules) and Ant Design Vue (a-form :rules).
//
//   import { idRule, phoneRule, usccRule } from 'canbao/validators';
//   const rules = { idNumber: [idRule({ kinds: ['resident18'], length: 18 })], phone: [phoneRule()] };
//
// Each rule validates with canbao (in the page, WebAssembly) and reports canbao's message in
// the chosen language; empty values pass unless `required: true` (pair with the library's own
// required rule if you prefer its message).
import { validateId, validatePhone, validateUscc } from 'canbao';

function rule(check, options = {}) {
  const { required = false, trigger = 'blur', lang = 'zh', ...checkOptions } = options;
  return {
    required,
    trigger,
    validator(_rule, value, callback) {
      const text = value == null ? '' : String(value);
      if (text.trim() === '' && !required) {
        callback();
        return;
      }
      const r = check(text, { lang, ...checkOptions });
      if (r.ok) callback();
      else callback(new Error(r.errors[0].message));
    },
  };
}

/** A rule for personal identity numbers (options: kinds, length, strictRegion, referenceDate, lang, required, trigger). */
export const idRule = (options) => rule(validateId, options);
/** A rule for mobile numbers (options: lang, required, trigger). */
export const phoneRule = (options) => rule(validatePhone, options);
/** A rule for Unified Social Credit Codes (options: lang, required, trigger). */
export const usccRule = (options) => rule(validateUscc, options);
