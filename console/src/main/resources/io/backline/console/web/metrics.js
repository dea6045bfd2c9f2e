// Prometheus text exposition, read generically: name, labels and value per sample, whichever
// library wrote it (the metrics endpoint is moving to Micrometer's output; names stay Prometheus').

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Parses the text into samples {name, labels, value}; comments and malformed lines are skipped. */
export function parse(text) {
  const samples = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = LINE.exec(line);
    if (!match) continue;
    const labels = {};
    for (const [, key, value] of (match[2] || '').matchAll(LABEL)) labels[key] = value.replace(/\\(.)/g, '$1');
    const value = Number(match[3]);
    if (!Number.isNaN(value)) samples.push({ name: match[1], labels, value });
  }
  return samples;
}

/** The sum of a counter's samples whose labels pass the filter; null when no sample has the name. */
export function total(samples, name, filter = () => true) {
  const matching = samples.filter((s) => s.name === name && filter(s.labels));
  return matching.length ? matching.reduce((sum, s) => sum + s.value, 0) : null;
}

/** A counter's samples grouped by one label: {labelValue: sum}. */
export function byLabel(samples, name, label) {
  const groups = {};
  for (const s of samples) {
    if (s.name === name && s.labels[label] !== undefined) groups[s.labels[label]] = (groups[s.labels[label]] || 0) + s.value;
  }
  return groups;
}
