import { getJson } from './api.js';
import { el, replace, svg, formatCount, formatTime, notice } from './dom.js';

const statusClasses = [['', 'any'], ['2xx', '2xx'], ['3xx', '3xx'], ['4xx', '4xx'], ['5xx', '5xx']];
const pageSize = 50;
const minutesPerDay = 24 * 60;

/**
 * The Requests tab: requests and errors per minute over the last 24 hours (an SVG drawn here, no library),
 * and the request log below it, filtered by status class, route and time range on the server.
 */
export async function showRequests(section) {
  const view = { status: '', route: '', from: '', to: '', skip: 0 };
  const chart = el('div', { id: 'request-chart', class: 'chart' }, notice('Loading…'));
  const summary = el('p', { id: 'request-summary', class: 'muted' });
  const routeSelect = el('select', { id: 'request-route', name: 'route' }, el('option', { value: '' }, 'any'));
  const statusSelect = el('select', { id: 'request-status', name: 'status' }, statusClasses.map(([value, label]) => el('option', { value }, label)));
  const from = el('input', { type: 'datetime-local', id: 'request-from', name: 'from', step: 1 });
  const to = el('input', { type: 'datetime-local', id: 'request-to', name: 'to', step: 1 });
  const filters = el('form', { id: 'request-filters', class: 'toolbar' },
    el('label', { for: 'request-status' }, 'Status'), statusSelect,
    el('label', { for: 'request-route' }, 'Route'), routeSelect,
    el('label', { for: 'request-from' }, 'From (UTC)'), from,
    el('label', { for: 'request-to' }, 'To (UTC)'), to,
    el('button', { type: 'submit' }, 'Apply'));
  const status = el('div', { class: 'status', 'aria-live': 'polite' });
  const pageInfo = el('span', { id: 'request-page-info' });
  const previous = el('button', { type: 'button', id: 'request-previous', onclick: () => goTo(view.skip - pageSize) }, '← Previous');
  const next = el('button', { type: 'button', id: 'request-next', onclick: () => goTo(view.skip + pageSize) }, 'Next →');
  const body = el('tbody');

  replace(section,
    el('div', { class: 'toolbar' }, el('h1', {}, 'Requests'), el('button', { type: 'button', onclick: () => showRequests(section) }, 'Refresh')),
    el('article', { class: 'card wide' },
      el('h2', {}, 'Requests and errors per minute, last 24 hours'),
      chart,
      el('p', { class: 'legend' },
        el('span', { class: 'swatch requests' }), 'all requests ',
        el('span', { class: 'swatch client-errors' }), 'answered 4xx ',
        el('span', { class: 'swatch server-errors' }), 'answered 5xx'),
      summary),
    filters,
    el('div', { class: 'toolbar' }, pageInfo, previous, next),
    status,
    el('div', { class: 'grid-scroll' }, el('table', { class: 'grid', id: 'request-log' },
      el('thead', {}, el('tr', {}, ['Time (UTC)', 'Method', 'Route', 'Status', 'Duration', 'Client', 'Session'].map((h) => el('th', { scope: 'col' }, h)))),
      body)),
    el('p', { class: 'muted' }, 'Every /api request, newest first. The client is a salted hash of its address: the same address gives the same hash, and the address itself is never stored.'));

  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    Object.assign(view, { status: statusSelect.value, route: routeSelect.value, from: from.value, to: to.value });
    loadTimeline();
    goTo(0);
  });

  async function loadTimeline() {
    const query = new URLSearchParams();
    if (view.route) query.set('route', view.route);
    try {
      const timeline = await getJson('GetRequestTimeline', { query });
      fillRoutes(routeSelect, timeline.routes, view.route);
      replace(chart, drawChart(timeline));
      const total = (key) => timeline.minutes.reduce((sum, m) => sum + m[key], 0);
      replace(summary,
        el('span', { dataset: { stat: 'requests' } }, formatCount(total('requests'))), ' requests, ',
        el('span', { dataset: { stat: 'clientErrors' } }, formatCount(total('clientErrors'))), ' answered 4xx and ',
        el('span', { dataset: { stat: 'serverErrors' } }, formatCount(total('serverErrors'))), ' answered 5xx',
        view.route ? ` for ${view.route}` : '', `, from ${formatTime(timeline.from)} to ${formatTime(timeline.to)}.`);
    } catch (error) {
      replace(chart, notice(error.status === 404 ? `The request log is not available: ${error.message}` : error.message, 'error'));
    }
  }

  async function goTo(skip) {
    view.skip = Math.max(0, skip);
    const query = new URLSearchParams({ skip: String(view.skip), take: String(pageSize) });
    if (view.status) query.set('status', view.status);
    if (view.route) query.set('route', view.route);
    if (view.from) query.set('from', `${view.from}Z`);
    if (view.to) query.set('to', `${view.to}Z`);
    replace(status, notice('Loading…'));
    try {
      const page = await getJson('QueryRequestLog', { query });
      replace(status);
      const first = page.results.length === 0 ? 0 : page.skip + 1;
      pageInfo.textContent = `Requests ${formatCount(first)}–${formatCount(page.skip + page.results.length)} of ${formatCount(page.total)}`;
      previous.disabled = page.skip === 0;
      next.disabled = page.skip + page.results.length >= page.total;
      replace(body, page.results.length === 0
        ? el('tr', {}, el('td', { colspan: 7, class: 'muted' }, 'No requests match.'))
        : page.results.map((r) => el('tr', { class: r.status >= 500 ? 'server-error' : r.status >= 400 ? 'client-error' : null },
          el('td', {}, formatTime(r.at)),
          el('td', {}, r.method),
          el('td', { title: r.route ?? 'no route matched' }, r.route ?? '(none)'),
          el('td', { class: 'number' }, String(r.status)),
          el('td', { class: 'number' }, `${r.durationMs.toFixed(1)} ms`),
          el('td', {}, r.client),
          el('td', {}, r.sessionId ?? ''))));
    } catch (error) {
      replace(status, notice(error.message, 'error'));
      replace(body);
      pageInfo.textContent = '';
      previous.disabled = next.disabled = true;
    }
  }

  await Promise.all([loadTimeline(), goTo(0)]);
}

function fillRoutes(select, routes, selected) {
  const known = routes.filter((r) => r.route !== null).map((r) => r.route);
  if (selected && !known.includes(selected)) known.push(selected);
  replace(select, el('option', { value: '' }, 'any'),
    known.map((route) => el('option', { value: route, selected: route === selected }, route)));
}

// The chart's coordinates: one unit per minute across, the plot above the hour labels, the counts to the left.
const left = 70;
const top = 10;
const plotHeight = 200;
const width = left + minutesPerDay + 40;
const height = top + plotHeight + 36;

/** Bars per minute: all requests, and over them the minutes' errors (4xx and 5xx together, 5xx on top). */
function drawChart(timeline) {
  const start = Date.parse(timeline.from);
  const max = Math.max(1, ...timeline.minutes.map((m) => m.requests));
  const y = (count) => top + plotHeight - (count / max) * plotHeight;
  const bars = (value) => timeline.minutes
    .filter((m) => value(m) > 0)
    .map((m) => {
      const x = left + (Date.parse(m.minute) - start) / 60_000 + 0.5;
      return `M${x} ${top + plotHeight}V${y(value(m)).toFixed(2)}`;
    }).join('');
  const hours = [];
  for (let hour = 0; hour <= 24; hour += 3) {
    const x = left + hour * 60;
    hours.push(svg('line', { x1: x, x2: x, y1: top, y2: top + plotHeight, class: 'grid-line' }),
      svg('text', { x, y: top + plotHeight + 28, 'text-anchor': 'middle' }, new Date(start + hour * 3_600_000).toISOString().slice(11, 16)));
  }
  return svg('svg', {
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': `Requests per minute from ${formatTime(timeline.from)} to ${formatTime(timeline.to)}; at most ${max} in a minute.`,
    dataset: { minutes: timeline.minutes.length, max },
  },
  hours,
  svg('line', { x1: left, x2: left + minutesPerDay, y1: top + plotHeight, y2: top + plotHeight, class: 'axis' }),
  svg('text', { x: left - 8, y: top + 8, 'text-anchor': 'end' }, formatCount(max)),
  svg('text', { x: left - 8, y: top + plotHeight, 'text-anchor': 'end' }, '0'),
  svg('path', { d: bars((m) => m.requests), class: 'bars requests' }),
  svg('path', { d: bars((m) => m.clientErrors + m.serverErrors), class: 'bars client-errors' }),
  svg('path', { d: bars((m) => m.serverErrors), class: 'bars server-errors' }));
}
