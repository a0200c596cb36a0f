// Offline support: the page and its validator keep working once loaded, on a poor connection
// or none. Network first (so a rebuilt site is picked up at once), falling back to the copy
// cached on the last successful load. Only this site's own files are ever requested or cached.
const CACHE = 'canbao-site-v9';
const SHELL = [
  './',
  './index.html',
  './home.js',
  './intake.html',
  './app.js',
  './vault.js',
  './common.js',
  './calc.html',
  './calc.js',
  './match.html',
  './match.js',
  './embed.html',
  './embed.js',
  './vendor/canbao/components.js',
  './vendor/canbao/enrollment-codes.json',
  './roster.html',
  './roster.js',
  './roster-worker.js',
  './campaign.html',
  './campaign.js',
  './campaign-worker.js',
  './style.css',
  './favicon.svg',
  './vendor/canbao/index.js',
  './vendor/canbao/id-fast.js',
  './vendor/canbao/canbao.js',
  './vendor/canbao/canbao_bg.wasm',
  './vendor/canbao/calc.js',
  './vendor/canbao/canbao_calc.js',
  './vendor/canbao/canbao_calc_bg.wasm',
  './vendor/canbao/tokens.js',
  './vendor/canbao/canbao_tokens.js',
  './vendor/canbao/canbao_tokens_bg.wasm',
  './vendor/canbao/roster.js',
  './vendor/canbao/canbao_roster.js',
  // The roster module's .wasm this browser loads (see vendor/canbao/roster.js): the SIMD
  // build where WebAssembly SIMD runs, the plain one elsewhere (the same probe as there: a
  // classic service worker cannot import it).
  typeof WebAssembly === 'object' && WebAssembly.validate(new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b,
    0x03, 0x02, 0x01, 0x00, 0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x00, 0xfd, 0x0f, 0x0b,
  ]))
    ? './vendor/canbao/canbao_roster_simd_bg.wasm'
    : './vendor/canbao/canbao_roster_bg.wasm',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          event.waitUntil(caches.open(CACHE).then((c) => c.put(request, copy)));
        }
        return response;
      })
      .catch(() => caches.match(request, { ignoreSearch: true }).then((hit) => hit ?? Response.error())),
  );
});
