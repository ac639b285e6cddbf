import { ApiError, download, getJson, getJsonIfAvailable, send } from './api.js';
import { el, replace, formatBytes, formatDuration, formatTime, notice } from './dom.js';

const locations = { local: 'this host', remote: 'off the host', both: 'this host and off it' };

export async function showBackups(section) {
  const list = el('div', { id: 'backup-list' }, notice('Loading…'));
  const health = el('div', { id: 'backup-health' });
  const drills = el('div', { id: 'drill-list' });
  const status = el('div', { id: 'backup-status', 'aria-live': 'polite' });
  const intro = el('p', {}, 'Consistent online copies of the database, taken while the service runs, checked and given a manifest ' +
    '(size, SHA-256, row counts) before they are listed. They are kept in the data directory, under backups/, and copied off the host ' +
    'when an S3-compatible store is configured. A restore drill restores the newest of each into a scratch folder and checks it against its manifest.');
  const refresh = () => Promise.all([fillList(list, [create, drill, intro, health, drills]), fillHealth(health), fillDrills(drills)]);
  const act = (button, busy, done, operation) => async () => {
    button.disabled = true;
    replace(status, notice(busy));
    try {
      const answer = await getJson(operation);
      replace(status, notice(done(answer), Array.isArray(answer) && answer.some((d) => !d.passed) ? 'warning' : 'ok'));
      await refresh();
    } catch (error) {
      replace(status, notice(error.status === 404 ? 'Backups are not available on this server.' : error.message, 'error'));
    } finally {
      button.disabled = false;
    }
  };
  const create = el('button', { type: 'button', id: 'create-backup' }, 'Back up now');
  create.addEventListener('click', act(create, 'Taking a backup…', () => 'Backup taken and verified.', 'CreateBackup'));
  const drill = el('button', { type: 'button', id: 'run-drill' }, 'Run drill now');
  drill.addEventListener('click', act(drill, 'Restoring the newest backups into a scratch folder…', (results) =>
    results.every((d) => d.passed) ? `Drill passed: ${results.length} restored and checked.` : 'Drill FAILED: see the drills below.', 'RunRestoreDrill'));
  replace(section,
    el('div', { class: 'toolbar' }, el('h1', {}, 'Backups'), create, drill),
    intro,
    status,
    health,
    list,
    drills);
  await refresh();
}

/** Lists the backups; on a server without them, hides what only makes sense with backups (onlyWithBackups) and says why. */
async function fillList(list, onlyWithBackups) {
  try {
    const backups = await getJson('ListBackups');
    if (backups.length === 0) {
      replace(list, notice('No backups yet.'));
      return;
    }
    replace(list, el('table', { class: 'grid' },
      el('thead', {}, el('tr', {}, ['Name', 'Taken', 'Size', 'Kept on', 'Verified', 'Proven restorable', ''].map((h) => el('th', {}, h)))),
      el('tbody', {}, backups.map((b) => el('tr', { dataset: { backup: b.name, location: b.location } },
        el('td', {}, b.name),
        el('td', {}, formatTime(b.createdAt)),
        el('td', { class: 'number' }, formatBytes(b.sizeBytes)),
        el('td', { dataset: { field: 'location' } }, locations[b.location] ?? b.location),
        el('td', { dataset: { field: 'verified' } }, b.foreign ? 'foreign: not the service\'s own' : b.verified ? 'yes' : 'NO'),
        el('td', { dataset: { field: 'proven' } }, b.provenRestorableAt ? formatTime(b.provenRestorableAt) : 'not yet'),
        el('td', {}, b.location === 'remote' ? null : el('button', {
          type: 'button',
          onclick: (event) => download('GetBackup', { path: { name: b.name } }, b.name)
            .catch((error) => event.target.after(notice(error.message, 'error'))),
        }, 'Download')))))));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      // A server without backups: an older one, or one whose data is in PostgreSQL, whose problem says what to use instead.
      for (const element of onlyWithBackups) element.hidden = true;
      replace(list, notice(error.problem?.detail ?? 'Backups are not available: this server has no /api/admin/backups endpoint.'));
      return;
    }
    replace(list, notice(error.message, 'error'));
  }
}

/** Where copies go off the host, how the uploads go, and the newest backup a drill proved restorable. */
async function fillHealth(container) {
  try {
    const storage = await getJsonIfAvailable('GetStorage');
    const b = storage?.backups;
    if (!b) {
      replace(container);
      return;
    }
    const uploads = !b.offHostTarget ? 'not configured: backups stay on this host (set Backup__S3__Bucket)'
      : b.consecutiveUploadFailures > 0
        ? `FAILING: ${b.consecutiveUploadFailures} in a row; the last said: ${b.lastUploadError}`
        : b.lastUploadAt ? `working, last upload ${formatTime(b.lastUploadAt)}` : 'no upload yet';
    replace(container, el('dl', { class: 'figures' },
      el('dt', {}, 'Off-host store'), el('dd', { dataset: { stat: 'offHostTarget' } }, b.offHostTarget ?? 'none'),
      el('dt', {}, 'Uploads'), el('dd', { dataset: { stat: 'uploads' }, class: b.consecutiveUploadFailures > 0 ? 'attention' : null }, uploads),
      el('dt', {}, 'Newest backup proven restorable'), el('dd', { dataset: { stat: 'provenRestorable' } }, b.provenRestorableBackupAt
        ? `taken ${formatTime(b.provenRestorableBackupAt)}, ${formatDuration(b.provenRestorableAgeSeconds)} ago`
        : 'none yet'),
      el('dt', {}, 'Drills'), el('dd', { dataset: { stat: 'drills' } },
        `every ${formatDuration(b.drillIntervalSeconds)}; last ${b.lastDrillAt ? formatTime(b.lastDrillAt) : 'never'}`)));
  } catch (error) {
    replace(container, notice(error.message, 'error'));
  }
}

async function fillDrills(container) {
  try {
    const drills = await getJsonIfAvailable('ListRestoreDrills');
    if (!drills) {
      replace(container);
      return;
    }
    replace(container, el('h2', {}, 'Restore drills'), drills.length === 0
      ? notice('No drill has run yet.')
      : el('table', { class: 'grid' },
        el('thead', {}, el('tr', {}, ['When', 'Where', 'Backup', 'Result', 'What it found', 'Took'].map((h) => el('th', {}, h)))),
        el('tbody', {}, drills.map((d) => el('tr', { class: d.passed ? null : 'attention', dataset: { drill: d.location } },
          el('td', {}, formatTime(d.at)),
          el('td', {}, locations[d.location] ?? d.location),
          el('td', {}, d.backup ?? 'none'),
          el('td', { dataset: { field: 'result' } }, d.passed ? 'passed' : 'FAILED'),
          el('td', {}, d.outcome),
          el('td', { class: 'number' }, formatDuration(d.durationSeconds)))))));
  } catch (error) {
    replace(container, notice(error.message, 'error'));
  }
}
