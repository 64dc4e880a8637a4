#!/usr/bin/env node
// The whole journey (issue 10, item 1) against the running suite, through the gateway only, as
// users, browsers and providers reach it: an admin's sequence enrols an imported CSV, enrichment
// places the lead, the sequence's first SMS goes out through the offline sandbox and its signed
// status callbacks come back, the lead views its preview page three times and turns hot, the rep's
// browser (pusher-js) is told live and the rep claims the call, the lead replies by a signed Twilio
// SMS (the sequence stops), pays through a signed Stripe webhook and becomes PAID, and the admin's
// revenue dashboard counts the payment.
//
// Each step is a named block with its elapsed time; each check prints one line; the run exits
// non-zero on any failed check and stops by itself within 150 s.
//
//   node journey.mjs [GATEWAY_URL]     (default http://localhost:8080)

import { randomUUID } from 'node:crypto';
import Pusher from 'pusher-js';
import { brief, checks, gateway, pusherOptions, stripeSignature, twilioSignature } from '../lib.mjs';

const GW = process.argv[2] || 'http://localhost:8080';
const KEY = process.env.PUSHER_KEY || 'leadpulse-key';
const STRIPE_SECRET = process.env.STRIPE_WEBHOOK_SECRET ?? 'whsec_dev_leadpulse';
const TWILIO_TOKEN = process.env.TWILIO_AUTH_TOKEN ?? 'dev-twilio-token';
const PAYMENT = 9900; // minor units: what the lead pays (the growth plan's monthly price)

const tally = checks();
const { check } = tally;
const { call, until, login } = gateway(GW, 30_000);
const sockets = [];
const cleanups = [];
const started = Date.now();
const timings = [];

async function finish() {
  clearTimeout(hardStop);
  for (const undo of cleanups.reverse()) {
    try {
      await undo();
    } catch (e) {
      check('clean-up after the run', false, String(e));
    }
  }
  sockets.forEach((s) => s.disconnect());
  console.log('journey steps:');
  timings.forEach((t) => console.log(`  ${t.failed ? 'FAIL' : 'ok  '}  ${t.name.padEnd(58)} ${String(t.ms).padStart(6)} ms`));
  tally.finish('journey e2e');
}

const hardStop = setTimeout(() => {
  check('the journey ends within 150 s', false);
  finish();
}, 150_000);

/** One named step: its checks, its elapsed time, a summary line at the end. */
async function step(name, body) {
  console.log(`${name}`);
  const failedBefore = tally.failed;
  const t0 = Date.now();
  try {
    await body();
  } catch (e) {
    check(`${name}: no exception`, false, e?.stack ?? String(e));
  }
  const ms = Date.now() - t0;
  timings.push({ name, ms, failed: tally.failed > failedBefore });
  console.log(`  (${ms} ms, ${Date.now() - started} ms since start)`);
}

/** Resolves with the first value `probe` returns that is not undefined, or undefined after `ms`. */
function waitFor(probe, ms = 20_000) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const tick = () => {
      const value = probe();
      if (value !== undefined) return resolve(value);
      if (Date.now() - t0 > ms) return resolve(undefined);
      setTimeout(tick, 20);
    };
    tick();
  });
}

function browser(token) {
  const pusher = new Pusher(KEY, pusherOptions(GW, token));
  sockets.push(pusher);
  return pusher;
}

/** Records every event of a channel with the time it arrived. */
function record(channel) {
  const seen = [];
  channel.bind_global((event, data) => seen.push({ event, data, at: Date.now() }));
  return seen;
}

function stripe(type, object) {
  const created = Math.floor(Date.now() / 1000);
  const payload = JSON.stringify({
    id: `evt_journey_${randomUUID().replaceAll('-', '')}`, object: 'event', api_version: '2025-09-30.clover',
    created, livemode: false, pending_webhooks: 1, type, data: { object },
  });
  return call('POST', '/webhooks/stripe', {
    body: payload, headers: { 'Content-Type': 'application/json', 'Stripe-Signature': stripeSignature(STRIPE_SECRET, payload, created) },
  });
}

function twilio(path, params) {
  const signature = twilioSignature(TWILIO_TOKEN, GW + path, params);
  return call('POST', path, {
    body: new URLSearchParams(params).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature },
  });
}

const get = (path, token) => call('GET', path, { token });
const timelineOf = async (leadId, token) => (await get(`/api/leads/${leadId}/timeline?limit=200`, token)).body?.items ?? [];
const typeOf = (entry) => entry.type ?? entry.kind ?? entry.eventType;

console.log(`journey e2e against ${GW}`);

// Unique per run (the suite is not reset between e2e scripts): a tag the sequence's rule matches,
// emails, phones (+1 415 7i sssss: area 415, a valid exchange, 27 hours before seconds repeat).
const run = `${Date.now()}`;
const tag = `journey${run}`;
const seconds = String(Math.floor(Date.now() / 1000) % 100_000).padStart(5, '0');
const people = [
  { firstName: 'Jo', lastName: 'Journey', company: 'Journey Labs' },
  { firstName: 'Kim', lastName: 'Second', company: 'Second Co' },
  { firstName: 'Lou', lastName: 'Third', company: '' },
].map((p, i) => ({ ...p, email: `journey.${run}.${i}@example.test`, phone: `+14157${i}${seconds}` }));

let admin;
let rep;
let rep2;
let lead; // the journey's lead (the CSV's first row)
let sequence;
let repEvents = [];
let orgEvents = [];

await step('1. the Acme admin and two reps log in (DemoSeed)', async () => {
  const token = async (email, password) => {
    const t = await login(email, password);
    return { token: t, ...((await get('/api/me', t)).body ?? {}) };
  };
  admin = await token('admin@demo.test', 'demo-admin');
  rep = await token('rep1@demo.test', 'demo-rep');
  rep2 = await token('rep2@demo.test', 'demo-rep');
  check('admin, rep1 and rep2 log in and know their ids', Boolean(admin.token && rep.token && rep2.token
    && admin.orgId && rep.id && rep2.id && admin.role === 'ADMIN' && rep.role === 'REP'));
  if (!admin.token || !rep.token) await finish();

  // The sandbox SMS must not wait for the recipient's morning: quiet hours off for the run, restored after.
  const settings = (await get('/api/messages/settings', admin.token)).body;
  const saved = await call('PUT', '/api/messages/settings', { token: admin.token,
    json: { ...settings, quietStart: '00:00', quietEnd: '00:00' } });
  check('admin turns quiet hours off for the run', saved.status === 200, brief(saved));
  cleanups.push(async () => {
    const restored = await call('PUT', '/api/messages/settings', { token: admin.token, json: settings });
    check('quiet hours restored', restored.status === 200, brief(restored));
  });
});

await step('2. admin creates a sequence (SMS first) that enrols imported leads', async () => {
  const created = await call('POST', '/api/sequences', { token: admin.token, json: {
    name: `Journey ${run}`,
    steps: [
      { channel: 'SMS', delayMinutes: 0, template: 'Hi {{firstName}}, your proposal from Acme is ready.' },
      { channel: 'SMS', delayMinutes: 1440, template: 'Hi {{firstName}}, any questions about the proposal?' },
    ],
    enrolRule: { on: ['lead.created'], source: 'import', tags: [tag] },
  } });
  sequence = created.body;
  check('POST /api/sequences: 201 with two steps and the enrol rule', created.status === 201
    && sequence?.steps?.length === 2 && Boolean(sequence?.enrolRule), brief(created));
});

await step('3. admin imports a CSV of three leads; progress live on private-org', async () => {
  const adminBrowser = browser(admin.token);
  const orgChannel = adminBrowser.subscribe(`private-org-${admin.orgId}`);
  orgEvents = record(orgChannel);
  check('admin browser subscribes to private-org-{id}',
    await waitFor(() => (orgEvents.some((e) => e.event === 'pusher:subscription_succeeded') ? true : undefined)));

  const csv = ['first_name,last_name,email,phone,company,tags',
    ...people.map((p) => [p.firstName, p.lastName, p.email, p.phone, p.company, tag].join(','))].join('\n') + '\n';
  const form = new FormData();
  form.append('file', new Blob([csv], { type: 'text/csv' }), `journey-${run}.csv`);
  form.append('mapping', JSON.stringify({ first_name: 'firstName', last_name: 'lastName', email: 'email',
    phone: 'phone', company: 'company', tags: 'tags' }));
  const upload = await call('POST', '/api/leads/imports', { token: admin.token, form });
  check('POST /api/leads/imports: 202 RUNNING with 3 rows', upload.status === 202 && upload.body?.totalRows === 3, brief(upload));
  const importId = upload.body?.id;
  const job = await until('import finished', async () => {
    const r = await get(`/api/leads/imports/${importId}`, admin.token);
    return { r, done: r.body?.status === 'COMPLETED' };
  });
  check('the import completes: 3 created, nothing left out', job.done && job.r.body?.created === 3, brief(job.r ?? {}));
  const finished = await waitFor(() => orgEvents.find((e) => e.event === 'import.finished' && e.data?.importId === importId), 10_000);
  check('import.progress and import.finished arrive live on private-org', Boolean(finished)
    && orgEvents.some((e) => e.event === 'import.progress' && e.data?.importId === importId), `events: ${orgEvents.map((e) => e.event)}`);

  const found = await get(`/api/leads?q=${encodeURIComponent(people[0].email)}`, admin.token);
  lead = (found.body?.items ?? []).find((l) => l.email === people[0].email);
  check('the first row is a lead with the CSV data, unassigned (an admin import)', lead && lead.phone === people[0].phone
    && lead.company === people[0].company && !lead.assigneeId, brief(found));
  if (!lead) await finish();

  // An admin's import creates unassigned leads: the admin hands the lead to rep1, as the console does.
  const assigned = await call('PATCH', `/api/leads/${lead.id}`, { token: admin.token, json: { assigneeId: rep.id } });
  check('admin assigns the lead to rep1', assigned.status === 200 && assigned.body?.assigneeId === rep.id, brief(assigned));
  lead = assigned.body ?? lead;
});

await step('4. enrichment (offline provider) places the lead', async () => {
  const enriched = await until('enriched', async () => {
    const r = await get(`/api/leads/${lead.id}`, rep.token);
    return { r, done: Boolean(r.body?.enrichment?.timezone) };
  });
  const e = enriched.r?.body?.enrichment ?? {};
  check('the lead carries enrichment: timezone America/Los_Angeles from +1 415, country US, source offline',
    enriched.done && e.timezone === 'America/Los_Angeles' && e.country === 'US' && e.source === 'offline', brief(enriched.r ?? {}));
  const onTimeline = await until('lead.enriched on the timeline', async () => {
    const items = await timelineOf(lead.id, rep.token);
    return { items, done: items.some((i) => typeOf(i) === 'lead.enriched') };
  });
  check("lead.enriched is on the lead's timeline", onTimeline.done, JSON.stringify((onTimeline.items ?? []).map(typeOf)));
});

let firstSms;
await step("5. the sequence's first SMS goes out and is DELIVERED (signed callbacks)", async () => {
  const enrolled = await until('enrolled', async () => {
    const r = await get(`/api/sequences/${sequence?.id}/enrolments`, admin.token);
    const items = r.body?.items ?? [];
    return { r, items, done: items.length === 3 };
  });
  const mine = enrolled.items?.find((x) => x.leadId === lead.id);
  check('the rule enrolled the three imported leads (via RULE)', enrolled.done && mine?.via === 'RULE', brief(enrolled.r ?? {}));
  const delivered = await until('first SMS delivered', async () => {
    const r = await get(`/api/messages?leadId=${lead.id}`, rep.token);
    const sms = (r.body?.items ?? []).find((m) => m.direction === 'OUTBOUND' && m.channel === 'SMS');
    return { r, sms, done: sms?.status === 'DELIVERED' };
  });
  firstSms = delivered.sms;
  check("the sequence's first SMS, rendered for the lead, reaches DELIVERED",
    delivered.done && String(firstSms?.body).includes(`Hi ${people[0].firstName}, your proposal`), brief(delivered.r ?? {}));
  const conversation = await until('conversation', async () => {
    const r = await get(`/api/conversations?q=${encodeURIComponent(people[0].lastName)}`, rep.token);
    const c = (r.body?.items ?? []).find((x) => x.leadId === lead.id);
    return { r, c, done: c?.lastDirection === 'OUTBOUND' };
  });
  check("rep1's conversations show it (last message outbound)", conversation.done, brief(conversation.r ?? {}));
  const onTimeline = await until('message on the timeline', async () => {
    const items = await timelineOf(lead.id, rep.token);
    return { items, done: ['message.sent', 'message.status_changed'].every((t) => items.some((i) => typeOf(i) === t)) };
  });
  check("message.sent and message.status_changed are on the lead's timeline", onTimeline.done,
    JSON.stringify((onTimeline.items ?? []).map(typeOf)));
});

await step("6. rep1's browser connects and subscribes to private-user-{id}", async () => {
  const repBrowser = browser(rep.token);
  const userChannel = repBrowser.subscribe(`private-user-${rep.id}`);
  repEvents = record(userChannel);
  check('rep1 subscribes to its user channel (auth through /api/realtime/auth with its JWT)',
    await waitFor(() => (repEvents.some((e) => e.event === 'pusher:subscription_succeeded') ? true : undefined)));
});

await step('7. the lead views its preview three times and turns HOT; rep1 told live', async () => {
  const token = lead.previewToken;
  check('the lead API gives the preview token', /^[0-9a-f]{64}$/.test(token ?? ''), String(token));
  let thirdAt = 0;
  for (let view = 1; view <= 3; view++) {
    const page = await call('GET', `/p/${token}`, { headers: { Accept: 'text/html' } });
    check(`view ${view}: GET /p/{token} is the HTML page with the lead's first name`,
      page.status === 200 && page.type.includes('text/html') && page.text.includes(people[0].firstName), brief(page));
    // what navigator.sendBeacon sends on load: text/plain, no preflight
    thirdAt = Date.now(); // the third view's beacon leaves now; the lead turns hot in its transaction
    const beacon = await call('POST', `/p/${token}/events`, { body: JSON.stringify({ type: 'VIEW', clientEventId: `journey-${run}-${view}` }),
      headers: { 'Content-Type': 'text/plain;charset=UTF-8' } });
    check(`view ${view}: the beacon's VIEW is 204`, beacon.status === 204, brief(beacon));
  }
  const hot = await waitFor(() => repEvents.find((e) => e.event === 'lead.became_hot'
    && (e.data?.leadId ?? e.data?.id ?? e.data?.lead?.id) === lead.id), 15_000);
  check("lead.became_hot arrives on rep1's socket", Boolean(hot), `events: ${repEvents.map((e) => e.event)}`);
  if (hot) console.log(`  third view -> rep1's socket: ${hot.at - thirdAt} ms`);
  const notified = await waitFor(() => repEvents.find((e) => e.event === 'notification.created'
    && e.data?.notification?.type === 'lead.hot' && e.data?.notification?.subjectId === lead.id), 15_000);
  check("rep1's socket also gets the hot-lead notification (notification.created, type lead.hot)", Boolean(notified),
    `events: ${repEvents.map((e) => e.event)}`);
  if (notified) console.log(`  third view -> rep1's notification: ${notified.at - thirdAt} ms`);
  const status = await get(`/api/leads/${lead.id}`, rep.token);
  check('the lead is HOT', status.body?.status === 'HOT', brief(status));
});

await step('8. rep1 finds it in the call queue and claims it; others cannot', async () => {
  const queue = await get('/api/call-queue', rep.token);
  const entry = (queue.body?.items ?? []).find((x) => x.leadId === lead.id);
  check("the lead is in rep1's call queue, unclaimed", queue.status === 200 && entry && !entry.claimedBy, brief(queue));
  const claim = await call('POST', `/api/call-queue/${lead.id}/claim`, { token: rep.token });
  check('rep1 claims it', claim.status === 200 && claim.body?.claimedBy === rep.id, brief(claim));
  const second = await call('POST', `/api/call-queue/${lead.id}/claim`, { token: admin.token });
  check('a second claim (the admin) is 409 call-claimed naming rep1', second.status === 409
    && second.body?.claimedBy?.id === rep.id, brief(second));
  const other = await call('POST', `/api/call-queue/${lead.id}/claim`, { token: rep2.token });
  check("rep2 cannot claim rep1's lead (404: not its lead, not a pool lead)", other.status === 404, brief(other));
});

await step('9. the lead replies by SMS (signed Twilio webhook); rep1 told live; the sequence stops', async () => {
  const sentAt = Date.now();
  const reply = await twilio('/webhooks/twilio/inbound', { MessageSid: `SM${randomUUID().replaceAll('-', '')}`,
    AccountSid: 'ACjourney', From: lead.phone, To: firstSms?.from ?? '+15005550006', Body: 'Sounds good, call me', NumMedia: '0' });
  check('the signed inbound SMS is answered 200 with TwiML', reply.status === 200 && reply.text.includes('<Response'), brief(reply));
  const live = await waitFor(() => repEvents.find((e) => e.event === 'message.inbound'
    && JSON.stringify(e.data).includes(lead.id)), 15_000);
  check("message.inbound arrives on rep1's socket", Boolean(live), `events: ${repEvents.map((e) => e.event)}`);
  if (live) console.log(`  inbound webhook -> rep1's socket: ${live.at - sentAt} ms`);
  const conversation = await until('reply in the conversation', async () => {
    const r = await get(`/api/messages?leadId=${lead.id}`, rep.token);
    return { r, done: (r.body?.items ?? []).some((m) => m.direction === 'INBOUND' && m.body === 'Sounds good, call me') };
  });
  check("the reply is in the lead's conversation", conversation.done, brief(conversation.r ?? {}));
  const stopped = await until('sequence stopped', async () => {
    const r = await get(`/api/sequences/${sequence?.id}/enrolments`, admin.token);
    const e = (r.body?.items ?? []).find((x) => x.leadId === lead.id);
    return { r, e, done: e?.status === 'STOPPED' };
  });
  check('the enrolment STOPPED with reason REPLIED (stop on reply)', stopped.done && stopped.e?.reason === 'REPLIED',
    brief(stopped.r ?? {}));
  const others = (stopped.r?.body?.items ?? []).filter((x) => x.leadId !== lead.id);
  check("the other two leads' enrolments go on (ACTIVE)", others.length === 2 && others.every((x) => x.status === 'ACTIVE'),
    JSON.stringify(others));
});

let revenueBefore;
let mrrBefore;
await step('10. the lead pays through Stripe (signed webhook); PAID; rep1 told live', async () => {
  const revenue = await get('/api/billing/revenue', admin.token);
  revenueBefore = Number(revenue.body?.byType?.payment ?? NaN);
  const subscription = await get('/api/billing/subscription', admin.token);
  mrrBefore = subscription.body?.mrr;
  check("admin reads the dashboard's revenue and MRR before the payment", revenue.status === 200
    && Number.isFinite(revenueBefore) && subscription.status === 200, brief(revenue));

  const now = Math.floor(Date.now() / 1000);
  const sentAt = Date.now();
  const paid = await stripe('payment_intent.succeeded', {
    id: `pi_journey_${run}`, object: 'payment_intent', amount: PAYMENT, amount_received: PAYMENT, currency: 'eur',
    status: 'succeeded', customer: null, created: now, metadata: { org_id: admin.orgId, lead_id: lead.id },
  });
  check('the signed payment_intent.succeeded is stored (200, not a duplicate)', paid.status === 200
    && paid.body?.duplicate === false, brief(paid));
  const live = await waitFor(() => repEvents.find((e) => e.event === 'payment.succeeded' && e.data?.leadId === lead.id), 15_000);
  check("payment.succeeded arrives on rep1's socket", Boolean(live) && live.data.amount === PAYMENT,
    `events: ${repEvents.map((e) => e.event)}`);
  if (live) console.log(`  Stripe webhook -> rep1's socket: ${live.at - sentAt} ms`);
  const status = await until('PAID', async () => {
    const r = await get(`/api/leads/${lead.id}`, rep.token);
    return { r, done: r.body?.status === 'PAID' };
  });
  check('the lead is PAID', status.done, brief(status.r ?? {}));
  const onTimeline = await until('payment on the timeline', async () => {
    const items = await timelineOf(lead.id, rep.token);
    return { items, done: items.some((i) => typeOf(i) === 'payment.succeeded') };
  });
  check("payment.succeeded is on the lead's timeline", onTimeline.done, JSON.stringify((onTimeline.items ?? []).map(typeOf)));
});

await step("11. the admin's dashboard: revenue moves by the payment", async () => {
  const revenue = await until('revenue', async () => {
    const r = await get('/api/billing/revenue', admin.token);
    return { r, done: Number(r.body?.byType?.payment) - revenueBefore === PAYMENT };
  });
  check(`revenue (payments) grew by exactly ${PAYMENT}: ${revenueBefore} -> ${revenue.r?.body?.byType?.payment}`, revenue.done,
    brief(revenue.r ?? {}));
  const subscription = await get('/api/billing/subscription', admin.token);
  // MRR counts the organisation's own LeadPulse subscription (billing-service README, "Plans and
  // subscriptions"); a lead's payment to the organisation is revenue, not the org's MRR.
  check(`the org's MRR (its own plan) is untouched by a lead's payment: ${mrrBefore} -> ${subscription.body?.mrr}`,
    subscription.status === 200 && subscription.body?.mrr === mrrBefore, brief(subscription));
});

await finish();
