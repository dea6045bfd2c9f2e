// A service: its versions as a timeline, with clone, activate, deactivate, lock and rollback,
// each confirmed with what will change, a picker for the diff of any two versions, and the
// service's staged rollout (rollout.js).
import { html, render } from './vendor/lit-html/lit-html.js';
import { get, put, seg } from './api.js';
import { attempt, confirm, when } from './ui.js';
import { canWrite } from './state.js';
import { diff, summary } from './changes.js';
import { deleteService, renameService } from './services.js';
import { rolloutPanel } from './rollout.js';

function badges(v) {
  return html`${v.active ? html`<span class="badge active">active</span>` : ''}${
    v.staging ? html`<span class="badge staged">staged</span>` : ''}${
    v.locked ? html`<span class="badge locked">locked</span>` : html`<span class="badge draft">draft</span>`}`;
}

/** Activates a version after showing what changes against the active one; an older version is a rollback. */
async function activate(service, version, active, refresh) {
  const base = `/service/${seg(service.id)}/version/${version.number}`;
  const rollback = active && version.number < active.number;
  const changes = active ? (await diff(service.id, active.number, version.number)).changes : null;
  const ok = await confirm({
    title: rollback ? `Roll back ${service.name} to version ${version.number}` : `Activate version ${version.number} of ${service.name}`,
    body: html`${active ? html`<p>Version ${active.number} is active now. What the edges will serve instead:</p>${summary(changes)}`
      : html`<p>No version is active: the edges start serving version ${version.number}.</p>`}
      ${version.locked ? '' : html`<p>Activating locks version ${version.number}.</p>`}`,
    action: rollback ? `Roll back to version ${version.number}` : `Activate version ${version.number}`,
  });
  if (ok && await attempt(() => put(`${base}/activate`), `Version ${version.number} is active`)) refresh();
}

async function deactivate(service, version, refresh) {
  const ok = await confirm({
    title: `Deactivate version ${version.number} of ${service.name}`,
    body: html`<p>No version of <strong>${service.name}</strong> will be active: the edges stop serving its domains.</p>`,
    action: `Deactivate version ${version.number}`,
    danger: true,
  });
  if (ok && await attempt(() => put(`/service/${seg(service.id)}/version/${version.number}/deactivate`),
    `Version ${version.number} is deactivated`)) refresh();
}

async function lock(service, version, refresh) {
  const ok = await confirm({
    title: `Lock version ${version.number} of ${service.name}`,
    body: html`<p>Version ${version.number} can no longer be edited; clone it to change it.</p>`,
    action: `Lock version ${version.number}`,
  });
  if (ok && await attempt(() => put(`/service/${seg(service.id)}/version/${version.number}/lock`),
    `Version ${version.number} is locked`)) refresh();
}

/** Clones a version into a new draft and opens it (or the page `open(clone)` names). */
export async function cloneVersion(service, version, ask = true, open = (clone) => `#/service/${service.id}/version/${clone.number}`) {
  const latest = Math.max(...service.versions.map((v) => v.number));
  const ok = !ask || await confirm({
    title: `Clone version ${version.number} of ${service.name}`,
    body: html`<p>Creates version ${latest + 1}, an unlocked draft holding everything version ${version.number} holds.</p>`,
    action: `Clone version ${version.number}`,
  });
  if (!ok) return undefined;
  const clone = await attempt(() => put(`/service/${seg(service.id)}/version/${version.number}/clone`),
    `Version ${latest + 1} is a draft copy of version ${version.number}`);
  if (clone) location.hash = open(clone);
  return clone;
}

export async function serviceView(main, [id]) {
  const service = await get(`/service/${seg(id)}`);
  const versions = [...service.versions].sort((a, b) => b.number - a.number);
  const active = versions.find((v) => v.active);
  const refresh = () => serviceView(main, [id]);
  const write = canWrite();
  render(html`
    <p class="crumbs"><a href="#/services">Services</a> › ${service.name}</p>
    <h1>${service.name} <code class="muted">${service.id}</code></h1>
    ${service.comment ? html`<p>${service.comment}</p>` : ''}
    <p class="links">
      <a href=${`#/service/${id}/live`}>Live health and traffic</a>
      <a href=${`#/service/${id}/explain`}>Explain a request</a>
      <a href=${`#/service/${id}/cache`}>Cache and purge</a>
      ${write ? html`
        <button type="button" @click=${() => renameService(service, refresh)}>Rename</button>
        <button type="button" class="danger" @click=${() => deleteService(service, () => { location.hash = '#/services'; })}>Delete service</button>` : ''}
    </p>
    <section class="rollout" id="rollout" aria-label="Rollout"></section>
    <h2>Versions</h2>
    <ol class="timeline" aria-label="Versions, newest first">
      ${versions.map((v) => html`
        <li class=${v.active ? 'current' : ''} data-version=${v.number}>
          <div class="when"><strong>Version ${v.number}</strong> ${badges(v)}<br><small>updated ${when(v.updated_at)}</small></div>
          <div class="what">${v.comment ? html`<p>${v.comment}</p>` : ''}
            <a href=${`#/service/${id}/version/${v.number}`}>Contents of version ${v.number}</a>
            ${active && !v.active ? html` · <a href=${`#/service/${id}/diff/${active.number}/${v.number}`}>Diff against active</a>` : ''}
          </div>
          ${write ? html`<div class="row-actions">
            <button type="button" @click=${() => cloneVersion(service, v)}>Clone</button>
            ${v.active ? html`<button type="button" class="danger" @click=${() => deactivate(service, v, refresh)}>Deactivate</button>`
              : html`<button type="button" class="primary" @click=${() => activate(service, v, active, refresh)}>${
                active && v.number < active.number ? `Roll back to v${v.number}` : `Activate v${v.number}`}</button>`}
            ${v.locked ? '' : html`<button type="button" @click=${() => lock(service, v, refresh)}>Lock</button>`}
          </div>` : ''}
        </li>`)}
    </ol>
    <h2>Compare two versions</h2>
    <form class="inline" @submit=${(e) => {
      e.preventDefault();
      const form = new FormData(e.target);
      location.hash = `#/service/${id}/diff/${form.get('from')}/${form.get('to')}`;
    }}>
      <label for="diff-from">From</label>
      <select id="diff-from" name="from">${versions.map((v) => html`<option value=${v.number} ?selected=${v === (active || versions[1] || versions[0])}>Version ${v.number}</option>`)}</select>
      <label for="diff-to">To</label>
      <select id="diff-to" name="to">${versions.map((v) => html`<option value=${v.number} ?selected=${v === versions[0]}>Version ${v.number}</option>`)}</select>
      <button type="submit">Show diff</button>
    </form>`, main);
  await rolloutPanel(main.querySelector('#rollout'), service, refresh);
}
