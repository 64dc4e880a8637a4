#!/usr/bin/env node
// Faults under load, nothing lost (issue 10, item 2). Against the suite ./dev up started:
//
//  1. an open-loop stream of signed Stripe `payment_intent.succeeded` (each with its own amount and
//     payment intent) and signed Twilio inbound SMS (each its own MessageSid, from a lead's phone)
//     through the gateway; a request counts as acknowledged only when answered 2xx; anything else
//     (non-2xx, refused, timed out) is retried with the same event id / MessageSid a few seconds
//     later, as Stripe and Twilio do;
//  2. resuming Pusher-protocol sockets through the gateway, subscribed to the leads' channels, that
//     reconnect when their socket drops and resume from their last position (ADR 0008);
//  3. faults in turn, mid-load: kill -9 of each service, of the Kafka broker, and a crash stop of
//     PostgreSQL (kill -9 of its babysitter, immediate shutdown of the postmaster), each followed by
//     `./dev up --no-build`, which starts whatever is not running;
//  4. then, as Jepsen's queue checker does, from the services' own databases: every acknowledged
//     Stripe event is exactly one ledger row and every acknowledged MessageSid exactly one inbound
//     message (lost, duplicated, unexpected; never-acknowledged ones are "indeterminate"), every
//     subscriber got each of its channels' updates once (or an explicit leadpulse:resync), and how
//     long the backlog took to drain after the last recovery.
//
//   node bench/faults/faults.mjs [--rate 10] [--twilio-rate 10] [--faults gateway,lead,...]
//        [--interval 30] [--down 3] [--warmup 10] [--tail 15] [--leads 20] [--subscribers 4]
//        [--gateway http://localhost:8080] [--out DIR]
// Exit 0 only when nothing was lost, duplicated or unexpected and the backlog drained within 30 s.

import { execFile, spawn } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ALL_FAULTS = ['gateway', 'lead', 'messaging', 'billing', 'enrichment', 'notification', 'realtime', 'kafka', 'postgres'];

function options(argv) {
  const o = {
    gateway: 'http://localhost:8080', rate: 10, twilioRate: 10, faults: ALL_FAULTS, interval: 30, down: 3,
    warmup: 10, tail: 15, leads: 20, subscribers: 4, timeoutMs: 10_000, retryGiveUp: 90, drainLimit: 120,
    out: join(ROOT, '.dev', 'artifacts', 'faults'),
  };
  for (let i = 0; i < argv.length; i += 2) {
    const [k, v] = [argv[i].replace(/^--/, ''), argv[i + 1]];
    const key = k.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    if (!(key in o) || v === undefined) throw new Error(`unknown option ${argv[i]} (see the header of ${fileURLToPath(import.meta.url)})`);
    o[key] = key === 'faults' ? (v === 'none' ? [] : v.split(',')) : typeof o[key] === 'number' ? Number(v) : v;
  }
  for (const f of o.faults) if (!ALL_FAULTS.includes(f)) throw new Error(`unknown fault ${f}: one of ${ALL_FAULTS.join(',')}`);
  return o;
}

const O = options(process.argv.slice(2));
const GW = O.gateway;
const STRIPE_SECRET = process.env.STRIPE_WEBHOOK_SECRET ?? 'whsec_dev_leadpulse';
const TWILIO_TOKEN = process.env.TWILIO_AUTH_TOKEN ?? 'dev-twilio-token';
const PUSHER_KEY = process.env.PUSHER_KEY ?? 'leadpulse-key';
const RUN = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
const T0 = Date.now();
const since = (t = Date.now()) => ((t - T0) / 1000).toFixed(1);
const log = (...a) => console.log(`[${since()}s]`, ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
mkdirSync(O.out, { recursive: true });
const requestLog = join(O.out, `requests-${RUN}.jsonl`);
const messageLog = join(O.out, `messages-${RUN}.jsonl`);
writeFileSync(requestLog, '');
writeFileSync(messageLog, '');

// ------------------------------------------------------------------------------ HTTP and PostgreSQL
async function call(method, path, { token, json, body, headers = {}, timeoutMs = O.timeoutMs } = {}) {
  const init = { method, headers: { ...headers }, signal: AbortSignal.timeout(timeoutMs) };
  if (token) init.headers.Authorization = `Bearer ${token}`;
  if (json !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(json);
  }
  if (body !== undefined) init.body = body;
  try {
    const res = await fetch(GW + path, init);
    const text = await res.text();
    let parsed = null;
    try { parsed = text ? JSON.parse(text) : null; } catch { parsed = text; }
    return { status: res.status, body: parsed, text };
  } catch (e) {
    return { status: 0, error: e.name === 'TimeoutError' ? 'timeout' : (e.cause?.code ?? e.name), body: null, text: '' };
  }
}

function psql(db, sql) {
  return new Promise((resolveQuery, reject) => {
    execFile('psql', ['-X', '-q', '-At', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-h', 'localhost', '-p', '15432', '-U', 'postgres', '-d', db, '-c', sql],
      { env: { ...process.env, PGPASSWORD: 'postgres', PGCONNECT_TIMEOUT: '3' }, timeout: 15_000, maxBuffer: 64 << 20 },
      (err, stdout) => (err ? reject(err) : resolveQuery(stdout.split('\n').filter(Boolean).map((l) => l.split('\t')))));
  });
}

async function until(what, probe, ms = 60_000, every = 500) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try { if (await probe()) return true; } catch { /* not yet */ }
    await sleep(every);
  }
  throw new Error(`timed out waiting for ${what}`);
}

// ------------------------------------------------------------------------------ set-up: leads of rep1
log(`faults run ${RUN} against ${GW}; load ${O.rate} Stripe/s + ${O.twilioRate} Twilio/s; faults: ${O.faults.join(', ') || 'none'}`);
const login = async (email, password) => (await call('POST', '/api/auth/login', { json: { email, password } })).body?.accessToken;
const admin = await login('admin@demo.test', 'demo-admin');
const rep = await login('rep1@demo.test', 'demo-rep');
if (!admin || !rep) throw new Error('demo logins failed: is the suite up with SEED_DEMO (./dev up)?');
const me = (await call('GET', '/api/me', { token: admin })).body;
const repId = (await call('GET', '/api/me', { token: rep })).body?.id;
const orgId = me.orgId;

const [[syncCommit]] = await psql('postgres', 'show synchronous_commit');
log(`PostgreSQL synchronous_commit = ${syncCommit} (off: a commit answered before its WAL is written can be lost in a crash)`);
const leads = [];
for (let i = 0; i < O.leads; i++) {
  const phone = `+1415${200 + Math.floor(Math.random() * 750)}${String(Math.floor(Math.random() * 1e4)).padStart(4, "0")}`;
  const r = await call('POST', '/api/leads', { token: admin,
    json: { firstName: 'Fault', lastName: `Load${i}`, email: `fault.${RUN}.${i}@example.test`, phone, assigneeId: repId } });
  if (r.status !== 201) throw new Error(`lead creation failed: ${r.status} ${r.text.slice(0, 200)}`);
  leads.push({ id: r.body.id, phone: r.body.phone });
}
const leadIds = leads.map((l) => `'${l.id}'`).join(',');
await until('billing and messaging to know the leads (lead.events projections)', async () => {
  const [[b]] = await psql('billing', `select count(*) from lead_owner where lead_id in (${leadIds})`);
  const [[m]] = await psql('messaging', `select count(*) from lead_contact where lead_id in (${leadIds}) and phone is not null`);
  return Number(b) === O.leads && Number(m) === O.leads;
}, 60_000);
log(`${O.leads} leads of rep1 created and projected into billing and messaging`);

// ------------------------------------------------------------------------------ resuming subscribers
const subscribers = [];
class Subscriber {
  constructor(n, channels) {
    Object.assign(this, { n, channels, positions: {}, connects: 0, drops: 0, resumed: 0, replayed: 0, resyncs: [], authFailures: 0, stopped: false });
    this.connect();
  }

  connect() {
    if (this.stopped) return;
    const ws = new WebSocket(`${GW.replace(/^http/, 'ws')}/app/${PUSHER_KEY}?protocol=7&client=faults-bench&version=1`);
    this.ws = ws;
    ws.on('message', (raw) => this.onFrame(JSON.parse(String(raw))));
    ws.on('error', () => {});
    ws.on('close', (code) => {
      if (this.ws !== ws) return;
      if (this.connected && !this.stopped) this.drops++;
      this.connected = false;
      if (!this.stopped) setTimeout(() => this.connect(), 1000);
      void code;
    });
  }

  async subscribe(channel) {
    while (!this.stopped && this.connected) {
      const socketId = this.socketId;
      const r = await call('POST', '/api/realtime/auth', { token: rep, body: `socket_id=${socketId}&channel_name=${encodeURIComponent(channel)}`,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, timeoutMs: 5000 });
      if (socketId !== this.socketId || !this.connected) return;   // the socket changed meanwhile: its own connect subscribes
      if (r.status === 200 && r.body?.auth) {
        const data = { channel, auth: r.body.auth };
        if (this.positions[channel]) data.resume_from = this.positions[channel];
        this.ws.send(JSON.stringify({ event: 'pusher:subscribe', data }));
        return;
      }
      this.authFailures++;
      await sleep(1000);
    }
  }

  onFrame(f) {
    const at = Date.now();
    if (f.event === 'pusher:connection_established') {
      this.socketId = JSON.parse(f.data).socket_id;
      this.connected = true;
      this.connects++;
      this.subscribed = new Set();
      for (const c of this.channels) void this.subscribe(c);
      return;
    }
    if (f.event === 'pusher:ping') { this.ws.send(JSON.stringify({ event: 'pusher:pong', data: {} })); return; }
    if (f.event === 'pusher_internal:subscription_succeeded') {
      this.subscribed.add(f.channel);
      if (!this.positions[f.channel] && f.position) this.positions[f.channel] = f.position;   // first baseline
      return;
    }
    if (f.event === 'pusher:subscription_error') { this.authFailures++; setTimeout(() => this.subscribe(f.channel), 1000); return; }
    if (f.event === 'leadpulse:resumed') {
      const d = JSON.parse(f.data);
      this.resumed++;
      this.replayed += d.replayed;
      return;
    }
    if (f.event === 'leadpulse:resync') {
      const d = JSON.parse(f.data);
      this.resyncs.push({ channel: f.channel, at, position: d.position });
      this.positions[f.channel] = d.position;
      return;
    }
    if (!f.channel || f.event.startsWith('pusher')) return;
    let data = {};
    try { data = JSON.parse(f.data); } catch { /* not JSON */ }
    const id = data.entryId ?? data.id ?? data.messageId ?? data.leadId ?? null;
    if (f.position) this.positions[f.channel] = f.position;
    appendFileSync(messageLog, `${JSON.stringify({ s: this.n, channel: f.channel, event: f.event, id, position: f.position ?? null, at })}\n`);
  }

  stop() { this.stopped = true; this.ws?.close(); }
}
for (let s = 0; s < O.subscribers; s++) {
  const mine = leads.filter((_, i) => i % O.subscribers === s).map((l) => `private-lead-${l.id}`);
  subscribers.push(new Subscriber(s, mine));
}
await until('every subscriber to hold all its channels', async () => subscribers.every((s) => s.subscribed?.size === s.channels.length), 60_000);
log(`${subscribers.length} subscribers hold ${O.leads} lead channels`);

// ------------------------------------------------------------------------------ the load, open loop
const requests = new Map();   // id -> { kind, id, attempts: [{sentAt, status, answeredAt, error}], acked, lead }
let loadOn = true;
let retryDeadline = Infinity;
let inFlight = 0;
let sentCount = 0;

function stripePayload(req) {
  return JSON.stringify({
    id: req.id, object: 'event', api_version: '2025-09-30.clover', created: req.created, livemode: false, pending_webhooks: 1,
    type: 'payment_intent.succeeded', data: { object: {
      id: req.pi, object: 'payment_intent', amount: req.amount, amount_received: req.amount, currency: 'eur', status: 'succeeded',
      customer: null, created: req.created, metadata: { org_id: orgId, lead_id: req.lead } } },
  });
}

async function attempt(req) {
  const a = { sentAt: Date.now() };
  req.attempts.push(a);
  inFlight++;
  sentCount++;
  let r;
  if (req.kind === 'stripe') {
    const t = Math.floor(Date.now() / 1000);   // Stripe signs each delivery anew; the event is the same
    const payload = stripePayload(req);
    const v1 = createHmac('sha256', STRIPE_SECRET).update(`${t}.${payload}`).digest('hex');
    r = await call('POST', '/webhooks/stripe', { body: payload, headers: { 'Content-Type': 'application/json', 'Stripe-Signature': `t=${t},v1=${v1}` } });
  } else {
    const params = { MessageSid: req.id, AccountSid: 'ACfaults', From: req.phone, To: '+15005550006', Body: `fault load ${req.id}`, NumMedia: '0' };
    const data = GW + '/webhooks/twilio/inbound' + Object.keys(params).sort().map((k) => k + params[k]).join('');
    r = await call('POST', '/webhooks/twilio/inbound', { body: new URLSearchParams(params).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': createHmac('sha1', TWILIO_TOKEN).update(data).digest('base64') } });
  }
  inFlight--;
  Object.assign(a, { status: r.status, answeredAt: Date.now(), error: r.error });
  appendFileSync(requestLog, `${JSON.stringify({ kind: req.kind, id: req.id, attempt: req.attempts.length, ...a })}\n`);
  if (r.status >= 200 && r.status < 300) {
    req.acked ??= a.answeredAt;
    return;
  }
  // unacknowledged: the provider tries again later with the same id (back-off 2, 4, 8 … at most 15 s)
  const delay = Math.min(15_000, 2000 * 2 ** (req.attempts.length - 1));
  if (Date.now() + delay < retryDeadline) setTimeout(() => void attempt(req), delay);
}

let seq = 0;
function newRequest(kind) {
  const lead = leads[seq % leads.length];
  seq++;
  const n = String(seq).padStart(6, '0');
  const req = kind === 'stripe'
    ? { kind, id: `evt_flt_${RUN}_${n}`, pi: `pi_flt_${RUN}_${n}`, amount: 100 + (seq % 900), created: Math.floor(Date.now() / 1000), lead: lead.id, attempts: [] }
    : { kind, id: `SMflt${RUN}${n}`, phone: lead.phone, lead: lead.id, attempts: [] };
  requests.set(req.id, req);
  void attempt(req);
}

function openLoop(kind, rate) {
  if (rate <= 0) return Promise.resolve();
  return (async () => {
    const start = Date.now();
    let sent = 0;
    while (loadOn) {
      const due = Math.floor(((Date.now() - start) / 1000) * rate);
      while (sent < due && loadOn) { newRequest(kind); sent++; }
      await sleep(5);
    }
  })();
}

// ------------------------------------------------------------------------------ applied effects, seen over time
const applied = { stripe: new Map(), twilio: new Map() };   // id -> first time seen applied (this poll's time)
let polling = true;
async function pollApplied() {
  const at = Date.now();
  try {
    for (const [id] of await psql('billing', `select stripe_event_id from ledger_entry where starts_with(stripe_event_id, 'evt_flt_${RUN}_')`)) {
      if (!applied.stripe.has(id)) applied.stripe.set(id, at);
    }
  } catch { /* PostgreSQL or billing's database is down: try again */ }
  try {
    for (const [sid] of await psql('messaging', `select provider_sid from message where starts_with(provider_sid, 'SMflt${RUN}') and direction = 'INBOUND'`)) {
      if (!applied.twilio.has(sid)) applied.twilio.set(sid, at);
    }
  } catch { /* idem */ }
}
const poller = (async () => { while (polling) { await pollApplied(); await sleep(1000); } })();

// ------------------------------------------------------------------------------ faults
const COMPONENT = { gateway: 'gateway-service', lead: 'lead-service', messaging: 'messaging-service', billing: 'billing-service',
  enrichment: 'enrichment-service', notification: 'notification-service', realtime: 'realtime-service', kafka: 'kafka', postgres: 'postgres' };

function ourPid(name) {   // the pid ./dev recorded for NAME, only while it is still the process ./dev started
  const file = join(ROOT, '.dev', 'run', `${name}.pid`);
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').trim());
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return args.includes(`-Dleadpulse-dev=${name}`) && args.some((a) => a.includes(`${ROOT}/`)) ? pid : null;
  } catch { return null; }
}

function postmasterPid() {
  const file = join(ROOT, '.dev', 'state', 'postgres', 'data', 'postmaster.pid');
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres') ? pid : null; } catch { return null; }
}

function devUp() {
  return new Promise((resolveUp) => {
    const child = spawn(join(ROOT, 'dev'), ['up', '--no-build'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('close', (code) => resolveUp({ code, out }));
  });
}

const faults = [];
async function inject(fault) {
  const name = COMPONENT[fault];
  const pid = ourPid(name);
  if (!pid) throw new Error(`${name} is not running (no live pid in .dev/run/${name}.pid)`);
  const f = { fault, killedAt: Date.now(), what: `kill -9 ${name} (pid ${pid})` };
  if (fault === 'postgres') {
    const postmaster = postmasterPid();
    process.kill(pid, 'SIGKILL');   // the Java babysitter, so it cannot stop PostgreSQL cleanly
    if (postmaster) process.kill(postmaster, 'SIGQUIT');   // immediate shutdown: no checkpoint, WAL recovery at start
    f.what = `kill -9 PostgresServer (pid ${pid}), SIGQUIT (immediate shutdown) postmaster (pid ${postmaster})`;
  } else {
    process.kill(pid, 'SIGKILL');
  }
  log(`fault: ${f.what}`);
  await sleep(O.down * 1000);
  f.restartAt = Date.now();
  const up = await devUp();
  f.recoveredAt = Date.now();
  f.upExit = up.code;
  if (up.code !== 0) {
    log(`./dev up --no-build failed (${up.code}):\n${up.out.split('\n').slice(-20).join('\n')}`);
    const again = await devUp();
    f.recoveredAt = Date.now();
    f.upExit = again.code;
  }
  log(`recovered: ${name} healthy ${((f.recoveredAt - f.killedAt) / 1000).toFixed(1)} s after the kill (./dev up exit ${f.upExit})`);
  faults.push(f);
  return f;
}

// ------------------------------------------------------------------------------ the run
const loads = [openLoop('stripe', O.rate), openLoop('twilio', O.twilioRate)];
const loadStart = Date.now();
await sleep(O.warmup * 1000);
let lastRecovery = Date.now();
for (const fault of O.faults) {
  const f = await inject(fault);
  lastRecovery = f.recoveredAt;
  const next = f.killedAt + O.interval * 1000;
  await sleep(Math.max(5000, next - Date.now()));
}
await sleep(Math.max(0, lastRecovery + O.tail * 1000 - Date.now()));
loadOn = false;
const loadEnd = Date.now();
await Promise.all(loads);
retryDeadline = Date.now() + O.retryGiveUp * 1000;
log(`load stopped: ${requests.size} webhooks, ${sentCount} deliveries so far; settling retries (at most ${O.retryGiveUp} s)`);
await until('every webhook acknowledged or given up', async () => inFlight === 0
  && [...requests.values()].every((r) => r.acked || Date.now() >= retryDeadline), O.retryGiveUp * 1000 + 30_000, 500).catch(() => {});

// The backlog: every acknowledged webhook's effect applied, the outboxes empty, the stores processed,
// and every subscriber holding each update of its channels.
async function backlog() {
  const [[billingOutbox]] = await psql('billing', 'select count(*) from outbox where published_at is null');
  const [[messagingOutbox]] = await psql('messaging', 'select count(*) from outbox where published_at is null');
  const [[leadOutbox]] = await psql('lead', 'select count(*) from outbox where published_at is null');
  const [[stripePending]] = await psql('billing', `select count(*) from stripe_event where starts_with(id, 'evt_flt_${RUN}_') and status = 'received'`);
  const [[twilioPending]] = await psql('messaging', `select count(*) from twilio_webhook where starts_with(message_sid, 'SMflt${RUN}') and processed_at is null`);
  await pollApplied();
  const acked = [...requests.values()].filter((r) => r.acked);
  const missing = acked.filter((r) => !applied[r.kind].has(r.id)).length;
  return { billingOutbox: +billingOutbox, messagingOutbox: +messagingOutbox, leadOutbox: +leadOutbox,
    stripePending: +stripePending, twilioPending: +twilioPending, missing };
}
let drainedAt = null;
let lastBacklog = null;
const drainDeadline = Date.now() + O.drainLimit * 1000;
while (Date.now() < drainDeadline) {
  try {
    lastBacklog = await backlog();
    if (Object.values(lastBacklog).every((v) => v === 0)) { drainedAt = Date.now(); break; }
  } catch { /* PostgreSQL not answering yet */ }
  await sleep(1000);
}
polling = false;
await poller;
log(`backlog ${drainedAt ? `drained ${((drainedAt - lastRecovery) / 1000).toFixed(1)} s after the last recovery` : `NOT drained: ${JSON.stringify(lastBacklog)}`}`);

// Realtime: what each channel should have carried, from the services' own rows
const ledger = await psql('billing', `select id, stripe_event_id, lead_id, amount_minor, recorded_at from ledger_entry where starts_with(stripe_event_id, 'evt_flt_${RUN}_')`);
const inbound = await psql('messaging', `select id, provider_sid, lead_id, created_at from message where starts_with(provider_sid, 'SMflt${RUN}') and direction = 'INBOUND'`);
const expected = new Map();   // channel|event|id -> produced at (ms)
for (const [id, , lead, , at] of ledger) expected.set(`private-lead-${lead}|payment.succeeded|${id}`, Date.parse(at));
for (const [id, , lead, at] of inbound) expected.set(`private-lead-${lead}|message.inbound|${id}`, Date.parse(at));
await until('the subscribers to receive every update', async () => {
  const got = new Set(readFileSync(messageLog, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).map((m) => `${m.channel}|${m.event}|${m.id}`));
  return [...expected.keys()].every((k) => got.has(k));
}, 30_000, 1000).catch(() => {});
const realtimeDoneAt = Date.now();
for (const s of subscribers) s.stop();

// ------------------------------------------------------------------------------ the checker
const all = [...requests.values()];
function check(kind, rows, keyIndex) {
  const counts = new Map();
  for (const row of rows) counts.set(row[keyIndex], (counts.get(row[keyIndex]) ?? 0) + 1);
  const reqs = all.filter((r) => r.kind === kind);
  const acked = reqs.filter((r) => r.acked);
  const indeterminate = reqs.filter((r) => !r.acked);
  return {
    kind, sent: reqs.length, deliveries: reqs.reduce((n, r) => n + r.attempts.length, 0),
    retried: reqs.filter((r) => r.attempts.length > 1).length,
    acked: acked.length,
    ok: acked.filter((r) => counts.get(r.id) === 1).length,
    lost: acked.filter((r) => !counts.has(r.id)).map((r) => r.id),
    duplicated: [...counts].filter(([, n]) => n > 1).map(([id, n]) => `${id} x${n}`),
    unexpected: [...counts.keys()].filter((id) => !requests.has(id)),
    indeterminate: indeterminate.length,
    indeterminateApplied: indeterminate.filter((r) => counts.has(r.id)).length,
  };
}
const stripeResult = check('stripe', ledger, 1);
const twilioResult = check('twilio', inbound, 1);
const [[ledgerSum]] = await psql('billing', `select coalesce(sum(amount_minor), 0) from ledger_entry where starts_with(stripe_event_id, 'evt_flt_${RUN}_')`);
const ackedSum = all.filter((r) => r.kind === 'stripe' && r.acked).reduce((n, r) => n + r.amount, 0);
const appliedIndeterminateSum = all.filter((r) => r.kind === 'stripe' && !r.acked && applied.stripe.has(r.id)).reduce((n, r) => n + r.amount, 0);

const messages = readFileSync(messageLog, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const rt = { received: 0, expected: expected.size, missing: [], missingAfterResync: 0, duplicateDeliveries: [], samePositionTwice: [], otherEvents: 0 };
const perSub = new Map();
for (const m of messages) {
  const key = `${m.channel}|${m.event}|${m.id}`;
  const k = `${m.s}|${key}`;
  if (!perSub.has(k)) perSub.set(k, []);
  perSub.get(k).push(m);
  if (expected.has(key)) rt.received++; else rt.otherEvents++;
}
const positionsSeen = new Map();
for (const m of messages) {
  if (!m.position) continue;
  const k = `${m.s}|${m.channel}|${m.position}|${m.event}|${m.id}`;
  positionsSeen.set(k, (positionsSeen.get(k) ?? 0) + 1);
}
for (const [k, n] of positionsSeen) if (n > 1) rt.samePositionTwice.push(`${k} x${n}`);
// only updates with an identity (ledger row, message) can be told apart from a second, legitimate one
for (const [k, list] of perSub) if (list.length > 1 && expected.has(k.slice(k.indexOf('|') + 1))) rt.duplicateDeliveries.push(`${k} x${list.length} positions ${list.map((m) => m.position).join(' ')}`);
const resyncedChannels = new Set(subscribers.flatMap((s) => s.resyncs.map((r) => r.channel)));
for (const [key] of expected) {
  const channel = key.split('|')[0];
  const s = subscribers.find((x) => x.channels.includes(channel));
  if (!perSub.has(`${s.n}|${key}`)) {
    if (resyncedChannels.has(channel)) rt.missingAfterResync++; else rt.missing.push(key);
  }
}
const lastEffect = Math.max(0, ...ledger.map((r) => Date.parse(r[4])), ...inbound.map((r) => Date.parse(r[3])));
const lastDelivery = Math.max(0, ...messages.filter((m) => expected.has(`${m.channel}|${m.event}|${m.id}`)).map((m) => m.at));

// Per fault: unacknowledged deliveries while it lasted, and how long after its recovery the
// webhooks acknowledged before that recovery were all applied.
const faultRows = faults.map((f) => {
  const window = all.flatMap((r) => r.attempts.map((a) => ({ r, a }))).filter(({ a }) => a.sentAt >= f.killedAt && a.sentAt <= f.recoveredAt);
  const failed = window.filter(({ a }) => !(a.status >= 200 && a.status < 300));
  const before = all.filter((r) => r.acked && r.acked <= f.recoveredAt);
  const lastApplied = Math.max(0, ...before.map((r) => applied[r.kind].get(r.id) ?? Infinity));
  const statuses = {};
  for (const { a } of failed) { const s = a.error ?? a.status; statuses[s] = (statuses[s] ?? 0) + 1; }
  return { ...f, deliveries: window.length, failed: failed.length, statuses,
    catchUp: lastApplied === Infinity ? null : Math.max(0, (lastApplied - f.recoveredAt) / 1000) };
});

// ------------------------------------------------------------------------------ the report
const sec = (ms) => (ms / 1000).toFixed(1);
const ids = (list) => (list.length ? ` (${list.slice(0, 5).join(', ')}${list.length > 5 ? ', …' : ''})` : '');
const drainSecs = drainedAt ? (drainedAt - lastRecovery) / 1000 : null;
const lines = [];
lines.push(`Run ${RUN}: ${new Date(T0).toISOString()}, load ${O.rate} Stripe/s + ${O.twilioRate} Twilio/s for ${sec(loadEnd - loadStart)} s, ${O.leads} leads, ${O.subscribers} subscribers, faults every ${O.interval} s.`);
lines.push(`PostgreSQL synchronous_commit: ${syncCommit}.`);
lines.push('');
lines.push('| fault | what was done | back healthy after | deliveries during the fault (unacknowledged, by answer) | acknowledged-before-recovery all applied after recovery |');
lines.push('|---|---|---|---|---|');
for (const f of faultRows) {
  lines.push(`| ${f.fault} | ${f.what}; \`./dev up --no-build\` | ${sec(f.recoveredAt - f.killedAt)} s | ${f.deliveries} (${f.failed}: ${Object.entries(f.statuses).map(([k, v]) => `${k}×${v}`).join(', ') || 'none'}) | ${f.catchUp === null ? 'NOT ALL' : `${f.catchUp.toFixed(1)} s`} |`);
}
lines.push('');
lines.push('| webhooks | sent (deliveries, retried) | acknowledged | applied exactly once | lost | duplicated | unexpected | indeterminate (of them applied) |');
lines.push('|---|---|---|---|---|---|---|---|');
for (const r of [stripeResult, twilioResult]) {
  lines.push(`| ${r.kind === 'stripe' ? 'Stripe `payment_intent.succeeded` → ledger row' : 'Twilio inbound SMS → inbound message'} | ${r.sent} (${r.deliveries}, ${r.retried}) | ${r.acked} | ${r.ok} | ${r.lost.length}${ids(r.lost)} | ${r.duplicated.length}${ids(r.duplicated)} | ${r.unexpected.length}${ids(r.unexpected)} | ${r.indeterminate} (${r.indeterminateApplied}) |`);
}
lines.push(`| ledger sum (minor units) | acknowledged ${ackedSum} + applied indeterminate ${appliedIndeterminateSum} = ${ackedSum + appliedIndeterminateSum} | ledger ${ledgerSum} | | | | | |`);
lines.push('');
const subs = subscribers;
lines.push(`| realtime (${subs.length} subscribers, ${O.leads} lead channels) | value |`);
lines.push('|---|---|');
lines.push(`| updates expected (one per ledger row and inbound message, on its lead's channel) | ${rt.expected} |`);
lines.push(`| received once | ${rt.expected - rt.missing.length - rt.missingAfterResync} |`);
lines.push(`| missing without a resync (silent gaps) | ${rt.missing.length}${ids(rt.missing)} |`);
lines.push(`| missing on channels told leadpulse:resync | ${rt.missingAfterResync} |`);
lines.push(`| delivered more than once to one subscriber | ${rt.duplicateDeliveries.length}${ids(rt.duplicateDeliveries)} |`);
lines.push(`| of them the same position twice (the server's replay) | ${rt.samePositionTwice.length}${ids(rt.samePositionTwice)} |`);
lines.push(`| socket drops / reconnects / resumes (replayed) / resyncs | ${subs.reduce((n, s) => n + s.drops, 0)} / ${subs.reduce((n, s) => n + s.connects - 1, 0)} / ${subs.reduce((n, s) => n + s.resumed, 0)} (${subs.reduce((n, s) => n + s.replayed, 0)}) / ${subs.reduce((n, s) => n + s.resyncs.length, 0)} |`);
lines.push(`| channel auth refusals while reconnecting (retried) | ${subs.reduce((n, s) => n + s.authFailures, 0)} |`);
lines.push(`| other events on the channels (lead.updated, conversation …) | ${rt.otherEvents} |`);
lines.push('');
lines.push(`Backlog after the last recovery (${faults.at(-1)?.fault ?? 'none'}, load stopped ${sec(loadEnd - lastRecovery)} s later): ${drainSecs === null ? `NOT drained within ${O.drainLimit} s: ${JSON.stringify(lastBacklog)}` : `drained ${drainSecs.toFixed(1)} s after it (${sec(drainedAt - loadEnd)} s after the load stopped)`} (every acknowledged webhook applied, stores processed, outboxes of lead, billing, messaging empty); last effect written ${lastEffect ? sec(lastEffect - lastRecovery) : '-'} s after it, last update delivered to a subscriber ${lastDelivery ? sec(lastDelivery - lastRecovery) : '-'} s after it.`);
const report = lines.join('\n');
console.log(`\n${report}\n`);
writeFileSync(join(O.out, `report-${RUN}.md`), `${report}\n`);
log(`requests: ${requestLog}\nmessages: ${messageLog}\nreport: ${join(O.out, `report-${RUN}.md`)}`);

const ok = stripeResult.lost.length + stripeResult.duplicated.length + stripeResult.unexpected.length
  + twilioResult.lost.length + twilioResult.duplicated.length + twilioResult.unexpected.length === 0
  && Number(ledgerSum) === ackedSum + appliedIndeterminateSum
  && rt.missing.length === 0 && rt.duplicateDeliveries.length === 0
  && drainSecs !== null && drainSecs <= 30 && faults.every((f) => f.upExit === 0);
console.log(ok ? 'faults: nothing lost, nothing applied twice, backlog drained within 30 s' : 'faults: FAILED (see the tables)');
void realtimeDoneAt;
process.exit(ok ? 0 : 1);
