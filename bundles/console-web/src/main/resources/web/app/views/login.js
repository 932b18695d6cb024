import { api } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { setSession } from '../session.js';

export function render(root, { notify, describe, go }) {
  const user = h('input', { id: 'login-user', name: 'user', autocomplete: 'username', required: true });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', id: 'login-submit', i18n: 'login.submit' });
  const form = h('form', { class: 'login card', id: 'login-form' },
    h('h1', { i18n: 'login.title' }),
    h('label', { for: 'login-user', i18n: 'login.user' }), user,
    h('label', { for: 'login-password', i18n: 'login.password' }), password,
    submit,
    h('p', { class: 'hint', i18n: 'login.hint' }));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    submit.disabled = true;
    try {
      setSession(await api.login(user.value, password.value));
      password.value = '';
      go('map');
    } catch (err) {
      notify(err.status === 401 ? t('login.failed') : err.status === 429 ? t('login.throttled', { message: err.message || '' }) : describe(err), 'error');
      password.value = '';
      password.focus();
    } finally {
      submit.disabled = false;
    }
  });
  root.append(form);
  user.focus();
}
