// The worker half of canbao/worker (see batch.js): runs batch ID validation and ID
// tokenization in chunks off the page's thread and reports progress after each chunk.
// Only this package's own modules are loaded; the tokens module only when first needed.
import { validateIds } from './index.js';

let tokensModule = null;

/** One value per row: an array as given, text or UTF-8 bytes split at each "\n" (as the
 * synchronous calls split them: a final line end is followed by one more, empty row). */
function rowsOf(column) {
  if (Array.isArray(column)) return column;
  if (typeof column !== 'string' && !(column instanceof Uint8Array)) {
    throw Object.assign(new Error('the column must be an array, a string or a Uint8Array'), { code: 'misuse' });
  }
  const text = typeof column === 'string' ? column : new TextDecoder().decode(column);
  return text.split('\n');
}

/** Runs `call` over chunks of `rows` and concatenates the columnar results. */
function chunked(id, rows, chunkSize, call, columns) {
  const total = rows.length;
  const out = {};
  let first = null;
  let valid = 0;
  for (let done = 0; done < total || first === null; ) {
    const part = call(rows.slice(done, done + chunkSize));
    if (first === null) {
      first = part;
      for (const [name, Type, width] of columns) out[name] = new Type(total * width);
    }
    for (const [name, , width] of columns) out[name].set(part[name], done * width);
    if (part.normalized) {
      out.normalized ??= [];
      for (const text of part.normalized) out.normalized.push(text);
    }
    valid += part.valid ?? 0;
    done += part.length;
    postMessage({ id, type: 'progress', done, total });
    if (part.length === 0) break;
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
    const { first, out, valid, total } = chunked(id, rowsOf(column), chunkSize, (rows) => validateIds(rows, options), ID_COLUMNS);
    const { normalized, ...columns } = out;
    const result = {
      length: total, valid, ...columns,
      kindNames: first.kindNames, errorCodes: first.errorCodes, errorMessages: first.errorMessages,
      ...(normalized ? { normalized } : {}),
    };
    return [result, ID_COLUMNS.map(([name]) => out[name].buffer)];
  },
  async tokenizeIds({ secret, scheme, column, options }, id, chunkSize) {
    tokensModule ??= await import('./tokens.js');
    const rows = rowsOf(column);
    if (Array.isArray(column) && !rows.every((v) => typeof v === 'string' && !v.includes('\n'))) {
      throw Object.assign(new Error('tokenizeIds takes text values without line ends'), { code: 'misuse' });
    }
    let width = 16;
    const call = (part) => {
      const r = tokensModule.tokenizeIds(secret, scheme, part.join('\n'), options);
      width = r.bytesPerToken;
      return r;
    };
    // The token width is known after the first chunk; tokenize it first to learn it.
    const probe = call(rows.slice(0, 1));
    const columns = [['tokens', Uint8Array, probe.bytesPerToken], ['error', Uint8Array, 1]];
    const { first, out, total } = chunked(id, rows, chunkSize, call, columns);
    const result = {
      length: total, bytesPerToken: width, tokens: out.tokens, error: out.error,
      errorCodes: first.errorCodes, errorMessages: first.errorMessages, fingerprint: first.fingerprint,
    };
    return [result, [out.tokens.buffer, out.error.buffer]];
  },
};

onmessage = async ({ data }) => {
  const { id, op, args, chunkSize } = data;
  try {
    const job = jobs[op];
    if (!job) throw Object.assign(new Error(`unknown operation ${op}`), { code: 'misuse' });
    const [result, transfer] = await job(args, id, Math.max(1, chunkSize | 0 || 50_000));
    postMessage({ id, type: 'done', result }, transfer);
  } catch (e) {
    postMessage({ id, type: 'error', code: e?.code ?? 'internal', message: String(e?.message ?? e) });
  }
};
postMessage({ type: 'ready' });
