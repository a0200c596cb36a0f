// <canbao-id-input>: an identity-number field for any form, framework-free (works in Vue and
// React pages too). GOV.UK manner: label, hint, and a message beside the field after the person
// leaves it or submits; nothing typed is cleared. It takes part in native form validation
// (ElementInternals): a form with an invalid number does not submit, and :invalid applies.
//
//   <script type="module" src="/vendor/canbao/components.js"></script>
//   <form>
//     <canbao-id-input name="idNumber" label="证件号码" hint="居民身份证号码" required length="18"></canbao-id-input>
//   </form>
//
// Attributes: name, label, hint, value (the initial value, restored by a form reset), required,
// disabled, lang ("zh" | "en"), length ("15" | "18"), kinds (space-separated kind names),
// reference-date (YYYY-MM-DD).
// Properties: value, result (the validateId result), validity, validationMessage, form, labels,
// disabled; setCustomValidity(message) adds a message of the page's own (cleared with "").
// Events: "canbao-change" with detail = result (on every change), "change" (when the person
// leaves the field). Like a native field: Enter submits the form, a form reset restores the
// initial value and clears the message, a disabled fieldset disables it, and an outside
// <label for="…"> names and focuses it.
// Styling: ::part(label), ::part(hint), ::part(error), ::part(input) (the input is 24ch wide
// by default, at most its container; `::part(input) { width: … }` sets it).
// Messages: the intake desk's (checkEnrollment's identity-number rules: "输入了17位，居民身份证
// 号码应为18位", a legacy number offered in its 18-digit form), the verdict validateId's with
// the attributes' options.
import { validateId, checkEnrollment } from './index.js';

const TEXT = {
  zh: { prefix: '错误：' },
  en: { prefix: 'Error: ' },
};

const STYLE = `
:host { display: block; margin-bottom: 1.25rem; font: inherit; }
label { display: block; font-weight: 700; margin-bottom: .25rem; }
.hint { color: #505a5f; margin: 0 0 .4rem; }
.error { color: #d4351c; font-weight: 700; margin: 0 0 .4rem; }
.wrap.has-error { border-left: 5px solid #d4351c; padding-left: .9rem; }
input { font: inherit; width: 24ch; max-width: 100%; padding: .35rem .5rem; border: 2px solid #0b0c0c; border-radius: 0; box-sizing: border-box; letter-spacing: .05em; }
.has-error input { border-color: #d4351c; }
input:focus { outline: 3px solid #ffdd00; outline-offset: 0; box-shadow: inset 0 0 0 2px #0b0c0c; }
[hidden] { display: none !important; }
`;

let counter = 0;
let shared = null;
const sheet = () => {
  if (!shared) {
    shared = new CSSStyleSheet();
    shared.replaceSync(STYLE);
  }
  return shared;
};

export class CanbaoIdInput extends HTMLElement {
  static formAssociated = true;
  static observedAttributes = ['label', 'hint', 'value', 'required', 'disabled', 'lang', 'length', 'kinds', 'reference-date'];

  #internals = this.attachInternals();
  #input;
  #label;
  #hint;
  #error;
  #wrap;
  #result = null;
  #shown = false; // whether the message is shown (after blur or submit)
  #custom = ''; // setCustomValidity's message
  #formDisabled = false;

  constructor() {
    super();
    const id = `canbao-id-${++counter}`;
    const root = this.attachShadow({ mode: 'open', delegatesFocus: true });
    // A constructed style sheet, so a strict CSP (style-src 'self') needs no 'unsafe-inline'.
    root.adoptedStyleSheets = [sheet()];
    root.innerHTML = `
      <div class="wrap" part="wrap">
        <label part="label" for="${id}"></label>
        <p class="hint" part="hint" id="${id}-hint" hidden></p>
        <p class="error" part="error" id="${id}-error" hidden></p>
        <input part="input" id="${id}" type="text" autocomplete="off" spellcheck="false" autocapitalize="characters">
      </div>`;
    this.#input = root.querySelector('input');
    this.#label = root.querySelector('label');
    this.#hint = root.querySelector('.hint');
    this.#error = root.querySelector('.error');
    this.#wrap = root.querySelector('.wrap');
    this.#input.addEventListener('input', () => {
      this.#check();
      if (this.#shown) this.#render();
    });
    this.#input.addEventListener('blur', () => {
      this.#shown = this.#input.value !== '' || this.#shown;
      this.#render();
    });
    this.#input.addEventListener('change', () => this.dispatchEvent(new Event('change', { bubbles: true })));
    // Enter submits the form, as in a native text field (the form's own submit checks validity).
    this.#input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.isComposing && this.#internals.form) {
        e.preventDefault();
        this.#internals.form.requestSubmit();
      }
    });
    // The form's submit (or checkValidity/reportValidity) on an invalid value fires "invalid".
    this.addEventListener('invalid', () => {
      this.#shown = true;
      this.#render();
    });
  }

  connectedCallback() {
    this.#sync();
    this.#check();
  }

  attributeChangedCallback(name, _old, value) {
    if (name === 'value' && this.#input && value !== null && value !== this.#input.value) this.#input.value = value;
    this.#sync();
    this.#check();
    if (this.#shown) this.#render();
  }

  get #lang() {
    return (this.getAttribute('lang') ?? document.documentElement.lang ?? 'zh').startsWith('en') ? 'en' : 'zh';
  }

  #sync() {
    const label = this.getAttribute('label');
    this.#label.textContent = label ?? '';
    this.#label.hidden = !label;
    // Without a label of its own, an outside <label for> names the inner field.
    const outside = [...(this.#internals.labels ?? [])].map((l) => l.textContent.trim()).filter(Boolean).join(' ');
    if (!label && outside) this.#input.setAttribute('aria-label', outside);
    else this.#input.removeAttribute('aria-label');
    this.#input.disabled = this.hasAttribute('disabled') || this.#formDisabled;
    const hint = this.getAttribute('hint');
    this.#hint.textContent = hint ?? '';
    this.#hint.hidden = !hint;
    this.#input.required = this.hasAttribute('required');
    this.#describe();
  }

  #describe() {
    const ids = [];
    if (!this.#error.hidden) ids.push(this.#error.id);
    if (!this.#hint.hidden) ids.push(this.#hint.id);
    if (ids.length) this.#input.setAttribute('aria-describedby', ids.join(' '));
    else this.#input.removeAttribute('aria-describedby');
  }

  #options() {
    const o = { lang: this.#lang };
    const length = Number(this.getAttribute('length'));
    if (length === 15 || length === 18) o.length = length;
    const kinds = this.getAttribute('kinds');
    if (kinds) o.kinds = kinds.split(/\s+/).filter(Boolean);
    const ref = this.getAttribute('reference-date');
    if (ref) o.referenceDate = ref;
    return o;
  }

  /** Validates the current text and updates the form value and validity. */
  #check() {
    this.#validate();
    // A message of the page's own, once the number itself is fine.
    if (this.#custom && this.#internals.validity.valid) this.#internals.setValidity({ customError: true }, this.#custom, this.#input);
    this.dispatchEvent(new CustomEvent('canbao-change', { detail: this.#result, bubbles: true }));
  }

  #validate() {
    const text = this.#input.value;
    if (text.trim() === '') {
      this.#result = null;
      this.#internals.setFormValue('');
      if (this.hasAttribute('required')) this.#internals.setValidity({ valueMissing: true }, this.#deskMessage(text) ?? validateId(text, this.#options()).errors[0].message, this.#input);
      else this.#internals.setValidity({});
    } else {
      this.#result = validateId(text, this.#options());
      if (this.#result.ok) {
        this.#internals.setFormValue(this.#result.normalized, text);
        this.#internals.setValidity({});
      } else {
        this.#internals.setFormValue(text);
        this.#internals.setValidity({ customError: true }, this.#deskMessage(text) ?? this.#result.errors[0].message, this.#input);
      }
    }
  }

  /** The intake desk's message for this text (checkEnrollment's identity-number problem, in
   * the field's language and kinds; without `length`, so that a legacy number is offered in
   * its 18-digit form as at the desk), or undefined when the desk would see no problem. */
  #deskMessage(text) {
    const options = this.#options();
    delete options.length;
    return checkEnrollment({ idNumber: text }, options).problems.find((p) => p.field === 'idNumber')?.message;
  }

  #render() {
    const message = !this.#shown || this.#internals.validity.valid ? '' : this.#internals.validationMessage;
    this.#error.hidden = !message;
    this.#error.innerHTML = '';
    if (message) {
      const prefix = document.createElement('span');
      prefix.className = 'visually-hidden';
      prefix.style.cssText = 'position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)';
      prefix.textContent = TEXT[this.#lang].prefix;
      this.#error.append(prefix, message);
    }
    this.#wrap.classList.toggle('has-error', Boolean(message));
    if (message) this.#input.setAttribute('aria-invalid', 'true');
    else this.#input.removeAttribute('aria-invalid');
    this.#describe();
  }

  /** The text as typed. */
  get value() { return this.#input.value; }
  set value(v) { this.#input.value = v ?? ''; this.#check(); if (this.#shown) this.#render(); }
  /** The last validateId result (null when empty). */
  get result() { return this.#result; }
  get form() { return this.#internals.form; }
  get name() { return this.getAttribute('name'); }
  get validity() { return this.#internals.validity; }
  get validationMessage() { return this.#internals.validationMessage; }
  get labels() { return this.#internals.labels; }
  get disabled() { return this.hasAttribute('disabled'); }
  set disabled(v) { this.toggleAttribute('disabled', Boolean(v)); }
  checkValidity() { return this.#internals.checkValidity(); }
  reportValidity() { return this.#internals.reportValidity(); }
  /** A message of the page's own (e.g. "already enrolled"); "" clears it. */
  setCustomValidity(message) {
    this.#custom = String(message ?? '');
    this.#check();
    if (this.#shown) this.#render();
  }
  focus(options) { this.#input.focus(options); }
  formResetCallback() {
    this.#shown = false;
    this.#input.value = this.getAttribute('value') ?? '';
    this.#check();
    this.#render();
  }
  formDisabledCallback(disabled) {
    this.#formDisabled = disabled;
    this.#sync();
  }
}

if (!customElements.get('canbao-id-input')) customElements.define('canbao-id-input', CanbaoIdInput);
