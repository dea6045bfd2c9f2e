// The console's entry: the header, sign-in and routing by location.hash to one view at a time.
import { html, render } from './vendor/lit-html/lit-html.js';
import { call, session } from './api.js';
import { describe, notify } from './ui.js';
import { servicesView } from './services.js';
import { serviceView } from './service.js';
import { diffView } from './diff.js';
import { versionView } from './version.js';
import { liveView } from './live.js';
import { explainView } from './explain.js';
import { cacheView } from './cache.js';
import { tlsView } from './tls.js';
import { identity, canWrite, leave } from './state.js';

const main = document.getElementById('main');

/**
 * A new, empty container for one view. A view still loading when the user moves on renders into
 * its own detached container, so it can never overwrite the view that replaced it.
 */
function fresh() {
  const box = document.createElement('div');
  main.replaceChildren(box);
  return box;
}
const top = document.getElementById('top');

const routes = [
  [/^\/?$/, () => servicesView],
  [/^\/services$/, () => servicesView],
  [/^\/service\/([^/]+)$/, () => serviceView],
  [/^\/service\/([^/]+)\/diff\/(\d+)\/(\d+)$/, () => diffView],
  [/^\/service\/([^/]+)\/version\/(\d+)(?:\/([a-z_]+)(?:\/(.+))?)?$/, () => versionView],
  [/^\/service\/([^/]+)\/live$/, () => liveView],
  [/^\/service\/([^/]+)\/explain$/, () => explainView],
  [/^\/service\/([^/]+)\/cache$/, () => cacheView],
  [/^\/tls$/, () => tlsView],
];

function header() {
  render(html`
    <nav aria-label="Main">
      <a class="brand" href="#/">Backline</a>
      ${identity.scope ? html`
        <a href="#/services">Services</a>
        <a href="#/tls">TLS</a>
        <span class="who" data-testid="who">Token ${identity.id} · scope <strong>${identity.scope}</strong>${
          identity.services.length ? html` · services ${identity.services.join(', ')}` : ''}${
          canWrite() ? '' : html` · <em>read-only</em>`}</span>
        <button type="button" @click=${signOut}>Sign out</button>` : ''}
    </nav>
    <div id="status" role="status" aria-live="polite"></div>`, top);
}

function signInView(error) {
  const box = fresh();
  render(html`
    <section class="signin">
      <h1>Sign in</h1>
      <p>Paste an API token (from <code>backline token create</code>). It stays in this tab's session
        storage and is sent only to this server, as <code>Fastly-Key</code>.</p>
      <form @submit=${submitToken}>
        <label for="token">API token</label>
        <input id="token" name="token" type="password" autocomplete="off" required
               aria-describedby=${error ? 'token-error' : ''} aria-invalid=${error ? 'true' : 'false'}>
        ${error ? html`<p id="token-error" class="field-error">${error}</p>` : ''}
        <button type="submit" class="primary">Sign in</button>
      </form>
    </section>`, box);
  box.querySelector('#token').focus();
}

async function submitToken(event) {
  event.preventDefault();
  const token = new FormData(event.target).get('token').trim();
  try {
    await learn(token);
    session.signIn(token);
    header();
    route();
  } catch (error) {
    signInView(describe(error));
  }
}

async function learn(token) {
  const self = (await call('GET', '/tokens/self', undefined, token)).body;
  identity.scope = self.scope;
  identity.services = self.services || [];
  identity.id = self.id;
}

function signOut() {
  session.signOut();
  identity.scope = null;
  identity.services = [];
  identity.id = null;
  header();
  location.hash = '#/';
  signInView();
}

async function route() {
  leave();
  notify('');
  if (!identity.scope) {
    signInView();
    return;
  }
  const path = decodeURIComponent(location.hash.replace(/^#/, '').split('?')[0]);
  const box = fresh();
  for (const [pattern, view] of routes) {
    const match = pattern.exec(path);
    if (match) {
      try {
        await view()(box, match.slice(1), new URLSearchParams(location.hash.split('?')[1] || ''));
        // A new view: keyboard and screen-reader users start at its content, not at the old focus.
        if (box.isConnected && !box.contains(document.activeElement)) main.focus({ preventScroll: true });
      } catch (error) {
        render(html`<div class="notice error" role="alert">${describe(error)}</div>`, box);
      }
      return;
    }
  }
  render(html`<h1>Not found</h1><p><a href="#/">Back to the services</a></p>`, box);
}

async function start() {
  header();
  const token = session.token();
  if (token) {
    try {
      await learn(token);
    } catch {
      session.signOut();
    }
  }
  header();
  window.addEventListener('hashchange', route);
  route();
}

start();
