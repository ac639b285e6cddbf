// The admin UI's only way to the server: JSON endpoints that are also in the API explorer (/ui).
// The admin key lives in sessionStorage, so it is asked for once per browser session and forgotten with it.

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
 * Sends a request with the admin key; throws ApiError unless the answer is 2xx. A refused key (401) also
 * raises 'admin-key-refused', so the UI can ask for the key again, unless the call is the sign-in itself.
 */
export async function send(path, { method = 'GET', admin = true, signingIn = false } = {}) {
  const headers = { Accept: 'application/json' };
  if (admin) headers['X-Admin-Key'] = adminKey.get() ?? '';
  const response = await fetch(path, { method, headers });
  if (!response.ok) {
    const type = response.headers.get('content-type') ?? '';
    const problem = type.includes('json') ? await response.json().catch(() => null) : null;
    const error = new ApiError(response.status, problem);
    if (response.status === 401 && admin && !signingIn) window.dispatchEvent(new CustomEvent('admin-key-refused', { detail: error }));
    throw error;
  }
  return response;
}

export async function getJson(path, options) {
  const response = await send(path, options);
  return response.status === 204 ? null : response.json();
}

/** Null when the server has no such endpoint (404): an older server, or a feature not built in. */
export async function getJsonIfAvailable(path) {
  try {
    return await getJson(path);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** Fetches a file with the admin key and hands it to the browser as a download. */
export async function download(path, fallbackName) {
  const response = await send(path);
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
