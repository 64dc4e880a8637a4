// Revenue (ADMIN): the org's ledger by type and by day as an inline SVG chart, and, for the
// platform operator, MRR and its movements (new, expansion, contraction, churn).
import * as api from '../lib/api.js';
import { errorBanner, h, loading, money, mount } from '../lib/dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const s = (tag, attrs = {}, ...children) => {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
};

/** Bars per day, positive above the axis and negative below; labels as text nodes. */
export function barChart(points, { label = (v) => v } = {}) {
  const width = 720;
  const height = 240;
  const pad = { l: 56, r: 8, t: 12, b: 28 };
  const values = points.map((p) => p.value);
  const max = Math.max(1, ...values);
  const min = Math.min(0, ...values);
  const y = (v) => pad.t + ((max - v) / (max - min)) * (height - pad.t - pad.b);
  const bw = Math.max(2, (width - pad.l - pad.r) / Math.max(points.length, 1) - 4);
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img' });
  for (const v of [max, (max + min) / 2, min]) {
    svg.append(s('line', { x1: pad.l, x2: width - pad.r, y1: y(v), y2: y(v), class: 'grid' }), s('text', { x: pad.l - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' }, label(v)));
  }
  points.forEach((p, i) => {
    const x = pad.l + i * (bw + 4) + 2;
    const top = y(Math.max(p.value, 0));
    const bottom = y(Math.min(p.value, 0));
    svg.append(s('rect', { x, y: top, width: bw, height: Math.max(1, bottom - top), rx: 2, class: p.value < 0 ? 'neg' : 'pos' },
      s('title', {}, `${p.label}: ${label(p.value)}`)));
    if (points.length <= 14 || i % Math.ceil(points.length / 10) === 0) {
      svg.append(s('text', { x: x + bw / 2, y: height - 8, 'text-anchor': 'middle', class: 'axis' }, p.label.slice(5)));
    }
  });
  return svg;
}

export function render(root, { rt, me }) {
  const ledger = h('div.card', h('h2', 'Revenue, last 30 days'), loading());
  const mrr = h('div.card', h('h2', 'MRR movements'), loading());
  mount(root, h('div.page-head', h('h1', 'Revenue')), ledger, mrr);
  if (me.role !== 'ADMIN') return mount(root, h('div.page-head', h('h1', 'Revenue')), errorBanner(new Error('Revenue is for admins.')));

  const loadLedger = () => api.get('/api/billing/revenue').then((r) => {
    const t = r.byType ?? {};
    const days = r.byDay ?? [];
    const currency = days[0]?.currency ?? 'EUR';
    mount(ledger, h('h2', 'Revenue, last 30 days'),
      h('div.grid.stats', [['Payments', t.payment], ['Refunds', t.refund], ['Failed', t.failure], ['Net', t.net]].map(([k, v]) =>
        h('div.stat', h('span.label', k), h('span.value', money(v ?? 0, currency))))),
      days.length ? barChart(days.map((d) => ({ label: String(d.day), value: Number(d.net ?? 0) })), { label: (v) => money(v, currency) })
        : h('p.muted', 'No payments yet in this period.'));
  }, (e) => mount(ledger, h('h2', 'Revenue'), errorBanner(e)));

  const loadMrr = () => api.get('/api/billing/mrr').then((m) => {
    const totals = m.movementTotals ?? {};
    const byDay = new Map();
    for (const mv of m.movements ?? []) {
      const sign = mv.kind === 'contraction' || mv.kind === 'churn' ? -1 : 1;
      byDay.set(mv.day, (byDay.get(mv.day) ?? 0) + sign * Math.abs(Number(mv.amount ?? 0)));
    }
    mount(mrr, h('h2', 'MRR movements'),
      h('div.grid.stats', [['MRR', m.mrr], ['ARR', m.arr], ['New', totals.new], ['Expansion', totals.expansion], ['Contraction', totals.contraction], ['Churn', totals.churn], ['Net', totals.net]]
        .map(([k, v]) => h('div.stat', h('span.label', k), h('span.value', money(v ?? 0))))),
      byDay.size ? barChart([...byDay].sort().map(([day, value]) => ({ label: String(day), value })), { label: (v) => money(v) }) : h('p.muted', 'No MRR movements in this period.'),
      h('p.muted', `Projection: ${(m.projection ?? []).map((p) => `${p.month} ${money(p.mrr)}`).join(' · ')}`));
  }, (e) => mount(mrr, h('h2', 'MRR movements'), e.status === 404
    ? h('p.muted', 'Platform MRR and its movements are shown to the operator organisation\'s admins (billing.revenue.operator-org-id).')
    : errorBanner(e)));

  const refresh = () => { loadLedger(); loadMrr(); };
  const offs = [
    rt.on(`private-org-${me.orgId}`, 'payment.succeeded', refresh),
    rt.on(`private-org-${me.orgId}`, 'billing.plan_changed', refresh),
    rt.on(`private-user-${me.id}`, '*', (d, event) => { if (event.startsWith('payment.')) refresh(); }),
    rt.onResync(refresh),
  ];
  refresh();
  return () => offs.forEach((off) => off());
}
