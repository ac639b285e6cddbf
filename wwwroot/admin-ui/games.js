import { getJson, send } from './api.js';
import { el, replace, formatCount, formatTime, notice } from './dom.js';

const periods = ['allTime', 'day', 'week', 'month'];
const boardSize = 20;

/**
 * The Games tab: every game with its rules and what waits for moderation; a game's page sets its rules, shows its boards
 * per period with hide and ban, its held and hidden entries, its bans and its audit log. Every change asks for a reason,
 * which the audit log keeps.
 */
export async function showGames(section, game) {
  if (game) return showGame(section, game);
  const list = el('div', { id: 'game-list' }, notice('Loading…'));
  const open = el('form', { id: 'open-game', class: 'toolbar' },
    el('label', { for: 'game-name' }, 'Game'),
    el('input', { id: 'game-name', name: 'game', required: true, pattern: '[A-Za-z0-9_.\\-]{1,64}' }),
    el('button', { type: 'submit' }, 'Open'));
  open.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#games/${encodeURIComponent(open.elements.game.value)}`;
  });
  replace(section, el('h1', {}, 'Games'), open, list);
  try {
    const page = await getJson('ListGames', { query: { take: 100 } });
    replace(list, page.results.length === 0 ? notice('No game has an entry yet.') : el('table', { class: 'grid', id: 'games' },
      el('thead', {}, el('tr', {}, ['Game', 'Order', 'Entries', 'Max score', 'Min duration', 'Held', 'Hidden', 'Bans'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, page.results.map((g) => el('tr', { dataset: { game: g.game } },
        el('td', {}, el('a', { href: `#games/${encodeURIComponent(g.game)}` }, g.game)),
        el('td', {}, g.rules.scoreOrder),
        el('td', {}, g.rules.entries),
        el('td', { class: 'number' }, g.rules.maxScore ?? '—'),
        el('td', { class: 'number' }, g.rules.minDurationSeconds === null ? '—' : `${g.rules.minDurationSeconds} s`),
        el('td', { class: 'number' }, formatCount(g.held)),
        el('td', { class: 'number' }, formatCount(g.hidden)),
        el('td', { class: 'number' }, formatCount(g.bans)))))));
  } catch (error) {
    replace(list, notice(error.message, 'error'));
  }
}

async function showGame(section, game) {
  const status = el('div', { id: 'game-status', 'aria-live': 'polite' });
  const reason = el('input', { id: 'moderation-reason', name: 'reason', maxlength: 200, placeholder: 'why: kept in the audit log' });
  const parts = {
    rules: el('article', { class: 'card wide', id: 'game-rules' }),
    board: el('article', { class: 'card wide', id: 'game-board' }),
    held: el('article', { class: 'card wide', id: 'game-held' }),
    hidden: el('article', { class: 'card wide', id: 'game-hidden' }),
    bans: el('article', { class: 'card wide', id: 'game-bans' }),
    audit: el('article', { class: 'card wide', id: 'game-audit' }),
  };
  const view = { period: 'allTime' };

  /** Runs an admin change with the reason typed above, says how it went, and reloads what it may have changed. */
  async function change(operation, options, done) {
    replace(status, notice('Saving…'));
    try {
      await send(operation, options);
      replace(status, notice(done, 'ok'));
      await refresh();
    } catch (error) {
      replace(status, notice(error.message, 'error'));
    }
  }
  const why = () => reason.value.trim() || undefined;
  const entryPath = (sessionId) => ({ game, sessionId });

  async function showRules() {
    const { rules } = await getJson('GetGame', { path: { game }, admin: false });
    const field = (id, label, input) => [el('label', { for: id }, label), input];
    const order = el('select', { id: 'rule-score-order' }, ['higherIsBetter', 'lowerIsBetter'].map((v) => el('option', { value: v, selected: v === rules.scoreOrder }, v)));
    const entries = el('select', { id: 'rule-entries' }, ['bestPerPlayer', 'everySession'].map((v) => el('option', { value: v, selected: v === rules.entries }, v)));
    const maxScore = el('input', { id: 'rule-max-score', type: 'number', min: 0, value: rules.maxScore ?? '' });
    const minDuration = el('input', { id: 'rule-min-duration', type: 'number', min: 0, value: rules.minDurationSeconds ?? '' });
    const form = el('form', { class: 'toolbar', id: 'rules-form' },
      field('rule-score-order', 'Score order', order), field('rule-entries', 'Entries', entries),
      field('rule-max-score', 'Max score', maxScore), field('rule-min-duration', 'Min duration (s)', minDuration),
      el('button', { type: 'submit' }, 'Save rules'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const number = (input) => (input.value === '' ? null : Number(input.value));
      change('SetGameRules', {
        path: { game },
        body: { scoreOrder: order.value, entries: entries.value, maxScore: number(maxScore), minDurationSeconds: number(minDuration), reason: why() },
      }, 'Rules saved; the boards were ranked again.');
    });
    replace(parts.rules, el('h2', {}, 'Rules'), form,
      el('p', { class: 'muted' }, 'A completion that breaks a rule still completes; its entry is held below until it is released. Changing a rule ranks the boards again from every stored entry.'));
  }

  async function showBoard() {
    const periodSelect = el('select', { id: 'board-period' }, periods.map((p) => el('option', { value: p, selected: p === view.period }, p)));
    periodSelect.addEventListener('change', () => { view.period = periodSelect.value; showBoard(); });
    const board = await getJson('GetHighScores', { query: { game, period: view.period, take: boardSize }, admin: false });
    const window = board.from ? ` from ${formatTime(board.from)} to ${formatTime(board.to)}` : '';
    replace(parts.board, el('h2', {}, 'Boards'),
      el('div', { class: 'toolbar' }, el('label', { for: 'board-period' }, 'Period'), periodSelect, el('span', { class: 'muted' }, `top ${boardSize}${window}`)),
      board.results.length === 0 ? notice('No entries in this period.') : el('table', { class: 'grid', id: 'board' },
        el('thead', {}, el('tr', {}, ['#', 'Player', 'Score', 'When', ''].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, board.results.map((r) => el('tr', { dataset: { session: r.sessionId } },
          el('td', { class: 'number' }, r.rank),
          el('td', { class: 'player' }, r.playerName),
          el('td', { class: 'number' }, formatCount(r.score)),
          el('td', {}, formatTime(r.achievedAt)),
          el('td', {},
            el('button', { type: 'button', dataset: { action: 'hide' }, onclick: () => change('HideEntry', { path: entryPath(r.sessionId), body: { reason: why() } }, 'Entry hidden.') }, 'Hide'),
            ' ',
            el('button', { type: 'button', dataset: { action: 'ban' }, onclick: () => change('BanPlayer', { path: { game }, body: { sessionId: r.sessionId, reason: why() } }, 'Player banned.') }, 'Ban player')))))));
  }

  async function showEntries(state, part, title, action, label, operation, done) {
    const page = await getJson('QueryGameEntries', { path: { game }, query: { state, take: 100 } });
    replace(part, el('h2', {}, `${title} (${formatCount(page.total)})`),
      page.results.length === 0 ? notice(`No ${state} entries.`) : el('table', { class: 'grid', id: `${state}-entries` },
        el('thead', {}, el('tr', {}, ['Player', 'Player id', 'Score', 'When', 'Why', ''].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, page.results.map((e) => el('tr', { dataset: { session: e.sessionId } },
          el('td', { class: 'player' }, e.playerName),
          el('td', {}, e.playerId ?? ''),
          el('td', { class: 'number' }, formatCount(e.score)),
          el('td', {}, formatTime(e.achievedAt)),
          el('td', {}, `${e.reason}${e.detail ? `: ${e.detail}` : ''}`),
          el('td', {}, el('button', { type: 'button', dataset: { action }, onclick: () => change(operation, { path: entryPath(e.sessionId), body: { reason: why() } }, done) }, label)))))));
  }

  async function showBans() {
    const page = await getJson('ListBans', { path: { game }, query: { take: 100 } });
    const player = el('input', { id: 'ban-player-name', name: 'playerName', maxlength: 32 });
    const form = el('form', { class: 'toolbar', id: 'ban-form' }, el('label', { for: 'ban-player-name' }, 'Player name'), player, el('button', { type: 'submit' }, 'Ban'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      change('BanPlayer', { path: { game }, body: { playerName: player.value, reason: why() } }, 'Player banned.');
    });
    replace(parts.bans, el('h2', {}, `Bans (${formatCount(page.total)})`), form,
      page.results.length === 0 ? notice('No player is banned.') : el('table', { class: 'grid', id: 'bans' },
        el('thead', {}, el('tr', {}, ['Player', 'Reason', 'Since', ''].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, page.results.map((b) => el('tr', {},
          el('td', { class: 'player' }, b.playerId ? `id ${b.playerId}` : b.playerName),
          el('td', {}, b.reason),
          el('td', {}, formatTime(b.bannedAt)),
          el('td', {}, el('button', {
            type: 'button',
            dataset: { action: 'lift' },
            onclick: () => change('LiftBan', { path: { game }, body: { playerId: b.playerId ?? undefined, playerName: b.playerId ? undefined : b.playerName, reason: why() } }, 'Ban lifted.'),
          }, 'Lift')))))));
  }

  async function showAudit() {
    const page = await getJson('QueryAuditLog', { query: { game, take: 50 } });
    replace(parts.audit, el('h2', {}, 'Audit log'),
      page.results.length === 0 ? notice('No admin change yet.') : el('table', { class: 'grid', id: 'audit-log' },
        el('thead', {}, el('tr', {}, ['Time (UTC)', 'Action', 'Target', 'Reason', 'Admin'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, page.results.map((a) => el('tr', {},
          el('td', {}, formatTime(a.at)), el('td', {}, a.action), el('td', {}, a.target), el('td', {}, a.reason ?? ''), el('td', {}, a.admin))))),
      el('p', { class: 'muted' }, 'Admin is a salted hash of the address the change came from.'));
  }

  async function refresh() {
    try {
      await Promise.all([showRules(), showBoard(),
        showEntries('held', parts.held, 'Held', 'release', 'Release', 'ReleaseEntry', 'Entry released.'),
        showEntries('hidden', parts.hidden, 'Hidden', 'unhide', 'Unhide', 'UnhideEntry', 'Entry shown again.'),
        showBans(), showAudit()]);
    } catch (error) {
      replace(status, notice(error.message, 'error'));
    }
  }

  replace(section,
    el('div', { class: 'toolbar' }, el('h1', {}, game), el('a', { href: '#games' }, 'All games')),
    el('div', { class: 'toolbar' }, el('label', { for: 'moderation-reason' }, 'Reason'), reason),
    status, parts.rules, parts.board, parts.held, parts.hidden, parts.bans, parts.audit);
  await refresh();
}
