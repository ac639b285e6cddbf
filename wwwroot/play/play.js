// Quick sums: a demo game wired to SessionStore through the bundled TypeScript client. The wiring a game team copies is
// in the parts marked "SessionStore:"; the rest is the game. It plays whether or not the service answers.
import { createSessionStoreClient } from './sessionstore-client.js';

const options = new URLSearchParams(location.search);
const game = options.get('game') || 'quick-sums';
const roundSeconds = Math.min(60, Math.max(3, Number(options.get('seconds')) || 45));
const heartbeatMs = 3000;
const answersPerLevel = 5;

const client = createSessionStoreClient(location.origin);
const $ = (id) => document.getElementById(id);

// SessionStore: a player id kept in this browser, so the boards know the player across names and visits.
function rememberedPlayerId() {
  let id = localStorage.getItem('sessionstore.play.playerId');
  if (!id) localStorage.setItem('sessionstore.play.playerId', id = crypto.randomUUID());
  return id;
}
const playerId = rememberedPlayerId();

function showSaving(saving) {
  const status = $('saving');
  status.dataset.saving = saving ? 'yes' : 'no';
  status.textContent = saving
    ? 'Your scores are saved to the boards below.'
    : 'Scores are not being saved: the score service cannot be reached. You can still play.';
}

// SessionStore: every call may fail (service down, rate limit); the game carries on and says scores are not saved.
async function attempt(call) {
  try {
    const result = await call();
    showSaving(true);
    return result;
  } catch {
    showSaving(false);
    return undefined;
  }
}

let round = null;

function nextQuestion() {
  const top = 5 + 5 * round.level;
  const a = 1 + Math.floor(Math.random() * top);
  const b = 1 + Math.floor(Math.random() * top);
  const kinds = round.level >= 3 ? ['+', '−', '×'] : round.level >= 2 ? ['+', '−'] : ['+'];
  const kind = kinds[Math.floor(Math.random() * kinds.length)];
  const [x, y] = kind === '−' && b > a ? [b, a] : kind === '×' ? [a % 12 + 1, b % 12 + 1] : [a, b];
  round.question = { text: `${x} ${kind} ${y}`, answer: kind === '+' ? x + y : kind === '−' ? x - y : x * y };
  $('question').textContent = `${round.question.text} =`;
}

function showRound() {
  $('time-left').textContent = Math.max(0, Math.ceil((round.endsAt - performance.now()) / 1000));
  $('level').textContent = round.level;
  $('score').textContent = round.score;
}

async function startRound(playerName) {
  localStorage.setItem('sessionstore.play.playerName', playerName);
  round = { level: 1, score: 0, right: 0, endsAt: performance.now() + roundSeconds * 1000, session: null };
  $('start-form').hidden = true;
  $('result').hidden = true;
  $('round').hidden = false;
  $('feedback').textContent = '';
  nextQuestion();
  showRound();
  $('answer').value = '';
  $('answer').focus();
  round.ticker = setInterval(() => (performance.now() >= round.endsAt ? endRound() : showRound()), 200);
  // SessionStore: start a session; keep its token, which authorizes every later write to it.
  const started = round;
  const created = await attempt(() => client.createSession({ game, playerName, playerId, metadata: { level: 1 } }));
  if (created && !started.ended) {
    started.session = { id: created.session.id, token: created.token };
    // SessionStore: a heartbeat every few seconds with the score and level; the level is where drop-off is counted.
    started.heartbeat = setInterval(() => {
      const { session, score, level } = started;
      attempt(() => client.updateSession(session.id, session.token, { score, metadata: { level } }));
    }, heartbeatMs);
  }
}

async function endRound() {
  const finished = round;
  if (!finished || finished.ended) return;
  finished.ended = true;
  clearInterval(finished.ticker);
  clearInterval(finished.heartbeat);
  $('round').hidden = true;
  const result = $('result');
  result.textContent = `Round over: ${finished.score} points at level ${finished.level}.`;
  // SessionStore: complete the session with the final score; it enters the game's boards.
  const completed = finished.session
    && await attempt(() => client.completeSession(finished.session.id, finished.session.token, { score: finished.score }));
  result.textContent += completed ? ' Saved to the boards.' : ' Not saved: the score service cannot be reached.';
  result.dataset.saved = completed ? 'yes' : 'no';
  result.hidden = false;
  $('start').textContent = 'Play again';
  $('start-form').hidden = false;
  $('start').focus();
}

// SessionStore: a tab closed mid-round abandons its session. keepalive lets the request outlive the page and, unlike
// navigator.sendBeacon, carry the token.
addEventListener('pagehide', () => {
  if (round?.session && !round.ended) {
    round.ended = true;
    client.abandonSession(round.session.id, round.session.token, { keepalive: true }).catch(() => {});
  }
});

$('start-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const name = $('player-name').value.trim();
  if (name) startRound(name);
});

$('answer-form').addEventListener('submit', (event) => {
  event.preventDefault();
  if (!round || round.ended) return;
  const given = Number($('answer').value.trim());
  const feedback = $('feedback');
  if (given === round.question.answer) {
    round.right += 1;
    round.score += 10 * round.level;
    if (round.right % answersPerLevel === 0) round.level += 1;
    feedback.className = 'right';
    feedback.textContent = round.right % answersPerLevel === 0 ? `Right! Level ${round.level}.` : 'Right!';
  } else {
    feedback.className = 'wrong';
    feedback.textContent = `Not quite: ${round.question.text} = ${round.question.answer}.`;
  }
  $('answer').value = '';
  nextQuestion();
  showRound();
});

function entry(highScore, mine) {
  const item = document.createElement('li');
  item.dataset.player = highScore.playerName;
  if (mine) item.classList.add('mine');
  const name = document.createElement('span');
  name.textContent = highScore.playerName;
  const score = document.createElement('span');
  score.className = 'score';
  score.textContent = highScore.score;
  item.append(name, score);
  return item;
}

// SessionStore: the boards, live. One stream, on today's board: an entry that enters the top of the week's or all time's
// board enters the top of today's too, so each change there reads the other two again. (A browser holds six
// connections to one server; a stream per board would take three of them from every open tab.)
async function showBoard(article, board) {
  const period = article.dataset.period;
  const mine = await client.getHighScoreRank({ game, period, playerId, around: 0 }).catch(() => undefined);
  article.querySelector('ol').replaceChildren(...(board.results.length === 0
    ? [Object.assign(document.createElement('li'), { className: 'muted empty', textContent: 'No scores yet.' })]
    : board.results.map((r) => entry(r, mine && r.rank === mine.entry.rank))));
  article.querySelector('.best').textContent = mine ? `Your best: ${mine.entry.score}, rank ${mine.entry.rank} of ${mine.total}.` : 'No score from you here yet.';
}

function watchBoards() {
  const article = (period) => document.querySelector(`.board[data-period=${period}]`);
  client.streamHighScores({ game, period: 'day', take: 10 }, {
    onBoard: async (today) => {
      showSaving(true);
      await showBoard(article('day'), today);
      for (const period of ['allTime', 'week']) {
        const board = await attempt(() => client.getHighScores({ game, period, take: 10 }));
        if (board) await showBoard(article(period), board);
      }
    },
    onError: () => showSaving(false),
  });
}

$('player-name').value = localStorage.getItem('sessionstore.play.playerName') ?? '';
$('player-name').focus();
watchBoards();
