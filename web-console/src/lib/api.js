// The REST API through the gateway (same origin). Problems (application/problem+json) become ApiError
// with the server's title/detail and field errors; 401 ends the session.
import * as session from './session.js';

export class ApiError extends Error {
  constructor(status, problem) {
    const fields = (problem?.errors ?? []).map((e) => `${e.field}: ${e.message}`).join('; ');
    super(problem?.detail || problem?.title || fields || `Request failed (${status})`);
    this.status = status;
    this.problem = problem ?? {};
  }
}

let onUnauthorized = () => {};
export const whenUnauthorized = (fn) => (onUnauthorized = fn);

export async function request(method, path, { json, form, headers = {}, raw = false } = {}) {
  const init = { method, headers: { Accept: 'application/json', ...headers } };
  const token = session.saved()?.token;
  if (token) init.headers.Authorization = `Bearer ${token}`;
  if (json !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(json);
  } else if (form) {
    init.body = form;
  }
  const res = await fetch(path, init);
  if (raw && res.ok) return res;
  const text = await res.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  if (!res.ok) {
    if (res.status === 401 && token && !path.startsWith('/api/auth/')) onUnauthorized();
    throw new ApiError(res.status, typeof body === 'object' ? body : { detail: text || res.statusText });
  }
  return body;
}

export const get = (path) => request('GET', path);
export const post = (path, json) => request('POST', path, { json });
export const put = (path, json) => request('PUT', path, { json });
export const patch = (path, json) => request('PATCH', path, { json });

export const query = (params) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    for (const one of [v].flat()) if (one !== undefined && one !== null && one !== '') q.append(k, one);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
};

/** Downloads an authenticated file (the JWT cannot ride on a plain link). */
export async function download(path, filename) {
  const res = await request('GET', path, { raw: true, headers: { Accept: 'text/csv,*/*' } });
  const url = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
