// The landing page: live session figures and a game's top scores, from the public API. Names are text, never HTML.
import { el, replace, formatCount, formatDuration, formatTime, notice } from './admin-ui/dom.js';
import { locate } from './operations.js';

async function getJson(operation, query) {
  const { method, url } = await locate(operation, { query });
  const response = await fetch(url, { method, headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`${url} answered ${response.status}.`);
  return response.json();
}

async function showStats() {
  const card = document.getElementById('live-stats');
  try {
    const { sessions } = await getJson('GetStats');
    replace(card, el('h2', {}, 'Sessions'), el('dl', { class: 'figures' },
      [['Active now', 'active', formatCount(sessions.active)],
        ['Started in the last 24 hours', 'startedLast24Hours', formatCount(sessions.startedLast24Hours)],
        ['Completed', 'completed', formatCount(sessions.completed)],
        ['All time', 'total', formatCount(sessions.total)],
        ['Average completed game', 'averageDurationSeconds', formatDuration(sessions.averageDurationSeconds)]]
        .flatMap(([label, stat, value]) => [el('dt', {}, label), el('dd', { dataset: { stat } }, value)])));
  } catch (error) {
    replace(card, el('h2', {}, 'Sessions'), notice(error.message, 'error'));
  }
}

async function showScores(game) {
  const target = document.getElementById('scores');
  try {
    const { results } = await getJson('GetHighScores', { game, take: 10 });
    replace(target, results.length === 0
      ? el('p', { class: 'muted' }, `No completed scores for ${game} yet.`)
      : el('table', { class: 'grid' },
        el('thead', {}, el('tr', {}, ['#', 'Player', 'Score', 'When'].map((h) => el('th', {}, h)))),
        el('tbody', {}, results.map((r) => el('tr', {},
          el('td', { class: 'number' }, r.rank),
          el('td', { class: 'player' }, r.playerName),
          el('td', { class: 'number' }, formatCount(r.score)),
          el('td', {}, formatTime(r.achievedAt)))))));
  } catch (error) {
    replace(target, notice(error.message, 'error'));
  }
}

document.getElementById('scores-form').addEventListener('submit', (event) => {
  event.preventDefault();
  showScores(document.getElementById('scores-game').value);
});
showStats();
showScores('default');
setInterval(showStats, 10_000);
