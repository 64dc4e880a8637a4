// The live call queue: claim, release, complete (with outcome), kept live by call_queue.updated.
import * as api from '../lib/api.js';
import { empty, errorBanner, h, loading, mount } from '../lib/dom.js';

export function render(root, { rt, me }) {
  const list = h('div', loading());
  const err = h('div');
  mount(root, h('div.page-head', h('h1', 'Call queue'), h('p.muted', 'Hot leads waiting for a call, oldest first.')), err, list);
  let items = [];

  const load = () => api.get('/api/call-queue?limit=100').then((r) => { items = r.items ?? []; draw(); }, (e) => mount(list, errorBanner(e)));

  async function act(path, body) {
    mount(err);
    try {
      await api.post(path, body);
    } catch (e) {
      mount(err, errorBanner(e));
    }
    load();
  }

  function draw() {
    if (items.length === 0) return mount(list, h('div.card', empty('The queue is empty', 'Hot leads appear here the moment they turn hot.')));
    mount(list, h('ul.queue', items.map((it) => {
      const l = it.lead ?? {};
      const mine = it.claimedBy === me.id;
      const outcome = h('select', { 'aria-label': 'Outcome' }, ['CONNECTED', 'NO_ANSWER', 'VOICEMAIL'].map((o) => h('option', { value: o }, o.replace('_', ' ').toLowerCase())));
      const notes = h('input', { placeholder: 'Notes', 'aria-label': 'Notes' });
      const started = it.claimedAt ? new Date(it.claimedAt).getTime() : Date.now();
      return h('li.card.queue-item', { dataset: { lead: it.leadId } },
        h('div.pos', `#${it.position}`),
        h('div.who', h('a', { href: `/leads/${it.leadId}` }, [l.firstName, l.lastName].filter(Boolean).join(' ')), h('div.muted', l.company ?? ''),
          h('div.muted.small', `score ${l.engagementScore ?? 0} · waiting ${Math.round((it.waitingSeconds ?? 0) / 60)} min${it.fromPool ? ' · pool' : ''}`)),
        h('div.actions',
          it.claimedBy && !mine ? h('span.badge', `${it.claimedByName ?? 'Someone'} is calling`) : null,
          !it.claimedBy ? h('button.primary', { type: 'button', onclick: () => act(`/api/call-queue/${it.leadId}/claim`) }, 'Claim') : null,
          mine || (it.claimedBy && me.role === 'ADMIN') ? h('button.secondary', { type: 'button', onclick: () => act(`/api/call-queue/${it.leadId}/release`) }, 'Release') : null,
          mine ? h('form.complete', { onsubmit: (e) => { e.preventDefault(); act(`/api/call-queue/${it.leadId}/complete`, {
            outcome: outcome.value, notes: notes.value || undefined, durationSeconds: Math.round((Date.now() - started) / 1000) }); } },
          outcome, notes, h('button.primary', { type: 'submit' }, 'Complete')) : null));
    })));
  }

  const offs = [
    rt.on(`private-user-${me.id}`, 'call_queue.updated', load),
    rt.on(`private-org-${me.orgId}`, 'call_queue.updated', load),
    rt.on(`private-user-${me.id}`, 'lead.became_hot', load),
    rt.onResync(load),
  ];
  load();
  return () => offs.forEach((off) => off());
}
