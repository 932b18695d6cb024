// Who is logged in, and which controls that user's roles may see. The hub's command policy decides every action
// again (the UI is not the security): a control shown here can still be refused, with the API's reason.
let current = null;

// Which controls each role sees, from etc/yakata.policy's demo rules: operators and managers run shutters, doors,
// alarms and postures; viewers only look. If the API names the allowed actions in the session
// ({permissions: ["shutter.close", ...]}), those win.
const ROLE_CONTROLS = {
  viewer: [],
  operator: ['shutter', 'door', 'alarm', 'posture'],
  manager: ['shutter', 'door', 'alarm', 'posture', 'device'],
  admin: ['shutter', 'door', 'alarm', 'posture', 'device'],
};

export function setSession(s) { current = s ? normalise(s) : null; }
export function session() { return current; }

function normalise(s) {
  const roles = (s.roles || []).map(r => String(r).replace(/^yakata-/, ''));
  return { user: s.user || s.name || s.username, roles, permissions: Array.isArray(s.permissions) ? s.permissions : null };
}

/** May the current user see the controls of this kind ('shutter', 'door', 'alarm', 'posture', 'device')? */
export function can(kind) {
  if (!current) return false;
  if (current.permissions) return current.permissions.some(p => p === '*' || p.startsWith(kind + '.') || p.startsWith(kind + '-'));
  return current.roles.some(r => (ROLE_CONTROLS[r] || []).includes(kind));
}
