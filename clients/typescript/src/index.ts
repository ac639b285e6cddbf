// A typed SessionStore client for game frontends: one function per operation, with request and response
// types generated from the service's OpenAPI document (src/schema.d.ts), sent through openapi-fetch.
import createClient from 'openapi-fetch';
import type { components, operations, paths } from './schema.d.ts';

export type { components, operations, paths };
type Schemas = components['schemas'];
export type Session = Schemas['Session'];
export type SessionStatus = Schemas['SessionStatus'];
export type CreateSession = Schemas['CreateSession'];
export type CreateSessionResponse = Schemas['CreateSessionResponse'];
export type UpdateSession = Schemas['UpdateSession'];
export type CompleteSession = Schemas['CompleteSession'];
export type QuerySessionsResponse = Schemas['QuerySessionsResponse'];
export type StatsResponse = Schemas['StatsResponse'];
export type HighScoresResponse = Schemas['HighScoresResponse'];
export type QuerySessions = NonNullable<operations['QuerySessions']['parameters']['query']>;
export type GetHighScores = NonNullable<operations['GetHighScores']['parameters']['query']>;

/** An RFC 9457 problem document; a validation problem has `errors` keyed by field. */
export interface Problem {
  type?: string | null;
  title?: string | null;
  status?: number | null;
  detail?: string | null;
  errors?: Record<string, string[]>;
}

/** The service answered with an error status. `problem` holds its problem document when it sent one. */
export class SessionStoreError extends Error {
  constructor(readonly status: number, readonly problem: Problem | undefined) {
    super(`${status} ${problem?.detail ?? problem?.title ?? 'The request failed.'}`);
    this.name = 'SessionStoreError';
  }
}

export interface SessionStoreClientOptions {
  /** Sent as X-Admin-Key, for the admin operations through `api`. */
  adminKey?: string;
  /** A fetch to use instead of the global one (tests, retries, instrumentation). */
  fetch?: typeof fetch;
}

export type SessionStoreClient = ReturnType<typeof createSessionStoreClient>;

/**
 * A client for the SessionStore at `baseUrl` (for example `https://scores.example.com`). Every function
 * resolves to the response body or rejects with a SessionStoreError. `api` is the underlying
 * openapi-fetch client, typed for every path, for anything else (such as the admin endpoints).
 */
export function createSessionStoreClient(baseUrl: string, options: SessionStoreClientOptions = {}) {
  const api = createClient<paths>({
    baseUrl: baseUrl.replace(/\/$/, ''),
    headers: options.adminKey ? { 'X-Admin-Key': options.adminKey } : undefined,
    fetch: options.fetch,
  });
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const session = (id: string) => ({ path: { id } });

  return {
    api,
    /** Starts a session. Keep the returned token: it is shown only once and authorizes every write to the session. */
    createSession: (body: CreateSession = {}) =>
      unwrap(api.POST('/api/sessions', { body })),
    getSession: (id: string) =>
      unwrap(api.GET('/api/sessions/{id}', { params: session(id) })),
    /** Newest first, optionally filtered by status, game and player name. A page's `next`, passed as `after`, gives the following page. */
    querySessions: (query: QuerySessions = {}) =>
      unwrap(api.GET('/api/sessions', { params: { query } })),
    /** Reports the score and/or replaces the metadata; also the heartbeat that keeps the session active. */
    updateSession: (id: string, token: string, body: UpdateSession) =>
      unwrap(api.PATCH('/api/sessions/{id}', { params: session(id), headers: bearer(token), body })),
    completeSession: (id: string, token: string, body: CompleteSession = {}) =>
      unwrap(api.POST('/api/sessions/{id}/complete', { params: session(id), headers: bearer(token), body })),
    abandonSession: (id: string, token: string) =>
      unwrap(api.POST('/api/sessions/{id}/abandon', { params: session(id), headers: bearer(token) })),
    getStats: () =>
      unwrap(api.GET('/api/stats')),
    getHighScores: (query: GetHighScores = {}) =>
      unwrap(api.GET('/api/highscores', { params: { query } })),
  };
}

/** The typed body of a success, or a SessionStoreError. */
async function unwrap<R extends { data?: unknown; error?: unknown; response: Response }>(request: Promise<R>): Promise<Exclude<R['data'], undefined>> {
  const { data, error, response } = await request;
  if (!response.ok) throw new SessionStoreError(response.status, error as Problem | undefined);
  return data as Exclude<R['data'], undefined>;
}
