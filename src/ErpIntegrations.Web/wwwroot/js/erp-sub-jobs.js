// Follows exporting rows of the ERP Integrations list until they are synced or failed, without a reload,
// and posts the Accept form in the background so the row shows progress at once. Without this script the
// forms post normally and the page redirects back to the same list. States are the API's names (ready_to_export,
// exporting, synced, failed_to_export); every word shown comes from the server's answer or the table's data- attributes.
(() => {
  'use strict';
  const fastPollMs = 300;
  const slowPollMs = 3000;
  const fastForMs = 60000;

  const statusUrl = (id) => `/erp-integrations/sub-jobs/${encodeURIComponent(id)}/status`;

  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  const texts = (row) => row.closest('table[data-sub-jobs]')?.dataset ?? {};

  function render(row, status) {
    row.dataset.state = status.state;
    const stateCell = row.querySelector('[data-cell="state"]');
    const erpCell = row.querySelector('[data-cell="erp-job-id"]');
    const actions = row.querySelector('[data-cell="actions"]');
    if (stateCell) {
      stateCell.replaceChildren();
      stateCell.append(el('span', `state ${status.icon}${status.state === 'synced' ? ' exported' : ''}`, status.stateText));
      if (status.progress) stateCell.append(' ', el('span', 'progress', status.progress));
      if (status.state === 'failed_to_export') {
        if (status.error) stateCell.append(el('div', 'failure', status.error));
        const { failedLink, failedHref } = texts(row);
        if (failedLink && failedHref) {
          const link = el('a', '', failedLink);
          link.href = failedHref;
          stateCell.append(el('div'), link);
        }
      }
    }
    if (erpCell && status.erpJobId) erpCell.textContent = status.erpJobId;
    if (actions && status.state !== 'ready_to_export') actions.replaceChildren();
    const check = row.querySelector('input[type="checkbox"][name="selectedIds"]');
    if (check && status.state !== 'ready_to_export') check.remove();
  }

  function follow(row) {
    if (row.dataset.following) return;
    row.dataset.following = '1';
    const started = Date.now();
    const tick = async () => {
      try {
        const response = await fetch(statusUrl(row.dataset.subJob), { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
        if (response.status === 404 || response.status === 403) return;
        if (response.ok) {
          const status = await response.json();
          render(row, status);
          if (status.state !== 'exporting') return;
        }
      } catch {
        // The server is unreachable for a moment; keep following.
      }
      setTimeout(tick, Date.now() - started < fastForMs ? fastPollMs : slowPollMs);
    };
    setTimeout(tick, fastPollMs);
  }

  async function accept(event) {
    const form = event.currentTarget;
    const row = form.closest('tr[data-sub-job]');
    if (!row || !window.fetch) return;
    event.preventDefault();
    const button = form.querySelector('button[type="submit"]');
    const error = form.querySelector('[data-error]');
    const input = form.querySelector('input[name="erpJobId"]');
    button.disabled = true;
    try {
      const response = await fetch(form.action, { method: 'POST', body: new FormData(form), headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      const body = await response.json().catch(() => null);
      if (response.ok && body) {
        render(row, body.status);
        follow(row);
        return;
      }
      const message = body?.errors?.ErpJobId?.[0] ?? body?.detail ?? texts(row).acceptFailed ?? '';
      if (error) error.textContent = message;
      if (input) input.setAttribute('aria-invalid', 'true');
    } catch {
      if (error) error.textContent = texts(row).unreachable ?? '';
    } finally {
      button.disabled = false;
    }
  }

  document.querySelectorAll('form[data-accept]').forEach((form) => form.addEventListener('submit', accept));
  document.querySelectorAll('tr[data-sub-job][data-state="exporting"]').forEach(follow);
})();
