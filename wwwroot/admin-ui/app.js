import { adminKey, ApiError, getJson } from './api.js';
import { el, replace, notice } from './dom.js';
import { showDashboard } from './dashboard.js';
import { showDatabase } from './database.js';
import { showBackups } from './backups.js';
import { showRequests } from './requests.js';
import { showGames } from './games.js';
import { showAnalytics } from './analytics.js';

const tabs = {
  dashboard: showDashboard,
  database: showDatabase,
  backups: showBackups,
  requests: showRequests,
  games: showGames,
  analytics: showAnalytics,
};

const main = document.getElementById('content');
const nav = document.getElementById('tabs');
const signOut = document.getElementById('sign-out');

/** Routes are #tab or #tab/argument, so a reload or a shared link opens the same place. */
function route() {
  if (!adminKey.get()) {
    showLogin();
    return;
  }
  const [tab, argument] = location.hash.slice(1).split('/').map(decodeURIComponent);
  const name = tab in tabs ? tab : 'dashboard';
  nav.hidden = signOut.hidden = false;
  for (const link of nav.querySelectorAll('a')) link.setAttribute('aria-current', link.dataset.tab === name ? 'page' : 'false');
  const section = el('section', { id: name });
  replace(main, section);
  tabs[name](section, argument);
}

function showLogin(message) {
  nav.hidden = signOut.hidden = true;
  const key = el('input', { type: 'password', id: 'admin-key', name: 'admin-key', autocomplete: 'current-password', required: true, autofocus: true });
  const error = el('div', { id: 'login-error' }, message ? notice(message, 'error') : null);
  const form = el('form', { id: 'login-form' },
    el('label', { for: 'admin-key' }, 'Admin key'),
    key,
    el('button', { type: 'submit' }, 'Sign in'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    adminKey.set(key.value);
    try {
      await getJson('ListTables', { signingIn: true });
      route();
    } catch (failure) {
      adminKey.clear();
      replace(error, notice(loginFailure(failure), 'error'));
    }
  });
  replace(main, el('section', { id: 'login' },
    el('h1', {}, 'Sign in to the SessionStore admin'),
    el('p', {}, 'Enter the admin key: the service\'s Admin__ApiKey setting. This browser keeps it until the tab or window is closed.'),
    form,
    error));
  key.focus();
}

function loginFailure(failure) {
  if (!(failure instanceof ApiError)) return `The service cannot be reached: ${failure.message}`;
  if (failure.status === 401) return 'That is not the admin key.';
  if (failure.status === 404) return 'The admin endpoints are disabled on this server: set Admin__ApiKey in its configuration and restart it.';
  return failure.message;
}

window.addEventListener('hashchange', route);
window.addEventListener('admin-key-refused', () => {
  adminKey.clear();
  showLogin('The admin key was refused; it may have changed. Sign in again.');
});
signOut.addEventListener('click', () => {
  adminKey.clear();
  showLogin();
});
document.getElementById('row-detail-close').addEventListener('click', () => document.getElementById('row-detail').close());
route();
