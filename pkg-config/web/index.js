// Browser and bundler entry: instantiates the WebAssembly module (fetched next to this file,
// from the same origin) before the module finishes loading, so every export is ready to call.
import init from './canbao.js';

await init({ module_or_path: new URL('./canbao_bg.wasm', import.meta.url) });

export * from './canbao.js';
