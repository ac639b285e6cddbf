import { getJson } from './api.js';
import { el, replace, svg, formatCount, formatDuration, notice } from './dom.js';

const ranges = [[30, 'Last 30 days'], [90, 'Last 90 days'], [366, 'Last 366 days']];
const width = 960;
const height = 240;
const left = 90;
const top = 16;
const bottom = 40;

/**
 * The Analytics tab: pick a game, then its sessions per day (completed against abandoned), completion rate, duration
 * percentiles and where players quit, by level and by minute of play. The charts are plain SVG.
 */
export async function showAnalytics(section, argument) {
  const [game, daysText] = (argument ?? '').split('@');
  const days = Number(daysText) || 30;
  const form = el('form', { id: 'pick-game', class: 'toolbar' },
    el('label', { for: 'analytics-game' }, 'Game'),
    el('input', { id: 'analytics-game', name: 'game', required: true, pattern: '[A-Za-z0-9_.\\-]{1,64}', value: game ?? '', list: 'known-games' }),
    el('datalist', { id: 'known-games' }),
    el('label', { for: 'analytics-range' }, 'Range'),
    el('select', { id: 'analytics-range', name: 'range' }, ranges.map(([value, label]) => el('option', { value, selected: value === days }, label))),
    el('button', { type: 'submit' }, 'Show'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#analytics/${encodeURIComponent(form.elements.game.value)}@${form.elements.range.value}`;
  });
  const content = el('div', { id: 'analytics-content' }, game ? notice('Loading…') : notice('Pick a game to see how it is played.'));
  replace(section, el('h1', {}, 'Analytics'), form, content);
  getJson('ListGames', { query: { take: 100 } })
    .then((page) => replace(form.querySelector('datalist'), page.results.map((g) => el('option', { value: g.game }))))
    .catch(() => {});
  if (!game) return;
  try {
    const to = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - (days - 1) * 86_400_000).toISOString().slice(0, 10);
    const [stats, daily, dropOff] = await Promise.all([
      getJson('GetStats', { query: { game }, admin: false }),
      getJson('GetDailyStats', { query: { game, from, to }, admin: false }),
      getJson('GetDropOff', { query: { game, from, to }, admin: false }),
    ]);
    replace(content, overview(stats.sessions),
      figure('Sessions per day, by the day they started', 'daily', sessionsPerDay(daily.days),
        legend([['completed', 'Completed'], ['abandoned', 'Abandoned'], ['active', 'Still active']])),
      figure('Completion rate per day (completed of ended)', 'completion', completionRate(daily.days)),
      figure('Completed durations per day (p50 and p90 are bucket edges)', 'durations', durations(daily.days),
        legend([['mean', 'Mean'], ['p50', 'p50'], ['p90', 'p90']])),
      figure(`Abandoned by last level (${formatCount(dropOff.abandoned)} abandoned in the range)`, 'dropoff-level',
        histogram(dropOff.byLevel, (v) => `L${v}`, 'level')),
      figure('Abandoned by minute of play', 'dropoff-minute', histogram(dropOff.byMinute, (v) => `${v}′`, 'minute')));
  } catch (error) {
    replace(content, notice(error.message, 'error'));
  }
}

function overview(sessions) {
  const ended = sessions.completed + sessions.abandoned;
  return el('dl', { class: 'figures', id: 'analytics-figures' },
    [['Sessions', 'total', formatCount(sessions.total)],
      ['Active now', 'active', formatCount(sessions.active)],
      ['Completed', 'completed', formatCount(sessions.completed)],
      ['Abandoned', 'abandoned', formatCount(sessions.abandoned)],
      ['Completion rate', 'completionRate', ended === 0 ? '—' : `${Math.round((100 * sessions.completed) / ended)} %`],
      ['Average completed game', 'averageDurationSeconds', formatDuration(sessions.averageDurationSeconds)]]
      .flatMap(([label, stat, value]) => [el('dt', {}, label), el('dd', { dataset: { stat } }, value)]));
}

const figure = (caption, name, chart, key) => el('figure', { class: 'chart', dataset: { chart: name } }, chart, el('figcaption', {}, caption, key));

const legend = (entries) => el('span', { class: 'legend' }, entries.map(([kind, label]) => el('span', { class: `key ${kind}` }, label)));

/** A plot area with a y scale from 0 to max, labels under the slots, and what draw() puts inside. */
function plot(name, labels, max, formatMax, draw) {
  const plotWidth = width - left - 10;
  const plotHeight = height - top - bottom;
  const slot = plotWidth / Math.max(1, labels.length);
  const x = (i) => left + i * slot;
  const y = (value) => top + plotHeight - (max === 0 ? 0 : (value / max) * plotHeight);
  const every = Math.max(1, Math.ceil(labels.length / 12));
  return svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': name },
    svg('line', { x1: left, x2: left + plotWidth, y1: top + plotHeight, y2: top + plotHeight, class: 'axis' }),
    svg('text', { x: left - 8, y: top + 8, 'text-anchor': 'end' }, formatMax(max)),
    svg('text', { x: left - 8, y: top + plotHeight, 'text-anchor': 'end' }, '0'),
    labels.map((label, i) => (i % every === 0
      ? svg('text', { x: x(i) + slot / 2, y: height - 10, 'text-anchor': 'middle' }, label) : null)),
    [draw({ x, y, slot })].flat(Infinity));
}

const dayLabel = (day) => day.slice(5, 10);
/** Bars fill most of their slot, but stay narrow when there are few of them. */
const barWidth = (slot) => Math.min(slot * 0.7, 48);

function sessionsPerDay(days) {
  const max = Math.max(0, ...days.map((d) => d.started));
  return plot('Sessions per day', days.map((d) => dayLabel(d.day)), max, formatCount, ({ x, y, slot }) => days.map((d, i) => {
    const active = d.started - d.completed - d.abandoned;
    const parts = [['completed', d.completed], ['abandoned', d.abandoned], ['active', active]];
    let base = 0;
    const barX = x(i) + (slot - barWidth(slot)) / 2;
    return parts.filter(([, value]) => value > 0).map(([kind, value]) => {
      const bar = svg('rect', { x: barX, width: barWidth(slot), y: y(base + value), height: y(base) - y(base + value), class: `bar ${kind}`, dataset: { day: d.day.slice(0, 10), count: value } },
        svg('title', {}, `${d.day.slice(0, 10)}: ${value} ${kind}`));
      base += value;
      return bar;
    });
  }));
}

function line(points, kind) {
  const drawn = points.filter(([, value]) => value !== null);
  if (drawn.length === 0) return null;
  return [svg('polyline', { points: drawn.map(([px, py]) => `${px},${py}`).join(' '), class: `line ${kind}` }),
    ...drawn.map(([px, py]) => svg('circle', { cx: px, cy: py, r: 3, class: `dot ${kind}` }))];
}

function completionRate(days) {
  return plot('Completion rate per day', days.map((d) => dayLabel(d.day)), 1, () => '100 %', ({ x, y, slot }) =>
    line(days.map((d, i) => [x(i) + slot / 2, d.completionRate === null ? null : y(d.completionRate)]), 'rate'));
}

function durations(days) {
  const max = Math.max(0, ...days.flatMap((d) => [d.meanDurationSeconds ?? 0, d.p50DurationSeconds ?? 0, d.p90DurationSeconds ?? 0]));
  return plot('Completed durations per day', days.map((d) => dayLabel(d.day)), max, (m) => `${m} s`, ({ x, y, slot }) =>
    [['mean', 'meanDurationSeconds'], ['p50', 'p50DurationSeconds'], ['p90', 'p90DurationSeconds']].map(([kind, field]) =>
      line(days.map((d, i) => [x(i) + slot / 2, d[field] === null ? null : y(d[field])]), kind)));
}

function histogram(counts, label, axis) {
  if (counts.length === 0) return notice(`No abandoned session has a ${axis} in this range.`);
  const max = Math.max(...counts.map((c) => c.abandoned));
  return plot(`Abandoned by ${axis}`, counts.map((c) => label(c.value)), max, formatCount, ({ x, y, slot }) => counts.map((c, i) =>
    svg('rect', { x: x(i) + (slot - barWidth(slot)) / 2, width: barWidth(slot), y: y(c.abandoned), height: y(0) - y(c.abandoned), class: 'bar abandoned', dataset: { value: c.value, count: c.abandoned } },
      svg('title', {}, `${axis} ${c.value}: ${c.abandoned} abandoned`))));
}
