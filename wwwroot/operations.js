// Where each API operation lives, read from the service's own OpenAPI document (/openapi/v1.json): the request DTOs
// declare every route, the document lists them by operation name, and no page script spells a route of its own.

let operations;

function byName() {
  operations ??= fetch('/openapi/v1.json', { headers: { Accept: 'application/json' } })
    .then((response) => {
      if (!response.ok) throw new Error(`The service's API description answered ${response.status}.`);
      return response.json();
    })
    .then((document) => new Map(Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => [operation.operationId, { method: method.toUpperCase(), path }]))))
    .catch((error) => {
      operations = undefined; // try again next time
      throw error;
    });
  return operations;
}

/** True when the service has the operation (an older one, or one with a feature off, may not). */
export async function hasOperation(name) {
  return (await byName()).has(name);
}

/**
 * The method and URL of an operation: `path` fills its route's placeholders, `query` (an object or URLSearchParams;
 * empty values left out) becomes its query string.
 */
export async function locate(name, { path = {}, query = {} } = {}) {
  const operation = (await byName()).get(name);
  if (!operation) throw Object.assign(new Error(`The service has no ${name} operation.`), { status: 404 });
  const url = operation.path.replace(/\{(\w+)\}/g, (_, placeholder) => encodeURIComponent(path[placeholder]));
  const search = new URLSearchParams();
  const entries = query instanceof URLSearchParams ? query.entries() : Object.entries(query);
  for (const [key, value] of entries) if (value !== undefined && value !== null && value !== '') search.append(key, String(value));
  return { method: operation.method, url: search.size ? `${url}?${search}` : url };
}
