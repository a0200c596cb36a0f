// The embedding example: the form submits only when <canbao-id-input> is valid, and then
// carries the normalized number (shown here instead of being sent).
const form = document.getElementById('demo');
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
