// The access log (who passed which door, when, and the decision) and who is inside each Level-3 room; both as CSV.
import { api } from '../api.js';
import { h, clear, table, formatTime } from '../dom.js';
import { t, tOr } from '../i18n.js';
import { live } from '../live.js';

export async function render(root, { notify, describe }) {
  const last = h('select', { name: 'last' }, ['1h', '8h', '1d', '7d'].map(v => h('option', { value: v, i18n: `range.${v}` })));
  const door = h('input', { name: 'door', 'data-i18n-placeholder': 'access.doorHint', placeholder: t('access.doorHint') });
  const logCsv = h('a', { class: 'button', 'data-test': 'access-csv', i18n: 'common.csv', download: '' });
  const insideCsv = h('a', { class: 'button', 'data-test': 'inside-csv', i18n: 'common.csv', download: '', href: api.csvUrl('/access/inside') });
  const logBox = h('div'), insideBox = h('div');
  const form = h('form', { class: 'filters' },
    h('label', { class: 'field' }, h('span', { i18n: 'access.last' }), last),
    h('label', { class: 'field' }, h('span', { i18n: 'access.door' }), door),
    h('button', { type: 'submit', i18n: 'common.apply' }), logCsv);
  root.append(h('section', { class: 'access two' },
    h('div', {}, h('h1', { i18n: 'access.inside' }), insideCsv, insideBox),
    h('div', {}, h('h1', { i18n: 'access.log' }), form, logBox)));
  let entries = [], inside = [];

  const params = () => ({ last: last.value, door: door.value.trim() });
  function draw() {
    logCsv.href = api.csvUrl('/access/log', params());
    clear(logBox); clear(insideBox);
    insideBox.append(table([
      { key: 'access.room', cell: r => r.room || r.zone || '' },
      { key: 'access.person', cell: r => r.person || r.name || r.card || '' },
      { key: 'access.since', cell: r => formatTime(r.since || r.entered) },
    ], inside));
    logBox.append(table([
      { key: 'events.time', cell: e => formatTime(e.time) },
      { key: 'access.door', cell: e => h('span', { class: 'mono', text: e.door || e.subject || '' }) },
      { key: 'access.person', cell: e => e.person || e.name || e.card || '' },
      { key: 'access.direction', cell: e => tOr(`access.direction.${e.direction}`, e.direction || '') },
      { key: 'access.decision', cell: e => h('span', { class: /denied/.test(e.decision || e.type) ? 'error' : 'ok', text: tOr(`access.decision.${e.decision || e.type}`, e.decision || e.type || '') }) },
      { key: 'device.reason', cell: e => e.reason || '' },
    ], entries));
  }
  async function refresh() {
    try {
      [entries, inside] = await Promise.all([api.accessLog(params()), api.inside()]);
      draw();
    } catch (e) { notify(describe(e), 'error'); }
  }
  form.addEventListener('submit', e => { e.preventDefault(); refresh(); });
  await refresh();
  const feed = live(['access.'], { refresh, pollMillis: 5000 });
  return { stop: () => feed.stop(), relabel: draw };
}
