// The live event stream, filtered by type, device and severity; the last events first.
import { api } from '../api.js';
import { h, clear, table, formatTime } from '../dom.js';
import { t, tOr } from '../i18n.js';
import { live } from '../live.js';

const MAX_ROWS = 200;

export async function render(root, { notify, describe }) {
  const type = h('input', { name: 'type', 'data-i18n-placeholder': 'events.typeHint', placeholder: t('events.typeHint') });
  const device = h('input', { name: 'device', 'data-i18n-placeholder': 'events.deviceHint', placeholder: t('events.deviceHint') });
  const severity = h('select', { name: 'severity' }, ['', 'INFO', 'WARNING', 'ALARM', 'CRITICAL'].map(s => h('option', { value: s, i18n: s ? `severity.${s}` : 'events.anySeverity' })));
  const mode = h('small', { class: 'hint' });
  const body = h('div', { id: 'event-list' });
  const form = h('form', { class: 'filters' },
    h('label', { class: 'field' }, h('span', { i18n: 'events.type' }), type),
    h('label', { class: 'field' }, h('span', { i18n: 'events.device' }), device),
    h('label', { class: 'field' }, h('span', { i18n: 'events.severity' }), severity),
    h('button', { type: 'submit', i18n: 'common.apply' }), mode);
  root.append(h('section', { class: 'events' }, h('h1', { i18n: 'nav.events' }), form, body));
  let events = [];
  let feed = null;

  const matches = e => (!type.value || String(e.type || '').startsWith(type.value.trim()))
    && (!device.value || String(e.subject || e.source || '').includes(device.value.trim()))
    && (!severity.value || String(e.severity || '').toUpperCase() === severity.value);

  function draw() {
    clear(body);
    body.append(table([
      { key: 'events.time', cell: e => formatTime(e.time) },
      { key: 'events.type', cell: e => h('span', { class: 'mono', text: e.type }) },
      { key: 'events.device', cell: e => h('span', { class: 'mono', text: e.subject || e.source || '' }) },
      { key: 'events.severity', cell: e => tOr(`severity.${e.severity}`, e.severity || '') },
      { key: 'events.data', cell: e => h('small', { class: 'mono', text: e.data ? JSON.stringify(e.data) : '' }) },
    ], events.filter(matches)));
  }

  async function load() {
    try {
      events = (await api.events({ type: type.value.trim(), device: device.value.trim(), severity: severity.value, limit: MAX_ROWS }));
      draw();
    } catch (e) { notify(describe(e), 'error'); }
  }

  function subscribe() {
    if (feed) feed.stop();
    // the stream carries only this type (a prefix, as the list's filter means it); the device filter stays here
    const typed = type.value.trim();
    feed = live([typed ? (/[.*]$/.test(typed) ? typed : `${typed}*`) : '*'], {
      onEvent: e => { if (!e || !e.type) return; events.unshift(e); events.length = Math.min(events.length, MAX_ROWS); draw(); },
      refresh: null,
    });
    setTimeout(() => {
      if (!feed) return;
      mode.dataset.i18n = `live.${feed.mode()}`;
      mode.textContent = t(mode.dataset.i18n);
      if (feed.mode() !== 'sse') poller();
    }, 1500);
  }
  let timer = null;
  const poller = () => { if (!timer) timer = setInterval(load, 3000); };

  form.addEventListener('submit', e => { e.preventDefault(); load(); subscribe(); });
  await load();
  subscribe();
  return { stop: () => { if (feed) feed.stop(); clearInterval(timer); }, relabel: draw };
}
