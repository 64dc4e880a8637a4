// Admin metrics (the platform operator's admins): organisations, users, leads, conversions, MRR, activity.
import * as api from '../lib/api.js';
import { ago, empty, errorBanner, h, loading, money, mount } from '../lib/dom.js';

export function render(root, { rt }) {
  const body = h('div', loading());
  mount(root, h('div.page-head', h('h1', 'Admin metrics'), h('p.muted', 'The whole platform at a glance.')), body);
  const load = () => api.get('/api/admin/metrics').then((m) => {
    const o = m.organisations ?? {};
    mount(body,
      h('div.grid.stats', [['Organisations', o.total], ['On trial', o.trial], ['Paying', o.paid], ['Expired trials', o.expiredTrials], ['Reps seen', m.repsSeen],
        ['Leads', m.leads], ['Conversions', m.conversions], ['MRR', money(m.mrr ?? 0)]].map(([k, v]) =>
        h('div.card.stat', h('span.label', k), h('span.value', String(v ?? 0))))),
      h('div.card', h('h2', 'Recent activity (7 days)'), (m.recentActivity ?? []).length === 0 ? empty('No activity') : h('ul.list', m.recentActivity.map((a) =>
        h('li', h('span.badge', a.kind), h('span', a.detail ?? ''), a.amount ? h('span', money(a.amount)) : null, h('span.right.muted', ago(a.at)))))),
      h('p.muted.small', `Generated ${ago(m.generatedAt)}`));
  }, (e) => mount(body, e.status === 404
    ? h('div.card', empty('Operator only', 'Admin metrics cover every organisation, so only the admins of the operator organisation (billing.revenue.operator-org-id, env PLATFORM_OPERATOR_ORG_ID) see them.'))
    : errorBanner(e)));
  const off = rt.onResync(load);
  load();
  return off;
}
