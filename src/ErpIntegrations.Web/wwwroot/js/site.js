// Every page: labels the cells of each table with their column's header (phones show a row as a labelled card), and
// hands the server the browser's IANA time zone: into the sign-in form, or posted once while the profile has none.
(() => {
  'use strict';

  document.querySelectorAll('table').forEach((table) => {
    const headers = [...table.querySelectorAll(':scope > thead > tr > th')].map((th) => th.textContent.trim());
    if (headers.length === 0) return;
    table.querySelectorAll(':scope > tbody > tr').forEach((row) => {
      [...row.children].forEach((cell, i) => {
        if (cell.tagName === 'TD' && headers[i] && !cell.hasAttribute('data-label')) cell.dataset.label = headers[i];
      });
    });
  });

  let zone = '';
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || '';
  } catch {
    zone = '';
  }
  if (!zone) return;
  document.querySelectorAll('input[data-browser-time-zone]').forEach((input) => { input.value = zone; });
  const form = document.querySelector('form[data-browser-time-zone-form]');
  if (form && window.fetch) {
    fetch(form.action, { method: 'POST', body: new FormData(form), credentials: 'same-origin' }).catch(() => {});
  }
})();
