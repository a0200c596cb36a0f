// Prints the raw and gzip (level 9) sizes of the browser build's two modules as JSON, each
// with its budget. Run from the repository root after tools/build-pkg.sh built pkg/web/.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

// The intake-form path (identity numbers) keeps the design budget of 120 KB gzipped. The
// calculations module is loaded only by pages that compute; its budget is a regression gate
// set a little above its measured size (see ARCHITECTURE.md, "Sizes").
const MODULES = [
  { name: 'canbao (identity numbers)', budgetGzip: 120 * 1024, files: ['canbao_bg.wasm', 'canbao.js', 'index.js'] },
  { name: 'canbao/calc (policies and calculations)', budgetGzip: 110 * 1024, files: ['canbao_calc_bg.wasm', 'canbao_calc.js', 'calc.js'] },
  { name: 'canbao/tokens (keyed tokens and matching)', budgetGzip: 195 * 1024, files: ['canbao_tokens_bg.wasm', 'canbao_tokens.js', 'tokens.js'] },
  { name: 'canbao/roster (rosters: Excel and CSV in and out)', budgetGzip: 1024 * 1024, files: ['canbao_roster_bg.wasm', 'canbao_roster.js', 'roster.js'] },
];

const modules = MODULES.map((m) => {
  const files = m.files.map((file) => {
    const data = readFileSync(`pkg/web/${file}`);
    return { file, raw: data.length, gzip: gzipSync(data, { level: 9 }).length };
  });
  const total = files.reduce((t, f) => ({ raw: t.raw + f.raw, gzip: t.gzip + f.gzip }), { raw: 0, gzip: 0 });
  return { name: m.name, files, total, budgetGzip: m.budgetGzip };
});
console.log(JSON.stringify({ modules }, null, 2));
