// The console's only way to the hub: the REST API under /api (bundle yakata-console). Every route the UI uses is
// named here and nowhere else, so docs/console.md's list of routes and this file are the same list.
let csrfToken = null;
const listeners = new Set();

export class ApiError extends Error {
  constructor(status, code, message, path) {
    super(message || `HTTP ${status}`);
    this.status = status; this.code = code; this.path = path;
  }
}

/** Called with no argument when the API answers 401 (the session ended or expired). */
export function onSessionLost(fn) { listeners.add(fn); }

/** The live stream said its session ended: the same as a 401. */
export function sessionLost() { listeners.forEach(fn => fn()); }

async function call(method, path, body, { accept = 'application/json' } = {}) {
  const headers = { Accept: accept };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res;
  try {
    res = await fetch(`/api${path}`, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, 'network', e.message, path);
  }
  if (!res.ok) {
    let detail = {};
    try { detail = await res.json(); } catch (e) { /* not JSON */ }
    if (res.status === 401 && path !== '/session') listeners.forEach(fn => fn());
    throw new ApiError(res.status, detail.error || detail.code, detail.message || detail.error, path);
  }
  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') || '';
  return type.includes('json') ? res.json() : res.text();
}

/** A list from either a bare array or an object holding one ({items: [...]}, {devices: [...]}, ...). */
export function list(value, ...names) {
  if (Array.isArray(value)) return value;
  for (const n of [...names, 'items', 'data']) if (value && Array.isArray(value[n])) return value[n];
  return [];
}

const enc = encodeURIComponent;
const query = params => {
  const q = Object.entries(params || {}).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return q.length ? '?' + q.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&') : '';
};

function remember(session) {
  csrfToken = session && (session.csrfToken || session.csrf) || csrfToken;
  return session;
}

export const api = {
  login: (user, password) => call('POST', '/session', { user, password }).then(remember),
  session: () => call('GET', '/session').then(remember),
  logout: () => call('DELETE', '/session').finally(() => { csrfToken = null; }),

  devices: () => call('GET', '/devices').then(v => list(v, 'devices')),
  devicesWithPoints: () => call('GET', '/devices?points=true').then(v => list(v, 'devices')),
  device: id => call('GET', `/devices/${enc(id)}`),
  command: (device, action, args, reason) => call('POST', `/devices/${enc(device)}/commands`, { action, args: args || {}, reason }),

  alarms: () => call('GET', '/alarms').then(v => list(v, 'alarms')),
  acknowledge: (id, comment) => call('POST', `/alarms/${enc(id)}/acknowledge`, { comment }),
  shelve: (id, minutes, reason) => call('POST', `/alarms/${enc(id)}/shelve`, { minutes, reason }),

  shutters: () => call('GET', '/shutters'),
  shutterGroup: (group, action, reason) => call('POST', `/shutters/groups/${enc(group)}/${enc(action)}`, { reason }),

  postures: () => call('GET', '/postures').then(v => list(v, 'postures')),
  posturePreview: name => call('POST', `/postures/${enc(name)}/preview`, {}),
  postureRun: (name, token, reason) => call('POST', `/postures/${enc(name)}/run`, { token, reason }),

  events: params => call('GET', `/events${query(params)}`).then(v => list(v, 'events')),
  history: (device, point, params) => call('GET', `/history/${enc(device)}/${enc(point)}${query(params)}`),

  accessLog: params => call('GET', `/access/log${query(params)}`).then(v => list(v, 'entries', 'events')),
  inside: () => call('GET', '/access/inside').then(v => list(v, 'inside', 'people')),
  csvUrl: (path, params) => `/api${path}${query({ ...params, format: 'csv' })}`,

  floors: () => call('GET', '/floors').then(v => list(v, 'floors')),
  floorMap: floor => call('GET', `/floors/${enc(floor)}/map`, undefined, { accept: 'image/svg+xml' }),

  // Server-Sent Events (live.js): what a view shows, by event type and optionally by device or zone
  streamUrl: (topics, { devices, zones } = {}) => `/api/events/stream${query({
    topics: topics.join(','), devices: devices && devices.join(','), zones: zones && zones.join(','),
  })}`,
};
