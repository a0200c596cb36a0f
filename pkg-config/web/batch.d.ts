import type { IdBatchOptions, IdBatchResult } from '../index.js';
import type { IdTokenBatch, TokenOptions, TokenScheme } from '../tokens.js';

/** Options every batch job takes in addition to those of the synchronous call. */
export interface BatchJobOptions {
  /** Called after each chunk with the rows done so far and the total. */
  onProgress?: (done: number, total: number) => void;
  /** Cancels the job: the worker is stopped and the promise rejects with an AbortError. */
  signal?: AbortSignal;
  /** Rows per chunk (default 50,000): smaller chunks give finer progress. */
  chunkSize?: number;
}

/** A column of values: an array, or text / UTF-8 bytes with one value per line. */
export type BatchColumn = readonly unknown[] | string | Uint8Array;

/**
 * Batch work in a module Web Worker (browser only). Results equal those of the synchronous
 * calls on the whole column; typed arrays are transferred from the worker, not copied.
 */
export declare class BatchWorker {
  constructor();
  /** validateIds in the worker, chunk by chunk. */
  validateIds(column: BatchColumn, options?: IdBatchOptions & BatchJobOptions): Promise<IdBatchResult>;
  /** tokenizeIds (canbao/tokens) in the worker, chunk by chunk (an array holds text values without line ends). */
  tokenizeIds(secret: string, scheme: TokenScheme, column: readonly string[] | string | Uint8Array, options?: TokenOptions & BatchJobOptions): Promise<IdTokenBatch>;
  /** Stops the worker; pending jobs reject with `reason` (default an AbortError). */
  terminate(reason?: unknown): void;
}
