// Postures: pick one, see its preview (what it would do now, and what would be refused), then confirm to run it.
import { api, list } from '../api.js';
import { h, clear, table } from '../dom.js';
import { t, tOr, language } from '../i18n.js';
import { can } from '../session.js';
import { live } from '../live.js';

export async function render(root, { notify, describe }) {
  const host = h('section', { class: 'postures' });
  const listBox = h('div');
  const preview = h('div', { id: 'posture-preview' });
  host.append(h('h1', { i18n: 'nav.postures' }), listBox, preview);
  root.append(host);
  let postures = [], shown = null, feed = null;

  const title = p => (language() === 'en' ? p.titleEn || p['title-en'] : p.title) || p.title || p.name || p.id;

  function drawList() {
    clear(listBox);
    listBox.append(table([
      { key: 'posture.name', cell: p => [h('div', { text: title(p) }), h('small', { class: 'mono', text: p.name || p.id })] },
      { key: 'common.actions', cell: p => h('button', { type: 'button', 'data-posture': p.name || p.id, i18n: 'posture.preview', onclick: () => showPreview(p) }) },
    ], postures));
  }

  async function showPreview(p) {
    const name = p.name || p.id;
    clear(preview);
    let result;
    try { result = await api.posturePreview(name); } catch (e) { notify(describe(e), 'error'); return; }
    shown = { p, result };
    const steps = list(result, 'steps', 'actions');
    const reason = h('input', { name: 'reason', required: true });
    const run = h('button', { type: 'submit', class: 'primary', 'data-test': 'confirm', i18n: 'posture.run' });
    const progress = h('div', { id: 'posture-progress' });
    const form = h('form', { class: 'confirm card' },
      h('h2', { i18n: ['posture.previewTitle', { posture: title(p) }] }),
      table([
        { key: 'posture.step', cell: s => h('span', { class: 'mono', text: [s.device || s.target, s.action].filter(Boolean).join(' ') }) },
        { key: 'posture.verdict', cell: s => h('span', { class: s.allowed === false || s.refused ? 'error' : 'ok', text: s.allowed === false || s.refused ? t('posture.refused', { reason: s.reason || s.refused || '' }) : t('posture.allowed') }) },
      ], steps),
      can('posture') ? [h('label', { class: 'field' }, h('span', { i18n: 'common.reason' }), reason), h('div', { class: 'buttons' }, run, h('button', { type: 'button', i18n: 'common.cancel', onclick: () => clear(preview) }))] : null,
      progress);
    form.addEventListener('submit', async e => {
      e.preventDefault();
      run.disabled = true;
      try {
        const started = await api.postureRun(name, result.token || result.confirmToken, reason.value.trim());
        notify(t('posture.started', { posture: title(p) }), 'ok');
        drawProgress(progress, started);
        if (feed) feed.stop();
        feed = live(['command.', 'posture.'], { onEvent: ev => { if (String(ev.type).startsWith('posture')) drawProgress(progress, ev.data); } });
      } catch (err) { notify(describe(err), 'error'); run.disabled = false; }
    });
    preview.append(form);
  }

  function drawProgress(box, run) {
    clear(box);
    const steps = list(run, 'steps', 'results');
    if (!steps.length) return;
    box.append(table([
      { key: 'posture.step', cell: s => h('span', { class: 'mono', text: [s.device || s.target, s.action].filter(Boolean).join(' ') }) },
      { key: 'posture.outcome', cell: s => tOr(`outcome.${s.outcome || s.state}`, s.outcome || s.state || '') },
    ], steps));
  }

  try { postures = await api.postures(); drawList(); } catch (e) { notify(describe(e), 'error'); }
  return { stop: () => feed && feed.stop(), relabel: () => { drawList(); if (shown) showPreview(shown.p); } };
}
