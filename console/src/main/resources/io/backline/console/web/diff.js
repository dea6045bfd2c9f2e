// The diff of two versions, side by side.
import { html, render } from './vendor/lit-html/lit-html.js';
import { get, seg } from './api.js';
import { diff, sideBySide } from './changes.js';

export async function diffView(main, [id, from, to]) {
  const [service, answer] = await Promise.all([get(`/service/${seg(id)}`), diff(id, from, to)]);
  render(html`
    <p class="crumbs"><a href="#/services">Services</a> › <a href=${`#/service/${id}`}>${service.name}</a> › diff</p>
    <h1>Version ${from} → version ${to}</h1>
    <p><a href=${`#/service/${id}/diff/${to}/${from}`}>Swap sides</a></p>
    <div class="diff-view">${sideBySide(answer)}</div>`, main);
}
