// The API client: every call goes to this page's own origin with the token from the tab's
// session storage in Fastly-Key (never a URL, a cookie or a log line).

const TOKEN = 'backline.token';

export const session = {
  token: () => sessionStorage.getItem(TOKEN),
  signIn: (token) => sessionStorage.setItem(TOKEN, token),
  signOut: () => sessionStorage.removeItem(TOKEN),
};

/** A refusal by the API, carrying its own msg and detail. */
export class ApiError extends Error {
  constructor(status, msg, detail) {
    super(detail ? `${msg}: ${detail}` : msg);
    this.status = status;
    this.msg = msg;
    this.detail = detail;
  }

  /** The field a detail names first (`port: 99999 (expected: ...)`), or null. */
  get field() {
    const match = /^([a-z_][a-z0-9_.]*): /.exec(this.detail || '');
    return match ? match[1] : null;
  }
}

/**
 * Sends one request. A plain object body goes as a form (what Fastly's clients send); `{json}`
 * sends JSON, for fields that are lists; `extraHeaders` adds request headers (Fastly-Soft-Purge).
 * Answers `{body, headers}`; throws ApiError otherwise.
 */
export async function call(method, path, body, token = session.token(), extraHeaders = {}) {
  const headers = { Accept: 'application/json', ...extraHeaders };
  if (token) headers['Fastly-Key'] = token;
  let payload;
  if (body && body.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body.json);
  } else if (body) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    payload = new URLSearchParams(body).toString();
  }
  const response = await fetch(path, { method, headers, body: payload, credentials: 'omit', cache: 'no-store' });
  const text = await response.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  if (!response.ok) {
    const msg = parsed && parsed.msg ? parsed.msg : `HTTP ${response.status}`;
    throw new ApiError(response.status, msg, parsed && parsed.detail ? parsed.detail : '');
  }
  return { body: parsed, headers: response.headers };
}

export const get = async (path) => (await call('GET', path)).body;
export const put = async (path, body) => (await call('PUT', path, body)).body;
export const post = async (path, body) => (await call('POST', path, body)).body;
export const del = async (path) => (await call('DELETE', path)).body;

/** A path segment, escaped (object names may hold any character). */
export const seg = (value) => encodeURIComponent(String(value));
