// A small static file server for www/ (no dependencies): right MIME types (application/wasm),
// the site's Content-Security-Policy, loopback only unless told otherwise; the build's
// precompressed copies (.br, .gz, see tools/precompress.mjs) served to browsers that accept
// them, when not older than the file. GET and HEAD only (anything else: 405).
// Usage: node tools/serve.mjs [port] [dir] [--host H]
//   port  default $PORT, else 8080 (0: any free port)
//   dir   default www/ next to this file
//   --host H (or --host=H)  the address to listen on; default 127.0.0.1. The HOST environment
//         variable is ignored on purpose: some shells set it to the machine's name, and a
//         development server must not be exposed to the network by accident.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const USAGE = 'usage: node tools/serve.mjs [port] [dir] [--host H]';

function usage(problem) {
  console.error(`serve.mjs: ${problem}\n${USAGE}`);
  process.exit(2);
}

/** The command line: positional port and dir, and an optional --host. */
function parseArgs(argv) {
  const positional = [];
  let host = '127.0.0.1';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--host') {
      if (i + 1 >= argv.length || argv[i + 1] === '') usage('--host needs an address');
      host = argv[++i];
    } else if (a.startsWith('--host=')) {
      host = a.slice('--host='.length);
      if (!host) usage('--host needs an address');
    } else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (a.startsWith('--')) {
      usage(`unknown option ${a}`);
    } else {
      positional.push(a);
    }
  }
  if (positional.length > 2) usage(`unexpected argument ${positional[2]}`);
  const portText = positional[0] ?? process.env.PORT ?? '8080';
  const port = Number(portText);
  if (!/^\d+$/.test(String(portText)) || port > 65535) usage(`not a port: ${portText}`);
  return { port, dir: positional[1], host };
}

const args = parseArgs(process.argv.slice(2));
const port = args.port;
const root = resolve(args.dir ?? new URL('../www', import.meta.url).pathname);
const host = args.host;

/** The only methods served; anything else gets 405 with this list. */
const ALLOWED = 'GET, HEAD';

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
  const head = req.method === 'HEAD';
  // Headers only for HEAD, with the length the body would have.
  const send = (status, headers, body) => {
    res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) });
    res.end(head ? undefined : body);
  };
  const text = { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' };
  if (req.method !== 'GET' && !head) {
    send(405, { ...text, allow: ALLOWED }, 'method not allowed');
    return;
  }
  try {
    const url = new URL(req.url, 'http://localhost');
    let path = normalize(join(root, decodeURIComponent(url.pathname)));
    if (path !== root && !path.startsWith(root + sep)) {
      send(403, text, 'forbidden');
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
    send(200, {
      ...(encoding ? { 'content-encoding': encoding } : {}),
      vary: 'accept-encoding',
      'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    }, body);
  } catch {
    if (!res.headersSent) send(404, text, 'not found');
  }
});

server.on('error', (e) => {
  console.error(`serve.mjs: cannot listen on ${host}:${port}: ${e.message}`);
  process.exit(1);
});

server.listen(port, host, () => {
  // The address really bound (not the one asked for), as a URL.
  const { address, port: p } = server.address();
  const shown = address.includes(':') ? `[${address}]` : address;
  console.log(`serving ${root} at http://${shown}:${p}/`);
});
