// Compiled with tsc --noEmit (strict): the component's and the validators' declarations.
import type { CanbaoIdInput } from 'canbao/components';
import { idRule, type CanbaoRule } from 'canbao/validators';

const el = document.querySelector('canbao-id-input');
if (el) {
  const input: CanbaoIdInput = el;
  const birth: string | null = input.result?.ok ? input.result.birthDate : null;
  console.log(input.value, birth, input.checkValidity());
}
const rule: CanbaoRule = idRule({ length: 18, required: true, trigger: ['blur', 'change'] });
rule.validator(rule, '11010519491231002X', (e) => console.log(e?.message));
// @ts-expect-error: length is 15 or 18
idRule({ length: 17 });
