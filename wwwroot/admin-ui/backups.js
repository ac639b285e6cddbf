import { download, getJsonIfAvailable, send } from './api.js';
import { el, replace, formatBytes, formatTime, notice } from './dom.js';

export async function showBackups(section) {
  const list = el('div', { id: 'backup-list' }, notice('Loading…'));
  const status = el('div', { id: 'backup-status', 'aria-live': 'polite' });
  const create = el('button', {
    type: 'button',
    id: 'create-backup',
    onclick: async () => {
      create.disabled = true;
      replace(status, notice('Taking a backup…'));
      try {
        await send('/api/admin/backups', { method: 'POST' });
        replace(status, notice('Backup taken and verified.', 'ok'));
        await fillList(list);
      } catch (error) {
        replace(status, notice(error.status === 404 ? 'Backups are not available on this server.' : error.message, 'error'));
      } finally {
        create.disabled = false;
      }
    },
  }, 'Back up now');
  replace(section,
    el('div', { class: 'toolbar' }, el('h1', {}, 'Backups'), create),
    el('p', {}, 'Consistent online copies of the database, taken while the service runs and checked after they are written. They are kept in the data directory, under backups/.'),
    status,
    list);
  await fillList(list);
}

async function fillList(list) {
  try {
    const backups = await getJsonIfAvailable('/api/admin/backups');
    if (!backups) {
      replace(list, notice('Backups are not available: this server has no /api/admin/backups endpoint.'));
      return;
    }
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
          onclick: (event) => download(`/api/admin/backups/${encodeURIComponent(b.name)}`, b.name)
            .catch((error) => event.target.after(notice(error.message, 'error'))),
        }, 'Download')))))));
  } catch (error) {
    replace(list, notice(error.message, 'error'));
  }
}
