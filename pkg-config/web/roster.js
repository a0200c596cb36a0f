// Browser and bundler entry of the roster module (canbao/roster): instantiates its
// WebAssembly (fetched next to this file, from the same origin) before the module finishes
// loading, so every export is ready to call.
import init from './canbao_roster.js';

await init({ module_or_path: new URL('./canbao_roster_bg.wasm', import.meta.url) });

export * from './canbao_roster.js';
