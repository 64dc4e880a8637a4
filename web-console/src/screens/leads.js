// Leads: filters (status, assignee, tag, text), cursor pagination, rows kept live by the lead events
// of the caller's user channel (an admin hears every lead of the org, a rep its own: ADR 0005).
import * as api from '../lib/api.js';
import { ago, empty, errorBanner, fullName, h, loading, mount, statusBadge } from '../lib/dom.js';

export const STATUSES = ['NEW', 'CONTACTED', 'REPLIED', 'HOT', 'WON', 'PAID', 'LOST'];

export function render(root, { rt, me, query, navigate }) {
  const filters = { status: query.get('status') ?? '', assignee: query.get('assignee') ?? '', tag: query.get('tag') ?? '', q: query.get('q') ?? '' };
  let users = new Map();
  let rows = new Map(); // id -> lead, in list order
  let nextCursor = null;

  const status = h('select', { 'aria-label': 'Status', name: 'status' }, h('option', { value: '' }, 'Any status'),
    STATUSES.map((s) => h('option', { value: s, selected: s === filters.status }, s)));
  const assignee = h('select', { 'aria-label': 'Assignee', name: 'assignee', hidden: me.role !== 'ADMIN' }, h('option', { value: '' }, 'Anyone'),
    h('option', { value: 'unassigned', selected: filters.assignee === 'unassigned' }, 'Unassigned'));
  const tag = h('input', { type: 'search', name: 'tag', placeholder: 'Tag', value: filters.tag, 'aria-label': 'Tag' });
  const q = h('input', { type: 'search', name: 'q', placeholder: 'Search name, company, email, phone', value: filters.q, 'aria-label': 'Search' });
  const body = h('tbody');
  const more = h('button.secondary', { type: 'button', hidden: true, onclick: () => load(true) }, 'Load more');
  const state = h('div');
  const count = h('span.muted');

  mount(root,
    h('div.page-head', h('h1', 'Leads'), count, h('div.spacer'), h('a.button.primary', { href: '/import' }, 'Import CSV')),
    h('form.filters', { onsubmit: (e) => { e.preventDefault(); apply(); } }, q, status, assignee, tag, h('button.secondary', { type: 'submit' }, 'Filter')),
    state,
    h('div.table-wrap', h('table.table.leads', { 'data-testid': 'leads-table' },
      h('thead', h('tr', ['Name', 'Company', 'Status', 'Assignee', 'Tags', 'Score', 'Created'].map((c) => h('th', c)))), body)),
    h('div.more', more));

  let debounce;
  q.addEventListener('input', () => { clearTimeout(debounce); debounce = setTimeout(apply, 300); });
  status.addEventListener('change', apply);
  assignee.addEventListener('change', apply);
  tag.addEventListener('change', apply);

  function apply() {
    Object.assign(filters, { status: status.value, assignee: assignee.value, tag: tag.value.trim(), q: q.value.trim() });
    const search = api.query({ status: filters.status, assignee: filters.assignee, tag: filters.tag, q: filters.q });
    history.replaceState(null, '', `/leads${search}`);
    load(false);
  }

  function params(cursor) {
    return api.query({
      status: filters.status || undefined,
      assigneeId: filters.assignee && filters.assignee !== 'unassigned' ? filters.assignee : undefined,
      unassigned: filters.assignee === 'unassigned' ? 'true' : undefined,
      tag: filters.tag || undefined,
      q: filters.q || undefined,
      limit: 50,
      cursor,
    });
  }

  let seq = 0;
  async function load(append) {
    const mine = ++seq;
    if (!append) mount(state, loading());
    try {
      const r = await api.get(`/api/leads${params(append ? nextCursor : undefined)}`);
      if (mine !== seq) return;
      if (!append) rows = new Map();
      for (const l of r.items ?? []) rows.set(l.id, l);
      nextCursor = r.nextCursor ?? null;
      mount(state);
      draw();
    } catch (e) {
      if (mine === seq) mount(state, errorBanner(e));
    }
  }

  /** After a reconnect or a batch of imported leads: re-read the first page and merge by id (nothing twice). */
  async function refreshTop() {
    try {
      const r = await api.get(`/api/leads${params()}`);
      const fresh = new Map((r.items ?? []).map((l) => [l.id, l]));
      for (const [id, l] of rows) if (!fresh.has(id)) fresh.set(id, l);
      rows = fresh;
      if (!nextCursor) nextCursor = r.nextCursor ?? null;
      draw();
    } catch {
      /* keep the rows we have */
    }
  }

  function matches(l) {
    if (filters.status && l.status !== filters.status) return false;
    if (filters.assignee === 'unassigned' && l.assigneeId) return false;
    if (filters.assignee && filters.assignee !== 'unassigned' && l.assigneeId !== filters.assignee) return false;
    if (filters.tag && !(l.tags ?? []).includes(filters.tag.toLowerCase())) return false;
    if (filters.q) {
      const hay = [l.firstName, l.lastName, l.company, l.email, l.phone].join(' ').toLowerCase();
      if (!hay.includes(filters.q.toLowerCase())) return false;
    }
    return true;
  }

  function row(l) {
    const who = l.assigneeId ? users.get(l.assigneeId)?.name ?? '…' : 'Unassigned';
    return h('tr', { dataset: { lead: l.id }, onclick: (e) => { if (!e.target.closest('a')) navigate(`/leads/${l.id}`); } },
      h('td', { 'data-label': 'Name' }, h('a', { href: `/leads/${l.id}` }, fullName(l)), h('div.muted.small', l.email ?? l.phone ?? '')),
      h('td', { 'data-label': 'Company' }, l.company ?? ''),
      h('td', { 'data-label': 'Status' }, statusBadge(l.status)),
      h('td', { 'data-label': 'Assignee' }, who),
      h('td', { 'data-label': 'Tags' }, (l.tags ?? []).map((t) => h('span.tag', t))),
      h('td', { 'data-label': 'Score' }, String(l.engagementScore ?? 0)),
      h('td', { 'data-label': 'Created' }, ago(l.createdAt)));
  }

  function draw() {
    const list = [...rows.values()];
    count.textContent = list.length ? `${list.length}${nextCursor ? '+' : ''} shown` : '';
    mount(body, list.length === 0
      ? h('tr', h('td', { colSpan: 7 }, empty('No leads match', 'Import a CSV or change the filters.')))
      : list.map(row));
    more.hidden = !nextCursor;
  }

  function onEvent(data, event) {
    if (event === 'leads.imported') return refreshTop();
    if (event === 'lead.deleted') {
      rows.delete(data?.id);
      return draw();
    }
    const lead = event === 'lead.created' || event === 'lead.updated' ? data : data?.lead;
    if (!lead?.id || !event.startsWith('lead.') || lead.firstName === undefined) return;
    const had = rows.get(lead.id);
    if (had && Number(had.version ?? 0) > Number(lead.version ?? 0)) return; // an older state arriving late
    if (!matches(lead)) {
      if (had) rows.delete(lead.id);
    } else if (had) {
      rows.set(lead.id, lead);
    } else {
      rows = new Map([[lead.id, lead], ...rows]);
    }
    draw();
  }

  api.get('/api/users').then((r) => {
    users = new Map((r.items ?? []).map((u) => [u.id, u]));
    for (const u of users.values()) {
      assignee.append(h('option', { value: u.id, selected: u.id === filters.assignee }, u.name));
    }
    draw();
  }, () => {});

  const offs = [rt.on(`private-user-${me.id}`, '*', onEvent), rt.on(`private-user-${me.id}`, '@subscribed', refreshTop), rt.onResync(refreshTop)];
  load(false);
  return () => offs.forEach((off) => off());
}
