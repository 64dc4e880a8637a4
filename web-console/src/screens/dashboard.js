// Dashboard: live usage counter, MRR, hot leads, notifications (mark read), teammates online.
import * as api from '../lib/api.js';
import { ago, empty, errorBanner, fullName, h, loading, money, mount } from '../lib/dom.js';

export function render(root, { rt, me, store }) {
  const usage = h('div.card.stat', { 'data-testid': 'usage' }, loading());
  const mrr = h('div.card.stat', { 'data-testid': 'mrr' }, loading());
  const hot = h('div.card', { 'data-testid': 'hot-leads' }, h('h2', 'Hot leads'), loading());
  const notes = h('div.card', { 'data-testid': 'notifications' });
  const team = h('div.card', { 'data-testid': 'teammates' });
  mount(root,
    h('div.page-head', h('h1', `Hello, ${me.name?.split(' ')[0] ?? ''}`), h('p.muted', 'What is happening in your pipeline right now.')),
    h('div.grid.stats', usage, mrr),
    h('div.grid.two', hot, notes),
    team);

  function showUsage(u) {
    const pct = Math.max(0, Math.min(100, Number(u.percent ?? 0)));
    mount(usage,
      h('span.label', 'Leads on your plan'),
      h('span.value', { 'data-testid': 'usage-text' }, `${u.used} / ${u.limit} leads (${u.percent}%)`),
      h('div.bar', { role: 'progressbar', 'aria-valuenow': pct, 'aria-valuemin': 0, 'aria-valuemax': 100 },
        h('span', { class: pct >= 90 ? 'warn' : '', style: { width: `${pct}%` } })),
      h('span.muted', `${u.plan ?? ''} plan${u.planStatus ? ` · ${u.planStatus}` : ''}`));
  }
  const loadUsage = () => api.get('/api/usage').then(showUsage, (e) => mount(usage, errorBanner(e)));

  async function loadMrr() {
    try {
      let value;
      let note;
      try {
        const m = await api.get('/api/billing/mrr');
        value = m.mrr;
        note = `ARR ${money(m.arr)} · ${m.activeSubscriptions} active subscriptions (platform)`;
      } catch (e) {
        if (e.status !== 404 && e.status !== 403) throw e;
        const s = await api.get('/api/billing/subscription');
        value = s.mrr;
        note = `${s.plan} plan · ${s.status}${s.leadLimit ? ` · ${s.leadLimit} leads` : ''}${me.role === 'ADMIN' ? '' : ' · revenue is shown to admins'}`;
      }
      mount(mrr,
        h('span.label', 'Monthly recurring revenue'),
        h('span.value', value == null ? '—' : money(value, 'EUR')),
        h('span.muted', note ?? ''));
    } catch (e) {
      mount(mrr, h('span.label', 'Monthly recurring revenue'), errorBanner(e));
    }
  }

  let hotLeads = new Map();
  function showHot() {
    const rows = [...hotLeads.values()].sort((a, b) => String(b.becameHotAt ?? '').localeCompare(String(a.becameHotAt ?? '')));
    mount(hot, h('h2', 'Hot leads ', h('span.pill', String(rows.length))),
      rows.length === 0 ? empty('No hot leads right now', 'A lead turns hot after 3 preview views within 10 minutes.')
        : h('ul.list', rows.slice(0, 8).map((l) => h('li', { dataset: { lead: l.id } },
          h('a', { href: `/leads/${l.id}` }, fullName(l)),
          h('span.muted', l.company ?? ''),
          h('span.right.muted', `score ${l.engagementScore ?? 0}`)))));
  }
  const loadHot = () => api.get('/api/leads?status=HOT&limit=20').then((r) => {
    hotLeads = new Map((r.items ?? []).map((l) => [l.id, l]));
    showHot();
  }, (e) => mount(hot, h('h2', 'Hot leads'), errorBanner(e)));

  function onLead(data, event) {
    const lead = data?.lead ?? (data?.id && data?.firstName !== undefined ? data : null);
    if (event === 'lead.became_hot') return loadHot();
    if (!lead) return;
    if (lead.status === 'HOT') hotLeads.set(lead.id, lead);
    else hotLeads.delete(lead.id);
    showHot();
  }

  const offStore = store.subscribe((st) => {
    mount(notes,
      h('div.card-head', h('h2', 'Notifications ', st.unread ? h('span.pill.accent', `${st.unread} unread`) : null),
        st.unread ? h('button.link', { type: 'button', onclick: () => api.post('/api/notifications/read-all').catch(() => {}) }, 'Mark all read') : null),
      st.notifications.length === 0 ? empty('You are all caught up', 'Hot leads, replies and payments will show up here.')
        : h('ul.list.notes', st.notifications.slice(0, 6).map((n) => h(`li${n.readAt ? '' : '.unread'}`, { dataset: { notification: n.id } },
          h('div', h('strong', n.title ?? n.type), n.count > 1 ? h('span.pill', `×${n.count}`) : null, h('div.muted', n.body ?? '')),
          h('span.right.muted', ago(n.updatedAt ?? n.createdAt)),
          n.readAt ? null : h('button.link', { type: 'button', onclick: () => api.post(`/api/notifications/${n.id}/read`).catch(() => {}) }, 'Mark read')))));
    mount(team, h('h2', 'Teammates online ', h('span.pill', String(st.members.length))),
      st.members.length === 0 ? empty('Nobody else is online') : h('ul.people-list', st.members.map((m) =>
        h('li', { dataset: { member: m.id } }, h('span.dot.live'), h('span', m.name ?? m.id), h('span.muted', m.role === 'ADMIN' ? 'Admin' : 'Rep', m.id === me.id ? ' · you' : '')))));
  });

  const offs = [
    rt.on(`private-org-${me.orgId}`, 'usage.updated', showUsage),
    rt.on(`private-org-${me.orgId}`, '@subscribed', () => { loadUsage(); loadMrr(); }),
    rt.on(`private-user-${me.id}`, '@subscribed', loadHot),
    rt.on(`private-org-${me.orgId}`, 'billing.plan_changed', () => { loadMrr(); loadUsage(); }),
    rt.on(`private-org-${me.orgId}`, 'payment.succeeded', loadMrr),
    rt.on(`private-user-${me.id}`, '*', (data, event) => {
      if (event.startsWith('lead.')) onLead(data, event);
      if (event.startsWith('payment.')) loadMrr();
    }),
    rt.onResync(() => { loadUsage(); loadMrr(); loadHot(); }),
    offStore,
  ];
  loadUsage();
  loadMrr();
  loadHot();
  return () => offs.forEach((off) => off());
}
