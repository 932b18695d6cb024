// The console: one page, one view at a time (#/map/1F, #/alarms, ...), everything from the REST API.
import { api, onSessionLost, ApiError } from './api.js';
import { t, setLanguage, initialLanguage, language } from './i18n.js';
import { h, clear } from './dom.js';
import { session, setSession } from './session.js';

const VIEWS = {
  login: () => import('./views/login.js'),
  map: () => import('./views/map.js'),
  events: () => import('./views/events.js'),
  alarms: () => import('./views/alarms.js'),
  shutters: () => import('./views/shutters.js'),
  doors: () => import('./views/doors.js'),
  postures: () => import('./views/postures.js'),
  access: () => import('./views/access.js'),
  devices: () => import('./views/devices.js'),
  trend: () => import('./views/trend.js'),
};
const NAV = ['map', 'events', 'alarms', 'shutters', 'doors', 'postures', 'access', 'devices', 'trend'];

const viewEl = document.getElementById('view');
const noticeEl = document.getElementById('notice');
let active = null;

/** Shows a message under the bar: kind 'error' | 'info' | 'ok'; text already translated. */
export function notify(text, kind = 'info') {
  noticeEl.textContent = text;
  noticeEl.className = `notice notice-${kind}`;
  noticeEl.hidden = !text;
}

/** An API error as a sentence in the user's language, with the API's own message when it gave one. */
export function describe(error) {
  if (error instanceof ApiError) {
    const key = { 0: 'error.network', 400: 'error.badRequest', 401: 'error.session', 403: 'error.forbidden', 404: 'error.notFound', 409: 'error.conflict', 429: 'error.throttled' }[error.status] || 'error.server';
    return t(key, { path: `/api${error.path}`, status: error.status, message: error.message || '' });
  }
  if (error && error.translated) return error.message;
  return t('error.unexpected', { message: error && error.message || String(error) });
}

export function go(route) {
  if (location.hash === `#/${route}`) render(); else location.hash = `#/${route}`;
}

// A click on a link to a view renders it at once: the address changes with history.pushState, which fires no
// hashchange, instead of waiting for the browser's hashchange task (20-80 ms here under load). Back and forward
// still arrive as popstate/hashchange; shown remembers which address is on screen so none renders twice.
let shown = null;
function onLinkClick(e) {
  const a = e.target.closest && e.target.closest('a[href^="#/"]');
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  if (location.hash !== a.getAttribute('href')) history.pushState(null, '', a.getAttribute('href'));
  render();
}
function onAddressChange() { if (location.hash !== shown) render(); }

function parseRoute() {
  const [name, ...rest] = location.hash.replace(/^#\/?/, '').split('/');
  return { name: VIEWS[name] ? name : (session() ? 'map' : 'login'), args: rest.map(decodeURIComponent) };
}

async function render() {
  shown = location.hash;
  let { name, args } = parseRoute();
  if (!session() && name !== 'login') name = 'login';
  if (session() && name === 'login') name = 'map';
  if (active && active.stop) active.stop();
  active = null;
  notify('');
  renderNav(name);
  clear(viewEl);
  viewEl.dataset.view = name;
  const started = performance.now();
  try {
    const module = await VIEWS[name]();
    active = await module.render(viewEl, { args, notify, describe, go }) || null;
  } catch (e) {
    notify(describe(e), 'error');
  }
  viewEl.dataset.renderMillis = String(Math.round(performance.now() - started));
}

function renderNav(current) {
  const nav = document.getElementById('nav');
  const who = document.getElementById('who');
  const logout = document.getElementById('logout');
  const s = session();
  nav.hidden = !s; logout.hidden = !s;
  clear(nav); clear(who);
  if (!s) return;
  for (const name of NAV) {
    nav.append(h('a', { href: `#/${name}`, class: name === current ? 'active' : undefined, i18n: `nav.${name}`, 'aria-current': name === current ? 'page' : undefined }));
  }
  who.append(h('span', { text: s.user }), ' ', h('span', { class: 'roles', text: s.roles.map(r => t(`role.${r}`)).join(', ') }));
}

async function start() {
  try {
    await setLanguage(initialLanguage());
  } catch (e) {
    noticeEl.hidden = false; noticeEl.textContent = e.message; // no messages to say it with: the raw reason
    return;
  }
  document.getElementById('lang-switch').addEventListener('click', () => setLanguage(language() === 'ja' ? 'en' : 'ja'));
  document.getElementById('logout').addEventListener('click', async () => {
    try { await api.logout(); } catch (e) { /* gone already */ }
    setSession(null); go('login');
  });
  document.addEventListener('yakata:language', () => { renderNav(parseRoute().name); if (active && active.relabel) active.relabel(); });
  onSessionLost(() => { setSession(null); go('login'); notify(t('error.session'), 'error'); });
  try {
    setSession(await api.session());
  } catch (e) {
    setSession(null); // not logged in (401), or no API yet: the log-in view says which when it is used
  }
  window.addEventListener('hashchange', onAddressChange);
  window.addEventListener('popstate', onAddressChange);
  document.addEventListener('click', onLinkClick);
  await render();
  document.body.dataset.ready = 'true';
}

start();
