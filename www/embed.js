// The embedding example: the form submits only when <canbao-id-input> is valid, and then
// carries the normalized number (shown here instead of being sent). Like the site's other
// pages, it follows the remembered language and large-text mode (common.js): the component
// inherits the page's font size, and takes its messages' language from its `lang` attribute.
import { initialLang, applyTexts, onLanguageToggle } from './common.js';

const TEXT = {
  zh: {
    skip: '跳到主要内容', navHome: '首页', navIntake: '参保登记', navEmbed: '嵌入示例',
    title: '嵌入示例：证件号码输入框',
    lead: '门户网站可以把 <canbao-id-input> 放进自己的表单：离开输入框或提交时核验，参与浏览器原生的表单校验，号码不会离开页面。',
    idLabel: '证件号码', idHint: '居民身份证号码，18 位',
    guardianLegend: '监护人（新生儿登记时填写）', guardianLabel: '监护人证件号码',
    submit: '提交', reset: '清空', submittedTitle: '表单将提交',
    otherLang: 'English',
  },
  en: {
    skip: 'Skip to main content', navHome: 'Home', navIntake: 'Enrollment', navEmbed: 'Embedding example',
    title: 'Embedding example: the identity-number field',
    lead: 'A portal can put <canbao-id-input> in its own forms: the number is checked when the person leaves the field or submits, takes part in the browser’s native form validation, and never leaves the page.',
    idLabel: 'Identity number', idHint: 'Resident ID number, 18 characters',
    guardianLegend: 'Guardian (for a newborn’s registration)', guardianLabel: 'Guardian’s identity number',
    submit: 'Submit', reset: 'Clear', submittedTitle: 'The form would submit',
    otherLang: '中文',
  },
};

let lang = initialLang();
const form = document.getElementById('demo');

function applyLanguage() {
  const t = TEXT[lang];
  applyTexts(lang, t);
  document.title = `${t.title} — canbao`;
  const id = document.getElementById('id-input');
  id.setAttribute('label', t.idLabel);
  id.setAttribute('hint', t.idHint);
  for (const field of document.querySelectorAll('canbao-id-input')) field.setAttribute('lang', lang);
}

applyLanguage();
onLanguageToggle(() => lang, (next) => {
  lang = next;
  applyLanguage();
});

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const out = document.getElementById('submitted');
  if (!form.reportValidity()) {
    out.hidden = true;
    return;
  }
  document.getElementById('form-data').textContent = JSON.stringify(Object.fromEntries(new FormData(form)));
  out.hidden = false;
  out.focus();
});
customElements.whenDefined('canbao-id-input').then(() => { document.body.dataset.ready = 'true'; });
