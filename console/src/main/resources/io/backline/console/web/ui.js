// Small pieces every view uses: the confirmation dialog, the status line, error boxes, dates.
import { html, render, nothing } from './vendor/lit-html/lit-html.js';
import { ApiError } from './api.js';

/** Asks in the page's own <dialog> (never window.confirm): resolves true on confirm. */
export function confirm({ title, body, action, danger = false }) {
  const dialog = document.getElementById('confirm');
  return new Promise((resolve) => {
    const close = (answer) => {
      dialog.close();
      resolve(answer);
    };
    dialog.oncancel = (event) => {
      event.preventDefault();
      close(false);
    };
    render(html`
      <h2 id="confirm-title">${title}</h2>
      <div class="confirm-body">${body}</div>
      <div class="actions">
        <button type="button" class=${danger ? 'danger' : 'primary'} @click=${() => close(true)}>${action}</button>
        <button type="button" @click=${() => close(false)}>Cancel</button>
      </div>`, dialog);
    dialog.showModal();
    dialog.querySelector('button').focus();
  });
}

/** Shows a message in the status line under the header (a live region screen readers announce). */
export function notify(message, kind = 'info') {
  const status = document.getElementById('status');
  if (!status) return;
  render(message ? html`<p class=${'notice ' + kind}>${message}</p>` : nothing, status);
}

/** Runs an action, showing the API's own msg and detail in the status line if it is refused. */
export async function attempt(action, success) {
  try {
    const result = await action();
    if (success) notify(success, 'ok');
    return result;
  } catch (error) {
    notify(describe(error), 'error');
    return undefined;
  }
}

export function describe(error) {
  return error instanceof ApiError ? error.message : String(error && error.message ? error.message : error);
}

export const errorBox = (error) => html`<div class="notice error" role="alert">${describe(error)}</div>`;

export const when = (iso) => (iso ? new Date(iso).toLocaleString() : '—');

/** The value of a field as a diff or a table shows it: null and empty text stay visible. */
export function shown(value) {
  if (value === null || value === undefined) return '(none)';
  if (value === '') return '(empty)';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
