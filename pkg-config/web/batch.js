// canbao/worker: batch work (validateIds, tokenizeIds) in a Web Worker, with progress and
// cancellation, so that a page stays responsive on columns of hundreds of thousands of IDs.
//
//   import { BatchWorker } from 'canbao/worker';
//   const worker = new BatchWorker();
//   const r = await worker.validateIds(column, { onProgress: (done, total) => …, signal });
//   worker.terminate();
//
// The worker is a module worker created from this package's own batch-worker.js
// (`new Worker(new URL(…, import.meta.url), { type: 'module' })`, which Vite and webpack 5
// bundle; with Vite set `worker: { format: 'es' }`). Results are the same objects as the
// synchronous calls return, with the typed arrays transferred, not copied.

const DEFAULT_CHUNK = 50_000;

function abortError() {
  return new DOMException('The batch job was cancelled', 'AbortError');
}

export class BatchWorker {
  #worker = null;
  #ready = null;
  #jobs = new Map();
  #next = 1;

  #start() {
    if (this.#worker) return this.#ready;
    if (typeof Worker === 'undefined') {
      return Promise.reject(Object.assign(
        new Error('canbao/worker needs Web Workers (a browser); in Node call validateIds directly'),
        { code: 'unsupported' },
      ));
    }
    const worker = new Worker(new URL('./batch-worker.js', import.meta.url), { type: 'module' });
    this.#worker = worker;
    this.#ready = new Promise((resolve, reject) => {
      worker.addEventListener('error', (e) => {
        // The worker could not load (or died): its jobs fail, and the next call starts anew.
        const err = Object.assign(new Error(`the canbao worker failed: ${e.message ?? 'error'}`), { code: 'worker_failed' });
        worker.terminate();
        if (this.#worker === worker) {
          this.#worker = null;
          this.#ready = null;
        }
        reject(err);
        this.#failAll(err);
      });
      worker.addEventListener('message', ({ data }) => {
        if (data.type === 'ready') return resolve();
        const job = this.#jobs.get(data.id);
        if (!job) return;
        if (data.type === 'progress') {
          job.onProgress?.(data.done, data.total);
        } else {
          this.#jobs.delete(data.id);
          job.cleanup();
          if (data.type === 'done') job.resolve(data.result);
          else job.reject(Object.assign(new Error(data.message), { code: data.code }));
        }
      });
    });
    return this.#ready;
  }

  #failAll(err) {
    for (const job of this.#jobs.values()) {
      job.cleanup();
      job.reject(err);
    }
    this.#jobs.clear();
  }

  #run(op, args, options = {}) {
    const { onProgress, signal, chunkSize = DEFAULT_CHUNK } = options;
    if (signal?.aborted) return Promise.reject(abortError());
    return new Promise((resolve, reject) => {
      const id = this.#next++;
      const onAbort = () => {
        // A running chunk cannot be interrupted: the worker is stopped (its other jobs
        // fail too) and the next call starts a fresh one.
        this.terminate(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const cleanup = () => signal?.removeEventListener('abort', onAbort);
      this.#jobs.set(id, { resolve, reject, onProgress, cleanup });
      this.#start()
        .then(() => this.#worker?.postMessage({ id, op, args, chunkSize }))
        .catch((err) => {
          if (this.#jobs.delete(id)) {
            cleanup();
            reject(err);
          }
        });
    });
  }

  /**
   * validateIds in the worker, chunk by chunk. `column`: an array of values, or text / UTF-8
   * bytes with one value per line. Options: those of validateIds, plus onProgress, signal
   * and chunkSize (rows per chunk, default 50,000).
   */
  validateIds(column, options = {}) {
    const { onProgress, signal, chunkSize, ...idOptions } = options;
    return this.#run('validateIds', { column, options: idOptions }, { onProgress, signal, chunkSize });
  }

  /** tokenizeIds (canbao/tokens) in the worker, chunk by chunk; options as validateIds here. */
  tokenizeIds(secret, scheme, column, options = {}) {
    const { onProgress, signal, chunkSize, ...tokenOptions } = options;
    return this.#run('tokenizeIds', { secret, scheme, column, options: tokenOptions }, { onProgress, signal, chunkSize });
  }

  /** Stops the worker; pending jobs are rejected (with `reason`, by default an AbortError). */
  terminate(reason = abortError()) {
    this.#worker?.terminate();
    this.#worker = null;
    this.#ready = null;
    this.#failAll(reason);
  }
}
