// Writes a gzip (.gz) and a Brotli (.br) copy beside every text and WebAssembly file of the
// site, for hosts that serve precompressed files (nginx gzip_static / brotli_static, Caddy's
// precompressed, tools/serve.mjs). Run at the end of tools/build-pkg.sh. Usage:
// node tools/precompress.mjs [dir]
import { existsSync, readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join, extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync, brotliCompressSync, constants } from 'node:zlib';

const root = resolve(process.argv[2] ?? fileURLToPath(new URL('../www', import.meta.url)));
const EXTS = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.svg', '.txt']);

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (EXTS.has(extname(entry.name))) yield path;
  }
}

// Copies still current are kept: the .gz is written last, so a .gz that unpacks to the file
// means both copies were made from it (Brotli at quality 11 takes most of a build's time).
function current(path, data) {
  if (!existsSync(`${path}.gz`) || !existsSync(`${path}.br`)) return false;
  try {
    return gunzipSync(readFileSync(`${path}.gz`)).equals(data);
  } catch {
    return false;
  }
}

let count = 0;
let raw = 0;
let br = 0;
for (const path of files(root)) {
  const data = readFileSync(path);
  const size = statSync(path).size;
  count += 1;
  raw += size;
  if (current(path, data)) {
    br += statSync(`${path}.br`).size;
    continue;
  }
  const brotli = brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: size,
      [constants.BROTLI_PARAM_MODE]: extname(path) === '.wasm' ? constants.BROTLI_MODE_GENERIC : constants.BROTLI_MODE_TEXT,
    },
  });
  writeFileSync(`${path}.br`, brotli);
  writeFileSync(`${path}.gz`, gzipSync(data, { level: 9 }));
  br += brotli.length;
}
console.log(`precompressed ${count} files in ${root}: ${raw} B, ${br} B as Brotli`);
