// A service's staged rollout (docs/rollout.md): the running one with its step, the candidate's and
// the baseline's error ratios in that step and their counts, and Promote / Abort; or the last one
// finished, with its state and reason. Read from the list (GET /service/{id}/rollouts), which is
// empty rather than a 404 for a service that never had one, so a plain service page fails no request.
import { html, render, nothing } from './vendor/lit-html/lit-html.js';
import { get, post, seg } from './api.js';
import { attempt, confirm, errorBox, when } from './ui.js';
import { canWrite, onLeave } from './state.js';

const EVERY_MS = 2000;

/** The running rollout, or else the last one (the list is newest first); null for none. */
export function current(rollouts) {
  if (!Array.isArray(rollouts) || rollouts.length === 0) return null;
  const running = rollouts.find((r) => r.state === 'running');
  if (running) return running;
  return rollouts[0]; // the newest first
}

/** One side's counts (`candidate` or `baseline`): its version, its counts in the current step and in total. */
export function side(rollout, which) {
  const counts = rollout[which] || {};
  return {
    version: counts.version ?? (which === 'candidate' ? rollout.version : rollout.from_version),
    stepRequests: counts.requests ?? 0,
    stepErrors: counts.errors ?? 0,
    requests: counts.total_requests ?? 0,
    errors: counts.total_errors ?? 0,
  };
}

/** An error ratio as the panel shows it; a dash before any request. */
export const ratio = (errors, requests) => (requests > 0 ? `${((errors / requests) * 100).toFixed(2)} %` : '—');

const STATES = { running: 'running', promoted: 'promoted', rolled_back: 'rolled back', aborted: 'aborted' };

function reasonText(reason) {
  if (!reason) return '';
  return typeof reason === 'string' ? reason : JSON.stringify(reason);
}

async function act(service, rollout, action, done) {
  const promote = action === 'promote';
  const ok = await confirm({
    title: promote ? `Promote version ${rollout.version} of ${service.name}` : `Abort the rollout of version ${rollout.version}`,
    body: promote
      ? html`<p>Every request goes to version ${rollout.version} now, without the remaining steps; it becomes the active version.</p>`
      : html`<p>Every request goes back to version ${rollout.from_version} now; version ${rollout.version} stays as it is.</p>`,
    action: promote ? `Promote version ${rollout.version}` : 'Abort rollout',
    danger: !promote,
  });
  if (!ok) return;
  const answer = await attempt(() => post(`/service/${seg(service.id)}/rollout/${action}`),
    promote ? `Version ${rollout.version} is promoted` : `The rollout of version ${rollout.version} is aborted`);
  if (answer) done();
}

function table(rollout) {
  const rows = [['candidate', side(rollout, 'candidate')], ['baseline', side(rollout, 'baseline')]];
  return html`
    <table class="list" aria-label="Rollout counts">
      <thead><tr><th scope="col">Side</th><th scope="col">Version</th><th scope="col">Error ratio (this step)</th>
        <th scope="col">Requests (this step)</th><th scope="col">Errors (this step)</th>
        <th scope="col">Requests (total)</th><th scope="col">Errors (total)</th></tr></thead>
      <tbody>${rows.map(([name, s]) => html`
        <tr data-side=${name}>
          <td data-label="side">${name}</td>
          <td data-label="version">${s.version}</td>
          <td data-label="ratio" class="ratio">${ratio(s.stepErrors, s.stepRequests)}</td>
          <td data-label="step requests">${s.stepRequests}</td>
          <td data-label="step errors">${s.stepErrors}</td>
          <td data-label="requests">${s.requests}</td>
          <td data-label="errors">${s.errors}</td>
        </tr>`)}</tbody>
    </table>`;
}

function panel(service, rollout, error, done) {
  if (!rollout) return error ? errorBox(error) : nothing;
  if (rollout.state !== 'running') {
    return html`
      <h2>Last rollout</h2>
      ${error ? errorBox(error) : ''}
      <p data-testid="rollout-summary">Version ${rollout.version} (from version ${rollout.from_version}):
        <strong class=${`rollout-state ${rollout.state}`}>${STATES[rollout.state] || rollout.state}</strong>, ${when(rollout.updated_at)}.</p>
      ${rollout.reason ? html`<p class="note" data-testid="rollout-reason">${reasonText(rollout.reason)}</p>` : ''}
      ${table(rollout)}`;
  }
  const steps = rollout.steps || [];
  return html`
    <h2>Rollout running</h2>
    ${error ? errorBox(error) : ''}
    <p data-testid="rollout-summary">Version ${rollout.version} replacing version ${rollout.from_version}:
      step <strong data-testid="rollout-step">${rollout.step_index + 1} of ${steps.length}</strong>,
      <strong data-testid="rollout-percent">${rollout.percent} %</strong> of requests
      (steps ${steps.join(', ')} %); started ${when(rollout.started_at)}.</p>
    <ol class="steps" aria-label="Steps">${steps.map((p, i) => html`<li class=${i < rollout.step_index ? 'done'
      : i === rollout.step_index ? 'now' : ''}>${p} %</li>`)}</ol>
    ${table(rollout)}
    ${canWrite() ? html`<p class="row-actions">
      <button type="button" class="primary" @click=${() => act(service, rollout, 'promote', done)}>Promote</button>
      <button type="button" class="danger" @click=${() => act(service, rollout, 'abort', done)}>Abort</button></p>` : ''}`;
}

/**
 * Draws the service's rollout into `box` and, while one runs, again every 2 s until the user leaves
 * the page or the box is replaced; `done` redraws the whole page (after promote, abort or the end).
 */
export async function rolloutPanel(box, service, done) {
  const loop = Symbol('rollout');
  box.loop = loop;
  let stopped = false;
  let timer = null;
  onLeave(() => {
    stopped = true;
    clearTimeout(timer);
  });
  let last = null;
  const tick = async () => {
    let rollout = last;
    let error = null;
    try {
      rollout = current(await get(`/service/${seg(service.id)}/rollouts`));
    } catch (e) {
      error = e;
    }
    if (stopped || box.loop !== loop || !box.isConnected) return;
    const ended = last && last.state === 'running' && rollout && rollout.state !== 'running';
    last = rollout;
    render(panel(service, rollout, error, done), box);
    if (ended) {
      done(); // the versions' badges changed with the end
    } else if (rollout && rollout.state === 'running') {
      timer = setTimeout(tick, EVERY_MS);
    }
  };
  await tick();
}
