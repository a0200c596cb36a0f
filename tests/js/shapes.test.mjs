// What every export returns is what its TypeScript declaration says, field for field: each
// result below (from real calls, covering the optional and nullable fields) is written into a
// TypeScript file as a literal of its declared type and compiled strictly, so a field the
// module produces but the declaration lacks (excess property), a required field it does not
// produce, or a value of another type fails; and every optional field of a checked type must
// appear in some result, so the declaration names nothing the module never gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import ts from 'typescript';
import * as ids from 'canbao';
import * as calc from 'canbao/calc';
import * as tk from 'canbao/tokens';
import * as roster from 'canbao/roster';

const REF = { referenceDate: '2026-11-30' };

function samples() {
  const s = [];
  const add = (module, type, value) => s.push({ module, type, value });
  // Identity numbers.
  for (const [text, o] of [['11010519491231002X', REF], ['110105194912310021', REF], ['110105491231002', REF],
    ['110171199001010012', { ...REF, regionCheck: 'lenient' }], ['932682198501010017', REF], ['', REF]]) {
    add('canbao', 'IdResult', ids.validateId(text, o));
  }
  add('canbao', 'UpgradeResult', ids.upgradeId15('110105491231002', REF));
  add('canbao', 'UpgradeResult', ids.upgradeId15('1101054912310', REF));
  add('canbao', 'PhoneResult', ids.validatePhone('13800138000'));
  add('canbao', 'UsccResult', ids.validateUscc('91350100M000100Y43'));
  add('canbao', 'UsccResult', ids.validateUscc('91350100M000100Y44'));
  add('canbao', 'IdBatchResult', plain(ids.validateIds('11010519491231002X\n12\n110171199001010012', { ...REF, normalized: true, regionCheck: 'lenient' })));
  for (const e of ids.errorCatalog()) add('canbao', 'ErrorCatalogEntry', e);
  add('canbao', 'EnrollmentCheck', ids.checkEnrollment({ name: '张三', idNumber: '110105491231002', phone: '1380013800', address: '村' }, REF));
  add('canbao', 'EnrollmentCheck', ids.checkEnrollment({ name: '张三', idNumber: '11010519491231002X', phone: '13800138000', address: '某县某镇某村' }, REF));

  // Policies and calculations.
  const examples = ['fuliang-2024', 'yongfu-2023', 'yongchun-2023', 'dalate-2024']
    .map((n) => readFileSync(new URL(`../../examples/policies/${n}.json`, import.meta.url), 'utf8'));
  const policies = [...calc.presetPolicies(), ...examples.map((t) => JSON.parse(t))];
  for (const p of policies) add('canbao/calc', 'Policy', calc.loadPolicy(p));
  const capped = structuredClone(calc.presetPolicies().find((p) => p.id === 'cn-national-2025'));
  capped.resident.incentives.baseCap = '300000.00';
  add('canbao/calc', 'Policy', calc.loadPolicy(capped));
  const dingtao = calc.loadPolicy(calc.presetPolicies().find((p) => p.id === 'dingtao-2024'));
  const national = calc.presetPolicies().find((p) => p.id === 'cn-national-2025');
  const onBehalf = structuredClone(dingtao);
  onBehalf.resident.groups[1].payment = 'refund_after_payment';
  add('canbao/calc', 'ResidentContribution', calc.residentContribution(dingtao, { groups: ['dibao', 'tekun'] }));
  add('canbao/calc', 'ResidentContribution', calc.residentContribution(onBehalf, { groups: ['dibao'] }));
  add('canbao/calc', 'HouseholdContribution', calc.householdContribution(dingtao, [{ groups: ['tekun'] }, {}]));
  add('canbao/calc', 'BenefitStartResult', calc.benefitStart(national, { coverageYear: 2025, paymentDate: '2025-03-01', lapsedYears: 5, inCollectionPeriod: false }));
  add('canbao/calc', 'BenefitStartResult', calc.benefitStart(examples[3], { coverageYear: 2024, paymentDate: '2024-03-05' }));
  add('canbao/calc', 'EmployeeContributionResult', calc.employeeContribution(calc.presetPolicies().find((p) => p.id === 'liyang-employee-2024'), { wage: '6000.00', kind: 'flexible' }));
  add('canbao/calc', 'RefundResult', calc.refundEligibility(examples[3], { paymentDate: '2023-10-01', requestDate: '2023-11-01', reason: 'paid_twice' }));
  add('canbao/calc', 'DepartmentBudget', calc.departmentBudget(dingtao, [{ groups: ['dibao'] }, {}]));
  add('canbao/calc', 'CatastrophicCapResult', calc.catastrophicCap(national, { continuousYears: 6, claimFreeYears: 1, baseCap: '300000.00' }));
  add('canbao/calc', 'CoverageTable', calc.coverageTable([{ unit: '东村', registered: 1200, insuredLocal: 1100, insuredElsewhere: 57 }], { csv: true }));
  add('canbao/calc', 'CoverageTable', calc.coverageTable([{ unit: '西村', registered: 10, insuredLocal: 9, insuredElsewhere: 0 }]));

  // Tokens.
  const secret = tk.newCampaignSecret();
  const opts = { refs: ['r1', 'r2'] };
  const a = tk.tokenize(secret, 'hmac-sha256', ['id', 'name', 'birthDate', 'phone'], [
    { id: '11010519491231002X', name: '张三', birthDate: '1949-12-31', phone: '13800138000' },
    { id: '12', name: '李四', birthDate: '1990-03-07', phone: null }], opts);
  const b = tk.tokenize(secret, 'hmac-sha256', ['id', 'name', 'birthDate'], [{ id: null, name: '李四', birthDate: '19900307' }]);
  add('canbao/tokens', 'TokenizeResult', a);
  add('canbao/tokens', 'IdTokenBatch', plain(tk.tokenizeIds(secret, 'hmac-sha256', '11010519491231002X\n12')));
  add('canbao/tokens', 'TokenFileContents', tk.readTokenFile(tk.writeTokenFile(a)));
  add('canbao/tokens', 'Comparison', tk.compareTokenFiles(tk.writeTokenFile(a), tk.writeTokenFile(b), { nameBirthDate: true, csv: true }));
  add('canbao/tokens', 'Comparison', tk.compareTokenFiles(tk.writeTokenFile(a), tk.writeTokenFile(a)));
  add('canbao/tokens', 'CanonicalResult', tk.canonicalValue('name', ' 张 三 '));
  add('canbao/tokens', 'CanonicalResult', tk.canonicalValue('birthDate', '1990-13-01'));

  // Rosters.
  const policy = roster.rosterPolicies().find((p) => p.id === 'county-example-2024');
  const bytes = roster.generateRoster(300, { format: 'csv', seed: 3, damagedPercent: 20 });
  const job = new roster.RosterJob(bytes, { policy, referenceDate: '2026-11-22' });
  add('canbao/roster', 'RosterInfo', job.info());
  const done = job.finish('csv');
  add('canbao/roster', 'RosterResult', { ...done, file: null, problemsFile: null });
  const xlsx = roster.generateRoster(20, { format: 'xlsx', seed: 4 });
  add('canbao/roster', 'RosterInfo', new roster.RosterJob(xlsx).info());
  add('canbao/roster', 'TableContents', roster.readTable(bytes));
  // Ledgers and progress: a ledger, read back as it is (a ledger report), and rosters at two
  // dates (a roster report with a previous one, groups and payments).
  const dingtaoPolicy = roster.rosterPolicies().find((p) => p.id === 'dingtao-2024');
  const last = roster.generateRoster(200, { format: 'csv', seed: 8, damagedPercent: 10 });
  const ledger = roster.buildLedger(last, bytes, { kind: 'stock', policy: dingtaoPolicy, referenceDate: '2026-11-22' });
  add('canbao/roster', 'LedgerResult', { ...ledger, file: '__FILE__' });
  add('canbao/roster', 'ProgressResult', { ...roster.progressReport(ledger.file, null, { policy: dingtaoPolicy }), file: '__FILE__' });
  add('canbao/roster', 'ProgressResult', { ...roster.progressReport(bytes, last, { policy: dingtaoPolicy, lang: 'en' }), file: '__FILE__' });
  return s;
}

/** Typed arrays as plain arrays of numbers, to be written as literals (their types: below). */
function plain(v) {
  return JSON.parse(JSON.stringify(v, (k, x) => (ArrayBuffer.isView(x) ? { __typed: x.constructor.name } : x)));
}

/** A JavaScript value as a TypeScript expression. */
function literal(v) {
  if (v && typeof v === 'object' && !Array.isArray(v) && v.__typed) return `new ${v.__typed}()`;
  return JSON.stringify(v, null, 1).replace(/"__typed"/g, '"__typed"');
}

test('every result has exactly the fields its TypeScript declaration names', () => {
  const all = samples();
  const dir = new URL('../../target/shapes/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const modules = [...new Set(all.map((x) => x.module))];
  const alias = (m) => `M${modules.indexOf(m)}`;
  let text = modules.map((m) => `import type * as ${alias(m)} from '${m}';`).join('\n') + '\n';
  all.forEach((x, i) => {
    const value = x.type === 'RosterResult' ? { ...x.value, file: '__FILE__', problemsFile: '__FILE__' } : x.value;
    // (LedgerResult and ProgressResult samples carry '__FILE__' for their file already.)
    let body = literal(value).replace(/\{\s*"__typed":\s*"(\w+)"\s*\}/g, 'new $1()');
    body = body.replaceAll('"__FILE__"', 'new Uint8Array()');
    text += `export const s${i}: ${alias(x.module)}.${x.type} = ${body};\n`;
  });
  const file = new URL('samples.ts', dir).pathname;
  writeFileSync(file, text);
  const program = ts.createProgram([file], {
    strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext, types: [], lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  });
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? d.file.getLineAndCharacterOfPosition(d.start) : null;
    const line = where ? text.split('\n')[where.line] : '';
    return `${ts.flattenDiagnosticMessageText(d.messageText, '\n')}\n  at: ${line.slice(0, 160)}`;
  });
  assert.deepEqual(diagnostics, []);

  // Every optional field of every checked object type appears in some result.
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const seen = new Map(); // type name → Set of keys seen
  const optional = new Map(); // type name → Set of optional keys declared
  const visit = (type, value) => {
    if (value === null || value === undefined || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      const element = checker.isArrayType(type) ? checker.getTypeArguments(type)[0] : null;
      if (element) for (const v of value) visit(element, v);
      return;
    }
    const members = type.isUnion() ? type.types : [type];
    for (const member of members) {
      const props = checker.getPropertiesOfType(member);
      if (!props.length) continue;
      const keys = Object.keys(value);
      // The union member this value is (all its keys declared there).
      if (!keys.every((k) => props.some((p) => p.name === k))) continue;
      const name = checker.typeToString(member);
      if (!seen.has(name)) seen.set(name, new Set());
      if (!optional.has(name)) optional.set(name, new Set(props.filter((p) => p.flags & ts.SymbolFlags.Optional).map((p) => p.name)));
      for (const k of keys) {
        seen.get(name).add(k);
        const p = props.find((x) => x.name === k);
        visit(checker.getTypeOfSymbolAtLocation(p, source), value[k]);
      }
      return;
    }
  };
  const declarations = source.statements.filter(ts.isVariableStatement);
  all.forEach((x, i) => {
    const decl = declarations[i].declarationList.declarations[0];
    visit(checker.getTypeFromTypeNode(decl.type), x.value);
  });
  // Fields of a policy that only a file gives (loadPolicy returns the policy whole).
  const inputOnly = new Set(['Policy.$schema', 'Policy.base']);
  const never = [];
  for (const [name, keys] of optional) {
    for (const k of keys) if (!seen.get(name).has(k) && !inputOnly.has(`${name}.${k}`)) never.push(`${name}.${k}`);
  }
  assert.deepEqual(never, [], 'optional fields no result has');
});
