// tools/serve.mjs, the development server: loopback unless a host is given on its command line
// (the HOST environment variable, which some shells set, is ignored), GET and HEAD only, and
// HEAD answered with headers and no body. Independent of pkg/: it serves a temporary directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SERVE = new URL('../../tools/serve.mjs', import.meta.url).pathname;
const PAGE = '<!doctype html><title>t</title>\n';

function site() {
  const dir = mkdtempSync(join(tmpdir(), 'canbao-bounds-serve-'));
  writeFileSync(join(dir, 'index.html'), PAGE);
  return dir;
}

/** Runs serve.mjs with `args` and `env`; resolves to { url, address, stop } once it listens,
 * or to { code, stderr } if it exits first. */
async function start(args, env = {}) {
  const proc = spawn(process.execPath, [SERVE, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout.setEncoding('utf8');
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (c) => { err += c; });
  const exited = once(proc, 'exit').then(([code]) => ({ code, stderr: err }));
  const listening = (async () => {
    while (!/http:\/\/\S+\//.test(out)) {
      const [chunk] = await once(proc.stdout, 'data');
      out += chunk;
    }
    const url = new URL(out.match(/http:\/\/\S+\//)[0]);
    return { url, address: url.hostname, stop: () => proc.kill() };
  })();
  return Promise.race([listening, exited]);
}

function send(url, method) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(method === 'POST' ? 'a=1' : undefined);
  });
}

test('HOST in the environment does not change the address: loopback', async () => {
  const server = await start(['0', site()], { HOST: '0.0.0.0' });
  assert.ok(server.stop, `the server did not start: ${server.stderr}`);
  try {
    // The printed address is server.address(), the one really bound.
    assert.equal(server.address, '127.0.0.1');
    const r = await send(server.url, 'GET');
    assert.equal(r.status, 200);
  } finally {
    server.stop();
  }
});

test('GET serves, HEAD sends the headers without a body, other methods get 405', async () => {
  const server = await start(['0', site()]);
  try {
    const get = await send(server.url, 'GET');
    assert.equal(get.status, 200);
    assert.equal(get.body.toString(), PAGE);
    assert.equal(get.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(get.headers['content-length'], String(Buffer.byteLength(PAGE)));

    const head = await send(server.url, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    assert.equal(head.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(head.headers['content-length'], String(Buffer.byteLength(PAGE)));
    assert.ok(head.headers['content-security-policy']);

    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']) {
      const r = await send(server.url, method);
      assert.equal(r.status, 405, method);
      assert.equal(r.headers.allow, 'GET, HEAD', method);
      assert.equal(r.body.toString(), 'method not allowed', method);
    }
    const missing = await send(new URL('nothing-here', server.url), 'HEAD');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.length, 0);
  } finally {
    server.stop();
  }
});

test('the host is given on the command line, and bad arguments are refused', async (t) => {
  for (const args of [['--host', '127.0.0.2'], ['--host=127.0.0.2']]) {
    const server = await start(['0', site(), ...args], { HOST: '0.0.0.0' });
    if (!server.stop) {
      // 127.0.0.2 is loopback on Linux, not everywhere.
      assert.match(server.stderr, /cannot listen/);
      t.skip('127.0.0.2 is not a local address here');
      return;
    }
    try {
      assert.equal(server.address, '127.0.0.2');
      assert.equal((await send(server.url, 'GET')).status, 200);
    } finally {
      server.stop();
    }
  }
  for (const args of [['0', '--host'], ['0', '--host='], ['0', '--port', '1'], ['port'], ['70000'], ['0', 'a', 'b']]) {
    const r = await start(args);
    if (r.stop) r.stop();
    assert.equal(r.code, 2, `${args.join(' ')} should be refused`);
    assert.match(r.stderr, /usage: node tools\/serve\.mjs \[port\] \[dir\] \[--host H\]/);
  }
});
