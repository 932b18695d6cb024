// Shutter control: one shutter, a group or all counters; a confirmation step with a reason, then live progress.
import { api, list } from '../api.js';
import { h, clear } from '../dom.js';
import { t, tOr } from '../i18n.js';
import { live } from '../live.js';
import { shutterState, shutterPosition, status, shutterGroup } from '../model.js';
import { can } from '../session.js';
import { confirmStep } from '../confirm.js';

export async function render(root, { notify, describe }) {
  const controls = can('shutter');
  const host = h('section', { class: 'shutters' });
  const body = h('div', { id: 'shutter-list' });
  const groupBar = h('div', { class: 'buttons', id: 'shutter-groups' });
  const selectedBar = h('div', { class: 'buttons', id: 'shutter-selected' });
  host.append(h('h1', { i18n: 'nav.shutters' }), controls ? groupBar : null, body, controls ? selectedBar : null);
  root.append(host);

  let shutters = [], groups = [];
  const chosen = new Set();

  async function load() {
    const devices = (await api.devices()).filter(d => d.type === 'shutter' || d.profile === 'shutter');
    let overview = null;
    try { overview = await api.shutters(); } catch (e) { /* groups unknown: per-shutter commands only */ }
    // the supervision's row per shutter ({shutter, state, position, reason}) over the registry's device row
    const byId = new Map(list(overview, 'shutters').map(s => [s.id || s.shutter || s.device, s]));
    shutters = devices.map(d => ({ ...d, ...(byId.get(d.id) || {}), id: d.id, status: d.status, reason: d.reason }));
    groups = list(overview && overview.groups ? overview.groups : [], 'groups').map(shutterGroup);
  }

  function draw() {
    clear(body);
    body.append(h('table', { class: 'grid' },
      h('thead', {}, h('tr', {}, controls ? h('th', {}, h('input', { type: 'checkbox', 'aria-label': t('shutter.selectAll'), onchange: e => { shutters.forEach(s => (e.target.checked ? chosen.add(s.id) : chosen.delete(s.id))); draw(); } })) : null,
        h('th', { i18n: 'device.name' }), h('th', { i18n: 'shutter.state' }), h('th', { i18n: 'shutter.position' }), h('th', { i18n: 'device.status' }))),
      h('tbody', {}, shutters.length ? shutters.map(s => {
        const state = shutterState(s), pos = shutterPosition(s), st = status(s);
        return h('tr', { 'data-device': s.id, 'data-state': state },
          controls ? h('td', {}, h('input', { type: 'checkbox', checked: chosen.has(s.id), 'aria-label': s.id, onchange: e => { e.target.checked ? chosen.add(s.id) : chosen.delete(s.id); drawSelected(); } })) : null,
          h('td', {}, h('div', { text: s.name || s.id }), h('small', { class: 'mono', text: s.id })),
          h('td', { class: `shutter-${state.toLowerCase()}`, 'data-test': 'state', text: tOr(`shutter.${state}`, state) }),
          h('td', {}, h('progress', { max: 100, value: pos === null ? 0 : pos }), h('span', { text: pos === null ? '—' : ` ${Math.round(pos)}%` })),
          h('td', { class: `status-${st.state.toLowerCase()}` }, tOr(`status.${st.state}`, st.state), st.reason ? h('small', { text: ` ${st.reason}` }) : null));
      }) : h('tr', {}, h('td', { colspan: 5, class: 'empty', i18n: 'common.none' })))));
    drawSelected();
  }

  function drawGroups() {
    clear(groupBar);
    const all = groups.find(g => g.id === 'all-counters');
    const ordered = all ? [all, ...groups.filter(g => g !== all)] : groups;
    if (!ordered.length) ordered.push({ id: null, name: t('shutter.allShown'), members: shutters.map(s => s.id) });
    for (const g of ordered) {
      for (const action of ['close', 'open']) {
        groupBar.append(h('button', { type: 'button', class: action === 'close' ? 'primary' : undefined, 'data-group': g.id || 'shown', 'data-action': action,
          i18n: [`shutter.group.${action}`, { group: g.name }], onclick: () => ask(action, g) }));
      }
    }
    groupBar.append(h('button', { type: 'button', class: 'danger', 'data-action': 'stop-all', i18n: 'shutter.stopAll', onclick: () => ask('stop', { id: null, name: t('shutter.allShown'), members: shutters.map(s => s.id) }) }));
  }

  function drawSelected() {
    if (!controls) return;
    clear(selectedBar);
    const ids = [...chosen];
    for (const action of ['close', 'open', 'stop']) {
      selectedBar.append(h('button', { type: 'button', disabled: ids.length === 0, 'data-action': `selected-${action}`, i18n: [`shutter.selected.${action}`, { count: ids.length }],
        onclick: () => ask(action, { id: null, name: t('shutter.selection'), members: ids }) }));
    }
  }

  function ask(action, group) {
    const members = group.members.length ? group.members : shutters.map(s => s.id);
    confirmStep(host, {
      title: `confirm.shutter.${action}`, targets: members, describe,
      fields: [{ name: 'reason', i18n: 'common.reason' }],
      onConfirm: async ({ reason }) => {
        const started = performance.now();
        if (group.id) {
          try { await api.shutterGroup(group.id, action, reason); }
          catch (e) { if (e.status !== 404) throw e; await each(members, action, reason); }
        } else {
          await each(members, action, reason);
        }
        host.dataset.dispatchMillis = String(Math.round(performance.now() - started));
        notify(t('shutter.dispatched', { count: members.length, action: t(`action.${action}`) }), 'ok');
        refresh();
      },
    });
  }

  async function each(ids, action, reason) {
    const results = await Promise.allSettled(ids.map(id => api.command(id, action, {}, reason)));
    const failed = results.map((r, i) => [ids[i], r]).filter(([, r]) => r.status === 'rejected');
    if (failed.length) {
      const e = new Error(t('shutter.someFailed', { count: failed.length, total: ids.length, details: failed.map(([id, r]) => `${id}: ${describe(r.reason)}`).join('; ') }));
      e.translated = true;
      throw e;
    }
  }

  async function refresh() {
    try { await load(); draw(); } catch (e) { notify(describe(e), 'error'); }
  }

  await load();
  draw();
  if (controls) drawGroups();
  const feed = live(['shutter.state', 'device.status', 'command.'], { refresh, pollMillis: 1000 });
  return { stop: () => feed.stop(), relabel: () => { draw(); if (controls) drawGroups(); } };
}
