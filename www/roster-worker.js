// The roster job runs here, off the page's thread: the page stays responsive and shows
// progress; cancelling terminates this worker. Only the site's own module is loaded.
import { RosterJob, generateRoster } from './vendor/canbao/roster.js';

let job = null;
// A trap (a panic inside the module, e.g. the workbook reader on a damaged file) leaves this
// module instance unusable: every later message is ignored and the page replaces the worker.
let trapped = false;

function fail(e, stage) {
  if (e instanceof WebAssembly.RuntimeError) {
    trapped = true;
    job = null;
    postMessage({ type: 'error', trapped: true, code: stage === 'load' ? 'unreadable_workbook' : 'internal', message: String(e.message) });
    return;
  }
  postMessage({ type: 'error', code: e?.code ?? 'internal', message: String(e?.message ?? e) });
}

onmessage = ({ data }) => {
  if (trapped) return;
  try {
    if (data.type === 'load') {
      job = new RosterJob(data.bytes, data.options);
      postMessage({ type: 'info', info: job.info() });
    } else if (data.type === 'run') {
      const total = job.total;
      const started = performance.now();
      const chunk = Math.max(500, Math.ceil(total / 200));
      while (job.done < total) {
        job.step(chunk);
        postMessage({ type: 'progress', done: job.done, total, ms: performance.now() - started });
      }
      const result = job.finish(data.format);
      job = null;
      postMessage({ type: 'done', result, ms: performance.now() - started }, [result.file.buffer, result.problemsFile.buffer]);
    } else if (data.type === 'sample') {
      const bytes = generateRoster(data.rows, { format: data.format, damagedPercent: 8 });
      postMessage({ type: 'sample', bytes }, [bytes.buffer]);
    }
  } catch (e) {
    fail(e, data.type);
  }
};
postMessage({ type: 'ready' });
