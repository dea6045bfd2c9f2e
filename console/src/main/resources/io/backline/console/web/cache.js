// Cache: this service's hit ratio and answers by cache result, read from the edge's metrics
// (docs/metrics.md), and the purges Fastly's API offers (all, by surrogate key, by URL; soft or
// not), sent with the signed-in token exactly as the Fastly CLI sends them.
import { html, render } from './vendor/lit-html/lit-html.js';
import { get, call, seg } from './api.js';
import { attempt, confirm, errorBox } from './ui.js';
import { refreshEvery } from './state.js';
import { parse, total, byLabel } from './metrics.js';

const EVERY_MS = 2000;
const RESULTS = ['hit', 'miss', 'pass', 'stale'];

/** Hits over hits and misses (Fastly's hit ratio: passes are not cache lookups that could hit), or null before any. */
export function hitRatio(counts) {
  const hits = (counts.hit || 0) + (counts.stale || 0);
  const lookups = hits + (counts.miss || 0);
  return lookups === 0 ? null : hits / lookups;
}

const percent = (ratio) => (ratio === null ? '—' : `${(ratio * 100).toFixed(1)} %`);

function mebibytes(bytes) {
  return bytes === null ? '—' : `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** The service's cache counters: answers by result, purges by kind; the cache's bytes (every service's). */
function read(samples, serviceId) {
  const mine = samples.filter((s) => s.labels.service === serviceId);
  return {
    results: byLabel(mine, 'backline_edge_cache_responses_total', 'result'),
    purges: byLabel(mine, 'backline_edge_cache_purges_total', 'kind'),
    collapsed: total(mine, 'backline_edge_cache_collapsed_total') ?? 0,
    bytes: total(samples, 'backline_edge_cache_bytes'),
    capacity: total(samples, 'backline_edge_cache_capacity_bytes'),
  };
}

/** A purge request: the path Fastly's API serves and the soft header when asked. */
async function purge(path, soft, body) {
  const headers = soft ? { 'Fastly-Soft-Purge': '1' } : {};
  return (await call('POST', path, body, undefined, headers)).body;
}

/** A URL as the purge API takes it: host and path, without the scheme. */
export function urlTarget(text) {
  const trimmed = text.trim().replace(/^https?:\/\//i, '');
  if (!trimmed || !trimmed.includes('/') || trimmed.startsWith('/')) return null;
  return trimmed;
}

export async function cacheView(main, [id]) {
  const service = await get(`/service/${seg(id)}`);
  let state = { now: null, recent: null, error: null, updated: null, last: '' };
  let previous = null;

  const purgeAll = async () => {
    const ok = await confirm({
      title: `Purge everything cached for ${service.name}?`,
      body: html`<p>Every edge drops every object of this service; the next requests go to the origin.</p>`,
      action: 'Purge all', danger: true,
    });
    if (!ok) return;
    const done = await attempt(() => purge(`/service/${seg(id)}/purge_all`, false), `Purged everything cached for ${service.name}`);
    if (done) show(`purge all: ${done.status}`);
  };
  const purgeKeys = async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    const keys = String(form.get('keys') || '').split(/\s+/).filter(Boolean);
    const soft = form.get('soft') === 'on';
    if (keys.length === 0) return;
    const done = keys.length === 1
      ? await attempt(() => purge(`/service/${seg(id)}/purge/${seg(keys[0])}`, soft), `Purged key ${keys[0]}${soft ? ' (soft)' : ''}`)
      : await attempt(() => purge(`/service/${seg(id)}/purge`, soft, { json: { surrogate_keys: keys } }),
        `Purged ${keys.length} keys${soft ? ' (soft)' : ''}`);
    if (done) show(done.id ? `purge id ${done.id}` : Object.entries(done).map(([k, v]) => `${k}: ${v}`).join(', '));
  };
  const purgeUrl = async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    const target = urlTarget(String(form.get('url') || ''));
    const soft = form.get('soft') === 'on';
    if (!target) {
      show('url: expected host/path, e.g. www.example.com/index.html');
      return;
    }
    const path = '/purge/' + target.split('/').map((part, i) => (i === 0 ? seg(part) : part)).join('/');
    const done = await attempt(() => purge(path, soft), `Purged ${target}${soft ? ' (soft)' : ''}`);
    if (done) show(`purge id ${done.id}`);
  };
  const show = (text) => {
    state = { ...state, last: text };
    draw();
  };

  const draw = () => {
    const { now, recent } = state;
    render(html`
      <p class="crumbs"><a href="#/services">Services</a> › <a href=${`#/service/${id}`}>${service.name}</a> › cache</p>
      <h1>Cache: ${service.name}</h1>
      <p class="muted" aria-live="off">Refreshed every ${EVERY_MS / 1000} s${state.updated ? `, last at ${state.updated.toLocaleTimeString()}` : ''}.</p>
      ${state.error ? errorBox(state.error) : ''}
      <h2>Hit ratio</h2>
      <dl class="figures">
        <dt>Since the edge started</dt><dd data-testid="hit-ratio">${now ? percent(hitRatio(now.results)) : '—'}</dd>
        <dt>Last ${EVERY_MS / 1000} s</dt><dd data-testid="hit-ratio-recent">${recent ? percent(hitRatio(recent)) : '—'}</dd>
        <dt>Held (all services)</dt><dd>${now ? `${mebibytes(now.bytes)} of ${mebibytes(now.capacity)}` : '—'}</dd>
      </dl>
      <table class="list" aria-label="Answers by cache result">
        <thead><tr><th scope="col">Result</th><th scope="col">Answers</th></tr></thead>
        <tbody>${RESULTS.map((r) => html`<tr data-result=${r}><td>${r}</td><td data-label=${r}>${now ? now.results[r] || 0 : '—'}</td></tr>`)}
          <tr><td>collapsed waits</td><td data-label="collapsed">${now ? now.collapsed : '—'}</td></tr></tbody>
      </table>
      <h2>Purge</h2>
      <p>Purges reach every edge; a soft purge marks objects stale (served while revalidated) instead of removing them.</p>
      <form class="inline" aria-label="Purge by surrogate key" @submit=${purgeKeys}>
        <label for="purge-keys">Surrogate keys</label>
        <input id="purge-keys" name="keys" required placeholder="key1 key2" autocomplete="off">
        <label><input type="checkbox" name="soft"> soft</label>
        <button type="submit">Purge keys</button>
      </form>
      <form class="inline" aria-label="Purge a URL" @submit=${purgeUrl}>
        <label for="purge-url">URL</label>
        <input id="purge-url" name="url" required placeholder="www.example.com/path" autocomplete="off">
        <label><input type="checkbox" name="soft"> soft</label>
        <button type="submit">Purge URL</button>
      </form>
      <p><button type="button" class="danger" @click=${purgeAll}>Purge all</button></p>
      <p class="muted" data-testid="purge-result" aria-live="polite">${state.last}</p>
      ${now && Object.keys(now.purges).length ? html`<p class="muted">Purges applied by this server's edge: ${
        Object.entries(now.purges).map(([k, v]) => `${k} ${v}`).join(', ')}</p>` : ''}`, main);
  };

  const refresh = async () => {
    try {
      const text = await fetch('/_backline/metrics', { cache: 'no-store', credentials: 'omit' }).then((r) => r.text());
      const now = read(parse(text), id);
      const recent = previous ? Object.fromEntries(RESULTS.map((r) => [r, Math.max(0, (now.results[r] || 0) - (previous.results[r] || 0))])) : null;
      previous = now;
      state = { ...state, now, recent, error: null, updated: new Date() };
    } catch (error) {
      state = { ...state, error };
    }
  };
  await refreshEvery(EVERY_MS, refresh, draw);
}
