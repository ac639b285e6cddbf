// The typed client against a real SessionStore process: what a game frontend does, end to end.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSessionStoreClient, SessionStoreError, type Session, type SessionStoreClient } from '../src/index.ts';
import { adminKey, startServer, type RunningServer } from '../scripts/server.ts';

let server: RunningServer;
let client: SessionStoreClient;
const game = `ts-${Date.now()}`;

before(async () => {
  server = await startServer();
  client = createSessionStoreClient(server.baseUrl);
});
after(() => server?.stop());

async function rejection(promise: Promise<unknown>): Promise<SessionStoreError> {
  const error = await promise.then(() => assert.fail('expected the call to fail'), (e: unknown) => e);
  assert.ok(error instanceof SessionStoreError, `expected a SessionStoreError, got ${String(error)}`);
  return error;
}

describe('a game frontend', () => {
  test('starts a session, reports progress, completes it and finds it in the high scores', async () => {
    const { session, token } = await client.createSession({ playerName: 'Ann', game, metadata: { level: 1 } });
    assert.equal(session.status, 'active');
    assert.deepEqual(session.metadata, { level: 1 });

    const updated = await client.updateSession(session.id, token, { score: 120, metadata: { level: 2 } });
    assert.equal(updated.score, 120);
    const completed = await client.completeSession(session.id, token, { score: 150 });
    assert.equal(completed.status, 'completed');
    assert.ok(completed.endedAt);

    const { results } = await client.getHighScores({ game, take: 5 });
    assert.deepEqual(results.map((r) => [r.rank, r.playerName, r.score, r.sessionId]), [[1, 'Ann', 150, session.id]]);
    assert.deepEqual(await client.getSession(session.id), completed);
  });

  test('abandons a session, which then takes no more writes', async () => {
    const { session, token } = await client.createSession({ game });
    assert.equal((await client.abandonSession(session.id, token)).status, 'abandoned');

    const error = await rejection(client.updateSession(session.id, token, { score: 1 }));
    assert.equal(error.status, 409);
  });

  test('gets every field of a session, null where it has no value', async () => {
    const { session } = await client.createSession({ game });
    // Typed as `T | null`, not optional: assigning them to non-optional types type-checks only so.
    const unset: [string | null, number | null, string | null, Session['metadata']] =
      [session.playerName, session.score, session.endedAt, session.metadata];
    assert.deepEqual(unset, [null, null, null, null]);
    assert.deepEqual(['playerName', 'score', 'endedAt', 'metadata'].filter((field) => !(field in session)), []);
  });

  test('lists sessions by game, newest first, a page at a time', async () => {
    const listGame = `${game}-list`;
    for (const playerName of ['first', 'second', 'third']) await client.createSession({ playerName, game: listGame });

    const page = await client.querySessions({ game: listGame, take: 2 });
    assert.equal(page.total, 3);
    assert.deepEqual(page.results.map((s) => s.playerName), ['third', 'second']);
    const rest = await client.querySessions({ game: listGame, skip: 2, take: 2 });
    assert.deepEqual(rest.results.map((s) => s.playerName), ['first']);
    assert.equal(page.totalIsLowerBound, false);
  });

  test('pages on with the cursor a page gives, until a page has no next', async () => {
    const listGame = `${game}-cursor`;
    for (const playerName of ['first', 'second', 'third']) await client.createSession({ playerName, game: listGame });

    const page = await client.querySessions({ game: listGame, take: 2 });
    assert.ok(page.next, 'a full page with more after it has a next');
    const rest = await client.querySessions({ game: listGame, take: 2, after: page.next });
    assert.deepEqual([...page.results, ...rest.results].map((s) => s.playerName), ['third', 'second', 'first']);
    assert.equal(rest.next, null);
  });

  test('reads the statistics', async () => {
    const before = await client.getStats();
    await client.createSession({ game });
    const after = await client.getStats();
    assert.equal(after.sessions.total, before.sessions.total + 1);
    assert.equal(after.sessions.active, before.sessions.active + 1);
    assert.match(after.system.version, /^\d+\.\d+\.\d+/);
  });

  test('reads one game\'s statistics, per day and where players quit', async () => {
    const statsGame = `stats-${Date.now()}`;
    const { session, token } = await client.createSession({ game: statsGame, metadata: { level: 3 } });
    await client.abandonSession(session.id, token);

    const stats = await client.getStats({ game: statsGame });
    const daily = await client.getDailyStats({ game: statsGame });
    const dropOff = await client.getDropOff({ game: statsGame });

    assert.deepEqual([stats.sessions.total, stats.sessions.abandoned], [1, 1]);
    assert.equal(daily.days.length, 30, 'today and the 29 days before');
    assert.deepEqual(daily.days.filter((d) => d.started > 0).map((d) => [d.started, d.abandoned, d.completionRate]), [[1, 1, 0]]);
    assert.deepEqual([dropOff.abandoned, dropOff.byLevel, dropOff.byMinute], [1, [{ value: 3, abandoned: 1 }], [{ value: 0, abandoned: 1 }]]);
  });
});

describe('errors', () => {
  test('a write without the session token is a 401 problem that says what to send', async () => {
    const { session } = await client.createSession({ game });
    const error = await rejection(client.updateSession(session.id, '', { score: 1 }));
    assert.equal(error.status, 401);
    assert.match(error.problem?.detail ?? '', /Authorization: Bearer/);
  });

  test('another session\'s token is a 403', async () => {
    const mine = await client.createSession({ game });
    const theirs = await client.createSession({ game });
    const error = await rejection(client.completeSession(mine.session.id, theirs.token));
    assert.equal(error.status, 403);
  });

  test('invalid fields come back as a validation problem keyed by field', async () => {
    const error = await rejection(client.createSession({ playerName: 'x'.repeat(33), game: 'no spaces' }));
    assert.equal(error.status, 400);
    assert.deepEqual(Object.keys(error.problem?.errors ?? {}).sort(), ['game', 'playerName']);
  });

  test('an unknown session is a 404', async () => {
    const error = await rejection(client.getSession('00000000-0000-0000-0000-000000000000'));
    assert.equal(error.status, 404);
  });
});

describe('the admin endpoints through the typed api', () => {
  test('page through a filtered, sorted table with the admin key', async () => {
    const admin = createSessionStoreClient(server.baseUrl, { adminKey });
    const tableGame = `${game}-admin`;
    for (const score of [5, 50, 500]) {
      const { session, token } = await admin.createSession({ playerName: `p${score}`, game: tableGame });
      await admin.completeSession(session.id, token, { score });
    }

    const { data, response } = await admin.api.GET('/api/admin/tables/{table}/rows', {
      params: { path: { table: 'sessions' }, query: { filter: [`game:eq:${tableGame}`, 'score:gt:10'], orderBy: 'score', desc: true } },
    });

    assert.equal(response.status, 200);
    assert.deepEqual(data?.rows.map((row) => row.score), [500, 50]);
    assert.equal(data?.matching, 2);
  });

  test('without the key they are a 401', async () => {
    const { response } = await client.api.GET('/api/admin/tables');
    assert.equal(response.status, 401);
  });
});
