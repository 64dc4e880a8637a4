#!/usr/bin/env node
// Attacks, nobody in (issue 10, item 3): the running suite, through the gateway and behind it, as an
// attacker would try it. Every operation of every service's OpenAPI document is called as anonymous,
// with forged tokens, as another organisation's admin and as a rep who does not own the lead, with
// the victim's real ids in the path and the body; JWTs with alg none, a foreign key, an expired or
// tampered one; realtime channel-auth forgery and cross-org subscription; webhook forgery and replay
// outside the tolerance; SQL and script injection through leads, a CSV and the preview page;
// oversized and deeply nested bodies and frames; rate limits. A leak fails the run.
//
//   node deploy/local/e2e/attacks/attacks.mjs [GATEWAY_URL] [JWT_PRIVATE_KEY_PEM]
// (./dev e2e passes .dev/state/keys/jwt-private.pem: with it, expired and wrong-issuer tokens are
// signed by the suite's real key, so only the claim is wrong.) Node 20; the `ws` package.

import { createHmac, createSign, generateKeyPairSync, randomUUID, createPrivateKey } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import WebSocket from 'ws';
import { brief, checks, gateway, stripeSignature, twilioSignature } from '../lib.mjs';

const GW = process.argv[2] ?? 'http://localhost:8080';
const KEY_FILE = process.argv[3];
const STRIPE_SECRET = process.env.STRIPE_WEBHOOK_SECRET ?? 'whsec_dev_leadpulse';
const TWILIO_TOKEN = process.env.TWILIO_AUTH_TOKEN ?? 'dev-twilio-token';
const PUSHER_KEY = process.env.PUSHER_KEY ?? 'leadpulse-key';
const host = new URL(GW).hostname;
// The services' own ports (./dev up): what an attacker inside the network could reach directly.
const DIRECT = {
  lead: `http://${host}:${process.env.LEAD_PORT ?? 8081}`,
  messaging: `http://${host}:${process.env.MESSAGING_PORT ?? 8082}`,
  billing: `http://${host}:${process.env.BILLING_PORT ?? 8083}`,
  enrichment: `http://${host}:${process.env.ENRICHMENT_PORT ?? 8084}`,
  notification: `http://${host}:${process.env.NOTIFICATION_PORT ?? 8085}`,
  realtime: `http://${host}:${process.env.REALTIME_PORT ?? 8086}`,
};
const SERVICES = Object.keys(DIRECT);

const tally = checks();
const { check, finish } = tally;
// Whether every check since this call passed: what a section's line in the report says.
const section = () => {
  const failedBefore = tally.failed;
  return () => tally.failed === failedBefore;
};
const gw = gateway(GW);
const tried = []; // the report: what was tried, how many requests, what held
const note = (what, requests, held) => tried.push({ what, requests, held });

// Every call waits out the gateway's rate limit (429 + Retry-After) instead of counting it as an
// answer: a 429 would otherwise make a leak check pass without the request ever reaching a service.
async function call(method, path, options = {}, base = null) {
  for (let attempt = 0; ; attempt++) {
    const r = base ? await direct(base, method, path, options) : await gw.call(method, path, options);
    if (r.status !== 429 || attempt >= 20) return r;
    const wait = Number(r.headers.get('retry-after') ?? '1');
    await new Promise((resolve) => setTimeout(resolve, Math.min(5, Math.max(1, wait)) * 1000));
  }
}

async function direct(base, method, path, { token, json, headers = {} } = {}) {
  const init = { method, headers: { ...headers } };
  if (token) init.headers.Authorization = `Bearer ${token}`;
  if (json !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(json);
  }
  const res = await fetch(base + path, init);
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', headers: res.headers, body: null, text };
}

const b64url = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const jwtParts = (token) => token.split('.').map((p, i) => (i < 2 ? JSON.parse(Buffer.from(p, 'base64url')) : p));
function signRs256(header, payload, key) {
  const input = `${b64url(header)}.${b64url(payload)}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(key).toString('base64url')}`;
}

// ------------------------------------------------------------------ the victims and the attackers
console.log(`attack e2e against ${GW}`);
const adminA = await gw.login('admin@demo.test', 'demo-admin');
const rep1 = await gw.login('rep1@demo.test', 'demo-rep');
const rep2 = await gw.login('rep2@demo.test', 'demo-rep');
const adminB = await gw.login('admin@rival.test', 'demo-admin');
const repB = await gw.login('rep@rival.test', 'demo-rep');
const meA = (await call('GET', '/api/me', { token: adminA })).body ?? {};
const rep1Id = (await call('GET', '/api/me', { token: rep1 })).body?.id;
const rep2Id = (await call('GET', '/api/me', { token: rep2 })).body?.id;
const meB = (await call('GET', '/api/me', { token: adminB })).body ?? {};
check('Demo Co (admin, rep1, rep2) and Rival Co (admin, rep) log in as two tenants',
  Boolean(adminA && rep1 && rep2 && adminB && repB && meA.orgId && meB.orgId && meA.orgId !== meB.orgId));

const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const marker = `Zq${run}`; // in every piece of the victim's data: found in any answer to an attacker, it is a leak
const lead = await call('POST', '/api/leads', { token: adminA, json: {
  firstName: `Victim${marker}`, lastName: 'Secret', email: `victim.${run}@demo.test`, phone: `+1415555${String(Date.now()).slice(-4)}`,
  company: `Secret ${marker} Ltd`, assigneeId: rep2Id, tags: ['attack-e2e'],
} });
const L = lead.body?.id;
const note1 = await call('POST', `/api/leads/${L}/notes`, { token: rep2, json: { body: `note ${marker}` } });
const inOneHour = new Date(Date.now() + 3_600_000).toISOString();
const task = await call('POST', '/api/tasks', { token: rep2, json: { leadId: L, title: `task ${marker}`, dueAt: inOneHour } });
const appointment = await call('POST', '/api/appointments', { token: rep2, json: {
  leadId: L, kind: 'CALL', title: `call ${marker}`, startsAt: inOneHour } });
const message = await call('POST', '/api/messages', { token: rep2, json: { leadId: L, channel: 'SMS', body: `hello ${marker}` } });
const sequence = await call('POST', '/api/sequences', { token: adminA, json: {
  name: `seq ${run}`, steps: [{ channel: 'SMS', delayMinutes: 60, template: `Hi {{firstName}} ${run}` }] } });
const enrolment = await call('POST', `/api/sequences/${sequence.body?.id}/enrolments`, { token: adminA, json: { leadId: L } });
const importForm = new FormData();
importForm.append('file', new Blob([`First Name,Email\nImported${marker},imp.${run}@demo.test\n`], { type: 'text/csv' }), `attack-${run}.csv`);
importForm.append('mode', 'CREATE_ONLY');
const importJob = await call('POST', '/api/leads/imports', { token: adminA, form: importForm });
const conversation = await gw.until('the conversation of the victim lead', async () => {
  const r = await call('GET', `/api/conversations?leadId=${L}`, { token: rep2 });
  const c = (r.body?.items ?? r.body ?? [])[0];
  return { c, done: Boolean(c?.id) };
});
const notifications = (await call('GET', '/api/notifications', { token: rep2 })).body?.items ?? [];
check('the victim\'s data exists: a lead assigned to rep2 with a note, task, appointment, message, sequence enrolment, import',
  lead.status === 201 && note1.status < 300 && task.status === 201 && appointment.status === 201
  && message.status < 300 && sequence.status === 201 && enrolment.status < 300 && importJob.status === 202,
  [lead, note1, task, appointment, message, sequence, enrolment, importJob].map((r) => r.status).join(','));

const ids = {
  lead: L,
  task: task.body?.id ?? randomUUID(),
  appointment: appointment.body?.id ?? randomUUID(),
  message: message.body?.id ?? randomUUID(),
  sequence: sequence.body?.id ?? randomUUID(),
  import: importJob.body?.id ?? randomUUID(),
  conversation: conversation.c?.id ?? randomUUID(),
  notification: notifications[0]?.id ?? randomUUID(),
  user: rep2Id,
};
// Strings that only the victim's organisation may ever read; a rep of that organisation may know its
// org and people, not another rep's lead. What the attacker itself sent (the id in the path, echoed
// by a problem's `instance`) is not a leak.
const orgSecrets = [marker, meA.orgId, L, rep2Id, `victim.${run}`, ...Object.values(ids)].filter(Boolean);
const leadSecrets = [marker, L, `victim.${run}`, ids.task, ids.appointment, ids.message, ids.conversation, ids.notification];
const leaksOf = (secrets) => (text, sent = '') => secrets.filter((s) => String(text ?? '').includes(s) && !sent.includes(s));
const leaks = leaksOf(orgSecrets);

// The id each path parameter takes: the victim's.
function fill(path) {
  return path.replace(/\{(\w+)\}/g, (_, name) => {
    if (name === 'leadId') return ids.lead;
    if (name === 'provider') return 'highlevel'; // a platform, not anybody's data
    if (path.startsWith('/api/leads/imports')) return ids.import;
    if (path.startsWith('/api/leads')) return ids.lead;
    if (path.startsWith('/api/tasks')) return ids.task;
    if (path.startsWith('/api/appointments')) return ids.appointment;
    if (path.startsWith('/api/users')) return ids.user;
    if (path.startsWith('/api/sequences')) return ids.sequence;
    if (path.startsWith('/api/messages')) return ids.message;
    if (path.startsWith('/api/conversations')) return ids.conversation;
    if (path.startsWith('/api/notifications')) return ids.notification;
    return ids.lead;
  });
}

// A body that would be valid for the victim's organisation, aimed at the victim's data: the answer
// must come from the ownership check, not from validation.
function bodyFor(method, path) {
  const key = `${method} ${path}`;
  const bodies = {
    'PUT /api/org/settings': { hotLeadViews: 1, hotLeadWindowMinutes: 1, quietHoursStart: '00:00', quietHoursEnd: '00:01', timezone: 'UTC', version: 0 },
    'PUT /api/leads/imports/{id}/mapping': { mapping: { 'First Name': 'firstName', Email: 'email' }, mode: 'CREATE_ONLY' },
    'POST /api/users': { email: `intruder.${run}@rival.test`, name: 'Intruder', password: 'intruder-pass-1', role: 'ADMIN' },
    'POST /api/tasks': { leadId: ids.lead, title: 'intruder task', dueAt: inOneHour },
    'POST /api/leads': { firstName: 'Intruder', assigneeId: ids.user },
    'POST /api/leads/{id}/status': { status: 'LOST', reason: 'intruder' },
    'POST /api/leads/{id}/notes': { body: 'intruder note' },
    'POST /api/call-queue/{leadId}/complete': { outcome: 'CONNECTED', durationSeconds: 1 },
    'POST /api/appointments': { leadId: ids.lead, kind: 'CALL', title: 'intruder call', startsAt: inOneHour },
    'PATCH /api/users/{id}': { role: 'ADMIN', active: false },
    'PATCH /api/leads/{id}': { firstName: 'Intruder', assigneeId: null },
    'PATCH /api/appointments/{id}': { title: 'moved by intruder' },
    'PUT /api/messages/settings': { helpReply: 'intruder', quietStart: '00:00', quietEnd: '00:01', timezone: 'UTC' },
    'POST /api/sequences': { name: 'intruder', steps: [{ channel: 'SMS', delayMinutes: 60, template: 'x' }] },
    'POST /api/sequences/{id}/enrolments': { leadId: ids.lead },
    'POST /api/messages': { leadId: ids.lead, channel: 'SMS', body: 'intruder says hi' },
    'POST /api/billing/checkout': { plan: 'growth', interval: 'month' },
    'PUT /api/notifications/preferences': { preferences: [{ type: 'lead.hot', sms: true }] },
  };
  return bodies[key];
}

// ------------------------------------------------------------------ every operation of every service
const operations = [];
for (const service of SERVICES) {
  const doc = await call('GET', `/v3/api-docs/${service}`);
  for (const [path, ops] of Object.entries(doc.body?.paths ?? {})) {
    for (const method of Object.keys(ops)) operations.push({ service, method: method.toUpperCase(), path });
  }
}
const isPublic = ({ path }) => path === '/api/auth/login' || path === '/.well-known/jwks.json'
  || path.startsWith('/p/') || path.startsWith('/t/') || path.startsWith('/webhooks/')
  || /^\/api\/integrations\/\{provider\}\/callback$/.test(path); // its single-use state is the credential
const guarded = operations.filter((op) => !isPublic(op));
check(`the OpenAPI documents list every service's operations (${operations.length}, ${guarded.length} behind a login)`,
  SERVICES.every((s) => operations.some((op) => op.service === s)) && guarded.length >= 60);

async function request(op, token, base = null) {
  const r = await send(op, token, base);
  const form = op.path === '/api/realtime/auth' ? `private-org-${meA.orgId}` : '';
  r.sent = `${fill(op.path)} ${JSON.stringify(bodyFor(op.method, op.path) ?? '')} ${form}`;
  return r;
}
async function send(op, token, base) {
  const json = bodyFor(op.method, op.path);
  const path = fill(op.path);
  if (op.path === '/api/leads/imports' && op.method === 'POST') {
    const form = new FormData();
    form.append('file', new Blob(['First Name\nIntruder\n'], { type: 'text/csv' }), 'intruder.csv');
    return call(op.method, path, { token, form }, base);
  }
  if (op.path === '/api/realtime/auth') {
    return call(op.method, path, { token, body: `socket_id=1.1&channel_name=private-org-${meA.orgId}`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, base);
  }
  return call(op.method, path, { token, json: json ?? (['POST', 'PUT', 'PATCH'].includes(op.method) ? {} : undefined) }, base);
}

// 1. Anonymous: 401 on everything behind a login, through the gateway and on each service directly.
{
  const wrong = [];
  for (const op of guarded) {
    const r = await request(op, null);
    if (r.status !== 401 || leaks(r.text, r.sent).length) wrong.push(`${op.method} ${op.path} -> ${r.status}`);
    const d = await request(op, null, DIRECT[op.service]);
    if (d.status !== 401 || leaks(d.text, d.sent).length) wrong.push(`direct ${op.method} ${op.path} -> ${d.status}`);
  }
  check(`anonymous: 401 on all ${guarded.length} guarded operations, through the gateway and directly`, wrong.length === 0, wrong.slice(0, 8).join('; '));
  note('anonymous call of every guarded operation (gateway and each service directly)', guarded.length * 2, wrong.length === 0);
}

// 2. Forged tokens: none of them gets in, at the gateway or at a service.
{
  const [header, claims] = jwtParts(rep1);
  const jwks = await call('GET', '/.well-known/jwks.json');
  const now = Math.floor(Date.now() / 1000);
  const asAdmin = { ...claims, role: 'ADMIN' };
  const forged = {
    'alg none': `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(asAdmin)}.`,
    'claims edited (role ADMIN), signature kept': `${b64url(header)}.${b64url(asAdmin)}.${rep1.split('.')[2]}`,
    'signed by a foreign RSA key with the real kid': signRs256(header, asAdmin,
      generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey),
    'HS256 keyed with the public JWKS (algorithm confusion)': (() => {
      const h = { alg: 'HS256', typ: 'JWT', kid: header.kid };
      const input = `${b64url(h)}.${b64url(asAdmin)}`;
      return `${input}.${createHmac('sha256', JSON.stringify(jwks.body ?? {})).update(input).digest('base64url')}`;
    })(),
    'garbage': 'not.a.jwt',
  };
  if (KEY_FILE && existsSync(KEY_FILE)) {
    const real = createPrivateKey(readFileSync(KEY_FILE));
    forged['expired an hour ago, real key'] = signRs256(header, { ...claims, iat: now - 7200, exp: now - 3600 }, real);
    forged['another issuer, real key'] = signRs256(header, { ...claims, iss: 'https://evil.test' }, real);
  } else {
    console.log(`  note  no JWT private key file given: expired / wrong-issuer tokens not tried`);
  }
  const sample = guarded.filter((op) => op.method === 'GET' && !op.path.includes('{'));
  for (const [name, token] of Object.entries(forged)) {
    const wrong = [];
    for (const op of sample) {
      const r = await request(op, token);
      if (r.status !== 401) wrong.push(`${op.path} -> ${r.status}`);
      const d = await request(op, token, DIRECT[op.service]);
      if (d.status !== 401) wrong.push(`direct ${op.path} -> ${d.status}`);
    }
    check(`JWT ${name}: 401 on ${sample.length} operations, gateway and direct`, wrong.length === 0, wrong.slice(0, 6).join('; '));
    note(`JWT ${name}`, sample.length * 2, wrong.length === 0);
  }
}

// 3. Another organisation's admin, with the victim's ids in the path and the body: 404 (never 403,
//    which would say the id exists), and no answer anywhere carries the victim's data.
async function victimState() {
  const [l, notes, tasks, appts, messages] = await Promise.all([
    call('GET', `/api/leads/${L}`, { token: adminA }),
    call('GET', `/api/leads/${L}/notes`, { token: adminA }),
    call('GET', `/api/leads/${L}/tasks`, { token: adminA }),
    call('GET', `/api/leads/${L}/appointments`, { token: adminA }),
    call('GET', `/api/messages?leadId=${L}`, { token: adminA }),
  ]);
  return JSON.stringify([l.body?.status, l.body?.firstName, l.body?.assigneeId, l.body?.version,
    (notes.body?.items ?? notes.body ?? []).length, (tasks.body?.items ?? tasks.body ?? []).length,
    (appts.body?.items ?? appts.body ?? []).map((a) => `${a.title}@${a.startsAt}`),
    (messages.body?.items ?? messages.body ?? []).length]);
}
const before = await victimState();
async function crossTenant(label, token, { expectById, secrets = orgSecrets, orgWide = [] }) {
  const wrong = [];
  const leaked = leaksOf(secrets);
  for (const op of guarded) {
    if (op.path === '/api/auth/login') continue;
    const r = await request(op, token);
    const found = leaked(r.text, r.sent);
    const byId = /\{(?!provider\})/.test(op.path) && !orgWide.includes(`${op.method} ${op.path}`);
    const refersToVictim = byId || ['POST /api/tasks', 'POST /api/appointments', 'POST /api/messages'].includes(`${op.method} ${op.path}`);
    if (found.length) wrong.push(`${op.method} ${op.path} leaked ${found[0]}`);
    else if (r.status >= 500) wrong.push(`${op.method} ${op.path} -> ${r.status}`);
    else if (refersToVictim && r.status < 300) wrong.push(`${op.method} ${op.path} -> ${r.status} on the victim's data`);
    else if (byId && expectById && !expectById(op, r.status)) wrong.push(`${op.method} ${op.path} -> ${r.status}`);
  }
  check(`${label}: nothing of the victim read or changed over ${guarded.length} operations`, wrong.length === 0, wrong.slice(0, 8).join('; '));
  note(label, guarded.length, wrong.length === 0);
  return wrong;
}
await crossTenant('another organisation\'s ADMIN with the victim\'s ids', adminB, { expectById: (_, status) => status === 404 });
await crossTenant('another organisation\'s REP with the victim\'s ids', repB, { expectById: (_, status) => status === 404 || status === 403 });
// A rep of the same organisation may not touch a lead assigned to another rep: 404, except where
// the path is an admin-only action (403 names the rule, and the id is of its own org anyway).
await crossTenant('rep1 with rep2\'s lead, task, appointment, message', rep1, {
  expectById: (op, status) => status === 404 || status === 403,
  secrets: leadSecrets,
  // The organisation's sequences are every member's to read; the victim's enrolment in it is not.
  orgWide: ['GET /api/sequences/{id}', 'GET /api/sequences/{id}/enrolments'],
});
const after = await victimState();
check('the victim\'s lead, notes, tasks, appointments and messages are exactly as before the attacks', before === after, `${before} vs ${after}`);

// Admin-only actions answered 403 to a rep of the same organisation.
{
  const adminOnly = [
    ['PUT', '/api/org/settings'], ['POST', '/api/users'], ['PATCH', '/api/users/{id}'], ['PUT', '/api/messages/settings'],
    ['POST', '/api/sequences'], ['POST', '/api/billing/checkout'], ['GET', '/api/billing/revenue'],
    ['GET', '/api/billing/commissions'], ['GET', '/api/insights/weekly'], ['DELETE', '/api/leads/{id}'],
  ];
  const wrong = [];
  for (const [method, path] of adminOnly) {
    const r = await request({ method, path }, rep1);
    if (![403, 404].includes(r.status)) wrong.push(`${method} ${path} -> ${r.status}`);
  }
  check(`a REP gets 403/404 on the ${adminOnly.length} admin-only actions`, wrong.length === 0, wrong.join('; '));
  note('admin-only actions as a REP', adminOnly.length, wrong.length === 0);
}

// ------------------------------------------------------------------ realtime: channel auth and the socket
async function channelAuth(token, channel, socketId = '123.456') {
  return call('POST', '/api/realtime/auth', { token, body: `socket_id=${socketId}&channel_name=${encodeURIComponent(channel)}`,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
}
{
  const attempts = [
    ['Rival admin', adminB, `private-org-${meA.orgId}`], ['Rival admin', adminB, `presence-org-${meA.orgId}`],
    ['Rival admin', adminB, `private-lead-${L}`], ['Rival admin', adminB, `private-user-${rep2Id}`],
    ['rep1', rep1, `private-lead-${L}`], ['rep1', rep1, `private-user-${rep2Id}`],
    ['anonymous', null, `private-org-${meA.orgId}`],
  ];
  const wrong = [];
  for (const [who, token, channel] of attempts) {
    const r = await channelAuth(token, channel);
    if (![401, 403].includes(r.status) || r.body?.auth) wrong.push(`${who} ${channel} -> ${r.status}`);
  }
  const control = await channelAuth(rep2, `private-lead-${L}`);
  check('channel auth refuses another org\'s and another rep\'s channels (7 tries), signs the owner\'s',
    wrong.length === 0 && control.status === 200 && typeof control.body?.auth === 'string', `${wrong.join('; ')} control ${control.status}`);
  note('realtime channel authorisation for channels of another org / rep', attempts.length, wrong.length === 0);
}

function socket() {
  const url = `${GW.replace(/^http/, 'ws')}/app/${PUSHER_KEY}?protocol=7&client=attack-e2e&version=1`;
  const ws = new WebSocket(url);
  const frames = [];
  const state = { closed: null };
  ws.on('message', (data) => frames.push(JSON.parse(String(data))));
  ws.on('close', (code) => { state.closed = code; });
  ws.on('error', () => {});
  const ready = new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('no connection_established')), 10_000);
    ws.on('message', (data) => {
      const f = JSON.parse(String(data));
      if (f.event === 'pusher:connection_established') {
        clearTimeout(t);
        resolve(JSON.parse(f.data).socket_id);
      }
    });
  });
  const waitFor = async (pred, ms = 5000) => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      const f = frames.find(pred);
      if (f) return f;
      if (state.closed) return null;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return null;
  };
  return { ws, frames, state, ready, waitFor, send: (o) => ws.send(JSON.stringify(o)) };
}
{
  const s = socket();
  const socketId = await s.ready;
  // A signature made up; one for this socket but another channel (the attacker's own org); one for
  // the victim's channel but another socket (stolen from a victim's page).
  const own = await channelAuth(adminB, `private-org-${meB.orgId}`, socketId);
  const stolen = await channelAuth(rep2, `private-lead-${L}`, '999.999');
  const tries = [
    [`private-org-${meA.orgId}`, `${PUSHER_KEY}:${'0'.repeat(64)}`, 'a made-up signature'],
    [`private-org-${meA.orgId}`, own.body?.auth, 'the attacker\'s valid signature for its own org channel'],
    [`private-lead-${L}`, stolen.body?.auth, 'the victim\'s signature for another socket'],
  ];
  const wrong = [];
  for (const [channel, auth, what] of tries) {
    s.send({ event: 'pusher:subscribe', data: { channel, auth } });
    const answer = await s.waitFor((f) => f.channel === channel && /subscription_(error|succeeded)/.test(f.event));
    if (!answer || answer.event !== 'pusher:subscription_error') wrong.push(`${what}: ${answer?.event ?? 'no answer'}`);
  }
  // A frame far over the limit: refused, the server stays up for the others.
  s.send({ event: 'client-x', channel: `private-org-${meB.orgId}`, data: 'x'.repeat(1_000_000) });
  const refused = await s.waitFor((f) => f.event === 'pusher:error' && /4300|too large/i.test(JSON.stringify(f.data)), 5000);
  const afterBig = refused || s.state.closed;
  check('socket: forged, borrowed and stolen subscription signatures refused; a 1 MB frame refused', wrong.length === 0 && afterBig,
    `${wrong.join('; ')} bigFrame ${JSON.stringify(refused ?? s.state.closed)}`);
  note('realtime subscriptions with forged / borrowed / stolen signatures, and a 1 MB frame', tries.length + 1, wrong.length === 0 && Boolean(afterBig));
  s.ws.close();
}

// ------------------------------------------------------------------ webhooks: forgery and replay
function stripeEvent(type, object, { secret = STRIPE_SECRET, created = Math.floor(Date.now() / 1000) } = {}) {
  const payload = JSON.stringify({ id: `evt_attack_${randomUUID().replaceAll('-', '')}`, object: 'event',
    api_version: '2025-09-30.clover', created, livemode: false, pending_webhooks: 1, type, data: { object } });
  return { payload, header: stripeSignature(secret, payload, created) };
}
const postStripe = (e) => call('POST', '/webhooks/stripe', { body: e.payload, headers: { 'Content-Type': 'application/json', 'Stripe-Signature': e.header } });
{
  const held = section();
  const revenueBefore = (await call('GET', '/api/billing/revenue', { token: adminA })).text;
  const payment = { id: `pi_attack_${run}`, object: 'payment_intent', amount: 999_999, currency: 'usd', status: 'succeeded',
    created: Math.floor(Date.now() / 1000), metadata: { orgId: meA.orgId, leadId: L } };
  const forged = await postStripe(stripeEvent('payment_intent.succeeded', payment, { secret: 'whsec_attacker' }));
  const stale = await postStripe(stripeEvent('payment_intent.succeeded', payment, { created: Math.floor(Date.now() / 1000) - 301 }));
  const unsigned = await call('POST', '/webhooks/stripe', { body: stripeEvent('payment_intent.succeeded', payment).payload,
    headers: { 'Content-Type': 'application/json' } });
  const leadAfter = await call('GET', `/api/leads/${L}`, { token: adminA });
  const revenueAfter = (await call('GET', '/api/billing/revenue', { token: adminA })).text;
  check('Stripe: a forged signature, a correctly signed event 301 s old (replay outside the 300 s tolerance) and an unsigned one are all 400 and change nothing',
    [forged, stale, unsigned].every((r) => r.status === 400) && leadAfter.body?.status !== 'PAID' && revenueBefore === revenueAfter,
    `${forged.status} ${stale.status} ${unsigned.status} lead ${leadAfter.body?.status}`);
  note('Stripe webhook: forged secret, replay 301 s late, no signature', 3, held());
}
const twilioSign = (url, params, token = TWILIO_TOKEN) => twilioSignature(token, url, params);
async function postTwilio(path, params, signature) {
  return call('POST', path, { body: new URLSearchParams(params).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature } });
}
{
  const held = section();
  const leadPhone = lead.body?.phone;
  const params = { MessageSid: `SM${randomUUID().replaceAll('-', '')}`, AccountSid: 'AC00000000000000000000000000000000',
    From: leadPhone, To: '+15005550006', Body: `forged ${marker}`, NumMedia: '0' };
  const wrongKey = await postTwilio('/webhooks/twilio/inbound', params, twilioSign(GW + '/webhooks/twilio/inbound', params, 'attacker-token'));
  const otherUrl = await postTwilio('/webhooks/twilio/inbound', params, twilioSign(GW + '/webhooks/twilio/status', params));
  const signed = twilioSign(GW + '/webhooks/twilio/inbound', params);
  const tampered = await postTwilio('/webhooks/twilio/inbound', { ...params, Body: `tampered ${marker}` }, signed);
  const thread = await call('GET', `/api/messages?leadId=${L}`, { token: adminA });
  check('Twilio: a wrong key, a signature for another URL and a tampered body are 403 and store no message',
    [wrongKey, otherUrl, tampered].every((r) => r.status === 403) && !/forged|tampered/.test(thread.text),
    `${wrongKey.status} ${otherUrl.status} ${tampered.status}`);
  note('Twilio webhook: foreign key, signature for another URL, parameter tampered', 3, held());
}

// ------------------------------------------------------------------ injection
{
  const held = section();
  const evil = {
    firstName: `<script>alert('${marker}')</script>`,
    lastName: `Robert'); DROP TABLE lead; --`,
    company: `<img src=x onerror=alert(1)>`,
  };
  const created = await call('POST', '/api/leads', { token: adminA, json: { ...evil, email: `evil.${run}@demo.test` } });
  const read = await call('GET', `/api/leads/${created.body?.id}`, { token: adminA });
  check('a lead named with SQL and HTML is stored and read back byte for byte', created.status === 201
    && read.body?.firstName === evil.firstName && read.body?.lastName === evil.lastName && read.body?.company === evil.company, brief(read));
  const all = await call('GET', `/api/leads?limit=200`, { token: adminA });
  const sqlQ = await call('GET', `/api/leads?q=${encodeURIComponent("' OR '1'='1")}&limit=200`, { token: adminA });
  const wildcard = await call('GET', `/api/leads?q=${encodeURIComponent('%')}&limit=200`, { token: adminA });
  check("search with ' OR '1'='1 and % finds no lead that does not contain them",
    sqlQ.status === 200 && (sqlQ.body?.items ?? []).every((l) => JSON.stringify(l).includes("'"))
    && wildcard.status === 200 && (wildcard.body?.items ?? []).length < (all.body?.items ?? []).length,
    `${sqlQ.status} ${(sqlQ.body?.items ?? []).length} / ${wildcard.status} ${(wildcard.body?.items ?? []).length} of ${(all.body?.items ?? []).length}`);
  const page = await call('GET', `/p/${read.body?.previewToken}`);
  check('the preview page shows the name as text: no <script> or onerror from the lead reaches the HTML',
    page.status === 200 && !page.text.includes(`<script>alert('${marker}')`) && !page.text.includes('<img src=x onerror')
    && page.text.includes('&lt;script&gt;'), page.text.slice(0, 200));
  // The same through a CSV file, with formula cells (CSV injection) and a quoted newline.
  const csv = [
    'First Name,Last Name,Email,Company',
    `"<svg onload=alert(1)>${marker}",x,csv1.${run}@demo.test,"=HYPERLINK(""http://evil.test"",""x"")"`,
    `"Bad",row,not-an-email,"=cmd|' /C calc'!A0"`,
  ].join('\r\n') + '\r\n';
  const form = new FormData();
  form.append('file', new Blob([csv], { type: 'text/csv' }), `evil-${run}.csv`);
  form.append('mode', 'CREATE_ONLY');
  const up = await call('POST', '/api/leads/imports', { token: adminA, form });
  const done = await gw.until('the evil import', async () => {
    const r = await call('GET', `/api/leads/imports/${up.body?.id}`, { token: adminA });
    return { r, done: ['COMPLETED', 'FAILED', 'CANCELLED'].includes(r.body?.status) };
  });
  const imported = await call('GET', `/api/leads?q=${encodeURIComponent(`csv1.${run}`)}`, { token: adminA });
  const row = imported.body?.items?.[0] ?? {};
  const csvPage = await call('GET', `/p/${row.previewToken}`);
  check('a CSV row with <svg onload> and a formula is stored as text and the preview page escapes it',
    done.r?.body?.created === 1 && row.firstName === `<svg onload=alert(1)>${marker}` && !csvPage.text.includes('<svg onload'),
    `${brief(done.r ?? {})} ${csvPage.status}`);
  note('SQL, HTML and CSV-formula text through the API, search, a CSV file and the preview page', 8, held());
}

// ------------------------------------------------------------------ oversized, nested, traversal
{
  const held = section();
  const big = await call('POST', '/api/leads', { token: adminA, json: { firstName: 'x'.repeat(2 * 1024 * 1024) } });
  const bigHook = await call('POST', '/webhooks/twilio/inbound', { body: `Body=${'x'.repeat(2 * 1024 * 1024)}`,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': 'x' } });
  const nested = await call('POST', '/api/leads', { token: adminA, body: '['.repeat(100_000) + ']'.repeat(100_000),
    headers: { 'Content-Type': 'application/json' } });
  const traversal = await call('GET', '/t/o/..%2F..%2F..%2Fetc%2Fpasswd');
  check('a 2 MB JSON body and a 2 MB webhook: 413 problem+json; JSON nested 100,000 deep: 400; a path traversal: 4xx without the file',
    big.status === 413 && big.type.startsWith('application/problem+json') && bigHook.status === 413
    && nested.status === 400 && traversal.status >= 400 && traversal.status < 500 && !traversal.text.includes('root:'),
    `${big.status} ${bigHook.status} ${nested.status} ${traversal.status}`);
  note('2 MB bodies (API and webhook), JSON nested 100,000 deep, ../ in a tracking path', 4, held());
}

// ------------------------------------------------------------------ rate limits
{
  // Logins: wrong passwords for one address are throttled, and the right one is refused meanwhile.
  const email = `throttle.${run}@rival.test`;
  const user = await call('POST', '/api/users', { token: adminB, json: { email, name: 'Throttle Me', password: 'right-password-1', role: 'REP' } });
  let throttled = null;
  for (let i = 0; i < 15 && !throttled; i++) {
    const r = await gw.call('POST', '/api/auth/login', { json: { email, password: `wrong-${i}` } });
    if (r.status === 429) throttled = r;
  }
  const right = await gw.call('POST', '/api/auth/login', { json: { email, password: 'right-password-1' } });
  check('password guessing is throttled: 429 with Retry-After, and the right password waits too',
    user.status === 201 && throttled && throttled.headers.get('retry-after') && right.status === 429,
    `${user.status} ${throttled?.status} ${right.status}`);
  // The API: one user's burst far over its bucket gets 429 problem+json with Retry-After, not a queue.
  // A token bucket of CAPACITY refilled at REFILL/s lets through at most CAPACITY + REFILL x elapsed.
  const capacity = Number(process.env.GATEWAY_RATE_LIMIT_PER_USER_CAPACITY ?? 100);
  const refill = Number(process.env.GATEWAY_RATE_LIMIT_PER_USER_REFILL ?? 50);
  const token = repB;
  const started = Date.now();
  const burst = await Promise.all(Array.from({ length: 600 }, () => gw.call('GET', '/api/me', { token })));
  const elapsed = (Date.now() - started) / 1000;
  const limited = burst.filter((r) => r.status === 429);
  const accepted = burst.filter((r) => r.status === 200).length;
  const bound = capacity + refill * elapsed;
  check(`a burst of 600 calls by one user in ${elapsed.toFixed(1)} s: ${accepted} accepted (bucket allows ${Math.floor(bound)}), `
    + `${limited.length} refused with 429 problem+json and Retry-After`,
    accepted <= bound + 5 && accepted + limited.length === burst.length && (bound >= burst.length || limited.length > 0)
    && limited.every((r) => r.type.startsWith('application/problem+json') && r.headers.get('retry-after')),
    `statuses ${[...new Set(burst.map((r) => r.status))].join(',')}`);
  note('password guessing (15 tries) and a 600-call burst by one user', 616, Boolean(throttled) && accepted <= bound + 5);
}

console.log('\nwhat was tried, and whether it held:');
for (const t of tried) console.log(`  ${t.held ? 'held ' : 'BROKE'}  ${String(t.requests).padStart(4)} requests  ${t.what}`);
finish('attack e2e');
