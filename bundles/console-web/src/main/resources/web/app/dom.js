// Building DOM without HTML strings: text is always textContent, so nothing the hub sends can become markup.
import { t } from './i18n.js';

/**
 * h('button', {class: 'x', i18n: 'key', onclick: fn, dataset: {id: 1}}, child, ...)
 * i18n sets the text from the message files (and data-i18n, so a language switch relabels it); 'text' sets
 * literal data (device ids, values); on* keys are listeners.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = String(v);
    else if (k === 'i18n') { el.dataset.i18n = Array.isArray(v) ? v[0] : v; el.textContent = Array.isArray(v) ? t(v[0], v[1]) : t(v); if (Array.isArray(v)) el.dataset.i18nParams = JSON.stringify(v[1]); }
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/** A table: columns [{key: i18nKey, cell: row => Node|string, class?}], rows. */
export function table(columns, rows, { empty = 'common.none', rowClass } = {}) {
  const head = h('tr', {}, columns.map(c => h('th', { i18n: c.key, class: c.class })));
  const body = rows.length === 0
    ? [h('tr', {}, h('td', { colspan: columns.length, class: 'empty', i18n: empty }))]
    : rows.map(r => h('tr', { class: rowClass ? rowClass(r) : undefined }, columns.map(c => h('td', { class: c.class }, c.cell(r)))));
  return h('table', { class: 'grid' }, h('thead', {}, head), h('tbody', {}, body));
}

// one formatter per language: toLocaleString builds a new one on every call (about 0.5 ms each, 200 rows an event list)
const formats = {};
export function formatTime(value) {
  if (!value) return '';
  const d = new Date(value);
  if (isNaN(d)) return String(value);
  const locale = document.documentElement.lang === 'ja' ? 'ja-JP' : 'en-GB';
  formats[locale] = formats[locale] || new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium' });
  return formats[locale].format(d);
}
