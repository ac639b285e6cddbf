import { getJson, getJsonIfAvailable, send } from './api.js';
import { el, replace, formatBytes, formatCount, formatDuration, formatTime, notice } from './dom.js';

/** Figures as a definition list; each value carries data-stat so tests and people find the same number. */
function figures(rows) {
  return el('dl', { class: 'figures' }, rows.flatMap(([label, stat, value]) => [
    el('dt', {}, label),
    el('dd', { dataset: { stat } }, value),
  ]));
}

export async function showDashboard(section) {
  const sessionsCard = el('article', { class: 'card', id: 'session-stats' }, el('h2', {}, 'Sessions'), notice('Loading…'));
  const systemCard = el('article', { class: 'card', id: 'system-stats' }, el('h2', {}, 'This process'), notice('Loading…'));
  const storageCard = el('article', { class: 'card wide', id: 'storage-health' }, el('h2', {}, 'Storage health'), notice('Loading…'));
  replace(section,
    el('div', { class: 'toolbar' }, el('h1', {}, 'Dashboard'), el('button', { type: 'button', onclick: () => showDashboard(section) }, 'Refresh')),
    el('div', { class: 'cards' }, sessionsCard, systemCard, storageCard));
  await Promise.all([
    fill(sessionsCard, systemCard),
    fillStorage(storageCard, () => showDashboard(section)),
  ]);
}

async function fill(sessionsCard, systemCard) {
  try {
    const stats = await getJson('GetStats', { admin: false });
    const s = stats.sessions;
    replace(sessionsCard, el('h2', {}, 'Sessions'), figures([
      ['Total', 'total', formatCount(s.total)],
      ['Active', 'active', formatCount(s.active)],
      ['Completed', 'completed', formatCount(s.completed)],
      ['Abandoned', 'abandoned', formatCount(s.abandoned)],
      ['Started in the last 24 hours', 'startedLast24Hours', formatCount(s.startedLast24Hours)],
      ['Average completed duration', 'averageDurationSeconds', formatDuration(s.averageDurationSeconds)],
    ]));
    const p = stats.system;
    replace(systemCard, el('h2', {}, 'This process'), figures([
      ['Version', 'version', p.version],
      ['Started', 'startedAt', formatTime(p.startedAt)],
      ['Uptime', 'uptimeSeconds', formatDuration(p.uptimeSeconds)],
      ['Requests served', 'requestsServed', formatCount(p.requestsServed)],
      ['Working set', 'workingSetBytes', formatBytes(p.workingSetBytes)],
    ]));
  } catch (error) {
    replace(sessionsCard, el('h2', {}, 'Sessions'), notice(error.message, 'error'));
    replace(systemCard, el('h2', {}, 'This process'), notice(error.message, 'error'));
  }
}

async function fillStorage(card, reload) {
  const title = el('h2', {}, 'Storage health');
  try {
    const storage = await getJsonIfAvailable('GetStorage');
    if (!storage) {
      replace(card, title, notice('Storage health is not available: this server has no /api/admin/storage endpoint.'));
      return;
    }
    if (storage.provider === 'PostgreSql') {
      // The server keeps its own files, WAL and backups: there is nothing of SQLite's to show.
      replace(card, title,
        figures([
          ['Provider', 'provider', 'PostgreSQL'],
          ['Database', 'databasePath', storage.databasePath],
          ['Server version', 'serverVersion', storage.serverVersion],
          ['Database size', 'sizeBytes', formatBytes(storage.sizeBytes)],
          ['Schema version', 'schemaVersion', String(storage.schemaVersion)],
          ['Synchronous commit', 'synchronous', storage.synchronous],
        ]),
        el('p', { id: 'sqlite-only' }, 'Backups, quarantine and recovery belong to SQLite mode. Back this database up with ' +
          "PostgreSQL's own tools: pg_dump for copies, base backups with WAL archiving for point-in-time recovery."));
      return;
    }
    const backup = storage.lastBackup;
    replace(card, title,
      figures([
        ['Provider', 'provider', 'SQLite'],
        ['Database file', 'databasePath', storage.databasePath],
        ['File size', 'sizeBytes', formatBytes(storage.sizeBytes)],
        ['WAL size', 'walSizeBytes', formatBytes(storage.walSizeBytes)],
        ['Schema version', 'schemaVersion', String(storage.schemaVersion)],
        ['Journal mode', 'journalMode', storage.journalMode],
        ['Synchronous', 'synchronous', storage.synchronous],
        ['Last backup', 'lastBackup', backup
          ? `${backup.name}, ${formatTime(backup.createdAt)}, ${formatBytes(backup.sizeBytes)}${backup.verified ? ', verified' : ', NOT verified'}`
          : 'none yet'],
        ...backupHealth(storage.backups),
      ]),
      concerns(storage.concerns ?? []),
      recoveryEvents(storage.recoveryEvents ?? [], reload));
  } catch (error) {
    replace(card, title, notice(error.message, 'error'));
  }
}

/** Off-host copies and restore drills as figure rows; none from a server that does not report them. */
function backupHealth(b) {
  if (!b) return [];
  return [
    ['Off-host copies', 'offHost', !b.offHostTarget ? 'not configured'
      : b.consecutiveUploadFailures > 0 ? `FAILING to ${b.offHostTarget} (${b.consecutiveUploadFailures} in a row): ${b.lastUploadError}`
        : `to ${b.offHostTarget}${b.lastUploadAt ? `, last ${formatTime(b.lastUploadAt)}` : ', none yet'}`],
    ['Newest backup proven restorable', 'provenRestorable', b.provenRestorableBackupAt
      ? `taken ${formatTime(b.provenRestorableBackupAt)}, ${formatDuration(b.provenRestorableAgeSeconds)} ago`
      : 'none yet: run a restore drill on the Backups tab'],
  ];
}

/** What keeps readiness Degraded now, each with its details. */
function concerns(list) {
  if (list.length === 0) return null;
  return el('div', { id: 'storage-concerns' },
    el('h3', {}, 'Readiness is Degraded'),
    list.map((c) => el('div', { class: 'notice warning', dataset: { concern: c.kind } }, el('strong', {}, c.reason), ' ', c.details)));
}

function recoveryEvents(events, reload) {
  if (events.length === 0) return el('p', { id: 'recovery-events', class: 'ok' }, 'No recovery events: the database has never needed repair.');
  const open = events.filter((e) => !e.acknowledged).length;
  const acknowledge = el('button', {
    type: 'button',
    id: 'acknowledge-recovery',
    disabled: open === 0,
    onclick: async () => {
      acknowledge.disabled = true;
      try {
        await send('AcknowledgeRecovery');
        await reload();
      } catch (error) {
        acknowledge.after(notice(error.message, 'error'));
        acknowledge.disabled = false;
      }
    },
  }, open === 0 ? 'All acknowledged' : `Acknowledge ${open} recovery event${open === 1 ? '' : 's'}`);
  return el('div', { id: 'recovery-events' },
    el('h3', {}, 'Recovery events'),
    open > 0 ? notice('The database was repaired. Check what was restored, then acknowledge; damage still being repaired stays open until it is.', 'warning') : null,
    el('table', { class: 'grid' },
      el('thead', {}, el('tr', {}, ['When', 'Problem', 'Damaged files moved to', 'Restored from backup', 'Rows restored', 'Rows salvaged', 'Acknowledged'].map((h) => el('th', {}, h)))),
      el('tbody', {}, events.map((e) => el('tr', { class: e.acknowledged ? null : 'attention' },
        el('td', {}, formatTime(e.at)),
        el('td', {}, e.problem),
        el('td', {}, e.quarantinedTo),
        el('td', {}, e.restoredFromBackup ?? 'none'),
        el('td', { class: 'number' }, formatCount(e.rowsRestored)),
        el('td', { class: 'number' }, formatCount(e.rowsSalvaged)),
        el('td', {}, e.acknowledged ? 'yes' : 'no'))))),
    acknowledge);
}
