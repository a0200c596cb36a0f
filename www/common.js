// Shared by the site's pages: the remembered language, and the GOV.UK error pattern (a
// message beside the field, aria-invalid, and a summary of links at the top).

const LANG_KEY = 'canbao-lang';
const LARGE_KEY = 'canbao-large-text';
const LARGE = { zh: '大字', en: 'Large text' };

// Large-text mode (body text at least 18 pt), remembered: applied as soon as this module runs.
try {
  if (localStorage.getItem(LARGE_KEY) === '1') document.documentElement.classList.add('large-text');
} catch { /* private mode: not remembered */ }

/** The header's large-text switch, beside the language toggle (made once, labelled in `lang`). */
function largeTextToggle(lang) {
  const langToggle = document.getElementById('lang-toggle');
  if (!langToggle) return;
  let button = document.getElementById('large-toggle');
  if (!button) {
    button = document.createElement('button');
    button.type = 'button';
    button.id = 'large-toggle';
    button.className = 'link-button';
    const tools = document.createElement('div');
    tools.className = 'header-tools';
    langToggle.replaceWith(tools);
    tools.append(button, langToggle);
    button.addEventListener('click', () => {
      const on = document.documentElement.classList.toggle('large-text');
      button.setAttribute('aria-pressed', String(on));
      try { localStorage.setItem(LARGE_KEY, on ? '1' : '0'); } catch { /* not remembered */ }
    });
  }
  button.textContent = LARGE[lang];
  button.setAttribute('aria-pressed', String(document.documentElement.classList.contains('large-text')));
}

/** The language asked for in the URL (?lang=en), else the one remembered, else Chinese. */
export function initialLang() {
  const asked = new URLSearchParams(location.search).get('lang');
  if (asked === 'en' || asked === 'zh') return asked;
  try { return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh'; } catch { return 'zh'; }
}

export function rememberLang(lang) {
  try { localStorage.setItem(LANG_KEY, lang); } catch { /* private mode: not remembered */ }
}

const $ = (id) => document.getElementById(id);

/** Removes the error state of the field whose input has this id (message: `${id}-error`). */
export function clearField(id) {
  const input = $(id);
  input.removeAttribute('aria-invalid');
  input.closest('.field').classList.remove('has-error');
  const msg = $(`${id}-error`);
  msg.hidden = true;
  msg.textContent = '';
  const described = (input.getAttribute('aria-describedby') ?? '').split(' ').filter((x) => x && x !== `${id}-error`);
  if (described.length) input.setAttribute('aria-describedby', described.join(' '));
  else input.removeAttribute('aria-describedby');
}

/** Shows `message` beside the field whose input has this id. */
export function markField(id, message) {
  const input = $(id);
  input.setAttribute('aria-invalid', 'true');
  input.closest('.field').classList.add('has-error');
  const msg = $(`${id}-error`);
  msg.hidden = false;
  msg.textContent = message;
  input.setAttribute('aria-describedby', [`${id}-error`, input.getAttribute('aria-describedby')].filter(Boolean).join(' '));
}

/** Fills the summary list with one link per problem ({ target: element, message }). */
export function fillSummary(list, problems) {
  list.replaceChildren();
  for (const p of problems) {
    const a = document.createElement('a');
    a.href = `#${p.target.id}`;
    a.textContent = p.message;
    a.addEventListener('click', (e) => {
      e.preventDefault();
      p.target.closest('.field')?.scrollIntoView();
      p.target.focus();
    });
    const li = document.createElement('li');
    li.append(a);
    list.append(li);
  }
}

/** A local file's text: UTF-8 if it is valid UTF-8 (a byte-order mark is dropped), else
 * GB18030, what Chinese Excel writes by default. */
export async function readTextFile(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** Points a download link at `text` (UTF-8 with a byte-order mark when `bom`, so that Excel
 * reads Chinese correctly), replacing the link's previous object URL. */
export function setDownload(link, text, filename, { bom = false, type = 'text/csv' } = {}) {
  if (link.href.startsWith('blob:')) URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(new Blob(bom ? ['\uFEFF', text] : [text], { type: `${type};charset=utf-8` }));
  link.download = filename;
  link.hidden = false;
}

/** Puts the page in `lang`: the html lang attribute, every [data-i18n] element's text from
 * `texts`, and the language toggle (which names the other language). */
export function applyTexts(lang, texts) {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = texts[node.dataset.i18n];
  const toggle = document.getElementById('lang-toggle');
  toggle.textContent = texts.otherLang;
  toggle.lang = lang === 'zh' ? 'en' : 'zh-CN';
  largeTextToggle(lang);
}

/** Calls `change(next)` with the other language when the toggle is pressed, remembering it. */
export function onLanguageToggle(current, change) {
  document.getElementById('lang-toggle').addEventListener('click', () => {
    const next = current() === 'zh' ? 'en' : 'zh';
    rememberLang(next);
    change(next);
  });
}

/** What a tool page says where WebAssembly is unavailable. */
export const NO_WASM = {
  zh: '此浏览器不能运行 WebAssembly，工具无法使用。请使用新版的 Chrome、Edge、Firefox、Safari，或 360、QQ 等浏览器的“极速模式”。',
  en: 'This browser cannot run WebAssembly, so this tool cannot work. Use a recent Chrome, Edge, Firefox or Safari, or the “speed mode” of 360 or QQ Browser.',
};

/** Whether this browser lacks WebAssembly (with the features canbao's modules need). */
export function wasmMissing() {
  return typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function';
}

/** A new element with properties and children: el('li', { textContent: 'x' }). */
export function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  Object.assign(e, props);
  e.append(...children);
  return e;
}

/** Fills a <dl> with [term, description] pairs; a third item is the description's class
 * (e.g. 'nobreak' for a number that must stay on one line). */
export function renderList(dl, rows) {
  dl.replaceChildren(...rows.flatMap(([k, v, className]) => [el('dt', { textContent: k }), el('dd', { textContent: v, ...(className ? { className } : {}) })]));
}

// ---- the policy chosen, shared by the pages ----------------------------------------------------

// One choice for every page (the desk, the calculator, the roster check, the ledgers): the
// policy's JSON text, a bundled one as JSON.stringify of the object presetPolicies() returns.
// Not personal data. The desk's key before the choice was shared is still read.
const POLICY_KEY = 'canbao-policy';
const OLD_POLICY_KEY = 'canbao-intake-policy';

/** Remembers the chosen policy (its JSON text, or the policy object), or forgets it (null). */
export function rememberPolicy(policy) {
  try {
    localStorage.removeItem(OLD_POLICY_KEY);
    if (policy == null) localStorage.removeItem(POLICY_KEY);
    else localStorage.setItem(POLICY_KEY, typeof policy === 'string' ? policy : JSON.stringify(policy));
  } catch { /* private mode: not remembered */ }
}

/** The policy chosen last on any page (its JSON text), or null. */
export function rememberedPolicy() {
  try { return localStorage.getItem(POLICY_KEY) ?? localStorage.getItem(OLD_POLICY_KEY); } catch { return null; }
}

/** The policies a page offers, with the remembered one: `{ policies, remembered }`. `policies`
 * is `presets` (the objects of `calc.presetPolicies()`), with the remembered policy first when
 * it is not one of them (a county's file, read again with `calc.loadPolicy`, in place of a
 * bundled one with its id); `remembered` is its index in `policies`, -1 when nothing is
 * remembered or the file no longer reads. */
export function policyChoices(calc, presets = calc.presetPolicies()) {
  const text = rememberedPolicy();
  if (!text) return { policies: presets, remembered: -1 };
  const i = presets.findIndex((p) => JSON.stringify(p) === text);
  if (i >= 0) return { policies: presets, remembered: i };
  try {
    const loaded = calc.loadPolicy(text);
    // A county's version of a bundled policy (the same id) takes its place in the list.
    return { policies: [loaded, ...presets.filter((p) => p.id !== loaded.id)], remembered: 0 };
  } catch {
    return { policies: presets, remembered: -1 };
  }
}
