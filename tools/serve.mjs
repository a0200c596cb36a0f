// A small static file server for www/ (no dependencies): right MIME types (application/wasm),
// the site's Content-Security-Policy, loopback only; the build's precompressed copies (.br,
// .gz, see tools/precompress.mjs) served to browsers that accept them, when not older than the
// file. Usage: node tools/serve.mjs [port] [dir]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const port = Number(process.argv[2] ?? process.env.PORT ?? 8080);
const root = resolve(process.argv[3] ?? new URL('../www', import.meta.url).pathname);
const host = process.env.HOST ?? '127.0.0.1';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "connect-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://localhost');
    let path = normalize(join(root, decodeURIComponent(url.pathname)));
    if (path !== root && !path.startsWith(root + sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    if ((await stat(path).catch(() => null))?.isDirectory()) path = join(path, 'index.html');
    const { mtimeMs } = await stat(path);
    // The encodings the client accepts (q=0 refuses one).
    const accepted = String(req.headers['accept-encoding'] ?? '').toLowerCase().split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, q]) => !/^\s*q\s*=\s*0(\.0*)?\s*$/.test(q ?? ''))
      .map(([name]) => name.trim());
    let body = null;
    let encoding = null;
    for (const [name, ext] of [['br', '.br'], ['gzip', '.gz']]) {
      if (!accepted.includes(name)) continue;
      const copy = await stat(path + ext).catch(() => null);
      if (copy && copy.mtimeMs >= mtimeMs) {
        body = await readFile(path + ext);
        encoding = name;
        break;
      }
    }
    body ??= await readFile(path);
    res.writeHead(200, {
      ...(encoding ? { 'content-encoding': encoding } : {}),
      vary: 'accept-encoding',
      'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
  }
});

server.listen(port, host, () => {
  const { port: p } = server.address();
  console.log(`serving ${root} at http://${host}:${p}/`);
});
