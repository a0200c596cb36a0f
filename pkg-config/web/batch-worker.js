// The worker half of canbao/worker (see batch.js): runs batch ID validation and ID
// tokenization in chunks off the page's thread and reports progress after each chunk.
// Only this package's own modules are loaded; the tokens module only when first needed.
import { validateIds } from './index.js';

let tokensModule = null;

function misuse(message) {
  return Object.assign(new Error(message), { code: 'misuse' });
}

/**
 * A column cut into chunks of `size` rows: `{ total, chunks }`. An array is sliced. Text and
 * UTF-8 bytes are cut at line ends without being split into rows first, so that each chunk
 * goes to the fast text or bytes path of the synchronous call, and rows are what that call
 * makes of the whole: one per line, the text's final line end ending its last row.
 */
function chunksOf(column, size) {
  if (Array.isArray(column)) {
    const chunks = [];
    for (let at = 0; at < column.length; at += size) chunks.push(column.slice(at, at + size));
    return { total: column.length, chunks: chunks.length ? chunks : [[]] };
  }
  if (typeof column !== 'string' && !(column instanceof Uint8Array)) {
    throw misuse('the column must be an array, a string or a Uint8Array');
  }
  const nl = typeof column === 'string' ? '\n' : 10;
  // The final line end (if any) ends the last row and starts none, as in the synchronous call.
  const end = column.length > 0 && column[column.length - 1] === nl ? column.length - 1 : column.length;
  const starts = [0];
  let rows = 1;
  for (let at = column.indexOf(nl); at !== -1 && at < end; at = column.indexOf(nl, at + 1)) {
    if (rows % size === 0) starts.push(at + 1);
    rows += 1;
  }
  const cut = (a, b) => (typeof column === 'string' ? column.slice(a, b) : column.subarray(a, b));
  // Each chunk keeps the line end that ends its last row, so that an empty last row stays a
  // row (a text's final line end ends its last row and starts none).
  const chunks = starts.map((start, k) => cut(start, k + 1 < starts.length ? starts[k + 1] : column.length));
  return { total: rows, chunks };
}

/** Runs `call` on every chunk and concatenates the columnar results. */
function chunked(id, { total, chunks }, call, columns) {
  const out = {};
  let first = null;
  let valid = 0;
  let done = 0;
  for (const chunk of chunks) {
    const part = call(chunk);
    if (first === null) {
      first = part;
      for (const [name, Type, width] of columns) out[name] = new Type(total * width);
    }
    if (done + part.length > total) throw new Error('internal: a chunk gave more rows than expected');
    for (const [name, , width] of columns) out[name].set(part[name], done * width);
    if (part.normalized) {
      out.normalized ??= [];
      for (const text of part.normalized) out.normalized.push(text);
    }
    valid += part.valid ?? 0;
    done += part.length;
    postMessage({ id, type: 'progress', done, total });
  }
  return { first, out, valid, total };
}

const ID_COLUMNS = [
  ['kind', Uint8Array, 1],
  ['error', Uint8Array, 1],
  ['at', Uint16Array, 1],
  ['birth', Uint32Array, 1],
  ['sex', Uint8Array, 1],
];

const jobs = {
  validateIds({ column, options }, id, chunkSize) {
    // The lenient region check adds a warning column.
    const wanted = options?.regionCheck === 'lenient' ? [...ID_COLUMNS, ['warning', Uint8Array, 1]] : ID_COLUMNS;
    const { first, out, valid, total } = chunked(id, chunksOf(column, chunkSize), (rows) => validateIds(rows, options), wanted);
    const { normalized, warning, ...columns } = out;
    // The same properties in the same order as the synchronous call's result.
    const result = {
      length: total, valid, ...columns,
      kindNames: first.kindNames, errorCodes: first.errorCodes, errorMessages: first.errorMessages,
      ...(normalized ? { normalized } : {}),
      ...(warning ? { warning } : {}),
    };
    return [result, wanted.map(([name]) => out[name].buffer)];
  },
  async tokenizeIds({ secret, scheme, column, options }, id, chunkSize) {
    tokensModule ??= await import('./tokens.js');
    if (Array.isArray(column) && !column.every((v) => typeof v === 'string' && !v.includes('\n'))) {
      throw misuse('tokenizeIds takes text values without line ends');
    }
    // tokenizeIds takes text or bytes: array chunks are joined into lines, each ended by a
    // line end (so that a last empty cell stays a row).
    const call = (part) => tokensModule.tokenizeIds(secret, scheme, Array.isArray(part) ? `${part.join('\n')}\n` : part, options);
    // The token width and fingerprint come from a first, one-row call.
    const probe = call('');
    const width = probe.bytesPerToken;
    const source = chunksOf(column, chunkSize);
    const describe = { errorCodes: probe.errorCodes, errorMessages: probe.errorMessages, fingerprint: probe.fingerprint };
    if (source.total === 0) {
      // An empty array is no rows (as text, '' would be one empty row).
      return [{ length: 0, bytesPerToken: width, tokens: new Uint8Array(0), error: new Uint8Array(0), ...describe }, []];
    }
    const columns = [['tokens', Uint8Array, width], ['error', Uint8Array, 1]];
    const { out, total } = chunked(id, source, call, columns);
    const result = { length: total, bytesPerToken: width, tokens: out.tokens, error: out.error, ...describe };
    return [result, [out.tokens.buffer, out.error.buffer]];
  },
};

onmessage = async ({ data }) => {
  const { id, op, args, chunkSize } = data;
  try {
    const job = jobs[op];
    if (!job) throw misuse(`unknown operation ${op}`);
    const [result, transfer] = await job(args, id, Math.max(1, chunkSize | 0 || 50_000));
    postMessage({ id, type: 'done', result }, transfer);
  } catch (e) {
    postMessage({ id, type: 'error', code: e?.code ?? 'internal', message: String(e?.message ?? e) });
  }
};
postMessage({ type: 'ready' });
