// TLS: the certificates uploaded through Fastly's custom TLS API (fastly tls-custom …), each with its
// names, issuer, validity and the domains activated for it, read from /tls/certificates and
// /tls/activations as the CLI reads them. Uploads and activations stay with the CLI and Terraform.
import { html, render } from './vendor/lit-html/lit-html.js';
import { get } from './api.js';
import { when, errorBox } from './ui.js';

/** Activated domains by certificate id, from a JSON:API list of activations. */
export function activatedDomains(activations) {
  const byCertificate = {};
  for (const activation of activations) {
    const certificate = activation.relationships?.tls_certificate?.data?.id;
    const domain = activation.relationships?.tls_domain?.data?.id;
    if (certificate && domain) (byCertificate[certificate] ||= []).push(domain);
  }
  return byCertificate;
}

export async function tlsView(main) {
  let certificates;
  let activations;
  try {
    [certificates, activations] = await Promise.all([get('/tls/certificates?page%5Bsize%5D=1000'),
      get('/tls/activations?page%5Bsize%5D=1000')]);
  } catch (error) {
    render(html`<h1>TLS certificates</h1>${errorBox(error)}`, main);
    return;
  }
  const active = activatedDomains(activations.data);
  const now = Date.now();
  render(html`
    <h1>TLS certificates</h1>
    <p>Uploaded with <code>fastly tls-custom private-key create</code> and <code>certificate create</code>, served by the edge
      for the activated domains (<code>fastly tls-custom activation enable</code>).</p>
    ${certificates.data.length === 0 ? html`<p data-testid="tls-empty">No certificates yet.</p>` : html`
    <table data-testid="tls-certificates">
      <thead><tr><th>Name</th><th>Names</th><th>Issuer</th><th>Valid from</th><th>Valid until</th><th>Activated for</th></tr></thead>
      <tbody>${certificates.data.map((c) => {
        const expired = Date.parse(c.attributes.not_after) < now;
        const names = (c.relationships?.tls_domains?.data || []).map((d) => d.id);
        return html`<tr data-certificate=${c.id}>
          <td title=${c.id}>${c.attributes.name}</td>
          <td>${names.join(', ')}</td>
          <td>${c.attributes.issuer}</td>
          <td>${when(c.attributes.not_before)}</td>
          <td class=${expired ? 'error' : ''}>${when(c.attributes.not_after)}${expired ? ' (expired)' : ''}</td>
          <td data-testid="tls-activated">${(active[c.id] || []).join(', ') || '—'}</td>
        </tr>`;
      })}</tbody>
    </table>`}`, main);
}
