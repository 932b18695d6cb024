// The floor map: the floor's SVG from the API, rooms and zones coloured by level, a live symbol on every device anchor.
import { api, list } from '../api.js';
import { h, clear, formatTime } from '../dom.js';
import { t, tOr } from '../i18n.js';
import { live } from '../live.js';
import { sanitizeSvg, MapError } from '../svg.js';
import { doorState, shutterState, shutterPosition, status, pointValue, truthy, shutterGroup, alarmId } from '../model.js';
import { can } from '../session.js';
import { confirmStep } from '../confirm.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
let lastFloor = null; // the floor shown last, whose map is asked for at once on the next visit

/** A promise whose rejection is handled later (or never, when the view gives up first): no unhandled rejection. */
const early = p => { p.catch(() => {}); return p; };

export async function render(root, { args, notify, describe, go }) {
  const tabs = h('nav', { class: 'tabs', 'aria-label': t('map.floors') });
  const mapBox = h('div', { class: 'map', id: 'floor-map' });
  // the confirmation step lives beside the device's details, so a refresh of the details never closes it
  const confirmHost = h('div', { id: 'map-confirm' });
  const details = h('div', { id: 'map-details' }, h('p', { class: 'hint', i18n: 'map.pick' }));
  const side = h('aside', { class: 'side card', id: 'map-side' }, confirmHost, details);
  const groupBar = h('div', { class: 'buttons map-actions', id: 'map-actions' });
  const section = h('section', { class: 'map-view' }, h('div', { class: 'map-main' }, tabs, groupBar, mapBox), side);
  root.append(section);

  // Everything the view needs is asked for at once; only the floor's map waits for the floor list when the floor
  // is not the one named in the address or shown last.
  const devicesP = early(api.devicesWithPoints()), alarmsP = early(api.alarms().catch(() => []));
  const groupsP = early(can('shutter') ? api.shutters().then(v => list(v, 'groups').map(shutterGroup)) : Promise.resolve([]));
  const guess = args[0] || lastFloor;
  const guessedMap = guess ? early(api.floorMap(guess)) : null;
  let floors;
  try {
    floors = (await api.floors()).map(f => (typeof f === 'string' ? { id: f } : f));
  } catch (e) {
    mapBox.append(h('p', { class: 'error', 'data-test': 'map-unavailable', i18n: ['map.unavailable', { reason: describe(e) }] }));
    return null;
  }
  const floor = args[0] && floors.some(f => f.id === args[0]) ? args[0] : (floors[0] && floors[0].id);
  floors.forEach(f => tabs.append(h('a', { href: `#/map/${encodeURIComponent(f.id)}`, class: f.id === floor ? 'active' : undefined, text: f.name || f.id })));
  if (!floor) { mapBox.append(h('p', { class: 'empty', i18n: 'map.noFloors' })); return null; }
  lastFloor = floor;

  let devices = new Map(), alarms = [], selected = null;
  // the devices with their points: the symbols show lock, contact, state, position, feeds
  const load = async (dsP, asP) => {
    const [ds, as] = await Promise.all([dsP, asP]);
    devices = new Map(ds.map(d => [d.id, d]));
    alarms = as;
  };
  const firstLoad = early(load(devicesP, alarmsP));

  let svg;
  try {
    svg = sanitizeSvg(await (floor === guess ? guessedMap : api.floorMap(floor)));
  } catch (e) {
    mapBox.append(h('p', { class: 'error', 'data-test': 'map-unavailable', i18n: ['map.unavailable', { reason: e instanceof MapError ? t('map.badFile', { floor, message: e.message }) : describe(e) }] }));
    return null;
  }
  svg.classList.add('floor');
  mapBox.append(svg);

  const refresh = async () => {
    try {
      await load(api.devicesWithPoints(), api.alarms().catch(() => []));
      draw();
      if (selected) showDevice(selected);
    } catch (e) { notify(describe(e), 'error'); }
  };

  function draw() {
    svg.querySelectorAll('[data-device]').forEach(anchor => {
      const id = anchor.getAttribute('data-device');
      const d = devices.get(id);
      anchor.querySelectorAll('.sym').forEach(n => n.remove());
      const g = document.createElementNS(SVG_NS, 'g');
      g.setAttribute('class', 'sym');
      const { cls, label } = d ? symbol(d) : { cls: 'sym-missing', label: '?' };
      anchor.setAttribute('class', `anchor ${cls}${id === selected ? ' selected' : ''}`);
      anchor.setAttribute('tabindex', '0');
      anchor.setAttribute('role', 'button');
      anchor.setAttribute('aria-label', `${id}: ${label}`);
      const c = document.createElementNS(SVG_NS, 'circle');
      c.setAttribute('r', '9');
      const text = document.createElementNS(SVG_NS, 'text');
      text.setAttribute('y', '22');
      text.setAttribute('text-anchor', 'middle');
      text.textContent = label;
      g.append(c, text);
      anchor.append(g);
      anchor.onclick = () => { selected = id; draw(); showDevice(id); };
      anchor.onkeydown = e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); anchor.onclick(); } };
    });
  }

  function symbol(d) {
    const st = status(d);
    const type = d.type || '';
    if (st.state === 'OFFLINE' || st.state === 'FAULT') return { cls: `sym-${type} sym-fault`, label: tOr(`status.${st.state}`, st.state) };
    if (type === 'door') { const s = doorState(d, alarms); return { cls: `sym-door door-${s}`, label: t(`door.${s}`) }; }
    if (type === 'shutter') {
      const s = shutterState(d), p = shutterPosition(d);
      return { cls: `sym-shutter shutter-${s.toLowerCase()}`, label: p === null || s === 'CLOSED' || s === 'OPEN' ? tOr(`shutter.${s}`, s) : `${tOr(`shutter.${s}`, s)} ${Math.round(p)}%` };
    }
    if (type === 'camera') { const ok = truthy(pointValue(d, 'video-ok')); return { cls: `sym-camera ${ok ? 'camera-ok' : 'camera-lost'}`, label: t(ok ? 'camera.ok' : 'camera.lost') }; }
    if (type === 'hvac') { const v = Number(pointValue(d, 'supply-temp')); return { cls: 'sym-hvac', label: Number.isFinite(v) ? `${v.toFixed(1)} °C` : '—' }; }
    if (type === 'power' || type === 'comms') {
      const a = truthy(pointValue(d, 'feed-a')), b = truthy(pointValue(d, 'feed-b'));
      return { cls: `sym-feeds ${a && b ? 'feeds-ok' : 'feeds-lost'}`, label: `A${a ? '●' : '○'} B${b ? '●' : '○'}` };
    }
    return { cls: `sym-${type}`, label: tOr(`status.${st.state}`, st.state) };
  }

  function showDevice(id) {
    const d = devices.get(id);
    const panel = clear(details);
    if (!d) { panel.append(h('p', { class: 'error', i18n: ['map.unknownDevice', { id }] })); return; }
    const st = status(d);
    panel.append(h('h2', { text: d.name || d.id }), h('p', { class: 'mono', text: d.id }),
      h('dl', {}, h('dt', { i18n: 'device.status' }), h('dd', { class: `status-${st.state.toLowerCase()}`, text: tOr(`status.${st.state}`, st.state) }),
        st.reason ? [h('dt', { i18n: 'device.reason' }), h('dd', { text: st.reason })] : null,
        h('dt', { i18n: 'device.zone' }), h('dd', { text: d.zone || '' })));
    const actions = h('div', { class: 'buttons' });
    const run = (action, args, titleKey, extra = []) => confirmStep(confirmHost, {
      title: titleKey, targets: [d.name || d.id], describe,
      fields: [...extra, { name: 'reason', i18n: 'common.reason', required: true }],
      onConfirm: async v => { const { reason, ...rest } = v; await api.command(d.id, action, { ...args, ...rest }, reason); notify(t('command.sent', { action: t(`action.${action}`), target: d.id }), 'ok'); refresh(); },
    });
    if (d.type === 'shutter' && can('shutter')) {
      ['close', 'open', 'stop'].forEach(a => actions.append(h('button', { type: 'button', 'data-action': a, i18n: `action.${a}`, onclick: () => run(a, {}, `confirm.shutter.${a}`) })));
    }
    if (d.type === 'door' && can('door')) {
      actions.append(h('button', { type: 'button', 'data-action': 'unlock', i18n: 'action.unlock', onclick: () => run('unlock', {}, 'confirm.door.unlock', [{ name: 'seconds', i18n: 'door.seconds', type: 'number', value: 5, min: 1, max: 600 }]) }));
    }
    panel.append(actions);
    const standing = alarms.filter(a => a.device === id);
    if (standing.length) panel.append(h('h3', { i18n: 'nav.alarms' }), h('ul', {}, standing.map(a => h('li', {}, h('span', { text: `${tOr(`alarm.state.${a.state}`, a.state)} ` }), h('span', { text: a.message || a.condition || alarmId(a) }), h('small', { text: ` ${formatTime(a.since || a.time)}` })))));
    if (d.type === 'hvac' || d.type === 'ups') panel.append(h('a', { href: `#/trend/${encodeURIComponent(id)}`, i18n: 'trend.open' }));
  }

  // a point value from the stream updates its symbol here; anything else (status, doors, alarms) re-reads over REST
  let redraw = null;
  const applyPoint = ev => {
    if (ev.type !== 'point.changed') return;
    const d = devices.get(ev.source);
    const id = ev.subject || (ev.data && ev.data.point);
    if (!d || !id) return;
    const points = Array.isArray(d.points) ? d.points : (d.points = []);
    const row = points.find(p => p.id === id);
    const value = { id, value: ev.data && ev.data.value, quality: ev.data && ev.data.quality, time: ev.time };
    if (row) Object.assign(row, value); else points.push(value);
    if (!redraw) redraw = setTimeout(() => { redraw = null; draw(); if (selected) showDevice(selected); }, 200);
  };
  // close or open a group of counter shutters from the map (all counters first), with the same confirmation step
  async function drawGroups(groupsP) {
    clear(groupBar);
    if (!can('shutter')) return;
    let groups = [];
    try { groups = await groupsP; } catch (e) { return; }
    const all = groups.find(g => g.id === 'all-counters') || groups[0];
    if (!all) return;
    for (const action of ['close', 'open']) {
      groupBar.append(h('button', { type: 'button', class: action === 'close' ? 'primary' : undefined, 'data-group': all.id, 'data-action': action,
        i18n: [`shutter.group.${action}`, { group: all.name }], onclick: () => askGroup(all, action) }));
    }
  }
  function askGroup(group, action) {
    confirmStep(confirmHost, {
      title: `confirm.shutter.${action}`, targets: group.members, describe,
      fields: [{ name: 'reason', i18n: 'common.reason' }],
      onConfirm: async ({ reason }) => {
        const started = performance.now();
        await api.shutterGroup(group.id, action, reason);
        // from the confirm click's handler to the API's answer, which comes once every shutter's command is dispatched
        section.dataset.dispatchMillis = String(Math.round(performance.now() - started));
        notify(t('shutter.dispatched', { count: group.members.length, action: t(`action.${action}`) }), 'ok');
        refresh();
      },
    });
  }

  try {
    await firstLoad;
    draw();
  } catch (e) { notify(describe(e), 'error'); }
  await drawGroups(groupsP);
  const feed = live(['device.status', 'point.changed', 'shutter.state', 'door.', 'alarm.', 'camera.'],
    { refresh, onEvent: applyPoint, refreshIf: ev => ev.type !== 'point.changed', coalesceMillis: 500 });
  return { stop: () => { feed.stop(); clearTimeout(redraw); }, relabel: () => { draw(); if (selected) showDevice(selected); drawGroups(groupsP); } };
}
