// Every word the console shows comes from i18n/ja.json or i18n/en.json; Japanese unless the user chose English.
const STORAGE_KEY = 'yakata.console.lang';
export const LANGUAGES = ['ja', 'en'];
let messages = {};
let current = 'ja';

export function language() { return current; }

export function initialLanguage() {
  let stored = null;
  try { stored = localStorage.getItem(STORAGE_KEY); } catch (e) { /* storage off: Japanese */ }
  return LANGUAGES.includes(stored) ? stored : 'ja';
}

export async function setLanguage(lang) {
  if (!LANGUAGES.includes(lang)) lang = 'ja';
  const res = await fetch(`i18n/${lang}.json`, { headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`i18n/${lang}.json: HTTP ${res.status}`);
  messages = await res.json();
  current = lang;
  try { localStorage.setItem(STORAGE_KEY, lang); } catch (e) { /* not remembered, still switched */ }
  document.documentElement.lang = lang;
  document.title = t('app.title');
  relabel(document);
  document.dispatchEvent(new CustomEvent('yakata:language', { detail: lang }));
}

/** The message for key with {name} placeholders filled; a missing key shows itself, so a gap is visible. */
export function t(key, params) {
  let s = messages[key];
  if (s === undefined) return key;
  if (params) s = s.replace(/\{(\w+)\}/g, (m, name) => (params[name] !== undefined ? String(params[name]) : m));
  return s;
}

/** The message for key if there is one (for values such as states: 'state.CLOSED'), else the raw value. */
export function tOr(key, fallback) {
  return messages[key] === undefined ? String(fallback ?? '') : messages[key];
}

export function relabel(root) {
  root.querySelectorAll('[data-i18n]').forEach(el => {
    const params = el.dataset.i18nParams ? JSON.parse(el.dataset.i18nParams) : undefined;
    el.textContent = t(el.dataset.i18n, params);
  });
  for (const attr of ['placeholder', 'title', 'aria-label']) {
    root.querySelectorAll(`[data-i18n-${attr}]`).forEach(el => el.setAttribute(attr, t(el.dataset[camel(`i18n-${attr}`)])));
  }
}

function camel(s) { return s.replace(/-(\w)/g, (m, c) => c.toUpperCase()); }
