// Compiled with tsc --noEmit (strict) against the built package: the calculation types are exact.
import {
  presetPolicies, loadPolicy, residentContribution, householdContribution, benefitStart,
  employeeContribution, refundEligibility, departmentBudget, coverageTable, catastrophicCap, enrollmentQuote,
  type CatastrophicCapResult, type EnrollmentQuote, type PolicyUnit,
  type Policy, type ResidentContribution, type BenefitStartResult, type CoverageTable,
  type CanbaoError, type Problem, type TraceStep, type Yuan,
} from 'canbao/calc';

const policies: Policy[] = presetPolicies();
const county: Policy = loadPolicy(JSON.stringify(policies[3]), { lang: 'en' });
const year: number = county.coverageYear;

const c: ResidentContribution = residentContribution(county, { groups: ['dibao'] });
const payable: Yuan = c.payable;
const applied: string | null = c.appliedGroup;
const steps: TraceStep[] = c.trace;
console.log(year, payable, applied, steps[0]?.values['individual']);
const later: Yuan = residentContribution(county, { groups: ['dibao'], category: 'student' }).refundLater;
console.log(later, c.payNow);
// Format 2: source in both languages, targets, funds, groups without an amount.
const source: string | undefined = county.source?.zh;
const target: string | undefined = county.targets?.[0]?.rate;
const fund: string | undefined = county.resident?.groups?.[0]?.fund;
console.log(source, target, fund, county.funds?.length, county.resident?.amountsFrom?.en);

const h = householdContribution(county, [{ groups: ['tekun'] }, {}]);
console.log(h.totals.people, h.members[0]?.subsidy);

const b: BenefitStartResult = benefitStart(county, { coverageYear: 2024, paymentDate: '2024-02-15', lapsedYears: 0 });
const start: string | null = b.benefitStart;
const newborn = benefitStart(county, { coverageYear: 2024, paymentDate: '2024-01-10', birthDate: '2023-12-20', previousYearPaid: true, category: 'newborn' });
console.log(newborn.coveredFromBirth);
const timing: 'in_period' | 'extended' | 'late' = b.timing;
console.log(start, timing, b.shorten.map((o) => o.cost));

const e = employeeContribution(policies[4], { wage: '6000.00', kind: 'flexible' });
const clamp: 'floor' | 'within' | 'ceiling' = e.clamp;
console.log(clamp, e.yearly);

const r = refundEligibility(county, { paymentDate: '2023-10-01', requestDate: '2023-11-01', reason: 'paid_twice' });
console.log(r.eligible, r.outcome);
const capResult: CatastrophicCapResult = catastrophicCap(policies[2], { continuousYears: 6, claimFreeYears: 1, baseCap: '300000.00' });
const limited: boolean = capResult.limited;
console.log(capResult.cap, limited);
console.log(departmentBudget(county, [{ groups: ['dibao'] }]).departments[0]?.subsidy);

const t: CoverageTable = coverageTable([{ unit: '东村', registered: 1200, insuredLocal: '1,100', insuredElsewhere: 57 }], { order: 'asc' });
const rate: string = t.total.coverageRate;
const rank: number = t.rows[0]!.rank;
console.log(rate, rank);

try {
  loadPolicy('{}');
} catch (err) {
  const e = err as CanbaoError;
  const problems: Problem[] = e.problems ?? [];
  console.log(e.code, problems.map((p) => `${p.path} ${p.code}`));
}

// @ts-expect-error: amounts are strings, never numbers
employeeContribution(county, { wage: 6000 });
// @ts-expect-error: unknown refund reason
refundEligibility(county, { paymentDate: '2023-10-01', requestDate: '2023-11-01', reason: 'changed_mind' });
// @ts-expect-error: the total row has no rank
console.log(t.total.rank);

// A desk's quote: the form's category kind, priced by the policy.
const quote: EnrollmentQuote = enrollmentQuote(county, { category: 'newborn', groups: ['dibao'], birthDate: '2023-10-01', paymentDate: '2023-11-01' });
const pays: Yuan = quote.contribution.payNow;
const starts: string | null = quote.benefit.benefitStart;
const units: PolicyUnit[] = county.units ?? [];
console.log(pays, starts, quote.category, units.map((u) => u.villages.length));
// @ts-expect-error: a category is a kind, not any string
enrollmentQuote(county, { category: 'worker', paymentDate: '2023-11-01' });
