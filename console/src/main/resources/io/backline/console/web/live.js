// Live: per backend its health (the probe window as a strip, the last transition and its reason,
// connections against max_conn), which edges serve which version, and the edge's counters as
// sparklines, refreshed every few seconds without reloading the page.
import { html, svg, render } from './vendor/lit-html/lit-html.js';
import { get, seg } from './api.js';
import { errorBox, when } from './ui.js';
import { refreshEvery } from './state.js';
import { parse, total, byLabel } from './metrics.js';

const EVERY_MS = 2000;
const POINTS = 60;

/** The probe window, oldest first: one cell per probe, good or bad, with a text equivalent. */
function probeStrip(probe) {
  const bits = [...(probe.bitmap || '')];
  const good = bits.filter((b) => b === '1').length;
  return html`<span class="probes" role="img" aria-label=${`probe window: ${good} of ${bits.length} good, newest last`}
    data-bitmap=${probe.bitmap}>${bits.map((b) => html`<span class=${b === '1' ? 'good' : 'bad'}></span>`)}</span>`;
}

/** A sparkline: the series scaled to its own maximum, drawn with lit-html's svg templates (no chart library). */
function sparkline(series) {
  const max = Math.max(1, ...series);
  const step = 100 / Math.max(1, POINTS - 1);
  const offset = POINTS - series.length;
  const points = series.map((v, i) => `${((offset + i) * step).toFixed(1)},${(30 - (v / max) * 28).toFixed(1)}`).join(' ');
  return svg`<svg viewBox="0 0 100 30" preserveAspectRatio="none" aria-hidden="true"><polyline points=${points}></polyline></svg>`;
}

function chart(title, series, unit = '/s') {
  const last = series.length ? series[series.length - 1] : null;
  return html`<figure class="chart" aria-label=${title}>
    <figcaption>${title}: <strong data-testid="rate">${last === null ? '—' : last.toFixed(1)}${unit}</strong></figcaption>
    ${sparkline(series)}</figure>`;
}

/** Turns successive counter totals into per-second rates, keeping the last POINTS. */
function rates() {
  const series = {};
  let previous = null;
  return {
    add(counters, at) {
      if (previous) {
        const seconds = Math.max(0.001, (at - previous.at) / 1000);
        for (const [key, value] of Object.entries(counters)) {
          if (value === null) continue;
          const before = previous.counters[key] ?? 0;
          const list = (series[key] = series[key] || []);
          list.push(Math.max(0, value - before) / seconds);
          if (list.length > POINTS) list.shift();
        }
      }
      previous = { counters, at };
    },
    series,
  };
}

/** This service's counters (docs/metrics.md): requests and 5xx by status class, synthetic answers by reason. */
function counters(samples, serviceId) {
  const mine = (l) => l.service === serviceId;
  const result = {
    requests: total(samples, 'backline_edge_service_requests_total', mine),
    errors: total(samples, 'backline_edge_service_requests_total', (l) => mine(l) && l.status_class === '5xx') ?? 0,
    synthetic: total(samples, 'backline_edge_service_synthetic_responses_total', mine) ?? 0,
  };
  const reasons = byLabel(samples.filter((s) => mine(s.labels)), 'backline_edge_service_synthetic_responses_total', 'reason');
  for (const [reason, value] of Object.entries(reasons)) {
    result[`synthetic:${reason}`] = value;
  }
  return result;
}

export async function liveView(main, [id]) {
  const service = await get(`/service/${seg(id)}`);
  const traffic = rates();
  let state = { health: null, edges: [], error: null, updated: null };

  const draw = () => {
    const { health, edges } = state;
    const synthetic = Object.keys(traffic.series).filter((k) => k.startsWith('synthetic:'));
    render(html`
      <p class="crumbs"><a href="#/services">Services</a> › <a href=${`#/service/${id}`}>${service.name}</a> › live</p>
      <h1>Live: ${service.name}</h1>
      <p class="muted" aria-live="off">Refreshed every ${EVERY_MS / 1000} s${state.updated ? `, last at ${state.updated.toLocaleTimeString()}` : ''}.</p>
      ${state.error ? errorBox(state.error) : ''}
      <h2>Backends${health ? ` (version ${health.version})` : ''}</h2>
      ${health && health.backends.length ? html`
        <table class="list" aria-label="Backend health">
          <thead><tr><th scope="col">Backend</th><th scope="col">State</th><th scope="col">Probe window</th>
            <th scope="col">Last transition</th><th scope="col">Connections</th></tr></thead>
          <tbody>${health.backends.map((b) => html`
            <tr data-backend=${b.backend}>
              <td><strong>${b.backend}</strong><br><small>${b.address}:${b.port}</small></td>
              <td><span class=${'health-state ' + (b.healthy ? 'healthy' : 'sick')}>${b.healthy ? 'healthy' : 'sick'}</span></td>
              <td>${b.probe ? html`${probeStrip(b.probe)}<br><small>${b.probe.good} good of ${b.probe.window}, threshold ${b.probe.threshold};
                last probe ${b.probe.last_probe}</small>` : html`<small>no health check</small>`}</td>
              <td>${b.probe ? html`${when(b.probe.last_transition)}<br><small class="reason">${b.probe.reason}</small>` : '—'}</td>
              <td>${b.connections.open} open (${b.connections.busy} busy) of max_conn ${b.connections.max_conn}</td>
            </tr>`)}</tbody>
        </table>` : html`<p>${health ? 'No version is active, or it has no backend.' : 'Loading…'}</p>`}
      <h2>Edges</h2>
      ${edges.length ? html`<table class="list" aria-label="Edges">
        <thead><tr><th scope="col">Edge</th><th scope="col">Serving</th><th scope="col">Acknowledged</th>
          <th scope="col">Staged</th><th scope="col">Acknowledged</th></tr></thead>
        <tbody>${edges.map((e) => html`<tr><td>${e.edge_id}</td>
          <td data-label="serving">${e.version === null ? '—' : `version ${e.version}`}</td><td>${when(e.acknowledged_at)}</td>
          <td data-label="staged">${e.staged_version === null ? '—' : `version ${e.staged_version}`}</td>
          <td>${when(e.staged_acknowledged_at)}</td></tr>`)}</tbody></table>`
        : html`<p>No remote edge has reported for this service; the edge inside this server serves its active version.</p>`}
      <h2>Edge traffic (all services)</h2>
      <div class="charts">
        ${chart('Requests', traffic.series.requests || [])}
        ${chart('5xx answers', traffic.series.errors || [])}
        ${chart('Synthetic answers', traffic.series.synthetic || [])}
        ${synthetic.map((k) => chart(`Synthetic: ${k.slice('synthetic:'.length)}`, traffic.series[k]))}
      </div>`, main);
  };

  const refresh = async () => {
    try {
      const [health, edges, text] = await Promise.all([
        get(`/service/${seg(id)}/backend-health`),
        get(`/service/${seg(id)}/edges`),
        fetch('/_backline/metrics', { cache: 'no-store', credentials: 'omit' }).then((r) => r.text()),
      ]);
      traffic.add(counters(parse(text), id), Date.now());
      state = { health, edges, error: null, updated: new Date() };
    } catch (error) {
      state = { ...state, error };
    }
  };
  await refreshEvery(EVERY_MS, refresh, draw);
}
