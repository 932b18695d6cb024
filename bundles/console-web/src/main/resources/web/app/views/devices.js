// Every device with its status and the reason for it; faults and offline devices first.
import { api } from '../api.js';
import { h, clear, table } from '../dom.js';
import { t, tOr } from '../i18n.js';
import { live } from '../live.js';
import { status } from '../model.js';

const ORDER = { FAULT: 0, OFFLINE: 1, UNKNOWN: 2, ONLINE: 3 };

export async function render(root, { notify, describe }) {
  const only = h('select', { name: 'status' }, ['', 'FAULT', 'OFFLINE', 'UNKNOWN', 'ONLINE'].map(s => h('option', { value: s, i18n: s ? `status.${s}` : 'devices.all' })));
  const body = h('div', { id: 'device-list' });
  only.addEventListener('change', () => draw());
  root.append(h('section', { class: 'devices' }, h('h1', { i18n: 'nav.devices' }), h('label', { class: 'field' }, h('span', { i18n: 'device.status' }), only), body));
  let devices = [];
  function draw() {
    clear(body);
    const rows = devices.filter(d => !only.value || status(d).state === only.value)
      .sort((a, b) => (ORDER[status(a).state] ?? 9) - (ORDER[status(b).state] ?? 9) || a.id.localeCompare(b.id));
    body.append(table([
      { key: 'device.name', cell: d => [h('div', { text: d.name || d.id }), h('small', { class: 'mono', text: d.id })] },
      { key: 'device.type', cell: d => tOr(`type.${d.type}`, d.type || '') },
      { key: 'device.floor', cell: d => d.floor || '' },
      { key: 'device.zone', cell: d => d.zone || '' },
      { key: 'device.status', cell: d => { const s = status(d).state; return h('span', { class: `status-${s.toLowerCase()}`, text: tOr(`status.${s}`, s) }); } },
      { key: 'device.reason', cell: d => status(d).reason },
      { key: 'trend.title', cell: d => h('a', { href: `#/trend/${encodeURIComponent(d.id)}`, i18n: 'trend.open' }) },
    ], rows));
  }
  async function refresh() {
    try { devices = await api.devices(); draw(); } catch (e) { notify(describe(e), 'error'); }
  }
  await refresh();
  const feed = live(['device.status'], { refresh, pollMillis: 5000 });
  return { stop: () => feed.stop(), relabel: draw };
}
