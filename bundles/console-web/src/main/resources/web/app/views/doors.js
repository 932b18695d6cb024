// Doors: their state, and the momentary release (a timed unlock pulse through the command policy).
import { api } from '../api.js';
import { h, clear, table } from '../dom.js';
import { t, tOr } from '../i18n.js';
import { live } from '../live.js';
import { doorState, status } from '../model.js';
import { can } from '../session.js';
import { confirmStep } from '../confirm.js';

export async function render(root, { notify, describe }) {
  const host = h('section', { class: 'doors' });
  const body = h('div');
  host.append(h('h1', { i18n: 'nav.doors' }), body);
  root.append(host);
  let doors = [], alarms = [];

  function draw() {
    clear(body);
    const columns = [
      { key: 'device.name', cell: d => [h('div', { text: d.name || d.id }), h('small', { class: 'mono', text: d.id })] },
      { key: 'device.zone', cell: d => d.zone || '' },
      { key: 'door.state', cell: d => { const s = doorState(d, alarms); return h('span', { class: `door-${s}`, 'data-state': s, text: t(`door.${s}`) }); } },
      { key: 'device.status', cell: d => { const st = status(d); return [tOr(`status.${st.state}`, st.state), st.reason ? h('small', { text: ` ${st.reason}` }) : null]; } },
    ];
    if (can('door')) columns.push({ key: 'common.actions', cell: d => h('button', { type: 'button', 'data-action': 'unlock', 'data-device': d.id, i18n: 'door.release', onclick: () => release(d) }) });
    body.append(table(columns, doors));
  }

  function release(d) {
    confirmStep(host, {
      title: 'confirm.door.unlock', targets: [d.name || d.id], describe,
      fields: [{ name: 'seconds', i18n: 'door.seconds', type: 'number', value: 5, min: 1, max: 600 }, { name: 'reason', i18n: 'common.reason' }],
      onConfirm: async ({ seconds, reason }) => { await api.command(d.id, 'unlock', { seconds }, reason); notify(t('door.released', { door: d.name || d.id, seconds }), 'ok'); refresh(); },
    });
  }

  async function refresh() {
    try {
      const [ds, as] = await Promise.all([api.devicesWithPoints(), api.alarms().catch(() => [])]); // lock and contact
      doors = ds.filter(d => d.type === 'door'); alarms = as; draw();
    } catch (e) { notify(describe(e), 'error'); }
  }
  await refresh();
  // a door's lock and contact are points: their changes come as point.changed, of which only the doors' matter here
  const feed = live(['door.', 'access.', 'device.status', 'point.changed'],
    { refresh, refreshIf: ev => ev.type !== 'point.changed' || doors.some(d => d.id === ev.source) });
  return { stop: () => feed.stop(), relabel: draw };
}
