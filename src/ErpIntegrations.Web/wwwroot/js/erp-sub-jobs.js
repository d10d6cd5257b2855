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

  // One polite live region for the list: a row's new state is read out once ("BLDGA: Successfully Exported").
  const announcer = document.querySelector('[data-announcer]');
  const announce = (message) => {
    if (!announcer || !message) return;
    announcer.textContent = '';
    setTimeout(() => { announcer.textContent = message; }, 50);
  };

  function render(row, status) {
    const changed = row.dataset.state !== status.state || row.dataset.progress !== (status.progress ?? '');
    row.dataset.state = status.state;
    row.dataset.progress = status.progress ?? '';
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
    // The row's actions go once it has left Ready to Export; focus that was in them moves to the row's state.
    const hadFocus = actions?.contains(document.activeElement);
    if (actions && status.state !== 'ready_to_export') actions.replaceChildren();
    if (hadFocus && stateCell && !actions.contains(document.activeElement)) stateCell.focus();
    const check = row.querySelector('input[type="checkbox"][name="selectedIds"]');
    if (check && status.state !== 'ready_to_export') {
      check.remove();
      updateSelection();
    }
    if (changed) {
      const words = [status.stateText, status.progress, status.state === 'failed_to_export' ? status.error : null].filter(Boolean).join('. ');
      announce(`${row.dataset.code}: ${words}`);
    }
  }

  function follow(row) {
    if (row.dataset.following) return;
    row.dataset.following = '1';
    // What the page already shows is not announced again; only what changes from here on.
    if (row.dataset.progress === undefined) row.dataset.progress = row.querySelector('[data-cell="state"] .progress')?.textContent ?? '';
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
        // The form that had focus is gone with the row's actions: focus goes to the row's state, which is announced.
        if (!row.contains(document.activeElement)) row.querySelector('[data-cell="state"]')?.focus();
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

  // The inline Accept and Reject forms: opening one moves focus into its field, Escape closes it, and closing it
  // (Escape or its button again) brings focus back to the button in the row.
  document.querySelectorAll('td[data-cell="actions"] details').forEach((details) => {
    const summary = details.querySelector('summary');
    summary?.setAttribute('aria-expanded', String(details.open));
    details.addEventListener('toggle', () => {
      summary?.setAttribute('aria-expanded', String(details.open));
      if (details.open) {
        details.querySelector('form input:not([type="hidden"]), form textarea')?.focus();
      } else if (details.contains(document.activeElement) || document.activeElement === document.body) {
        summary?.focus();
      }
    });
    details.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || !details.open) return;
      event.preventDefault();
      details.open = false;
      summary?.focus();
    });
  });

  // Bulk selection: a "select all" box in the column's header, and the count read out as it changes.
  const table = document.querySelector('table[data-sub-jobs]');
  const checks = () => [...document.querySelectorAll('input[type="checkbox"][name="selectedIds"]')];
  let selectAll = null;
  function updateSelection(announceCount) {
    const all = checks();
    const selected = all.filter((c) => c.checked).length;
    if (selectAll) {
      selectAll.checked = all.length > 0 && selected === all.length;
      selectAll.indeterminate = selected > 0 && selected < all.length;
      selectAll.disabled = all.length === 0;
    }
    if (announceCount && table?.dataset.selected) {
      announce(table.dataset.selected.replace('{0}', selected).replace('{1}', all.length));
    }
  }
  const selectHeader = table?.querySelector('thead th:first-child');
  if (selectHeader && checks().length > 0 && table.dataset.selectAll) {
    selectAll = document.createElement('input');
    selectAll.type = 'checkbox';
    selectAll.setAttribute('aria-label', table.dataset.selectAll);
    selectAll.addEventListener('change', () => {
      checks().forEach((c) => { c.checked = selectAll.checked; });
      updateSelection(true);
    });
    selectHeader.replaceChildren(selectAll);
    checks().forEach((c) => c.addEventListener('change', () => updateSelection(true)));
    updateSelection(false);
  }

  // After a post the page comes back with its answer: focus goes to a field the server refused, else to the answer.
  const refused = document.querySelector('.sub-jobs [aria-invalid="true"]');
  const answer = document.querySelector('.sub-jobs .alert[role="status"], .sub-jobs .alert[role="alert"]');
  if (refused) {
    refused.focus();
  } else if (answer) {
    answer.setAttribute('tabindex', '-1');
    answer.focus();
  }

  document.querySelectorAll('form[data-accept]').forEach((form) => form.addEventListener('submit', accept));
  document.querySelectorAll('tr[data-sub-job][data-state="exporting"]').forEach(follow);
})();
