// Leaderboards through the typed client against a real SessionStore process: boards per period, a player's rank,
// the live board, and the admin's moderation.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSessionStoreClient, type HighScoresResponse, type SessionStoreClient } from '../src/index.ts';
import { adminKey, startServer, type RunningServer } from '../scripts/server.ts';

let server: RunningServer;
let client: SessionStoreClient;
let admin: SessionStoreClient;
const game = `ts-boards-${Date.now()}`;

before(async () => {
  server = await startServer();
  client = createSessionStoreClient(server.baseUrl);
  admin = createSessionStoreClient(server.baseUrl, { adminKey });
});
after(() => server?.stop());

async function play(playerName: string, score: number, playerId?: string) {
  const { session, token } = await client.createSession({ game, playerName, playerId });
  await client.completeSession(session.id, token, { score });
  return session.id;
}

describe('a game frontend with boards', () => {
  test('reads the weekly board and the player\'s rank on it, by the id it keeps', async () => {
    await play('Ann', 120, 'ann-device');
    await play('Ann', 80, 'ann-device');
    await play('Bob', 300);
    await play('Cy', 50);

    const week = await client.getHighScores({ game, period: 'week', take: 10 });
    const rank = await client.getHighScoreRank({ game, period: 'week', playerId: 'ann-device', around: 1 });

    assert.deepEqual(week.results.map((r) => [r.rank, r.playerName, r.score]), [[1, 'Bob', 300], [2, 'Ann', 120], [3, 'Cy', 50]]);
    assert.ok(week.from && week.to && Date.parse(week.to) - Date.parse(week.from) === 7 * 86_400_000);
    assert.equal(new Date(week.from).getUTCDay(), 1, 'weeks start on Monday');
    assert.deepEqual([rank.entry.rank, rank.total, rank.above.map((a) => a.playerName), rank.below.map((b) => b.playerName)], [2, 3, ['Bob'], ['Cy']]);
    assert.ok(!JSON.stringify(rank).includes('ann-device'), 'the player id never comes back');
    assert.equal((await client.getGame(game)).rules.entries, 'bestPerPlayer');
  });

  test('follows the live board as it changes', async () => {
    const liveGame = `${game}-live`;
    const boards: HighScoresResponse[] = [];
    let changed = () => {};
    const stream = client.streamHighScores({ game: liveGame, take: 3 }, {
      onBoard: (board) => { boards.push(board); changed(); },
    });
    const next = (count: number) => new Promise<void>((resolve) => {
      changed = () => { if (boards.length >= count) resolve(); };
      changed();
    });
    try {
      await next(1);
      const { session, token } = await client.createSession({ game: liveGame, playerName: 'Live' });
      await client.completeSession(session.id, token, { score: 7 });
      await next(2);
    } finally {
      stream.close();
    }
    assert.deepEqual(boards.map((b) => b.results.map((r) => r.playerName)), [[], ['Live']]);
  });
});

describe('the admin moderating a board', () => {
  test('holds a score above the maximum, releases it, hides it, and finds every change in the audit log', async () => {
    const modGame = `${game}-mod`;
    await admin.setGameRules(modGame, { scoreOrder: 'higherIsBetter', entries: 'everySession', maxScore: 100, reason: 'launch' });
    const { session, token } = await client.createSession({ game: modGame, playerName: 'Cheat' });
    await client.completeSession(session.id, token, { score: 1_000_000 });

    const held = await admin.queryGameEntries(modGame, { state: 'held' });
    assert.deepEqual(held.results.map((e) => [e.sessionId, e.reason]), [[session.id, 'aboveMaxScore']]);
    assert.equal((await admin.releaseEntry(modGame, session.id, 'checked')).state, 'listed');
    assert.equal((await client.getHighScores({ game: modGame })).results.length, 1);
    assert.equal((await admin.hideEntry(modGame, session.id, 'not checked well enough')).state, 'hidden');
    assert.equal((await client.getHighScores({ game: modGame })).results.length, 0);
    await admin.banPlayer(modGame, { playerName: 'Cheat', reason: 'cheating' });
    assert.equal((await admin.listBans(modGame)).total, 1);
    await admin.liftBan(modGame, { playerName: 'Cheat', reason: 'appeal' });

    const log = await admin.queryAuditLog({ game: modGame });
    assert.deepEqual(log.results.map((a) => a.action), ['liftBan', 'banPlayer', 'hideEntry', 'releaseEntry', 'setRules']);
    assert.ok((await admin.listGames({ take: 100 })).results.some((g) => g.game === modGame));
  });

  test('erases a player\'s data on request', async () => {
    await play('Forget me', 10, 'forget-device');
    assert.deepEqual(await admin.erasePlayer({ playerId: 'forget-device', reason: 'request' }), { sessionsErased: 1, entriesErased: 1 });
  });
});
