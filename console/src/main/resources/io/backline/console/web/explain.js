// Explain: describe a request and see, for any version including drafts, where it would go and
// why: each condition evaluated, the candidates with their health, the final choice.
import { html, render } from './vendor/lit-html/lit-html.js';
import { get, post, seg } from './api.js';
import { errorBox, shown } from './ui.js';

function result(answer) {
  return html`<section class="explanation" aria-label="Explanation">
    <p class="verdict" data-testid="verdict">${answer.backend
      ? html`Version ${answer.version} sends this request to backend <strong>${answer.backend}</strong>.`
      : html`Version ${answer.version} reaches no backend${answer.error ? html`: ${answer.error}` : ''}.`}</p>
    <p>Start: ${answer.start}</p>
    <h3>Conditions, in the order they are evaluated</h3>
    ${answer.routes.length ? html`<table class="list" aria-label="Conditions evaluated">
      <thead><tr><th scope="col">Condition</th><th scope="col">Priority</th><th scope="col">Statement</th>
        <th scope="col">Backend</th><th scope="col">Matched</th></tr></thead>
      <tbody>${answer.routes.map((r) => html`<tr class=${r.matched ? 'matched' : ''}><td>${r.condition}</td><td>${r.priority}</td>
        <td><code>${r.statement}</code></td><td>${r.backend}</td><td>${r.matched ? 'yes' : 'no'}</td></tr>`)}</tbody>
    </table>` : html`<p>No backend has a request condition.</p>`}
    <h3>Candidates</h3>
    <table class="list" aria-label="Candidates">
      <thead><tr><th scope="col">Backend</th><th scope="col">Health</th><th scope="col">Weight</th><th scope="col">Health check</th></tr></thead>
      <tbody>${(answer.candidates || []).map((c) => html`<tr><td>${c.name}</td><td>${c.healthy ? 'healthy' : 'sick'}</td>
        <td>${c.weight}</td><td>${c.has_healthcheck ? 'yes' : 'no'}</td></tr>`)}</tbody>
    </table>
    ${answer.director ? html`<h3>Director</h3><p>${shown(answer.director)}</p>` : ''}
    ${answer.origin ? html`<h3>Origin</h3><table class="detail"><tbody>${Object.entries(answer.origin).map(([k, v]) => html`
      <tr><th scope="row">${k}</th><td>${shown(v)}</td></tr>`)}</tbody></table>` : ''}
    <p class="muted">Trace: <code>${answer.trace}</code></p>
  </section>`;
}

export async function explainView(main, [id], query) {
  const service = await get(`/service/${seg(id)}`);
  const versions = [...service.versions].sort((a, b) => b.number - a.number);
  const chosen = Number(query.get('version')) || versions[0].number;
  let outcome = '';

  const submit = async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    const headers = String(form.get('headers') || '').split('\n').map((l) => l.trim()).filter(Boolean);
    if (form.get('host')) headers.unshift(`Host: ${form.get('host')}`);
    try {
      const answer = await post(`/service/${seg(id)}/version/${seg(form.get('version'))}/explain`, { json: {
        method: form.get('method'), url: form.get('url'), headers, client_ip: form.get('client_ip'), is_ssl: form.get('is_ssl') === 'on',
      } });
      outcome = result(answer);
    } catch (error) {
      outcome = errorBox(error);
    }
    draw();
  };

  const draw = () => render(html`
    <p class="crumbs"><a href="#/services">Services</a> › <a href=${`#/service/${id}`}>${service.name}</a> › explain</p>
    <h1>Explain a request to ${service.name}</h1>
    <form class="explain-form" @submit=${submit}>
      <div class="fields">
        <div class="field"><label for="x-version">Version</label>
          <select id="x-version" name="version">${versions.map((v) => html`<option value=${v.number} ?selected=${v.number === chosen}>
            Version ${v.number}${v.active ? ' (active)' : v.locked ? ' (locked)' : ' (draft)'}</option>`)}</select></div>
        <div class="field"><label for="x-method">Method</label><input id="x-method" name="method" value="GET"></div>
        <div class="field"><label for="x-host">Host</label><input id="x-host" name="host"></div>
        <div class="field"><label for="x-url">URL (path and query)</label><input id="x-url" name="url" value="/"></div>
        <div class="field"><label for="x-ip">Client IP</label><input id="x-ip" name="client_ip" value="127.0.0.1"></div>
        <div class="field check"><label for="x-ssl">Over TLS</label><input id="x-ssl" name="is_ssl" type="checkbox"></div>
        <div class="field"><label for="x-headers">Other headers, one <code>Name: value</code> per line</label>
          <textarea id="x-headers" name="headers"></textarea></div>
      </div>
      <button type="submit" class="primary">Explain</button>
    </form>
    <div id="explain-result" aria-live="polite">${outcome}</div>`, main);
  draw();
}
