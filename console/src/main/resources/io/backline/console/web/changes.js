// The structured diff (GET /service/{id}/diff/from/{a}/to/{b}) as a summary and as a side-by-side view.
import { html } from './vendor/lit-html/lit-html.js';
import { get, seg } from './api.js';
import { shown } from './ui.js';

export const diff = (serviceId, from, to) => get(`/service/${seg(serviceId)}/diff/from/${from}/to/${to}`);

const KIND_LABEL = { backend: 'Backend', condition: 'Condition', healthcheck: 'Health check', domain: 'Domain',
  director: 'Director', settings: 'Settings' };
const kindLabel = (kind) => KIND_LABEL[kind] || kind;

/** A short list for a confirmation: one line per object, the moved fields named. */
export function summary(changes) {
  if (!changes.length) return html`<p>No object differs.</p>`;
  return html`<ul class="summary">${changes.map((c) => html`
    <li><span class=${'change ' + c.change}>${c.change}</span> ${kindLabel(c.kind)} <strong>${c.name}</strong>${
      c.fields.length ? html`: ${c.fields.map((f, i) => html`${i ? ', ' : ''}${f.field} ${shown(f.from)} → ${shown(f.to)}`)}` : ''}</li>`)}
  </ul>`;
}

/** Side by side, object by object and field by field. */
export function sideBySide(answer) {
  if (!answer.changes.length) return html`<p>Versions ${answer.from} and ${answer.to} hold the same objects.</p>`;
  return html`${answer.changes.map((c) => html`
    <section class=${'diff-object ' + c.change} aria-label=${`${kindLabel(c.kind)} ${c.name} ${c.change}`}>
      <h3><span class=${'change ' + c.change}>${c.change}</span> ${kindLabel(c.kind)} <span class="name">${c.name}</span></h3>
      ${c.fields.length ? html`
        <table class="diff">
          <thead><tr><th scope="col">Field</th><th scope="col">Version ${answer.from}</th><th scope="col">Version ${answer.to}</th></tr></thead>
          <tbody>${c.fields.map((f) => html`
            <tr><th scope="row">${f.field}</th><td class="from">${shown(f.from)}</td><td class="to">${shown(f.to)}</td></tr>`)}
          </tbody>
        </table>` : html`<p class="muted">${c.change === 'added' ? `Only in version ${answer.to}.` : `Only in version ${answer.from}.`}</p>`}
    </section>`)}`;
}
