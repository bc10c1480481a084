// Signature form (/signer): the « Nom de la liste » field is only asked when the signatory's list is
// not among the official ones. Without JavaScript the field simply stays visible.
(() => {
  const select = document.querySelector('[data-list-select]');
  const field = document.querySelector('[data-list-name]');
  if (!select || !field) return;
  const input = field.querySelector('input');
  const update = () => {
    const other = select.value === 'autre';
    const hasError = input?.getAttribute('aria-invalid') === 'true';
    field.hidden = !other && !hasError && !input?.value;
  };
  select.addEventListener('change', () => {
    update();
    if (select.value === 'autre') input?.focus();
  });
  update();
})();
