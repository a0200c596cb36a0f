// Browser and bundler entry: instantiates the WebAssembly module (fetched next to this file,
// from the same origin) before the module finishes loading, so every export is ready to call.
import init, * as api from './canbao.js';
import { fastValidateId } from './id-fast.js';

await init({ module_or_path: new URL('./canbao_bg.wasm', import.meta.url) });

// tools/build-pkg.sh replaces the next line with the list of public exports (the module's
// `__` exports serve validateId's per-value path only).
export * from './canbao.js';
export const validateId = fastValidateId(api);
