// The admin UI's only way to the server: the API operations that are also in the API explorer (/ui), found by name
// in the service's OpenAPI document. The admin key lives in sessionStorage, so it is asked for once per browser
// session and forgotten with it.
import { locate } from '../operations.js';

const keyName = 'sessionstore.adminKey';

export const adminKey = {
  get: () => sessionStorage.getItem(keyName),
  set: (key) => sessionStorage.setItem(keyName, key),
  clear: () => sessionStorage.removeItem(keyName),
};

/** The server answered with an error; `problem` is its RFC 9457 problem document when it sent one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(describe(status, problem));
    this.status = status;
    this.problem = problem;
  }
}

function describe(status, problem) {
  if (problem?.errors) return Object.values(problem.errors).flat().join(' ');
  return problem?.detail ?? problem?.title ?? `The server answered ${status}.`;
}

/**
 * Calls an operation by name (`path` and `query` as for locate, `body` sent as JSON) with the admin key; throws ApiError unless the answer is
 * 2xx. A refused key (401) also raises 'admin-key-refused', so the UI can ask for the key again, unless the call is the
 * sign-in itself.
 */
export async function send(operation, { path, query, body, admin = true, signingIn = false } = {}) {
  const { method, url } = await locate(operation, { path, query });
  const headers = { Accept: 'application/json' };
  if (admin) headers['X-Admin-Key'] = adminKey.get() ?? '';
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) {
    const type = response.headers.get('content-type') ?? '';
    const problem = type.includes('json') ? await response.json().catch(() => null) : null;
    const error = new ApiError(response.status, problem);
    if (response.status === 401 && admin && !signingIn) window.dispatchEvent(new CustomEvent('admin-key-refused', { detail: error }));
    throw error;
  }
  return response;
}

export async function getJson(operation, options) {
  const response = await send(operation, options);
  return response.status === 204 ? null : response.json();
}

/** Null when the server has no such operation or answers 404: an older server, or a feature not built in. */
export async function getJsonIfAvailable(operation, options) {
  try {
    return await getJson(operation, options);
  } catch (error) {
    if (error.status === 404) return null;
    throw error;
  }
}

/** Fetches a file with the admin key and hands it to the browser as a download. */
export async function download(operation, options, fallbackName) {
  const response = await send(operation, options);
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileNameOf(response) ?? fallbackName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function fileNameOf(response) {
  const disposition = response.headers.get('content-disposition') ?? '';
  const match = /filename\*=UTF-8''([^;]+)|filename="?([^";]+)"?/i.exec(disposition);
  return match ? decodeURIComponent(match[1] ?? match[2]) : null;
}
