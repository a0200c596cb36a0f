#!/usr/bin/env bash
# Builds the npm package into pkg/ (Node CommonJS + ESM wrapper, and a browser ES module build),
# copies the browser build into www/vendor/canbao/, and reports the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
# One build at a time: two at once would clear each other's cached outputs and pkg/.
mkdir -p target
exec 9>target/.build-pkg.lock
flock 9

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
# Four modules: identity numbers (opt-level 3: batch validation is a hot path), the
# calculations (opt-level "z": small, not hot), tokens (opt-level 3: hashing is hot) and
# rosters (built twice: with and without WebAssembly SIMD).
# Each module built in the same profile has a target directory of its own: a cdylib's file
# name carries no feature hash, so sharing one would rebuild every module on every run.
CARGO_TARGET_DIR=target/wasm-ids cargo build --lib --release --target wasm32-unknown-unknown --quiet --no-default-features --features ids
cp target/wasm-ids/wasm32-unknown-unknown/release/canbao.wasm target/canbao.wasm
cargo build --lib --profile release-size --target wasm32-unknown-unknown --quiet --no-default-features --features calc
cp target/wasm32-unknown-unknown/release-size/canbao.wasm target/canbao_calc.wasm
# Tokens: hashing is the hot path, so opt-level 3 (profile release).
CARGO_TARGET_DIR=target/wasm-tokens cargo build --lib --release --target wasm32-unknown-unknown --quiet --no-default-features --features tokens
cp target/wasm-tokens/wasm32-unknown-unknown/release/canbao.wasm target/canbao_tokens.wasm
# Rosters (Excel in and out): the heavy module, loaded only by the roster tool.
cargo build --lib --release --target wasm32-unknown-unknown --quiet --no-default-features --features roster
cp target/wasm32-unknown-unknown/release/canbao.wasm target/canbao_roster.wasm
# The same module built with WebAssembly SIMD (zlib-rs and memchr use it: faster reading and
# compressing of workbooks), in its own target directory so that neither build evicts the
# other. Browsers get it when they run SIMD (pkg-config/web/roster.js probes); Node ≥ 18
# always does, so the Node build is this one.
CARGO_TARGET_DIR=target/simd CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-C target-feature=+simd128" \
  cargo build --lib --release --target wasm32-unknown-unknown --quiet --no-default-features --features roster
cp target/simd/wasm32-unknown-unknown/release/canbao.wasm target/canbao_roster_simd.wasm
# binaryen from npm (pinned in package.json); Debian's wasm-opt 108 corrupts the externref
# table that wasm-bindgen emits.
WASM_OPT=${WASM_OPT:-node_modules/.bin/wasm-opt}

rm -rf pkg
mkdir -p pkg
# wasm-bindgen's .wasm is the same for both targets (only the glue differs): optimized once.
# The SIMD roster build shares the plain one's glue (checked here); the web build ships both
# .wasm files, the Node build only the SIMD one.
# wasm-bindgen and wasm-opt take minutes; their outputs are kept in target/pkg-cache under a
# key made of everything they read (the module, the flags, both tools' versions, this script),
# so a rebuild with no change in a module reuses them.
tool_key=$( { wasm-bindgen --version; "$WASM_OPT" --version; sha256sum tools/build-pkg.sh; } | sha256sum | cut -c1-16)
for name in canbao canbao_calc canbao_tokens canbao_roster canbao_roster_simd; do
  out=${name%_simd}
  web=pkg/web node=pkg/node features= level=-Oz
  # The identity-number module: -O2, measured 5% faster batch validation than -Oz in V8
  # (51 against 54 ms per million rows) for 0.4 KB more gzipped.
  [ "$name" = canbao ] && level=-O2
  if [ "$name" = canbao_roster_simd ]; then
    web=target/simd/pkg-web node=target/simd/pkg-node features=--enable-simd
  fi
  key=$( { sha256sum < "target/$name.wasm"; echo "$name $level $features $tool_key"; } | sha256sum | cut -c1-32)
  cache=target/pkg-cache/$name-$key
  if [ ! -f "$cache/done" ]; then
    rm -rf target/pkg-cache/$name-* && mkdir -p "$cache/web" "$cache/node"
    wasm-bindgen "target/$name.wasm" --out-dir "$cache/web" --out-name "$out" --target web
    wasm-bindgen "target/$name.wasm" --out-dir "$cache/node" --out-name "$out" --target nodejs
    rm -f "$cache/web/${out}_bg.wasm.d.ts" "$cache/node/${out}_bg.wasm.d.ts" "$cache/node/${out}_bg.wasm"
    "$WASM_OPT" $level $features --strip-debug --strip-producers "$cache/web/${out}_bg.wasm" -o "$cache/${name}_bg.wasm"
    rm "$cache/web/${out}_bg.wasm"
    touch "$cache/done"
  fi
  mkdir -p "$web" "$node"
  cp "$cache/web/"* "$web/" && cp "$cache/node/"* "$node/"
  cp "$cache/${name}_bg.wasm" "pkg/web/${name}_bg.wasm"
  cp "pkg/web/${name}_bg.wasm" "pkg/node/${out}_bg.wasm"
  if [ "$name" = canbao_roster_simd ]; then
    for f in web/$out.js web/$out.d.ts node/$out.js node/$out.d.ts; do
      cmp -s "target/simd/pkg-$f" "pkg/$f" \
        || { echo "the SIMD roster build's glue $f differs from the plain build's" >&2; exit 1; }
    done
  fi
done

cp pkg-config/web/index.js pkg-config/web/calc.js pkg-config/web/tokens.js pkg-config/web/roster.js \
   pkg-config/web/components.js pkg-config/web/components.d.ts pkg-config/web/package.json \
   pkg-config/web/batch.js pkg-config/web/batch-worker.js pkg-config/web/batch.d.ts pkg/web/
cp pkg-config/validators.mjs pkg-config/validators.d.ts pkg/
cp pkg-config/node/package.json pkg-config/node/index.cjs pkg/node/
# validateId's per-value path: written once as an ES module; the CommonJS copy for Node is
# the same text with its one export assigned to `exports`. Both ship without the source's
# comment lines and blank lines (it loads with the identity module, within its size budget).
[ "$(grep -c '^export ' pkg-config/id-fast.js)" = 1 ] && grep -q '^export function fastValidateId(' pkg-config/id-fast.js \
  || { echo "pkg-config/id-fast.js must have exactly one export, function fastValidateId" >&2; exit 1; }
grep -v -E '^[[:space:]]*(//.*)?$' pkg-config/id-fast.js > pkg/web/id-fast.js
{ echo "'use strict';"; sed 's/^export function fastValidateId(/function fastValidateId(/' pkg/web/id-fast.js
  echo "exports.fastValidateId = fastValidateId;"; } > pkg/node/id-fast.cjs
# Whatever the stripping took, both copies must still parse.
node --check pkg/web/id-fast.js && node --check pkg/node/id-fast.cjs
cp pkg-config/README.md NOTICE LICENSE-MIT LICENSE-APACHE pkg/
cp schema/policy.schema.json pkg/
# The enrollment form's code lists (民族, relations, …): for portals, and for the intake page.
cp schema/enrollment-codes.json pkg/
cp schema/enrollment-codes.json pkg/web/
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
for (const [cjs, mjs] of [["index.cjs", "index"], ["canbao_calc", "calc"], ["canbao_tokens", "tokens"], ["canbao_roster", "roster"]]) {
  const file = cjs.endsWith(".cjs") ? cjs : `${cjs}.js`;
  const names = Object.keys(require(`./pkg/node/${file}`)).sort();
  const lines = [
    "// Node ESM entry: the CommonJS build, loaded synchronously, re-exported by name.",
    "import { createRequire } from \"node:module\";",
    `const api = createRequire(import.meta.url)("./${file}");`,
    ...names.map((n) => `export const ${n} = api.${n};`),
    "export default api;",
    "",
  ];
  require("fs").writeFileSync(`pkg/node/${mjs}.mjs`, lines.join("\n"));
}
'

# The browser entry names its exports: the glue's, less the `__` ones that serve validateId's
# per-value path and validateId itself (the entry's own).
node --input-type=module -e '
import { readFileSync, writeFileSync } from "node:fs";
const glue = await import(process.cwd() + "/pkg/web/canbao.js");
const names = Object.keys(glue).filter((n) => n !== "default" && n !== "validateId" && !n.startsWith("__")).sort();
const path = "pkg/web/index.js";
const star = "export * from \x27./canbao.js\x27;";
const text = readFileSync(path, "utf8");
if (text.split(star).length !== 2) throw new Error(`${path}: expected one line ${star}`);
writeFileSync(path, text.replace(star, `export {\n${names.map((n) => `  ${n},\n`).join("")}} from \x27./canbao.js\x27;`));
'

# Into the site: only files that changed are copied (and anything else there removed), so
# their precompressed copies stay current.
vendor=(pkg/web/canbao.js pkg/web/canbao_bg.wasm pkg/web/index.js pkg/web/id-fast.js
  pkg/web/canbao_calc.js pkg/web/canbao_calc_bg.wasm pkg/web/calc.js
  pkg/web/canbao_tokens.js pkg/web/canbao_tokens_bg.wasm pkg/web/tokens.js
  pkg/web/canbao_roster.js pkg/web/canbao_roster_bg.wasm pkg/web/canbao_roster_simd_bg.wasm pkg/web/roster.js
  pkg/web/components.js pkg/web/enrollment-codes.json)
mkdir -p www/vendor/canbao
for f in www/vendor/canbao/*; do
  keep=
  for v in "${vendor[@]}"; do case "$f" in "www/vendor/canbao/$(basename "$v")"|"www/vendor/canbao/$(basename "$v")".gz|"www/vendor/canbao/$(basename "$v")".br) keep=1;; esac; done
  [ -n "$keep" ] || rm -f "$f"
done
for v in "${vendor[@]}"; do
  cmp -s "$v" "www/vendor/canbao/$(basename "$v")" || cp "$v" www/vendor/canbao/
done

# Precompressed copies of the site for hosts that serve them (and tools/serve.mjs).
node tools/precompress.mjs www

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
