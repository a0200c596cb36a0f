// Compiled with tsc --noEmit (strict) against the built package: the roster types are exact.
import {
  RosterJob, generateRoster, rosterPolicies, readTable,
  type RosterInfo, type RosterResult, type RosterRole, type RosterError, type RosterErrorCode, type RosterRowCode, type TableContents,
} from 'canbao/roster';

const bytes: Uint8Array = generateRoster(10, { format: 'csv', gbk: true });
const job = new RosterJob(bytes, { policy: rosterPolicies()[3], encoding: 'gbk', mapping: { id: 4, name: null } });
const info: RosterInfo = job.info();
const role: RosterRole = 'village';
const col: number | null = info.mapping[role];
while (job.done < job.total) job.step(1000);
const r: RosterResult = job.finish('csv');
const errors: number = r.summary.byStatus.error;
const first: 'warning' | 'error' | undefined = r.problems[0]?.status;
console.log(col, errors, first, r.file.length, r.summary.budget?.subsidy);
const rowCodes: (string)[] = r.problems.flatMap((p) => p.codes);
const ownCodes: RosterRowCode[] = ['duplicate_in_file', 'subsidy_not_stated'];
console.log(rowCodes, ownCodes, r.summary.byCode[0]?.code);
const table: TableContents = readTable(bytes);
console.log(table.rowNumbers[0]);
try {
  new RosterJob(new Uint8Array());
} catch (e) {
  const code: RosterError['code'] = (e as RosterError).code;
  const readError: RosterErrorCode | undefined = code.startsWith('secret_') ? undefined : 'no_header';
  console.log(code, readError);
}

// @ts-expect-error: encodings are utf-8 or gbk
new RosterJob(bytes, { encoding: 'latin1' });
// @ts-expect-error: output is xlsx or csv
job.finish('pdf');
