// Browser and bundler entry of the calculations module (canbao/calc): instantiates its
// WebAssembly (fetched next to this file, from the same origin) before the module finishes
// loading, so every export is ready to call.
import init from './canbao_calc.js';

await init({ module_or_path: new URL('./canbao_calc_bg.wasm', import.meta.url) });

export * from './canbao_calc.js';
