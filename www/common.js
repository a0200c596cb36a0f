// Shared by the site's pages: the remembered language, and the GOV.UK error pattern (a
// message beside the field, aria-invalid, and a summary of links at the top).

const LANG_KEY = 'canbao-lang';

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
