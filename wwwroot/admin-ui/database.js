import { download, getJson } from './api.js';
import { el, replace, formatCount, formatTime, notice } from './dom.js';

const operators = [
  ['', 'any'],
  ['eq', '='],
  ['contains', 'contains'],
  ['lt', '<'],
  ['gt', '>'],
  ['null', 'is null'],
];
const pageSizes = [25, 50, 100, 500];

/** The Database tab: every table, and a read-only grid over one of them, paged, sorted and filtered on the server. */
export async function showDatabase(section, tableName) {
  replace(section, notice('Loading tables…'));
  let tables;
  try {
    tables = (await getJson('ListTables')).tables;
  } catch (error) {
    replace(section, notice(error.message, 'error'));
    return;
  }
  const table = tables.find((t) => t.name === tableName) ?? tables.find((t) => t.name === 'sessions') ?? tables[0];
  const view = el('div', { id: 'table-view' });
  replace(section, el('div', { class: 'database' },
    el('nav', { id: 'table-list', 'aria-label': 'Tables' },
      el('h2', {}, 'Tables'),
      el('ul', {}, tables.map((t) => el('li', {},
        el('a', { href: `#database/${encodeURIComponent(t.name)}`, dataset: { table: t.name }, 'aria-current': t === table ? 'page' : null },
          el('span', {}, t.name), el('span', { class: 'count' }, formatCount(t.rowCount))))))),
    view));
  if (table) new TableGrid(view, table).load();
  else replace(view, notice('The database has no tables yet.'));
}

class TableGrid {
  constructor(container, table) {
    this.container = container;
    this.table = table;
    this.orderBy = null;
    this.desc = false;
    this.filters = new Map();
    this.skip = 0;
    this.take = 50;
    this.page = null;
    this.requests = 0;
    this.render();
  }

  /** The view's query string: the same for the page and for the export, so an export is exactly what is shown. */
  viewQuery() {
    const query = new URLSearchParams();
    if (this.orderBy) query.set('orderBy', this.orderBy);
    if (this.desc) query.set('desc', 'true');
    for (const [column, { op, value }] of this.filters) query.append('filter', op === 'null' ? `${column}:null` : `${column}:${op}:${value}`);
    return query;
  }

  async load() {
    const query = this.viewQuery();
    query.set('skip', String(this.skip));
    query.set('take', String(this.take));
    // Only the newest request's answer is shown: an older one that arrives after it (a slow first page, then a filter) is dropped.
    const request = ++this.requests;
    this.status.replaceChildren(notice('Loading…'));
    let page = null;
    let failure = null;
    try {
      page = await getJson('QueryTableRows', { path: { table: this.table.name }, query });
    } catch (error) {
      failure = error;
    }
    if (request !== this.requests) return;
    this.page = page;
    this.status.replaceChildren(...(failure ? [notice(failure.message, 'error')] : []));
    this.renderRows();
  }

  render() {
    const t = this.table;
    this.status = el('div', { class: 'status', 'aria-live': 'polite' });
    this.pageInfo = el('span', { id: 'page-info' });
    this.previous = el('button', { type: 'button', id: 'previous-page', onclick: () => this.goTo(this.skip - this.take) }, '← Previous');
    this.next = el('button', { type: 'button', id: 'next-page', onclick: () => this.goTo(this.skip + this.take) }, 'Next →');
    const size = el('select', {
      id: 'page-size',
      'aria-label': 'Rows per page',
      onchange: (event) => { this.take = Number(event.target.value); this.goTo(0); },
    }, pageSizes.map((n) => el('option', { value: n, selected: n === this.take }, `${n} per page`)));
    const exportAs = (format) => () => download('ExportTableRows',
      { path: { table: t.name }, query: new URLSearchParams([...this.viewQuery(), ['format', format]]) }, `${t.name}.${format}`)
      .catch((error) => this.status.replaceChildren(notice(error.message, 'error')));

    this.body = el('tbody');
    this.headings = el('tr', {}, t.columns.map((c) => el('th', { scope: 'col' },
      el('button', { type: 'button', class: 'sort', dataset: { column: c.name }, title: `Sort by ${c.name}`, onclick: () => this.sortBy(c.name) }, c.name))));
    const filterRow = el('tr', { class: 'filters' }, t.columns.map((c) => this.filterCell(c)));

    replace(this.container,
      el('div', { class: 'toolbar' },
        el('h1', {}, t.name),
        el('span', { class: 'muted' }, `${formatCount(t.rowCount)} rows`)),
      schemaDetails(t),
      el('div', { class: 'toolbar' },
        this.pageInfo, this.previous, this.next, size,
        el('span', { class: 'spacer' }),
        el('button', { type: 'button', id: 'clear-filters', onclick: () => { this.filters.clear(); this.render(); this.goTo(0); } }, 'Clear filters'),
        el('button', { type: 'button', id: 'export-csv', onclick: exportAs('csv') }, 'Export CSV'),
        el('button', { type: 'button', id: 'export-json', onclick: exportAs('json') }, 'Export JSON')),
      this.status,
      el('div', { class: 'grid-scroll' }, el('table', { class: 'grid rows', id: 'rows' }, el('thead', {}, this.headings, filterRow), this.body)),
      el('p', { class: 'muted' }, 'Click a row to see it whole. Sorting, filters and paging run on the server; exports take every row of the current view.'));
  }

  filterCell(column) {
    const current = this.filters.get(column.name);
    const op = el('select', { 'aria-label': `Filter ${column.name}`, dataset: { filterOp: column.name } },
      operators.map(([value, label]) => el('option', { value, selected: value === (current?.op ?? '') }, label)));
    const value = el('input', {
      type: 'search', placeholder: 'value', 'aria-label': `Filter value for ${column.name}`,
      dataset: { filterValue: column.name }, value: current?.value ?? '',
    });
    const apply = () => {
      if (op.value === '') this.filters.delete(column.name);
      else this.filters.set(column.name, { op: op.value, value: value.value });
      value.disabled = op.value === 'null';
      this.goTo(0);
    };
    value.disabled = op.value === 'null';
    op.addEventListener('change', () => { if (op.value === '' || op.value === 'null' || value.value !== '') apply(); else value.focus(); });
    value.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter') return;
      if (op.value === '') op.value = /CHAR|CLOB|TEXT/i.test(column.type) ? 'contains' : 'eq';
      apply();
    });
    return el('th', {}, op, value);
  }

  sortBy(column) {
    if (this.orderBy === column) this.desc = !this.desc;
    else { this.orderBy = column; this.desc = false; }
    this.goTo(0);
  }

  goTo(skip) {
    this.skip = Math.max(0, skip);
    return this.load();
  }

  renderRows() {
    for (const button of this.headings.querySelectorAll('button.sort')) {
      const sorted = button.dataset.column === this.orderBy;
      button.classList.toggle('sorted', sorted);
      button.closest('th').setAttribute('aria-sort', sorted ? (this.desc ? 'descending' : 'ascending') : 'none');
      button.textContent = button.dataset.column + (sorted ? (this.desc ? ' ▼' : ' ▲') : '');
    }
    const page = this.page;
    if (!page) {
      this.body.replaceChildren();
      this.pageInfo.textContent = '';
      this.previous.disabled = this.next.disabled = true;
      return;
    }
    const first = page.rows.length === 0 ? 0 : page.skip + 1;
    const last = page.skip + page.rows.length;
    const total = page.matchingIsLowerBound ? `more than ${formatCount(page.matching - 1)}` : formatCount(page.matching);
    this.pageInfo.textContent = `Rows ${formatCount(first)}–${formatCount(last)} of ${total}${this.filters.size ? ' matching' : ''}`;
    this.previous.disabled = page.skip === 0;
    this.next.disabled = last >= page.matching && !page.matchingIsLowerBound;
    if (page.rows.length === 0) {
      replace(this.body, el('tr', {}, el('td', { colspan: page.columns.length, class: 'muted' }, 'No rows match.')));
      return;
    }
    replace(this.body, page.rows.map((row) => el('tr', {
      tabindex: 0,
      onclick: () => showRow(this.table.name, row),
      onkeydown: (event) => { if (event.key === 'Enter') showRow(this.table.name, row); },
    }, page.columns.map((column) => cell(column, row[column])))));
  }
}

function cell(column, value) {
  if (value === null) return el('td', { class: 'null' }, 'NULL');
  const isTime = typeof value === 'number' && column.endsWith('_at') && value > 1e11;
  return el('td', { class: typeof value === 'number' ? 'number' : null, title: isTime ? formatTime(value) : String(value) }, String(value));
}

function schemaDetails(table) {
  return el('details', { id: 'table-schema' },
    el('summary', {}, `${table.columns.length} columns, ${table.indexes.length} indexes`),
    el('table', { class: 'grid' },
      el('thead', {}, el('tr', {}, ['Column', 'Type', 'Key', 'Null', 'Default'].map((h) => el('th', {}, h)))),
      el('tbody', {}, table.columns.map((c) => el('tr', {},
        el('td', {}, c.name),
        el('td', {}, c.type || '(none)'),
        el('td', {}, c.primaryKey ? `primary${table.columns.filter((x) => x.primaryKey).length > 1 ? ` (${c.primaryKey})` : ''}` : ''),
        el('td', {}, c.notNull ? 'not null' : 'nullable'),
        el('td', {}, c.defaultValue ?? ''))))),
    table.indexes.length === 0 ? el('p', { class: 'muted' }, 'No indexes.') : el('ul', { class: 'indexes' },
      table.indexes.map((i) => el('li', {}, el('code', {}, i.name), ` on (${i.columns.join(', ')})${i.unique ? ', unique' : ''}`))));
}

/** The row as formatted JSON; text columns holding a JSON object or array are shown parsed. */
function showRow(tableName, row) {
  const readable = Object.fromEntries(Object.entries(row).map(([column, value]) => [column, parseJsonText(value)]));
  const dialog = document.getElementById('row-detail');
  dialog.querySelector('h2').textContent = `A row of ${tableName}`;
  dialog.querySelector('pre').textContent = JSON.stringify(readable, null, 2);
  dialog.showModal();
}

function parseJsonText(value) {
  if (typeof value !== 'string' || !/^\s*[[{]/.test(value)) return value;
  try { return JSON.parse(value); } catch { return value; }
}
