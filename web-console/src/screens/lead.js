// A lead: its fields and status, the live timeline (REST + private-lead-{id}), and the SMS thread
// with optimistic send (a pending bubble, confirmed by message.sent / message.status_changed, or
// failed with the server's reason) and inbound messages appearing live.
import * as api from '../lib/api.js';
import { ago, empty, errorBanner, fullName, h, loading, mount, statusBadge, time } from '../lib/dom.js';
import { STATUSES } from './leads.js';

const RANK = { PENDING: -1, QUEUED: 0, SENDING: 1, SENT: 2, DELIVERED: 3, UNDELIVERED: 3, FAILED: 3, EXPIRED: 3, READ: 4, RECEIVED: 5 };
const FAILED = new Set(['FAILED', 'UNDELIVERED', 'EXPIRED', 'REFUSED']);
const STATUS_TEXT = { PENDING: 'Sending…', QUEUED: 'Queued', SENDING: 'Sending…', SENT: 'Sent', DELIVERED: 'Delivered', READ: 'Read', RECEIVED: '' };

export function render(root, { rt, me, params, toast }) {
  const id = params.id;
  const head = h('div.page-head', loading());
  const fields = h('div.card.fields', { 'data-testid': 'lead-fields' });
  const timeline = h('div.card.timeline', { 'data-testid': 'timeline' }, h('h2', 'Timeline'), loading());
  const thread = h('div.thread', { 'data-testid': 'thread', 'aria-live': 'polite' }, loading());
  const input = h('textarea', { name: 'body', rows: 2, placeholder: 'Write an SMS…', maxLength: 1600, 'aria-label': 'Message', 'data-testid': 'compose' });
  const send = h('button.primary', { type: 'submit', 'data-testid': 'send' }, 'Send');
  const compose = h('form.compose', { onsubmit: (e) => { e.preventDefault(); sendMessage(); } }, input, send);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); sendMessage(); }
  });
  const messagesCard = h('div.card.messages', h('h2', 'Messages'), thread, compose);
  mount(root, h('a.back', { href: '/leads' }, '← Leads'), head, h('div.grid.lead-grid', h('div.col', fields, timeline), messagesCard));

  let lead = null;
  const messages = new Map(); // id -> message (temporary ids for pending sends)
  const entries = new Map(); // timeline id -> entry

  function showLead(l) {
    lead = l;
    const select = h('select', { 'aria-label': 'Status', 'data-testid': 'status-select' },
      STATUSES.map((s) => h('option', { value: s, selected: s === l.status }, s)));
    const err = h('div');
    select.addEventListener('change', async () => {
      mount(err);
      try {
        const r = await api.post(`/api/leads/${id}/status`, { status: select.value });
        showLead(r.lead ?? r);
      } catch (e) {
        mount(err, errorBanner(e));
        select.value = lead.status;
      }
    });
    mount(head, h('h1', { 'data-testid': 'lead-name' }, fullName(l)), statusBadge(l.status), h('div.spacer'), h('label.inline', 'Move to ', select), err);
    const e = l.enrichment ?? {};
    mount(fields, h('h2', 'Details'), h('dl',
      [['Company', l.company], ['Email', l.email], ['Phone', l.phone], ['Tags', (l.tags ?? []).join(', ')], ['Source', l.source],
        ['Engagement', `${l.engagementScore ?? 0} (${l.views ?? 0} views, ${l.ctaClicks ?? 0} clicks, ${l.messages ?? 0} messages)`],
        ['Location', [e.city, e.region, e.country].filter(Boolean).join(', ')], ['First line', e.firstLine],
        ['Created', time(l.createdAt)], ['Updated', time(l.updatedAt)]]
        .filter(([, v]) => v).map(([k, v]) => [h('dt', k), h('dd', v)])));
  }

  const loadLead = () => api.get(`/api/leads/${id}`).then(showLead, (e) => mount(head, errorBanner(e.status === 404 ? new Error('This lead does not exist or is not yours.') : e)));

  // --- timeline
  function drawTimeline() {
    const list = [...entries.values()].sort((a, b) => String(b.occurredAt).localeCompare(String(a.occurredAt)));
    mount(timeline, h('h2', 'Timeline'), list.length === 0 ? empty('Nothing yet') : h('ol.events', list.map((t) =>
      h('li', { dataset: { entry: t.id } }, h('span.dot'), h('div', h('strong', describe(t)), h('div.muted.small', ago(t.occurredAt)))))));
  }
  let timelineTimer;
  const loadTimeline = () => api.get(`/api/leads/${id}/timeline?limit=50`).then((r) => {
    for (const t of r.items ?? []) entries.set(t.id, t);
    drawTimeline();
  }, (e) => mount(timeline, h('h2', 'Timeline'), errorBanner(e)));
  const refreshTimeline = () => { clearTimeout(timelineTimer); timelineTimer = setTimeout(loadTimeline, 250); };

  // --- messages
  function upsert(m) {
    if (!m?.id) return;
    const had = messages.get(m.id);
    if (had && had.status !== 'PENDING') {
      const newer = (RANK[m.status] ?? 0) > (RANK[had.status] ?? 0)
        || ((RANK[m.status] ?? 0) === (RANK[had.status] ?? 0) && String(m.statusAt ?? '') > String(had.statusAt ?? ''));
      if (!newer) return;
    }
    messages.set(m.id, { ...had, ...m });
    drawThread();
  }

  function drawThread() {
    const list = [...messages.values()].sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)));
    if (list.length === 0) return mount(thread, empty('No messages yet', lead?.phone ? `Say hello to ${lead.firstName}.` : 'This lead has no phone number.'));
    const atBottom = thread.scrollHeight - thread.scrollTop - thread.clientHeight < 60;
    mount(thread, list.map((m) => {
      const failed = FAILED.has(m.status);
      const inbound = m.direction === 'INBOUND';
      const state = failed ? 'failed' : m.status === 'PENDING' || m.status === 'QUEUED' || m.status === 'SENDING' ? 'pending' : 'confirmed';
      return h(`div.bubble.${inbound ? 'in' : 'out'}.${inbound ? 'received' : state}`, { dataset: { message: m.id, status: m.status, state: inbound ? 'received' : state } },
        h('div.text', m.body ?? ''),
        h('div.meta', time(m.createdAt), inbound ? null : ` · ${failed ? 'Failed' : STATUS_TEXT[m.status] ?? m.status}`),
        failed ? h('div.reason', { 'data-testid': 'failure-reason' }, m.errorMessage || m.reason || 'Not sent') : null,
        failed && m.retry ? h('button.link', { type: 'button', onclick: () => { messages.delete(m.id); sendMessage(m.body); } }, 'Try again') : null);
    }));
    if (atBottom || list.at(-1)?.status === 'PENDING' || list.at(-1)?.direction === 'INBOUND') thread.scrollTop = thread.scrollHeight;
  }

  const loadMessages = () => api.get(`/api/messages?leadId=${id}&limit=100`).then((r) => {
    for (const m of r.items ?? []) upsert(m);
    drawThread();
  }, (e) => mount(thread, errorBanner(e)));

  async function sendMessage(text = input.value.trim()) {
    if (!text) return;
    input.value = '';
    const temp = `pending-${crypto.randomUUID()}`;
    messages.set(temp, { id: temp, direction: 'OUTBOUND', body: text, status: 'PENDING', createdAt: new Date().toISOString() });
    drawThread();
    try {
      const m = await api.post('/api/messages', { leadId: id, channel: 'SMS', body: text });
      messages.delete(temp);
      if (!messages.has(m.id)) messages.set(m.id, m);
      drawThread();
    } catch (e) {
      messages.set(temp, { ...messages.get(temp), status: 'REFUSED', retry: e.status !== 409 && e.status !== 400, reason: reason(e) });
      drawThread();
    }
  }

  const reason = (e) => (e.problem?.type?.includes('opted-out') || /opt/i.test(e.problem?.title ?? '') ? 'This number has opted out (STOP): it cannot be messaged.' : e.message);

  const offs = [
    rt.on(`private-lead-${id}`, '*', (data, event) => {
      if (event.startsWith('message.')) upsert(data);
      else if (event.startsWith('lead.') && (data?.lead?.id === id || data?.id === id)) {
        const l = data.lead ?? data;
        if (l.firstName !== undefined && Number(l.version ?? 0) >= Number(lead?.version ?? 0)) showLead(l);
      }
      if (event === 'contact.opted_out') toast('Opted out', `${lead ? fullName(lead) : 'This lead'} replied STOP.`, { kind: 'warn' });
      if (event === 'lead.deleted') mount(head, errorBanner(new Error('This lead was deleted.')));
      refreshTimeline();
    }),
    rt.on(`private-lead-${id}`, '@subscribed', () => { loadMessages(); loadTimeline(); }),
    rt.onResync(() => { loadLead(); loadMessages(); loadTimeline(); }),
  ];
  loadLead().then(loadMessages);
  loadTimeline();
  return () => { clearTimeout(timelineTimer); offs.forEach((off) => off()); };
}

function describe(t) {
  const d = t.data ?? {};
  switch (t.type) {
    case 'lead.created': return 'Lead created';
    case 'lead.updated': return `Updated ${(d.changedFields ?? []).join(', ')}`;
    case 'lead.status_changed': return `Status ${d.from ?? ''} → ${d.to ?? ''}${d.reason ? ` (${d.reason})` : ''}`;
    case 'lead.assigned': return d.to ? 'Assigned' : 'Unassigned';
    case 'note.added': return `Note: ${d.excerpt ?? ''}`;
    case 'message.queued': return 'Message queued';
    case 'message.sent': return 'Message sent';
    case 'message.inbound': return `Reply: ${d.body ?? ''}`;
    case 'message.status_changed': return `Message ${String(d.status ?? '').toLowerCase()}`;
    case 'preview.viewed': return 'Viewed the preview page';
    case 'preview.cta_clicked': return 'Clicked the call to action';
    case 'call.completed': return `Call: ${d.outcome ?? ''}${d.notes ? ` — ${d.notes}` : ''}`;
    case 'payment.succeeded': return 'Payment received';
    case 'contact.opted_out': return 'Opted out of messages';
    default: return t.type.replaceAll('.', ' ').replaceAll('_', ' ');
  }
}
