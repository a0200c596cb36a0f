// Compiled with tsc --noEmit (strict): canbao/worker's declarations.
import { BatchWorker } from 'canbao/worker';
import type { IdBatchResult } from 'canbao';
import type { IdTokenBatch } from 'canbao/tokens';

async function run(column: string[], secret: string): Promise<number> {
  const worker = new BatchWorker();
  const controller = new AbortController();
  const ids: IdBatchResult = await worker.validateIds(column, {
    lang: 'en',
    referenceDate: '2026-11-22',
    chunkSize: 10_000,
    signal: controller.signal,
    onProgress: (done: number, total: number) => console.log(done / total),
  });
  const tokens: IdTokenBatch = await worker.tokenizeIds(secret, 'hmac-sm3', column.join('\n'));
  // @ts-expect-error: not a token scheme
  await worker.tokenizeIds(secret, 'md5', column);
  // @ts-expect-error: tokens are made of text values only
  await worker.tokenizeIds(secret, 'hmac-sha256', [110105194912310020]);
  // @ts-expect-error: progress gets numbers
  await worker.validateIds(column, { onProgress: (done: string) => done });
  worker.terminate();
  return ids.valid + tokens.length;
}
run(['11010519491231002X'], 'CB1-00').then(console.log);
