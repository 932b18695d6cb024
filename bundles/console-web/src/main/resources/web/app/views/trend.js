// A trend chart of one point's history (uPlot, loaded only when this view opens, so the first load stays small).
import { api, list } from '../api.js';
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';

const UPLOT = 'vendor/uplot/1.6.30/dist/';
let loading = null;

function loadUplot() {
  if (window.uPlot) return Promise.resolve(window.uPlot);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      document.head.append(h('link', { rel: 'stylesheet', href: `${UPLOT}uPlot.min.css` }));
      const s = h('script', { src: `${UPLOT}uPlot.iife.min.js` });
      s.onload = () => resolve(window.uPlot);
      s.onerror = () => reject(new Error(`${UPLOT}uPlot.iife.min.js`));
      document.head.append(s);
    });
  }
  return loading;
}

function pointNames(device) {
  const p = device && (device.points || device.values);
  if (Array.isArray(p)) return p.filter(x => !x.kind || x.kind === 'analog' || x.kind === 'ANALOG').map(x => x.id || x.point || x.name);
  return p ? Object.keys(p) : [];
}

export async function render(root, { args, notify, describe }) {
  const devices = await api.devices();
  const deviceSel = h('select', { name: 'device' }, devices.map(d => h('option', { value: d.id, text: d.id })));
  const pointSel = h('select', { name: 'point' });
  const range = h('select', { name: 'last' }, ['1h', '8h', '1d', '7d'].map(v => h('option', { value: v, i18n: `range.${v}` })));
  const chart = h('div', { class: 'chart', id: 'trend-chart' });
  const form = h('form', { class: 'filters' },
    h('label', { class: 'field' }, h('span', { i18n: 'events.device' }), deviceSel),
    h('label', { class: 'field' }, h('span', { i18n: 'trend.point' }), pointSel),
    h('label', { class: 'field' }, h('span', { i18n: 'access.last' }), range),
    h('button', { type: 'submit', i18n: 'common.apply' }));
  root.append(h('section', { class: 'trend' }, h('h1', { i18n: 'trend.title' }), form, chart));
  let plot = null;

  function fillPoints() {
    const d = devices.find(x => x.id === deviceSel.value);
    clear(pointSel);
    pointNames(d).forEach(p => pointSel.append(h('option', { value: p, text: p })));
  }
  async function draw() {
    clear(chart);
    if (plot) { plot.destroy(); plot = null; }
    if (!deviceSel.value || !pointSel.value) { chart.append(h('p', { class: 'empty', i18n: 'trend.pick' })); return; }
    try {
      const [uPlot, history] = await Promise.all([loadUplot(), api.history(deviceSel.value, pointSel.value, { last: range.value })]);
      const rows = list(history, 'samples', 'points', 'values', 'rows');
      if (!rows.length) { chart.append(h('p', { class: 'empty', i18n: 'trend.noData' })); return; }
      const xs = rows.map(r => new Date(r.time || r.bucket || r.t).getTime() / 1000);
      const ys = rows.map(r => Number(r.value !== undefined ? r.value : r.avg !== undefined ? r.avg : r.mean));
      const width = Math.max(320, chart.clientWidth || 800);
      plot = new uPlot({ width, height: 320, series: [{}, { label: `${deviceSel.value} ${pointSel.value}`, stroke: '#1f6feb', width: 2 }], axes: [{}, {}] }, [xs, ys], chart);
    } catch (e) { notify(describe(e), 'error'); }
  }
  deviceSel.addEventListener('change', fillPoints);
  form.addEventListener('submit', e => { e.preventDefault(); draw(); });
  if (args[0]) deviceSel.value = args[0];
  fillPoints();
  if (args[0]) await draw();
  return { stop: () => plot && plot.destroy() };
}
