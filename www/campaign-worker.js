// Ledgers and progress reports run here, off the page's thread: the page stays responsive
// and shows each phase's progress; cancelling terminates this worker. Only the site's own
// module is loaded.
import { buildLedger, progressReport } from './vendor/canbao/roster.js';

let trapped = false;

onmessage = ({ data }) => {
  if (trapped) return;
  const started = performance.now();
  let phase = null;
  const onProgress = (p) => {
    phase = p.phase;
    postMessage({ type: 'progress', job: data.type, ...p, ms: performance.now() - started });
  };
  try {
    if (data.type === 'ledger') {
      const result = buildLedger(data.base, data.current, { ...data.options, onProgress });
      postMessage({ type: 'done', job: 'ledger', result, ms: performance.now() - started }, [result.file.buffer]);
    } else if (data.type === 'report') {
      const result = progressReport(data.now, data.previous ?? null, { ...data.options, onProgress });
      postMessage({ type: 'done', job: 'report', result, ms: performance.now() - started }, [result.file.buffer]);
    }
  } catch (e) {
    // A trap (a panic inside the module) leaves this instance unusable: the page replaces it.
    if (e instanceof WebAssembly.RuntimeError) trapped = true;
    postMessage({ type: 'error', job: data.type, phase, trapped, code: trapped ? 'internal' : (e?.code ?? 'internal'), message: String(e?.message ?? e) });
  }
};
postMessage({ type: 'ready' });
