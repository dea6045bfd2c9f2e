// The object kinds a version holds, as the console shows them: the columns of the table and the
// fields of the form. Everything else the API answers still appears in the detail view.

const text = (name, label, extra = {}) => ({ name, label, type: 'text', ...extra });
const number = (name, label) => ({ name, label, type: 'number' });
const bool = (name, label) => ({ name, label, type: 'bool' });

export const KINDS = {
  backend: {
    label: 'Backends',
    one: 'backend',
    columns: ['name', 'address', 'port', 'use_ssl', 'request_condition', 'healthcheck', 'max_conn', 'weight'],
    form: [text('name', 'Name', { required: true }), text('address', 'Address (host name or IP)'), number('port', 'Port'),
      bool('use_ssl', 'Use TLS'), text('override_host', 'Override Host header'),
      text('request_condition', 'Request condition (name)'), text('healthcheck', 'Health check (name)'),
      number('max_conn', 'Maximum connections'), number('weight', 'Weight'), bool('auto_loadbalance', 'Auto load-balance'),
      number('connect_timeout', 'Connect timeout (ms)'), number('first_byte_timeout', 'First byte timeout (ms)'),
      number('between_bytes_timeout', 'Between bytes timeout (ms)'), text('comment', 'Comment')],
  },
  condition: {
    label: 'Conditions',
    one: 'condition',
    columns: ['name', 'type', 'statement', 'priority'],
    form: [text('name', 'Name', { required: true }),
      { name: 'type', label: 'Type', type: 'select', options: ['REQUEST', 'RESPONSE', 'CACHE', 'PREFETCH'] },
      text('statement', 'Statement', { wide: true }), number('priority', 'Priority'), text('comment', 'Comment')],
  },
  healthcheck: {
    label: 'Health checks',
    one: 'health check',
    columns: ['name', 'host', 'path', 'expected_response', 'check_interval', 'window', 'threshold'],
    form: [text('name', 'Name', { required: true }), text('host', 'Host header'), text('path', 'Path'),
      text('method', 'Method'), number('expected_response', 'Expected status'), number('check_interval', 'Interval (ms)'),
      number('timeout', 'Timeout (ms)'), number('window', 'Window (probes)'), number('threshold', 'Threshold (good probes)'),
      number('initial', 'Initial good probes'), text('comment', 'Comment')],
  },
  domain: {
    label: 'Domains',
    one: 'domain',
    columns: ['name', 'comment'],
    form: [text('name', 'Name', { required: true }), text('comment', 'Comment')],
  },
  director: {
    label: 'Directors',
    one: 'director',
    columns: ['name', 'type', 'quorum', 'retries', 'backends'],
    form: [text('name', 'Name', { required: true }), number('type', 'Type (1 random, 3 hash, 4 client)'),
      number('quorum', 'Quorum (%)'), number('retries', 'Retries'), text('comment', 'Comment')],
  },
  settings: {
    label: 'Settings',
    one: 'settings',
    singleton: true,
    columns: ['general.default_host', 'general.default_ttl', 'general.stale_if_error', 'general.stale_if_error_ttl'],
    form: [text('general.default_host', 'Default host'), number('general.default_ttl', 'Default TTL (s)'),
      bool('general.stale_if_error', 'Serve stale on error'), number('general.stale_if_error_ttl', 'Stale-if-error TTL (s)')],
  },
};

/** Fields the API adds to every object that are not the object's own. */
export const BOOKKEEPING = new Set(['service_id', 'version', 'created_at', 'updated_at', 'deleted_at']);
