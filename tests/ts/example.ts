// Compiled with tsc --noEmit (strict) against the built package: the types are exact.
import {
  validateId, validateIds, validateUscc, validatePhone, upgradeId15, errorCatalog, checkEnrollment,
  type IdResult, type IdBatchResult, type ErrorCode, type IdKind, type Region,
  type EnrollmentCheck, type EnrollmentProblemCode,
} from 'canbao';

const form: EnrollmentCheck = checkEnrollment({ name: '张三', idNumber: '110105491231002' }, { lang: 'en' });
const formCodes: EnrollmentProblemCode[] = form.problems.map((p) => p.code);
const offered: (string | null)[] = form.problems.map((p) => p.suggestion);
const fields: string[] = form.problems.map((p) => p.field);
const birthDate: string | null = form.birthDate;
console.log(form.ok, formCodes, offered, fields, form.id.ok, form.phone.ok, birthDate);
// A newborn registered with the birth certificate and a guardian, with the policy's groups.
checkEnrollment({
  docType: 'newborn', name: '张小宝', birthDate: '2026-10-01', sex: 'male', birthCertificate: 'Q440012345',
  guardianName: '张三', guardianId: '11010519491231002X', ethnicity: '01', relation: '41', householder: '张三',
  category: 'newborn', year: 2027, groups: ['dibao'],
});
// @ts-expect-error: the form has no such field
checkEnrollment({ nmae: '张三' });

const r: IdResult = validateId('11010519491231002X', { lang: 'en', length: 18, strictRegion: true });
if (r.ok) {
  const kind: IdKind = r.kind;
  const birth: string = r.birthDate;
  const age: number = r.age;
  const region: Region | null = r.region;
  const county: string | null = region?.county ?? null;
  const sex: 'male' | 'female' | null = r.sex;
  console.log(kind, birth, age, county, sex);
} else {
  const codes: ErrorCode[] = r.errors.map((e) => e.code);
  const at: (number | null)[] = r.errors.map((e) => e.at);
  // @ts-expect-error: an invalid result has no birth date
  const birth: string = r.birthDate;
  console.log(codes, at, birth);
}

const lenient: IdResult = validateId('110199199001010010', { regionCheck: 'lenient' });
if (lenient.ok) console.log(lenient.warnings.map((w) => w.code));
const b: IdBatchResult = validateIds(['11010519491231002X', 1], { normalized: true, kinds: ['resident18'], regionCheck: 'lenient' });
const warnings: Uint8Array | undefined = b.warning;
console.log(warnings);
const firstError: ErrorCode | null = b.errorCodes[b.error[0]];
const births: Uint32Array = b.birth;
console.log(firstError, births, b.normalized?.[0]);

const u = validateUscc('91350100M000100Y43');
if (u.ok) console.log(u.orgCode.length);
const p = validatePhone('+86 138 0013 8000', { lang: 'zh' });
console.log(p.normalized, upgradeId15('110105491231002').ok, errorCatalog()[0].zh);

// @ts-expect-error: only 15 or 18 may be required
validateId('x', { length: 17 });
// @ts-expect-error: unknown kind name
validateId('x', { kinds: ['passport'] });
