// The confirmation step every command goes through: what will happen, to what, with a reason; then confirm or cancel.
import { h } from './dom.js';

/**
 * Shows a confirmation panel in host. fields: [{name, i18n, type, value, min, max, required}]; onConfirm(values)
 * returns a promise; the panel closes when it resolves and shows the error when it rejects.
 */
export function confirmStep(host, { title, targets = [], fields = [], confirmKey = 'common.confirm', onConfirm, describe }) {
  const inputs = {};
  const error = h('p', { class: 'error', hidden: true, role: 'alert' });
  const ok = h('button', { type: 'submit', class: 'primary', 'data-test': 'confirm', i18n: confirmKey });
  const cancel = h('button', { type: 'button', 'data-test': 'cancel', i18n: 'common.cancel', onclick: () => panel.remove() });
  const panel = h('form', { class: 'confirm card', role: 'dialog', 'aria-modal': 'false' },
    h('h2', { i18n: title }),
    targets.length ? h('ul', { class: 'targets' }, targets.map(x => h('li', { text: x }))) : null,
    fields.map(f => {
      const input = h(f.type === 'textarea' ? 'textarea' : 'input', { name: f.name, id: `confirm-${f.name}`, type: f.type === 'textarea' ? undefined : (f.type || 'text'), value: f.value, min: f.min, max: f.max, required: f.required !== false });
      if (f.value !== undefined) input.value = f.value;
      inputs[f.name] = input;
      return h('label', { class: 'field' }, h('span', { i18n: f.i18n }), input);
    }),
    error,
    h('div', { class: 'buttons' }, ok, cancel));
  panel.addEventListener('submit', async e => {
    e.preventDefault();
    const values = Object.fromEntries(Object.entries(inputs).map(([k, el]) => [k, el.type === 'number' ? Number(el.value) : el.value.trim()]));
    ok.disabled = true;
    try {
      await onConfirm(values);
      panel.remove();
    } catch (err) {
      error.hidden = false;
      error.textContent = describe(err);
      ok.disabled = false;
    }
  });
  host.querySelectorAll('.confirm').forEach(p => p.remove());
  host.prepend(panel);
  const first = panel.querySelector('input, textarea');
  (first || ok).focus();
  return panel;
}
