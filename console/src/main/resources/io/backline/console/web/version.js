// A version's contents: a tab per object kind with a table, a detail view with every field,
// create/edit/delete forms, the version's validation next to the objects, and "clone and edit"
// for a locked version.
import { html, render } from './vendor/lit-html/lit-html.js';
import { get, post, put, del, seg } from './api.js';
import { attempt, confirm, shown } from './ui.js';
import { canWrite } from './state.js';
import { KINDS, BOOKKEEPING } from './kinds.js';
import { objectForm } from './form.js';
import { cloneVersion } from './service.js';

/** The last validation, kept while the user moves between the tabs of the same version. */
let lastReport = { key: null, report: null };

const notesFor = (report, name) => (report ? [
  ...report.errors.filter((m) => m.includes(`'${name}'`) || m.startsWith(`${name}:`)).map((m) => ({ m, kind: 'error' })),
  ...report.warnings.filter((m) => m.includes(`'${name}'`) || m.startsWith(`${name}:`)).map((m) => ({ m, kind: 'warning' })),
] : []);

function reportPanel(report) {
  if (!report) return '';
  return html`<section class=${'validation ' + report.status} aria-label="Validation" role="status">
    <h2>Validation: ${report.status === 'ok' ? 'no errors' : `${report.errors.length} error(s)`}${
      report.warnings.length ? `, ${report.warnings.length} warning(s)` : ''}</h2>
    <ul>${report.errors.map((m) => html`<li class="error">${m}</li>`)}${report.warnings.map((m) => html`<li class="warning">${m}</li>`)}</ul>
  </section>`;
}

export async function versionView(main, [id, number, kindName = 'backend', objectName]) {
  const kind = KINDS[kindName];
  if (!kind) throw new Error(`No such object kind: ${kindName}`);
  const base = `/service/${seg(id)}/version/${number}`;
  const [service, version] = await Promise.all([get(`/service/${seg(id)}`), get(base)]);
  const editable = canWrite() && !version.locked;
  const key = `${id}/${number}`;
  const report = lastReport.key === key ? lastReport.report : null;
  const here = `#/service/${id}/version/${number}`;
  const reload = () => versionView(main, [id, number, kindName, objectName]);

  const validate = async () => {
    const answer = await attempt(() => get(`${base}/validate`));
    if (answer) {
      lastReport = { key, report: answer };
      reload();
    }
  };
  const cloneAndEdit = async () => {
    await cloneVersion(service, version, false,
      (clone) => `#/service/${id}/version/${clone.number}/${kindName}${objectName ? '/' + encodeURIComponent(objectName) : ''}`);
  };

  const head = html`
    <p class="crumbs"><a href="#/services">Services</a> › <a href=${`#/service/${id}`}>${service.name}</a> › version ${number}</p>
    <h1>Version ${number} of ${service.name}
      ${version.active ? html`<span class="badge active">active</span>` : ''}
      ${version.locked ? html`<span class="badge locked">locked</span>` : html`<span class="badge draft">draft</span>`}</h1>
    <div class="toolbar">
      <button type="button" @click=${validate}>Validate version ${number}</button>
      ${version.locked && canWrite() ? html`<p class="locked-note">Version ${number} is locked.
        <button type="button" class="primary" @click=${cloneAndEdit}>Clone and edit</button></p>` : ''}
    </div>
    ${reportPanel(report)}
    <nav class="tabs" aria-label="Object kinds">
      ${Object.entries(KINDS).map(([k, def]) => html`<a href=${`${here}/${k}`} aria-current=${k === kindName ? 'page' : 'false'}>${def.label}</a>`)}
    </nav>`;

  if (kind.singleton) {
    const settings = await get(`${base}/${kindName}`);
    render(html`${head}<h2>${kind.label}</h2>${detailTable(settings)}<div id="object-form"></div>`, main);
    if (editable) {
      objectForm(main.querySelector('#object-form'), { fields: kind.form, original: settings, submitLabel: 'Save settings',
        save: async (values) => { await put(`${base}/${kindName}`, values); reload(); } });
    }
    return;
  }

  // A backend names a condition and a health check of the same version: offer their names.
  const suggestions = kindName === 'backend' && editable && objectName ? await Promise.all([get(`${base}/condition`), get(`${base}/healthcheck`)])
    .then(([conditions, checks]) => ({ request_condition: conditions.filter((c) => c.type === 'REQUEST').map((c) => c.name),
      healthcheck: checks.map((c) => c.name) })) : {};

  if (objectName === 'new') {
    render(html`${head}<h2>New ${kind.one}</h2><div id="object-form"></div>`, main);
    objectForm(main.querySelector('#object-form'), { fields: kind.form, submitLabel: `Create ${kind.one}`, suggestions,
      save: async (values) => {
        const created = await post(`${base}/${kindName}`, values);
        location.hash = `${here}/${kindName}/${encodeURIComponent(created.name)}`;
      } });
    return;
  }

  if (objectName) {
    const object = await get(`${base}/${kindName}/${seg(objectName)}`);
    const remove = async () => {
      const ok = await confirm({ title: `Delete ${kind.one} “${object.name}”`,
        body: html`<p>${kind.one} <strong>${object.name}</strong> is removed from version ${number}.</p>`,
        action: `Delete ${kind.one}`, danger: true });
      if (ok && await attempt(() => del(`${base}/${kindName}/${seg(object.name)}`), `Deleted ${kind.one} ${object.name}`)) {
        location.hash = `${here}/${kindName}`;
      }
    };
    render(html`${head}
      <h2>${kind.one} <span class="name">${object.name}</span></h2>
      ${notesFor(report, object.name).map((n) => html`<p class=${'note ' + n.kind}>${n.m}</p>`)}
      ${detailTable(object)}
      ${editable ? html`<h3>Edit</h3><div id="object-form"></div>
        <button type="button" class="danger" @click=${remove}>Delete ${kind.one} ${object.name}</button>` : ''}`, main);
    if (editable) {
      objectForm(main.querySelector('#object-form'), { fields: kind.form, original: object, submitLabel: `Save ${kind.one}`, suggestions,
        save: async (values) => {
          const saved = await put(`${base}/${kindName}/${seg(object.name)}`, values);
          location.hash = `${here}/${kindName}/${encodeURIComponent(saved.name)}`;
          if (saved.name === object.name) reload();
        } });
    }
    return;
  }

  const objects = await get(`${base}/${kindName}`);
  render(html`${head}
    <h2>${kind.label} <small>(${objects.length})</small></h2>
    ${editable ? html`<p><a class="button" href=${`${here}/${kindName}/new`}>Add ${kind.one}</a></p>` : ''}
    <table class="list" aria-label=${kind.label}>
      <thead><tr>${kind.columns.map((c) => html`<th scope="col">${c}</th>`)}<th scope="col">Validation</th></tr></thead>
      <tbody>
        ${objects.length === 0 ? html`<tr><td colspan=${kind.columns.length + 1}>No ${kind.label.toLowerCase()} in version ${number}.</td></tr>` : ''}
        ${objects.map((o) => html`<tr data-name=${o.name}>
          ${kind.columns.map((c, i) => html`<td data-label=${c}>${i === 0
            ? html`<a href=${`${here}/${kindName}/${encodeURIComponent(o.name)}`}>${o.name}</a>` : shown(o[c])}</td>`)}
          <td data-label="validation">${notesFor(report, o.name).map((n) => html`<p class=${'note ' + n.kind}>${n.m}</p>`)}</td>
        </tr>`)}
      </tbody>
    </table>`, main);
}

function detailTable(object) {
  return html`<table class="detail" aria-label="Every field">
    <tbody>${Object.entries(object).filter(([k]) => !BOOKKEEPING.has(k)).map(([k, v]) => html`
      <tr><th scope="row">${k}</th><td>${shown(v)}</td></tr>`)}</tbody>
  </table>`;
}
