// Browser and bundler entry of the roster module (canbao/roster): instantiates its
// WebAssembly (fetched next to this file, from the same origin) before the module finishes
// loading, so every export is ready to call.
//
// Two builds of the same code ship: one using WebAssembly SIMD (faster reading and
// compressing of workbooks) and one without, for browsers that lack SIMD (e.g. Safari before
// 16.4, older Chromium-based browsers). Their JavaScript glue is identical (checked by the
// build), so only the .wasm file differs.
import init from './canbao_roster.js';

/** Whether this browser runs WebAssembly SIMD: validates a module whose one function uses
 * `i8x16.splat` — (module (func (result v128) i32.const 0 i8x16.splat)). */
export const simd = WebAssembly.validate(new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x00, 0xfd, 0x0f, 0x0b, // code: i32.const 0; i8x16.splat; end
]));

// Both URLs are literal `new URL(…, import.meta.url)` expressions so that bundlers emit both files.
await init({
  module_or_path: simd
    ? new URL('./canbao_roster_simd_bg.wasm', import.meta.url)
    : new URL('./canbao_roster_bg.wasm', import.meta.url),
});

export * from './canbao_roster.js';
