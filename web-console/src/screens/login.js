// Sign in: POST /api/auth/login, then GET /api/me; the token goes to sessionStorage (this tab only).
import * as api from '../lib/api.js';
import { h, mount } from '../lib/dom.js';

export function renderLogin(root, { message, onLogin }) {
  const error = h('div.banner.error', { role: 'alert', hidden: !message, 'data-testid': 'login-error' }, message ?? '');
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true, placeholder: 'you@company.com' });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button.primary', { type: 'submit' }, 'Sign in');
  const form = h('form.login-card', { onsubmit: async (e) => {
    e.preventDefault();
    error.hidden = true;
    submit.disabled = true;
    submit.textContent = 'Signing in…';
    try {
      const { accessToken } = await api.post('/api/auth/login', { email: email.value.trim(), password: password.value });
      const me = await api.request('GET', '/api/me', { headers: { Authorization: `Bearer ${accessToken}` } });
      onLogin({ token: accessToken, me });
    } catch (err) {
      error.textContent = err.status === 401 ? 'Wrong email or password.'
        : err.status === 429 ? 'Too many attempts: wait a few minutes and try again.'
        : err.message;
      error.hidden = false;
      submit.disabled = false;
      submit.textContent = 'Sign in';
      password.select();
    }
  } },
  h('div.brand.big', h('span.logo', 'LP'), h('span', 'LeadPulse')),
  h('h1', 'Sign in'),
  h('p.muted', 'Your leads, messages and revenue, live.'),
  error,
  h('label', 'Email', email),
  h('label', 'Password', password),
  submit,
  h('p.hint', 'Demo: admin@demo.test / demo-admin, rep1@demo.test / demo-rep'));
  mount(root, h('div.login-page', form));
  email.focus();
}
