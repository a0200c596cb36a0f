// Prints the raw and gzip (level 9) sizes of the given files as JSON, with the size budget.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { basename } from 'node:path';

const BUDGET_GZIP = 120 * 1024;
const files = process.argv.slice(2).map((f) => {
  const data = readFileSync(f);
  return { file: basename(f), raw: data.length, gzip: gzipSync(data, { level: 9 }).length };
});
const total = files.reduce((t, f) => ({ raw: t.raw + f.raw, gzip: t.gzip + f.gzip }), { raw: 0, gzip: 0 });
console.log(JSON.stringify({ files, total, budgetGzip: BUDGET_GZIP }, null, 2));
