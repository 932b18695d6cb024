// The live event stream, filtered by type, device and severity; the last events first.
import { api } from '../api.js';
import { h, clear, formatTime } from '../dom.js';
import { t, tOr } from '../i18n.js';
import { live } from '../live.js';

const MAX_ROWS = 200;
const FIRST_ROWS = 40; // more than a 1366x768 screen shows

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

  const columns = [
    { key: 'events.time', cell: e => formatTime(e.time) },
    { key: 'events.type', cell: e => h('span', { class: 'mono', text: e.type }) },
    { key: 'events.device', cell: e => h('span', { class: 'mono', text: e.subject || e.source || '' }) },
    { key: 'events.severity', cell: e => tOr(`severity.${e.severity}`, e.severity || '') },
    { key: 'events.data', cell: e => h('small', { class: 'mono', text: e.data ? JSON.stringify(e.data) : '' }) },
  ];
  const row = e => h('tr', {}, columns.map(c => h('td', {}, c.cell(e))));
  let rows = null; // the table's tbody while it shows events (not the "none" row)
  let drawn = 0;

  // The first screen of rows is laid out with the view; the rest, below the fold at 1366x768, after that frame
  // is painted, so a switch to this view does not wait for 200 rows of layout.
  function draw() {
    clear(body);
    const shown = events.filter(matches);
    const table = h('table', { class: 'grid' }, h('thead', {}, h('tr', {}, columns.map(c => h('th', { i18n: c.key })))));
    const mine = ++drawn;
    if (shown.length === 0) {
      rows = null;
      table.append(h('tbody', {}, h('tr', {}, h('td', { colspan: columns.length, class: 'empty', i18n: 'common.none' }))));
    } else {
      rows = h('tbody', {}, shown.slice(0, FIRST_ROWS).map(row));
      table.append(rows);
      const rest = shown.slice(FIRST_ROWS);
      if (rest.length) requestAnimationFrame(() => setTimeout(() => { if (mine === drawn) { rows.append(...rest.map(row)); trim(); } }, 0));
    }
    body.append(table);
  }

  // Live events arrive in bursts: they are put on top once a frame, without laying out the whole list again.
  let arrived = [];
  function prepend() {
    const fresh = arrived.reverse(); // newest first
    arrived = [];
    events = fresh.concat(events).slice(0, MAX_ROWS);
    const shown = fresh.filter(matches);
    if (!shown.length) return;
    if (!rows) { draw(); return; }
    rows.prepend(...shown.map(row));
    trim();
  }
  const trim = () => { while (rows.childElementCount > MAX_ROWS) rows.lastElementChild.remove(); };
  const arrive = e => {
    if (!e || !e.type) return;
    if (arrived.push(e) === 1) requestAnimationFrame(prepend);
  };

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
      onEvent: arrive,
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
