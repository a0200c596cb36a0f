// tools/serve.mjs serves the build's precompressed copies (tools/precompress.mjs) to clients
// that accept them, and never a copy older than its file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtempSync, writeFileSync, readFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startServer } from './browser.mjs';

function get(url, encoding) {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: encoding ? { 'accept-encoding': encoding } : {} }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('the site is served precompressed to browsers that accept it', async () => {
  const server = await startServer();
  try {
    const file = readFileSync(new URL('../../www/vendor/canbao/canbao_bg.wasm', import.meta.url));
    const br = await get(`${server.url}vendor/canbao/canbao_bg.wasm`, 'gzip, deflate, br');
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(br.headers['content-type'], 'application/wasm');
    assert.ok(br.body.length < file.length / 2);
    assert.deepEqual(brotliDecompressSync(br.body), file);
    const gz = await get(`${server.url}vendor/canbao/canbao_bg.wasm`, 'gzip');
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.deepEqual(gunzipSync(gz.body), file);
    // Refused with q=0: the next the client accepts.
    const notBr = await get(`${server.url}vendor/canbao/canbao_bg.wasm`, 'GZIP, br;q=0');
    assert.equal(notBr.headers['content-encoding'], 'gzip');
    const plain = await get(`${server.url}vendor/canbao/canbao_bg.wasm`);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.deepEqual(plain.body, file);
  } finally {
    server.stop();
  }
});

test('a precompressed copy older than its file is not served', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'canbao-serve-'));
  writeFileSync(join(dir, 'a.js'), 'export const a = 2;\n');
  writeFileSync(join(dir, 'a.js.gz'), gzipSync('export const a = 1;\n'));
  writeFileSync(join(dir, 'a.js.br'), brotliCompressSync('export const a = 1;\n'));
  const past = new Date(Date.now() - 60_000);
  utimesSync(join(dir, 'a.js.gz'), past, past);
  utimesSync(join(dir, 'a.js.br'), past, past);
  const server = await startServer(dir);
  try {
    const r = await get(`${server.url}a.js`, 'gzip, br');
    assert.equal(r.headers['content-encoding'], undefined);
    assert.equal(r.body.toString(), 'export const a = 2;\n');
  } finally {
    server.stop();
  }
});
