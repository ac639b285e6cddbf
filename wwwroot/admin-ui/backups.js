import { ApiError, download, getJson, send } from './api.js';
import { el, replace, formatBytes, formatTime, notice } from './dom.js';

export async function showBackups(section) {
  const list = el('div', { id: 'backup-list' }, notice('Loading…'));
  const status = el('div', { id: 'backup-status', 'aria-live': 'polite' });
  const intro = el('p', {}, 'Consistent online copies of the database, taken while the service runs and checked after they are written. They are kept in the data directory, under backups/.');
  const create = el('button', {
    type: 'button',
    id: 'create-backup',
    onclick: async () => {
      create.disabled = true;
      replace(status, notice('Taking a backup…'));
      try {
        await send('CreateBackup');
        replace(status, notice('Backup taken and verified.', 'ok'));
        await fillList(list, [create, intro]);
      } catch (error) {
        replace(status, notice(error.status === 404 ? 'Backups are not available on this server.' : error.message, 'error'));
      } finally {
        create.disabled = false;
      }
    },
  }, 'Back up now');
  replace(section,
    el('div', { class: 'toolbar' }, el('h1', {}, 'Backups'), create),
    intro,
    status,
    list);
  await fillList(list, [create, intro]);
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
      el('thead', {}, el('tr', {}, ['Name', 'Taken', 'Size', 'Verified', ''].map((h) => el('th', {}, h)))),
      el('tbody', {}, backups.map((b) => el('tr', { dataset: { backup: b.name } },
        el('td', {}, b.name),
        el('td', {}, formatTime(b.createdAt)),
        el('td', { class: 'number' }, formatBytes(b.sizeBytes)),
        el('td', {}, b.verified ? 'yes' : 'NO'),
        el('td', {}, el('button', {
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
