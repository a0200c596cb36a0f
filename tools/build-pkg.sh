#!/usr/bin/env bash
# Builds the npm package into pkg/ (Node CommonJS + ESM wrapper, and a browser ES module build),
# copies the browser build into www/vendor/canbao/, and reports the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
cargo build --lib --release --target wasm32-unknown-unknown --quiet
wasm=target/wasm32-unknown-unknown/release/canbao.wasm
# binaryen from npm (pinned in package.json); Debian's wasm-opt 108 corrupts the externref
# table that wasm-bindgen emits.
WASM_OPT=${WASM_OPT:-node_modules/.bin/wasm-opt}

rm -rf pkg
mkdir -p pkg
for target in nodejs web; do
  dir=pkg/${target%js}
  wasm-bindgen "$wasm" --out-dir "$dir" --target "$target"
  "$WASM_OPT" -Oz --strip-debug --strip-producers "$dir/canbao_bg.wasm" -o "$dir/canbao_bg.wasm"
  rm -f "$dir/canbao_bg.wasm.d.ts"
done

cp pkg-config/web/index.js pkg-config/web/package.json pkg/web/
cp pkg-config/node/package.json pkg/node/
cp pkg-config/README.md NOTICE LICENSE-MIT LICENSE-APACHE pkg/
sed "s/@VERSION@/$version/" pkg-config/package.json > pkg/package.json
# One declaration file for every entry: the API without the web build's init functions.
cp pkg/node/canbao.d.ts pkg/index.d.ts

# The ESM entry for Node re-exports exactly what the CommonJS build exports.
node -e '
const names = Object.keys(require("./pkg/node/canbao.js")).sort();
const lines = [
  "// Node ESM entry: the CommonJS build, loaded synchronously, re-exported by name.",
  "import { createRequire } from \"node:module\";",
  "const api = createRequire(import.meta.url)(\"./canbao.js\");",
  ...names.map((n) => `export const ${n} = api.${n};`),
  "export default api;",
  "",
];
require("fs").writeFileSync("pkg/node/index.mjs", lines.join("\n"));
'

rm -rf www/vendor/canbao
mkdir -p www/vendor/canbao
cp pkg/web/canbao.js pkg/web/canbao_bg.wasm pkg/web/index.js www/vendor/canbao/

node tools/sizes.mjs pkg/web/canbao_bg.wasm pkg/web/canbao.js pkg/web/index.js > pkg/sizes.json
node -e '
const s = require("./pkg/sizes.json");
for (const f of s.files) console.log(`  ${f.file.padEnd(28)} ${String(f.raw).padStart(8)} B raw ${String(f.gzip).padStart(8)} B gzip`);
console.log(`  ${"total (browser build)".padEnd(28)} ${String(s.total.raw).padStart(8)} B raw ${String(s.total.gzip).padStart(8)} B gzip (budget ${s.budgetGzip} B)`);
if (s.total.gzip > s.budgetGzip) { console.error("over the size budget"); process.exit(1); }
'
echo "built pkg/ (canbao $version)"
