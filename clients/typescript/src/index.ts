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
export type DailyStatsResponse = Schemas['DailyStatsResponse'];
export type DayStats = Schemas['DayStats'];
export type DropOffResponse = Schemas['DropOffResponse'];
export type DropOffCount = Schemas['DropOffCount'];
export type HighScoresResponse = Schemas['HighScoresResponse'];
export type HighScore = Schemas['HighScore'];
export type HighScoreRankResponse = Schemas['HighScoreRankResponse'];
export type BoardPeriod = Schemas['BoardPeriod'];
export type GameResponse = Schemas['GameResponse'];
export type GameRules = Schemas['GameRules'];
export type GameEntry = Schemas['GameEntry'];
export type PlayerBan = Schemas['PlayerBan'];
export type SetGameRules = Schemas['SetGameRules'];
export type BanPlayer = Schemas['BanPlayer'];
export type LiftBan = Schemas['LiftBan'];
export type ErasePlayer = Schemas['ErasePlayer'];
export type QuerySessions = NonNullable<operations['QuerySessions']['parameters']['query']>;
export type GetStats = NonNullable<operations['GetStats']['parameters']['query']>;
export type GetDailyStats = NonNullable<operations['GetDailyStats']['parameters']['query']>;
export type GetDropOff = NonNullable<operations['GetDropOff']['parameters']['query']>;
export type GetHighScores = NonNullable<operations['GetHighScores']['parameters']['query']>;
export type GetHighScoreRank = NonNullable<operations['GetHighScoreRank']['parameters']['query']>;
export type StreamHighScores = NonNullable<operations['StreamHighScores']['parameters']['query']>;
export type ListGames = NonNullable<operations['ListGames']['parameters']['query']>;
export type QueryGameEntries = NonNullable<operations['QueryGameEntries']['parameters']['query']>;
export type ListBans = NonNullable<operations['ListBans']['parameters']['query']>;
export type QueryAuditLog = NonNullable<operations['QueryAuditLog']['parameters']['query']>;

/** What `streamHighScores` calls: each board as it changes, and each failure before it connects again. */
export interface BoardStreamHandlers {
  onBoard: (board: HighScoresResponse) => void;
  onError?: (error: unknown) => void;
  /** How long to wait before connecting again after the stream broke (default 3000 ms). */
  retryMs?: number;
}

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
    /**
     * Abandons the session. From a page that is closing, pass `{ keepalive: true }`: the request outlives the page, as
     * navigator.sendBeacon would, and still carries the token (which sendBeacon cannot).
     */
    abandonSession: (id: string, token: string, init: { keepalive?: boolean } = {}) =>
      unwrap(api.POST('/api/sessions/{id}/abandon', { params: session(id), headers: bearer(token), ...init })),
    /** Session counts of every game, or of one (`game`), and this process's figures. */
    getStats: (query: GetStats = {}) =>
      unwrap(api.GET('/api/stats', { params: { query } })),
    /** One game's sessions for each UTC day from `from` to `to` (at most 366 days): counts, completion rate, completed durations. */
    getDailyStats: (query: GetDailyStats = {}) =>
      unwrap(api.GET('/api/stats/daily', { params: { query } })),
    /** Where players quit one game: its abandoned sessions by last `metadata.level` and by minute of play. */
    getDropOff: (query: GetDropOff = {}) =>
      unwrap(api.GET('/api/stats/dropoff', { params: { query } })),
    /** A page of a game's board for a period (allTime, day, week or month; `at` for a past one); `cursor` reads on from an earlier page. */
    getHighScores: (query: GetHighScores = {}) =>
      unwrap(api.GET('/api/highscores', { params: { query } })),
    /** A player's entry, rank, the board's size and the entries around it: by exactly one of playerId, playerName and sessionId. */
    getHighScoreRank: (query: GetHighScoreRank) =>
      unwrap(api.GET('/api/highscores/rank', { params: { query } })),
    /** A game's rules: score order, entries per player or per session, maxScore, minDurationSeconds. */
    getGame: (game: string) =>
      unwrap(api.GET('/api/games/{game}', { params: { path: { game } } })),
    /**
     * A live board: `onBoard` gets the top of the current period's board at once, then again whenever it changes, until
     * `close()`. A broken stream connects again after `retryMs`.
     */
    streamHighScores: (query: StreamHighScores, handlers: BoardStreamHandlers) =>
      streamBoards(`${baseUrl.replace(/\/$/, '')}/api/highscores/stream?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`,
        options.fetch ?? fetch, handlers),

    // Admin operations: send the admin key (options.adminKey).
    listGames: (query: ListGames = {}) =>
      unwrap(api.GET('/api/admin/games', { params: { query } })),
    setGameRules: (game: string, body: SetGameRules) =>
      unwrap(api.PUT('/api/admin/games/{game}/rules', { params: { path: { game } }, body })),
    queryGameEntries: (game: string, query: QueryGameEntries = {}) =>
      unwrap(api.GET('/api/admin/games/{game}/entries', { params: { path: { game }, query } })),
    hideEntry: (game: string, sessionId: string, reason: string) =>
      unwrap(api.POST('/api/admin/games/{game}/entries/{sessionId}/hide', { params: { path: { game, sessionId } }, body: { reason } })),
    unhideEntry: (game: string, sessionId: string, reason: string) =>
      unwrap(api.POST('/api/admin/games/{game}/entries/{sessionId}/unhide', { params: { path: { game, sessionId } }, body: { reason } })),
    releaseEntry: (game: string, sessionId: string, reason?: string) =>
      unwrap(api.POST('/api/admin/games/{game}/entries/{sessionId}/release', { params: { path: { game, sessionId } }, body: { reason } })),
    listBans: (game: string, query: ListBans = {}) =>
      unwrap(api.GET('/api/admin/games/{game}/bans', { params: { path: { game }, query } })),
    banPlayer: (game: string, body: BanPlayer) =>
      unwrap(api.POST('/api/admin/games/{game}/bans', { params: { path: { game } }, body })),
    liftBan: (game: string, body: LiftBan) =>
      unwrap(api.POST('/api/admin/games/{game}/bans/lift', { params: { path: { game } }, body })),
    erasePlayer: (body: ErasePlayer) =>
      unwrap(api.POST('/api/admin/players/erase', { body })),
    queryAuditLog: (query: QueryAuditLog = {}) =>
      unwrap(api.GET('/api/admin/audit', { params: { query } })),
  };
}

/**
 * Reads Server-Sent Events with fetch (a browser's EventSource cannot be given a custom fetch, and Node.js 20 has none):
 * each `board` event's data is a board; comment lines only keep the connection open.
 */
function streamBoards(url: string, fetchFn: typeof fetch, { onBoard, onError, retryMs = 3000 }: BoardStreamHandlers) {
  const controller = new AbortController();
  const run = async () => {
    while (!controller.signal.aborted) {
      try {
        const response = await fetchFn(url, { headers: { Accept: 'text/event-stream' }, signal: controller.signal });
        if (!response.ok || !response.body) {
          const problem = response.headers.get('content-type')?.includes('json') ? await response.json().catch(() => undefined) : undefined;
          throw new SessionStoreError(response.status, problem as Problem | undefined);
        }
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffered = '';
        for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
          buffered += chunk.value;
          let end;
          while ((end = buffered.indexOf('\n\n')) >= 0) {
            const event = buffered.slice(0, end);
            buffered = buffered.slice(end + 2);
            const data = event.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trimStart()).join('\n');
            if (data) onBoard(JSON.parse(data) as HighScoresResponse);
          }
        }
      } catch (error) {
        if (controller.signal.aborted) return;
        onError?.(error);
      }
      if (!controller.signal.aborted) await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  };
  void run();
  return { close: () => controller.abort() };
}

/** The typed body of a success, or a SessionStoreError. */
async function unwrap<R extends { data?: unknown; error?: unknown; response: Response }>(request: Promise<R>): Promise<Exclude<R['data'], undefined>> {
  const { data, error, response } = await request;
  if (!response.ok) throw new SessionStoreError(response.status, error as Problem | undefined);
  return data as Exclude<R['data'], undefined>;
}
