// Prints, as JSON, the raw and gzip (level 9) sizes of the browser build's modules, each with
// its budget, and of every file the npm package ships (the file list of `npm pack
// --dry-run`). Run from the repository root after tools/build-pkg.sh built pkg/.
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';

// The intake-form path (identity numbers) had the design budget of 120 KB gzipped; raised to
// 128 KB when `checkEnrollment` took on the whole registration form (document types, a
// newborn's certificate and guardian, 民族 and relation codes, the household checks): about
// 6 KB gzipped of rules and their zh/en messages, which a desk cannot do without. The
// calculations module is loaded only by pages that compute; its budget is a regression gate
// set a little above its measured size (see ARCHITECTURE.md, "Sizes"), raised with policy
// format 2 (the rules notices write, the policy writer). The tokens module's, likewise, was
// raised when the findings gained their labels in both languages and the join to names.
const MODULES = [
  { name: 'canbao (identity numbers)', budgetGzip: 128 * 1024, files: ['canbao_bg.wasm', 'canbao.js', 'index.js', 'id-fast.js'] },
  { name: 'canbao/calc (policies and calculations)', budgetGzip: 135 * 1024, files: ['canbao_calc_bg.wasm', 'canbao_calc.js', 'calc.js'] },
  { name: 'canbao/tokens (keyed tokens and matching)', budgetGzip: 180 * 1024, files: ['canbao_tokens_bg.wasm', 'canbao_tokens.js', 'tokens.js'] },
  { name: 'canbao/roster (rosters: Excel and CSV in and out)', budgetGzip: 1024 * 1024, files: ['canbao_roster_bg.wasm', 'canbao_roster.js', 'roster.js'] },
  // What a browser with WebAssembly SIMD loads instead (the same glue, the other .wasm).
  { name: 'canbao/roster, SIMD build', budgetGzip: 1024 * 1024, files: ['canbao_roster_simd_bg.wasm', 'canbao_roster.js', 'roster.js'] },
];

const modules = MODULES.map((m) => {
  const files = m.files.map((file) => {
    const data = readFileSync(`pkg/web/${file}`);
    return { file, raw: data.length, gzip: gzipSync(data, { level: 9 }).length };
  });
  const total = files.reduce((t, f) => ({ raw: t.raw + f.raw, gzip: t.gzip + f.gzip }), { raw: 0, gzip: 0 });
  return { name: m.name, files, total, budgetGzip: m.budgetGzip };
});
// Every file of the package as npm would pack it (this report itself excluded).
const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
  cwd: 'pkg', encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'],
}));
const files = packed.files
  .filter((f) => f.path !== 'sizes.json')
  .map((f) => {
    const data = readFileSync(`pkg/${f.path}`);
    return { file: f.path, raw: data.length, gzip: gzipSync(data, { level: 9 }).length };
  })
  .sort((a, b) => a.file.localeCompare(b.file));
const total = files.reduce((t, f) => ({ raw: t.raw + f.raw, gzip: t.gzip + f.gzip }), { raw: 0, gzip: 0 });
console.log(JSON.stringify({ modules, package: { files, total } }, null, 2));
