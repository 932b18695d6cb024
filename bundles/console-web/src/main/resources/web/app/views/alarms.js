// Standing alarms, highest priority first; acknowledge with a comment, shelve for a time with a reason.
import { api } from '../api.js';
import { h, clear, table, formatTime } from '../dom.js';
import { t, tOr } from '../i18n.js';
import { live } from '../live.js';
import { can } from '../session.js';
import { alarmId } from '../model.js';
import { confirmStep } from '../confirm.js';

export async function render(root, { notify, describe }) {
  const host = h('section', { class: 'alarms' });
  const body = h('div');
  host.append(h('h1', { i18n: 'nav.alarms' }), body);
  root.append(host);
  let alarms = [];

  function draw() {
    clear(body);
    const columns = [
      { key: 'alarm.priority', cell: a => h('span', { class: `prio prio-${String(a.priority || '').toLowerCase()}`, text: tOr(`alarm.priority.${String(a.priority || '').toUpperCase()}`, a.priority) }) },
      { key: 'alarm.state', cell: a => h('span', { 'data-state': a.state, text: tOr(`alarm.state.${a.state}`, a.state) }) },
      { key: 'alarm.what', cell: a => [h('div', { text: a.message || a.condition || alarmId(a) }), h('small', { class: 'mono', text: [a.device, a.point].filter(Boolean).join(' / ') })] },
      { key: 'alarm.since', cell: a => formatTime(a.since || a.time) },
      // the alarms device answers "user: comment" in 'acknowledged' (empty while nobody has)
      { key: 'alarm.acknowledgedBy', cell: a => a.acknowledgedBy || (typeof a.acknowledged === 'string' ? a.acknowledged : (a.acknowledged ? t('common.yes') : '')) },
    ];
    if (can('alarm')) columns.push({ key: 'common.actions', cell: a => h('span', { class: 'buttons' },
      a.state === 'ACTIVE_ACKED' || a.state === 'NORMAL' ? null
        : h('button', { type: 'button', 'data-action': 'acknowledge', 'data-alarm': alarmId(a), i18n: 'alarm.acknowledge', onclick: () => acknowledge(a) }),
      h('button', { type: 'button', 'data-action': 'shelve', 'data-alarm': alarmId(a), i18n: 'alarm.shelve', onclick: () => shelve(a) })) });
    body.append(table(columns, alarms, { rowClass: a => `alarm-${String(a.state || '').toLowerCase()}` }));
    body.querySelectorAll('tbody tr').forEach((tr, i) => { if (alarms[i]) tr.dataset.alarm = alarmId(alarms[i]); });
  }

  const acknowledge = a => confirmStep(host, {
    title: 'alarm.acknowledgeTitle', targets: [a.message || a.condition || alarmId(a)], describe,
    fields: [{ name: 'comment', i18n: 'alarm.comment' }],
    onConfirm: async ({ comment }) => { await api.acknowledge(alarmId(a), comment); notify(t('alarm.acknowledged', { alarm: alarmId(a) }), 'ok'); refresh(); },
  });
  const shelve = a => confirmStep(host, {
    title: 'alarm.shelveTitle', targets: [a.message || a.condition || alarmId(a)], describe,
    fields: [{ name: 'minutes', i18n: 'alarm.minutes', type: 'number', value: 60, min: 1, max: 1440 }, { name: 'reason', i18n: 'common.reason' }],
    onConfirm: async ({ minutes, reason }) => { await api.shelve(alarmId(a), minutes, reason); notify(t('alarm.shelved', { alarm: alarmId(a), minutes }), 'ok'); refresh(); },
  });

  async function refresh() {
    try { alarms = await api.alarms(); draw(); } catch (e) { notify(describe(e), 'error'); }
  }
  await refresh();
  const feed = live(['alarm.'], { refresh });
  return { stop: () => feed.stop(), relabel: draw };
}
