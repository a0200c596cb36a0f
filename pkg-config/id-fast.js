// validateId for one value at a time, as a loop over a table calls it: the text goes into a
// buffer shared with the WebAssembly module, the verdict comes back as numbers, and the result
// object is built here, with names and messages decoded once and reused. The verdict itself is
// the module's (src/wasm/id_fast.rs, the same check as the general export); options are parsed
// by the module, once per options object while it stays unchanged. Anything this path does not
// take (text that is not a string or is long, an options object it cannot snapshot) goes
// to the module's general export, which gives the same result.
//
// Written once as an ES module; tools/build-pkg.sh derives the CommonJS copy for Node.

export function fastValidateId(api) {
  // The general export's result, with its region frozen as this path's regions are.
  const general = (text, options) => {
    const r = api.validateId(text, options);
    if (r.region !== null) Object.freeze(r.region);
    return r;
  };
  const [
    wordsAt, unitsAt, maxUnits, normalizedAt,
    OK, HAS_NORMALIZED, SAME_AS_INPUT, HAS_REGION, GENERAL, NO_POSITION,
    namesAt, namesBytes, textAt, ASCII, KINDS, SEXES, memory,
  ] = api.__idFastLayout();
  const W = wordsAt >>> 2;
  const U = unitsAt >>> 1;
  const catalog = api.errorCatalog();
  const messages = [catalog.map((e) => e.zh), catalog.map((e) => e.en)];
  const codes = catalog.map((e) => e.code);
  const decoder = new TextDecoder();

  let u8 = new Uint8Array(memory.buffer);
  let u16 = new Uint16Array(memory.buffer);
  let u32 = new Uint32Array(memory.buffer);
  // A view of memory that has grown since is detached (length 0): take new ones.
  const views = () => {
    if (u8.length === 0) {
      u8 = new Uint8Array(memory.buffer);
      u16 = new Uint16Array(memory.buffer);
      u32 = new Uint32Array(memory.buffer);
    }
  };

  // Names of regions are static text in the module: each decoded once, kept by its offset
  // in the module's table of names (any other static name by its address).
  const tableNames = new Array(namesBytes).fill(null);
  const otherNames = new Map();
  const decode = (ptr, len) => decoder.decode(u8.subarray(ptr, ptr + len));
  const name = (at) => {
    const ptr = u32[W + at];
    if (ptr === 0) return null;
    const offset = ptr - namesAt;
    if (offset >= 0 && offset < namesBytes) {
      const s = tableNames[offset];
      return s !== null ? s : (tableNames[offset] = decode(ptr, u32[W + at + 1]));
    }
    let s = otherNames.get(ptr);
    if (s === undefined) otherNames.set(ptr, (s = decode(ptr, u32[W + at + 1])));
    return s;
  };
  const regionCode = (n) => (n >= 100000 ? `${n}` : String(n).padStart(6, '0'));
  // Regions are reference data: one frozen object per entry of the module's region table (a
  // code and its names over a span of years: word 6 above bit 0, 0 for a region that is not
  // one), made on first use (the module then writes the entry's region); any other region (a
  // permit's, a province's) frozen as well.
  let regions = null; // sized on first use, when the module has built its table
  const region = () => {
    if (regions === null) regions = new Array(api.__idFastEntries() + 1).fill(null);
    const e = u32[W + 6] >>> 1;
    let r = regions[e];
    if (r === null) {
      if (e !== 0) api.__idFastRegion(e - 1);
      r = Object.freeze({
        code: regionCode(u32[W + 5]),
        province: name(7),
        prefecture: name(9),
        county: name(11),
        abolished: (u32[W + 6] & 1) === 1,
      });
      if (e !== 0) regions[e] = r;
    }
    return r;
  };
  // Dates as YYYY-MM-DD, each made once and kept (strings are values: sharing one is not
  // seen), per year by month * 32 + day. Taking the fields with `| 0` and subtraction measured
  // faster than Math.floor and `%`.
  const dates = new Array(10000).fill(null);
  const isoDate = (ymd) => {
    const y = (ymd / 10000) | 0;
    const md = ymd - y * 10000;
    const m = (md / 100) | 0;
    const d = md - m * 100;
    let year = dates[y];
    if (year === null) year = dates[y] = new Array(13 * 32).fill(null);
    const s = year[m * 32 + d];
    if (s !== null) return s;
    return (year[m * 32 + d] = `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`);
  };

  // Today in the page's time zone as YYYYMMDD: the calendar day of `new Date()`, as the
  // general export reads it. The three calendar reads cost more than the check itself, so
  // they are made only when the local day changes: the local time is the clock less the
  // zone's offset at that instant (ECMA-262 defines getTimezoneOffset as (t − LocalTime(t)) /
  // msPerMinute, and the calendar reads as reads of LocalTime(t)), and its day number is
  // compared with the one last read. A change of time zone changes the offset at once.
  let localDay = NaN;
  let day = 0;
  const today = () => {
    const d = new Date();
    const local = d.getTime() - Math.round(d.getTimezoneOffset() * 60000);
    const n = Math.floor(local / 86400000);
    if (n === localDay) return day;
    localDay = n;
    day = d.getFullYear() * 10000 + (d.getMonth() + 1) * 100 + d.getDate();
    return day;
  };

  // The options object last parsed into the module's slot 1, and a copy of its own keys and
  // values: reused only while the object is the same one with the same contents.
  let lastOptions;
  let lastKeys = [];
  let lastValues = [];
  let lastLang = 0;
  let lastDated = false;
  const sameValue = (a, b) => {
    if (Array.isArray(b)) {
      if (!Array.isArray(a) || a.length !== b.length) return false;
      for (let i = 0; i < b.length; i++) if (a[i] !== b[i]) return false;
      return true;
    }
    return a === b;
  };
  // (for…in allocates nothing; an inherited enumerable key makes the count differ, and the
  // object is then parsed on every call, which is slower but still right).
  const unchanged = (o) => {
    let i = 0;
    for (const k in o) {
      if (k !== lastKeys[i] || !sameValue(o[k], lastValues[i])) return false;
      i++;
    }
    return i === lastKeys.length;
  };
  // The slot for `options` (0: defaults), parsing it when it is new or has changed; misuse
  // throws here, as in the general export.
  const slot = (options) => {
    if (options === undefined || options === null) return 0;
    if (options === lastOptions && unchanged(options)) return 1;
    lastOptions = undefined;
    const parsed = api.__idFastOptions(options);
    lastLang = parsed & 1;
    lastDated = (parsed & 2) !== 0;
    if (typeof options === 'object' && !Array.isArray(options)) {
      lastKeys = Object.keys(options);
      lastValues = lastKeys.map((k) => {
        const v = options[k];
        return Array.isArray(v) ? v.slice() : v;
      });
      lastOptions = options;
    }
    return 1;
  };

  // Writes `text` into the buffer: as bytes when it is all ASCII (the common case), else as
  // UTF-16 code units (the module reads them as UTF-8 would be read). Returns the length to
  // give the module (with the ASCII flag), or -1 if the text does not fit.
  const write = (text) => {
    const n = text.length;
    if (n > maxUnits) return -1;
    views();
    let high = 0;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      high |= c;
      u8[textAt + i] = c;
    }
    if (high < 0x80) return n | ASCII;
    for (let i = 0; i < n; i++) u16[U + i] = text.charCodeAt(i);
    return n;
  };

  // The cleaned text of `n` bytes (ASCII) the module stored: the lengths of identity numbers
  // (18: resident IDs, permits and the 2023 foreign form; 15: legacy IDs and the 2017 form)
  // read as plain arguments, which costs a fraction of spreading a view of the bytes.
  const cleaned = (n) => {
    const b = u8;
    const i = normalizedAt;
    if (n === 18) {
      return String.fromCharCode(
        b[i], b[i + 1], b[i + 2], b[i + 3], b[i + 4], b[i + 5], b[i + 6], b[i + 7], b[i + 8],
        b[i + 9], b[i + 10], b[i + 11], b[i + 12], b[i + 13], b[i + 14], b[i + 15], b[i + 16], b[i + 17]);
    }
    if (n === 15) {
      return String.fromCharCode(
        b[i], b[i + 1], b[i + 2], b[i + 3], b[i + 4], b[i + 5], b[i + 6], b[i + 7], b[i + 8],
        b[i + 9], b[i + 10], b[i + 11], b[i + 12], b[i + 13], b[i + 14]);
    }
    return String.fromCharCode.apply(null, b.subarray(i, i + n));
  };

  // The verdict's problems as objects (`m`: the module's memory as words, current).
  const problems = (m, lang) => {
    const count = m[W + 13];
    const out = [];
    for (let i = 0; i < count; i++) {
      const number = m[W + 14 + 2 * i];
      const at = m[W + 15 + 2 * i];
      out.push({
        code: codes[number - 1],
        message: messages[lang][number - 1],
        at: at === NO_POSITION ? null : at,
      });
    }
    return out;
  };

  return function validateId(text, options) {
    const s = slot(options);
    if (typeof text !== 'string') return general(text, options);
    const len = write(text);
    if (len < 0) return general(text, options);
    // Today only matters when the options give no reference date.
    const flags = api.__idFastCheck(len, s, s === 1 && lastDated ? 0 : today());
    if (flags & GENERAL) return general(text, options);
    views();
    const m = u32;
    const lang = s === 0 ? 0 : lastLang;
    const kind = KINDS[(flags >>> 8) & 0xff] ?? null;
    let normalized = null;
    if (flags & HAS_NORMALIZED) {
      if (flags & SAME_AS_INPUT) normalized = text;
      else normalized = cleaned(m[W + 1]);
    }
    if (flags & OK) {
      return {
        ok: true,
        kind,
        normalized,
        region: flags & HAS_REGION ? region() : null,
        birthDate: isoDate(m[W + 2]),
        sex: SEXES[m[W + 3]] ?? null,
        age: m[W + 4],
        errors: [],
        warnings: m[W + 13] === 0 ? [] : problems(m, lang),
      };
    }
    return {
      ok: false,
      normalized,
      errors: problems(m, lang),
      kind,
      region: null,
      birthDate: null,
      sex: null,
      age: null,
      warnings: [],
    };
  };
}
