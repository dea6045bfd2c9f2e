// Services: a searchable, paged list with create, rename and delete.
import { html, render } from './vendor/lit-html/lit-html.js';
import { call, post, put, del, seg } from './api.js';
import { attempt, confirm, when } from './ui.js';
import { canWrite, canCreateServices } from './state.js';

const PER_PAGE = 20;

export const activeOf = (service) => (service.versions || []).find((v) => v.active);
export const stagedOf = (service) => (service.versions || []).find((v) => v.staging);

/** One page of services; with a query, every page is read and the matches paged here (the API searches exact names only). */
async function load(query, page) {
  if (!query) {
    const answer = await call('GET', `/service?page=${page}&per_page=${PER_PAGE}&sort=name`);
    return { services: answer.body, hasNext: /rel="next"/.test(answer.headers.get('Link') || '') };
  }
  const all = [];
  for (let p = 1; ; p += 1) {
    const answer = await call('GET', `/service?page=${p}&per_page=1000&sort=name`);
    all.push(...answer.body);
    if (!/rel="next"/.test(answer.headers.get('Link') || '')) break;
  }
  const needle = query.toLowerCase();
  const matches = all.filter((s) => s.name.toLowerCase().includes(needle) || s.id.toLowerCase().includes(needle));
  return { services: matches.slice((page - 1) * PER_PAGE, page * PER_PAGE), hasNext: matches.length > page * PER_PAGE };
}

/** Creates a service and opens it; a refusal (a read-only token, a bad name) shows the API's message. */
export async function createService(name) {
  const created = await attempt(() => post('/service', { name }), `Created service ${name}`);
  if (created) location.hash = `#/service/${created.id}`;
  return created;
}

export async function renameService(service, after) {
  const ok = await confirm({
    title: `Rename service “${service.name}”`,
    body: html`<label for="rename-input">New name</label><input id="rename-input" .value=${service.name}>`,
    action: 'Rename',
  });
  if (!ok) return;
  const name = document.getElementById('rename-input').value;
  if (await attempt(() => put(`/service/${seg(service.id)}`, { name }), `Renamed to ${name}`)) after();
}

/** Deletes with the CLI's --force semantics: an active service is deactivated first, after saying so. */
export async function deleteService(service, after) {
  const active = activeOf(service);
  const ok = await confirm({
    title: `Delete service “${service.name}”`,
    body: html`<p>Service <strong>${service.name}</strong> (${service.id}) and all its versions will be deleted.</p>
      ${active ? html`<p class="warn">Version ${active.number} is active: it will be deactivated first and the edges
        stop serving this service (what <code>fastly service delete --force</code> does).</p>` : ''}`,
    action: active ? 'Deactivate and delete' : 'Delete',
    danger: true,
  });
  if (!ok) return;
  const done = await attempt(async () => {
    if (active) await put(`/service/${seg(service.id)}/version/${active.number}/deactivate`);
    return del(`/service/${seg(service.id)}`);
  }, `Deleted service ${service.name}`);
  if (done) after();
}

export async function servicesView(main, _params, query) {
  const q = query.get('q') || '';
  const page = Math.max(1, Number(query.get('page') || 1));
  const { services, hasNext } = await load(q, page);
  const go = (nextQ, nextPage) => {
    location.hash = `#/services?q=${encodeURIComponent(nextQ)}&page=${nextPage}`;
  };
  const refresh = () => servicesView(main, _params, query);
  render(html`
    <h1>Services</h1>
    <div class="toolbar">
      <form role="search" @submit=${(e) => { e.preventDefault(); go(new FormData(e.target).get('q'), 1); }}>
        <label for="search">Search by name or id</label>
        <input id="search" name="q" type="search" .value=${q}>
        <button type="submit">Search</button>
      </form>
      ${canCreateServices() ? html`
        <form class="create" @submit=${(e) => { e.preventDefault(); createService(new FormData(e.target).get('name')); }}>
          <label for="new-service">New service name</label>
          <input id="new-service" name="name" required>
          <button type="submit" class="primary">Create service</button>
        </form>` : ''}
    </div>
    <table class="list" aria-label="Services">
      <thead><tr><th scope="col">Name</th><th scope="col">Id</th><th scope="col">Active</th><th scope="col">Staged</th>
        <th scope="col">Last change</th>${canWrite() ? html`<th scope="col"><span class="sr-only">Actions</span></th>` : ''}</tr></thead>
      <tbody>
        ${services.length === 0 ? html`<tr><td colspan="6">No services${q ? html` match “${q}”` : ''}.</td></tr>` : ''}
        ${services.map((s) => html`
          <tr>
            <td><a href=${`#/service/${s.id}`}>${s.name}</a></td>
            <td data-label="id"><code>${s.id}</code></td>
            <td data-label="active">${activeOf(s) ? html`<span class="badge active">v${activeOf(s).number}</span>` : '—'}</td>
            <td data-label="staged">${stagedOf(s) ? html`<span class="badge staged">v${stagedOf(s).number}</span>` : '—'}</td>
            <td data-label="last change">${when(s.updated_at)}</td>
            ${canWrite() ? html`<td><div class="row-actions">
              <button type="button" @click=${() => renameService(s, refresh)} aria-label=${`Rename ${s.name}`}>Rename</button>
              <button type="button" class="danger" @click=${() => deleteService(s, refresh)} aria-label=${`Delete ${s.name}`}>Delete</button>
            </div></td>` : ''}
          </tr>`)}
      </tbody>
    </table>
    <nav class="pager" aria-label="Pages">
      <button type="button" ?disabled=${page <= 1} @click=${() => go(q, page - 1)}>Previous</button>
      <span>Page ${page}</span>
      <button type="button" ?disabled=${!hasNext} @click=${() => go(q, page + 1)}>Next</button>
    </nav>`, main);
}
