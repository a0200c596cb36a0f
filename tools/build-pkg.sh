#!/usr/bin/env bash
# Builds the npm package into pkg/ (Node CommonJS + ESM wrapper, and a browser ES module build),
# copies the browser build into www/vendor/canbao/, and reports the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
# Four modules: identity numbers (opt-level 3: batch validation is a hot path), the
# calculations (opt-level "z": small, not hot) and tokens (opt-level 3: hashing is hot).
cargo build --lib --release --target wasm32-unknown-unknown --quiet --no-default-features --features ids
cp target/wasm32-unknown-unknown/release/canbao.wasm target/canbao.wasm
cargo build --lib --profile release-size --target wasm32-unknown-unknown --quiet --no-default-features --features calc
cp target/wasm32-unknown-unknown/release-size/canbao.wasm target/canbao_calc.wasm
# Tokens: hashing is the hot path, so opt-level 3 (profile release).
cargo build --lib --release --target wasm32-unknown-unknown --quiet --no-default-features --features tokens
cp target/wasm32-unknown-unknown/release/canbao.wasm target/canbao_tokens.wasm
# Rosters (Excel in and out): the heavy module, loaded only by the roster tool.
cargo build --lib --release --target wasm32-unknown-unknown --quiet --no-default-features --features roster
cp target/wasm32-unknown-unknown/release/canbao.wasm target/canbao_roster.wasm
# binaryen from npm (pinned in package.json); Debian's wasm-opt 108 corrupts the externref
# table that wasm-bindgen emits.
WASM_OPT=${WASM_OPT:-node_modules/.bin/wasm-opt}

rm -rf pkg
mkdir -p pkg
for name in canbao canbao_calc canbao_tokens canbao_roster; do
  for target in nodejs web; do
    dir=pkg/${target%js}
    wasm-bindgen "target/$name.wasm" --out-dir "$dir" --out-name "$name" --target "$target"
    "$WASM_OPT" -Oz --strip-debug --strip-producers "$dir/${name}_bg.wasm" -o "$dir/${name}_bg.wasm"
    rm -f "$dir/${name}_bg.wasm.d.ts"
  done
done

cp pkg-config/web/index.js pkg-config/web/calc.js pkg-config/web/tokens.js pkg-config/web/roster.js \
   pkg-config/web/components.js pkg-config/web/components.d.ts pkg-config/web/package.json \
   pkg-config/web/batch.js pkg-config/web/batch-worker.js pkg-config/web/batch.d.ts pkg/web/
cp pkg-config/validators.mjs pkg-config/validators.d.ts pkg/
cp pkg-config/node/package.json pkg/node/
cp pkg-config/README.md NOTICE LICENSE-MIT LICENSE-APACHE pkg/
cp schema/policy.schema.json pkg/
sed "s/@VERSION@/$version/" pkg-config/package.json > pkg/package.json
# wasm-bindgen declares `[Symbol.dispose]` on classes, which needs TypeScript's esnext.disposable
# lib: left out, so the declarations compile with the common es2022 lib (free() remains).
sed -i '/\[Symbol.dispose\]()/d' pkg/node/*.d.ts pkg/web/*.d.ts
# One declaration file per entry: the API without the web build's init functions.
cp pkg/node/canbao.d.ts pkg/index.d.ts
cp pkg/node/canbao_calc.d.ts pkg/calc.d.ts
cp pkg/node/canbao_tokens.d.ts pkg/tokens.d.ts
cp pkg/node/canbao_roster.d.ts pkg/roster.d.ts

# The ESM entries for Node re-export exactly what the CommonJS builds export.
node -e '
for (const [cjs, mjs] of [["canbao", "index"], ["canbao_calc", "calc"], ["canbao_tokens", "tokens"], ["canbao_roster", "roster"]]) {
  const names = Object.keys(require(`./pkg/node/${cjs}.js`)).sort();
  const lines = [
    "// Node ESM entry: the CommonJS build, loaded synchronously, re-exported by name.",
    "import { createRequire } from \"node:module\";",
    `const api = createRequire(import.meta.url)("./${cjs}.js");`,
    ...names.map((n) => `export const ${n} = api.${n};`),
    "export default api;",
    "",
  ];
  require("fs").writeFileSync(`pkg/node/${mjs}.mjs`, lines.join("\n"));
}
'

rm -rf www/vendor/canbao
mkdir -p www/vendor/canbao
cp pkg/web/canbao.js pkg/web/canbao_bg.wasm pkg/web/index.js \
   pkg/web/canbao_calc.js pkg/web/canbao_calc_bg.wasm pkg/web/calc.js \
   pkg/web/canbao_tokens.js pkg/web/canbao_tokens_bg.wasm pkg/web/tokens.js \
   pkg/web/canbao_roster.js pkg/web/canbao_roster_bg.wasm pkg/web/roster.js \
   pkg/web/components.js www/vendor/canbao/

node tools/sizes.mjs > pkg/sizes.json
node -e '
const s = require("./pkg/sizes.json");
let over = false;
for (const m of s.modules) {
  console.log(`  ${m.name}`);
  for (const f of m.files) console.log(`    ${f.file.padEnd(26)} ${String(f.raw).padStart(8)} B raw ${String(f.gzip).padStart(8)} B gzip`);
  console.log(`    ${"total".padEnd(26)} ${String(m.total.raw).padStart(8)} B raw ${String(m.total.gzip).padStart(8)} B gzip (budget ${m.budgetGzip} B)`);
  if (m.total.gzip > m.budgetGzip) { console.error(`  ${m.name}: over its size budget`); over = true; }
}
const p = s.package;
console.log(`  npm package: ${p.files.length} files, ${p.total.raw} B raw, ${p.total.gzip} B gzip (every file in pkg/sizes.json)`);
if (over) process.exit(1);
'
echo "built pkg/ (canbao $version)"
