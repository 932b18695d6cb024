// Reading the API's device JSON: a point's value whatever way the device lists its points, and what a symbol shows.

/** The value of one point: device.points as a map ({locked: {value: true}} or {locked: true}) or a list ([{id, value}]). */
export function pointValue(device, point) {
  if (!device) return undefined;
  const p = device.points || device.values;
  if (Array.isArray(p)) {
    const found = p.find(x => x.id === point || x.point === point || x.name === point);
    return found ? (found.value !== undefined ? found.value : found.current && found.current.value) : undefined;
  }
  if (p && p[point] !== undefined) {
    const v = p[point];
    return v !== null && typeof v === 'object' ? (v.value !== undefined ? v.value : v.current && v.current.value) : v;
  }
  return undefined;
}

export function truthy(v) { return v === true || v === 'true' || v === 1 || v === '1'; }

/** One word for a door: forced and held come from its standing alarms, the rest from its lock and contact. */
export function doorState(device, alarms) {
  const mine = (alarms || []).filter(a => a.device === device.id && !['NORMAL', 'CLEARED'].includes(String(a.state || '').toUpperCase()));
  const text = a => `${a.condition || ''} ${a.type || ''} ${a.id || ''}`;
  if (mine.some(a => /forced/.test(text(a)))) return 'forced';
  if (mine.some(a => /held/.test(text(a)))) return 'held';
  const contact = pointValue(device, 'contact');
  if (contact !== undefined && !truthy(contact)) return 'open';
  const locked = pointValue(device, 'locked');
  if (locked === undefined) return 'unknown';
  return truthy(locked) ? 'locked' : 'unlocked';
}

export function shutterState(device) {
  const s = device.shutterState || device.state || pointValue(device, 'state');
  return typeof s === 'string' ? s.toUpperCase() : 'UNKNOWN';
}

export function shutterPosition(device) {
  const own = device.position !== undefined && device.position !== '' ? device.position : undefined;
  const p = own !== undefined ? own : pointValue(device, 'position');
  if (p === undefined || p === null || p === '') return null; // unknown, not 0 %
  const n = Number(p);
  return Number.isFinite(n) ? Math.max(0, Math.min(100, n)) : null;
}

export function status(device) {
  const s = device.status;
  if (s && typeof s === 'object') return { state: String(s.state || s.status || 'UNKNOWN').toUpperCase(), reason: s.reason || s.detail || '' };
  return { state: String(s || 'UNKNOWN').toUpperCase(), reason: device.reason || device.statusReason || '' };
}

/** An alarm's id: the alarms device lists it as 'alarm' (condition@device). */
export function alarmId(alarm) { return alarm.id || alarm.alarm; }

/** A group of the shutters device's status: {group, name, shutters: 'a,b,c'} (or a list). */
export function shutterGroup(g) {
  const members = Array.isArray(g.shutters || g.members) ? (g.shutters || g.members)
    : String(g.shutters || g.members || '').split(',').map(s => s.trim()).filter(Boolean);
  return { id: g.id || g.group || g.name, name: g.name || g.id || g.group, members };
}
