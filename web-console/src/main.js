// The console's entry: session, the live shell (status, notifications, teammates online, toasts),
// and the router that mounts one screen module at a time.
import * as api from './lib/api.js';
import * as session from './lib/session.js';
import { connect } from './lib/realtime.js';
import { createStore } from './lib/store.js';
import { h, mount } from './lib/dom.js';
import { match, navigate, route, start } from './lib/router.js';
import { renderLogin } from './screens/login.js';

route('/', () => import('./screens/dashboard.js'));
route('/leads', () => import('./screens/leads.js'));
route('/leads/:id', () => import('./screens/lead.js'));
route('/import', () => import('./screens/imports.js'));
route('/queue', () => import('./screens/queue.js'));
route('/revenue', () => import('./screens/revenue.js'));
route('/admin', () => import('./screens/admin.js'));

const NAV = [
  ['/', 'Dashboard'],
  ['/leads', 'Leads'],
  ['/import', 'Import'],
  ['/queue', 'Call queue'],
  ['/revenue', 'Revenue', 'ADMIN'],
  ['/admin', 'Admin metrics', 'ADMIN'],
];

const STATUS_LABEL = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', offline: 'Offline' };

const app = document.getElementById('app');
const store = createStore({ connection: 'connecting', unread: 0, notifications: [], members: [], me: null });
let rt = null;
let cleanup = null;
let shell = null;

api.whenUnauthorized(() => logout('Your session has ended. Please sign in again.'));

function logout(message) {
  rt?.disconnect();
  rt = null;
  shell = null;
  session.clear();
  store.set({ me: null, notifications: [], unread: 0, members: [] });
  navigate(`/login${message ? `?m=${encodeURIComponent(message)}` : ''}`, { replace: true });
}

export function toast(title, body, { kind = 'info', href } = {}) {
  const box = document.getElementById('toasts');
  if (!box) return;
  const el = h(`div.toast.${kind}`, { role: 'status' },
    h('strong', title), body ? h('span', body) : null,
    href ? h('a', { href }, 'Open') : null);
  box.append(el);
  setTimeout(() => el.classList.add('leaving'), 5000);
  setTimeout(() => el.remove(), 5600);
}

async function startSession(s) {
  store.set({ me: s.me });
  rt = connect({ token: s.token, onState: (connection) => store.set({ connection }) });
  const { me } = s;
  rt.on(`private-user-${me.id}`, '*', (data, event) => {
    if (event === 'notification.created' || event === 'notification.updated') {
      const n = data?.notification;
      if (n) {
        store.set((st) => ({
          unread: data.unreadCount ?? st.unread,
          notifications: [n, ...st.notifications.filter((x) => x.id !== n.id)].slice(0, 50),
        }));
        if (event === 'notification.created') toast(n.title, n.body, { href: n.subjectId && isLead(n) ? `/leads/${n.subjectId}` : undefined });
      }
    } else if (event === 'notification.read' || event === 'notification.all_read') {
      store.set((st) => ({
        unread: data?.unreadCount ?? st.unread,
        notifications: st.notifications.map((x) =>
          event === 'notification.all_read' || x.id === data?.notification?.id ? { ...x, readAt: x.readAt ?? new Date().toISOString() } : x),
      }));
    }
  });
  rt.presence(`presence-org-${me.orgId}`, (members) => store.set({ members: members ?? [] }));
  rt.onResync(loadNotifications);
  loadNotifications();
}

const isLead = (n) => /^(lead|message|hot|call)/.test(n.type ?? '');

async function loadNotifications() {
  try {
    const r = await api.get('/api/notifications?limit=50');
    store.set({ notifications: r.items ?? [], unread: r.unreadCount ?? 0 });
  } catch {
    /* the bell keeps what it had */
  }
}

function buildShell(me) {
  const status = h('span.conn', { 'data-testid': 'connection', 'aria-live': 'polite' });
  const badge = h('span.count', { 'data-testid': 'unread' });
  const bell = h('a.bell', { href: '/', title: 'Notifications', 'aria-label': 'Notifications' }, bellIcon(), badge);
  const people = h('div.people', { 'data-testid': 'online' });
  const nav = h('nav.nav', { 'aria-label': 'Main' },
    NAV.filter(([, , role]) => !role || me.role === role).map(([href, label]) => h('a', { href, dataset: { nav: href } }, label)),
    h('button.link.nav-signout', { type: 'button', onclick: () => logout() }, 'Sign out'));
  const menu = h('button.menu', { type: 'button', 'aria-label': 'Menu', 'aria-expanded': 'false',
    onclick: () => {
      const open = document.body.classList.toggle('nav-open');
      menu.setAttribute('aria-expanded', String(open));
    } }, '☰');
  const main = h('main.main', { id: 'main' });
  mount(app,
    h('header.topbar',
      menu,
      h('a.brand', { href: '/' }, h('span.logo', 'LP'), h('span', 'LeadPulse')),
      h('span.org', me.orgName ?? ''),
      h('div.spacer'),
      status, people, bell,
      h('div.user', h('span.user-name', me.name ?? me.email), h('span.role', me.role)),
      h('button.ghost', { type: 'button', onclick: () => logout(), 'data-testid': 'logout' }, 'Sign out')),
    h('div.layout', nav, main),
    h('div.toasts', { id: 'toasts', 'aria-live': 'polite' }));
  store.subscribe((st) => {
    status.className = `conn ${st.connection}`;
    status.textContent = STATUS_LABEL[st.connection] ?? st.connection;
    badge.textContent = st.unread > 0 ? (st.unread > 99 ? '99+' : String(st.unread)) : '';
    badge.hidden = !(st.unread > 0);
    const others = st.members;
    mount(people, others.slice(0, 5).map((m) =>
      h('span.avatar', { title: `${m.name ?? m.id} (${m.role ?? ''}) online`, dataset: { member: m.id } }, initials(m.name))),
    others.length > 5 ? h('span.more', `+${others.length - 5}`) : null);
    people.setAttribute('aria-label', `${others.length} online`);
  });
  return { main, nav };
}

function bellIcon() {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '22');
  svg.setAttribute('height', '22');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', 'M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z');
  path.setAttribute('fill', 'currentColor');
  svg.append(path);
  return svg;
}

const initials = (name) => (name ?? '?').split(/\s+/).map((p) => p[0]).join('').slice(0, 2).toUpperCase();

async function show(path) {
  const url = new URL(path, location.origin);
  cleanup?.();
  cleanup = null;
  document.body.classList.remove('nav-open');
  let s = session.saved();
  if (url.pathname === '/login') {
    if (s) return navigate('/', { replace: true });
    shell = null;
    return renderLogin(app, { message: url.searchParams.get('m'), onLogin: (fresh) => {
      session.save(fresh);
      navigate('/', { replace: true });
    } });
  }
  if (!s) return navigate('/login', { replace: true });
  if (!shell) {
    shell = buildShell(s.me);
    await startSession(s);
  }
  for (const a of shell.nav.querySelectorAll('a')) {
    const href = a.dataset.nav;
    a.classList.toggle('active', href === '/' ? url.pathname === '/' : url.pathname.startsWith(href));
  }
  const found = match(url.pathname);
  if (!found) {
    mount(shell.main, h('div.empty', h('p.empty-title', 'Page not found'), h('a', { href: '/' }, 'Back to the dashboard')));
    return;
  }
  const screen = await found.load();
  const ctx = { rt, me: s.me, store, params: found.params, query: url.searchParams, navigate, toast };
  shell.main.replaceChildren();
  window.scrollTo(0, 0);
  cleanup = screen.render(shell.main, ctx) ?? null;
}

start(show);
