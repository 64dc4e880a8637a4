// pusher-js 8.6.0, unmodified, against the running suite through the gateway only: login, channel
// authorisation with a bearer token, presence, client events, a lead created over REST arriving as
// an outbox message, refusals, and (with a bare `ws` socket) positions and resume.
// Prints one line per check and "realtime e2e: N passed, M failed"; stops by itself within 90 s.
//
//   node realtime-e2e.mjs [GATEWAY_URL]     (default http://localhost:8080)

import { createRequire } from 'node:module';
import Pusher from 'pusher-js';
import WebSocket from 'ws';
import { pusherOptions } from '../lib.mjs';

const PUSHER_JS_VERSION = createRequire(import.meta.url)('pusher-js/package.json').version;

const GW = process.argv[2] || 'http://localhost:8080';
const WS = GW.replace(/^http/, 'ws');
const KEY = process.env.PUSHER_KEY || 'leadpulse-key';
let passed = 0;
let failed = 0;
const clients = [];

const hardStop = setTimeout(() => {
  console.log('  FAIL  the run took longer than 90 s');
  finish(1);
}, 90_000);

function check(name, ok, detail = '') {
  if (ok) {
    passed++;
    console.log(`  ok    ${name}`);
  } else {
    failed++;
    console.log(`  FAIL  ${name}${detail ? ` (${detail})` : ''}`);
  }
}

function finish(code = failed ? 1 : 0) {
  clearTimeout(hardStop);
  clients.forEach((client) => client.disconnect());
  console.log(`realtime e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : code);
}

/** Resolves with the first value `probe` returns that is not undefined, or undefined after `ms`. */
function waitFor(probe, ms = 10_000) {
  return new Promise((resolve) => {
    const started = Date.now();
    const tick = () => {
      const value = probe();
      if (value !== undefined) return resolve(value);
      if (Date.now() - started > ms) return resolve(undefined);
      setTimeout(tick, 50);
    };
    tick();
  });
}

async function api(method, path, token, body) {
  const response = await fetch(GW + path, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
}

async function login(email, password) {
  const { json } = await api('POST', '/api/auth/login', null, { email, password });
  const token = json && json.accessToken;
  const me = (await api('GET', '/api/me', token)).json || {};
  return { token, ...me };
}

function connect(token) {
  const pusher = new Pusher(KEY, pusherOptions(GW, token));
  clients.push(pusher);
  return pusher;
}

function record(channel, ...events) {
  const seen = [];
  events.forEach((event) => channel.bind(event, (data, metadata) => seen.push({ event, data, metadata })));
  return seen;
}

/** A bare socket speaking Pusher frames, to see the top-level `position` pusher-js does not expose. */
function rawSocket() {
  const socket = new WebSocket(`${WS}/app/${KEY}?protocol=7&client=e2e&version=1`);
  const frames = [];
  socket.on('message', (raw) => {
    const frame = JSON.parse(raw.toString());
    if (typeof frame.data === 'string') {
      try {
        frame.data = JSON.parse(frame.data);
      } catch {
        // data that is not JSON stays a string
      }
    }
    frames.push(frame);
  });
  socket.frames = frames;
  socket.sendFrame = (event, data) => socket.send(JSON.stringify({ event, data }));
  clients.push({ disconnect: () => socket.terminate() });
  return socket;
}

console.log(`realtime e2e (pusher-js ${PUSHER_JS_VERSION}) against ${GW}`);

const admin = await login('admin@demo.test', 'demo-admin');
const rep = await login('rep1@demo.test', 'demo-rep');
check('admin and rep1 log in and know their ids', admin.token && rep.token && admin.id && rep.id && admin.orgId);
if (!admin.token || !rep.token) finish(1);

// --- connect through the gateway
const adminPusher = connect(admin.token);
const connected = await waitFor(() => (adminPusher.connection.state === 'connected' ? true : undefined));
check('pusher-js connects through the gateway', connected);
check('  ... with a socket id like 123.456', /^\d+\.\d+$/.test(adminPusher.connection.socket_id || ''));

// --- private user channel, and a lead created over REST arriving through the outbox and Kafka
const userChannel = adminPusher.subscribe(`private-user-${admin.id}`);
const userEvents = record(userChannel, 'pusher:subscription_succeeded', 'lead.created');
check(
  'admin subscribes to its own user channel (auth with the bearer token)',
  await waitFor(() => (userEvents.some((e) => e.event === 'pusher:subscription_succeeded') ? true : undefined)),
);
const suffix = Date.now();
const created = await api('POST', '/api/leads', admin.token, {
  firstName: 'Grace',
  lastName: 'Hopper',
  email: `grace.${suffix}@example.com`,
  assigneeId: rep.id,
});
check('admin creates a lead (201)', created.status === 201, `status ${created.status}`);
const leadEvent = await waitFor(() => userEvents.find((e) => e.event === 'lead.created'));
check(
  'lead.created arrives on the admin user channel (outbox -> Kafka -> socket)',
  leadEvent && leadEvent.data && leadEvent.data.id === created.json?.id,
);

// --- presence, member events and client events between admin and rep
const presenceName = `presence-org-${admin.orgId}`;
const adminPresence = adminPusher.subscribe(presenceName);
const adminPresenceEvents = record(adminPresence, 'pusher:subscription_succeeded', 'pusher:member_added',
  'pusher:member_removed', 'client-typing');
const adminMembers = await waitFor(() => adminPresenceEvents.find((e) => e.event === 'pusher:subscription_succeeded'));
check('admin joins the org presence channel', adminMembers && adminPresence.members.me?.id === admin.id);
check('  ... with name and role as user info', adminPresence.members.me?.info?.role === 'ADMIN');

const repPusher = connect(rep.token);
const repPresence = repPusher.subscribe(presenceName);
const repPresenceEvents = record(repPresence, 'pusher:subscription_succeeded', 'pusher:member_added', 'client-typing');
await waitFor(() => repPresenceEvents.find((e) => e.event === 'pusher:subscription_succeeded'));
check('rep sees admin and itself as members', repPresence.members.count === 2 && repPresence.members.get(admin.id));
const added = await waitFor(() => adminPresenceEvents.find((e) => e.event === 'pusher:member_added'));
check('admin is told rep arrived (member_added)', added && added.data.id === rep.id);
check('rep is not told about itself', !repPresenceEvents.some((e) => e.event === 'pusher:member_added' && e.data.id === rep.id));

repPresence.trigger('client-typing', { typing: true });
const typing = await waitFor(() => adminPresenceEvents.find((e) => e.event === 'client-typing'));
check('a client event from rep reaches admin', typing && typing.data.typing === true);
check('  ... naming its sender', typing && typing.metadata && typing.metadata.user_id === rep.id);
check('  ... and is not echoed to rep', !repPresenceEvents.some((e) => e.event === 'client-typing'));

// --- refusals
const foreign = repPusher.subscribe(`private-user-${admin.id}`);
const foreignEvents = record(foreign, 'pusher:subscription_error', 'pusher:subscription_succeeded');
const refused = await waitFor(() => foreignEvents.find((e) => e.event === 'pusher:subscription_error'));
check("rep may not subscribe to admin's user channel (403)", refused && refused.data.status === 403);
const otherOrg = repPusher.subscribe('private-org-00000000-0000-0000-0000-000000000000');
const otherOrgEvents = record(otherOrg, 'pusher:subscription_error');
check("nor to another organisation's channel", await waitFor(() => otherOrgEvents[0]));

repPusher.disconnect();
const removed = await waitFor(() => adminPresenceEvents.find((e) => e.event === 'pusher:member_removed'));
check('admin is told rep left (member_removed)', removed && removed.data.id === rep.id);

// --- positions and resume through the gateway (a bare socket sees the top-level position)
const auth = async (socketId, channel) => {
  const response = await fetch(`${GW}/api/realtime/auth`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${admin.token}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ socket_id: socketId, channel_name: channel }),
  });
  return (await response.json()).auth;
};
const channel = `private-user-${admin.id}`;
const first = rawSocket();
const firstId = await waitFor(() => first.frames.find((f) => f.event === 'pusher:connection_established')?.data.socket_id);
first.sendFrame('pusher:subscribe', { channel, auth: await auth(firstId, channel) });
await waitFor(() => first.frames.find((f) => f.event === 'pusher_internal:subscription_succeeded'));
await api('POST', '/api/leads', admin.token, { firstName: 'Before', email: `before.${suffix}@example.com` });
const seen = await waitFor(() => first.frames.find((f) => f.event === 'lead.created'));
check('a channel message carries a position', seen && /^[^:]+:\d+(,\d+)*$/.test(seen.position || ''), seen?.position);
first.terminate();

const missed = await api('POST', '/api/leads', admin.token, { firstName: 'Missed', email: `missed.${suffix}@example.com` });
const back = rawSocket();
const backId = await waitFor(() => back.frames.find((f) => f.event === 'pusher:connection_established')?.data.socket_id);
back.sendFrame('pusher:subscribe', { channel, auth: await auth(backId, channel), resume_from: seen?.position });
const resumed = await waitFor(() => back.frames.find((f) => f.event === 'leadpulse:resumed'));
const replayed = back.frames.filter((f) => f.event === 'lead.created');
check('resuming from the last position replays the missed message', replayed.some((f) => f.data.id === missed.json?.id));
check('  ... and nothing seen before it', !replayed.some((f) => f.data.id === seen?.data?.id));
check('  ... then says leadpulse:resumed', resumed && resumed.data.replayed >= 1);

const stale = rawSocket();
const staleId = await waitFor(() => stale.frames.find((f) => f.event === 'pusher:connection_established')?.data.socket_id);
stale.sendFrame('pusher:subscribe', { channel, auth: await auth(staleId, channel), resume_from: 'nottopic:0,0,0' });
check('a position history cannot serve gets leadpulse:resync', await waitFor(() => stale.frames.find((f) => f.event === 'leadpulse:resync')));

// --- resume with pusher-js itself: positions inside object data on request, leadpulse:resume
//     sent before the subscription (pusher-js cannot add fields to pusher:subscribe)
const keeper = connect(admin.token);
await waitFor(() => (keeper.connection.state === 'connected' ? true : undefined));
keeper.send_event('leadpulse:options', { position_in_data: true });
const kept = record(keeper.subscribe(channel), 'pusher:subscription_succeeded', 'lead.created');
await waitFor(() => kept.find((e) => e.event === 'pusher:subscription_succeeded'));
const one = await api('POST', '/api/leads', admin.token, { firstName: 'One', email: `one.${suffix}@example.com` });
const oneEvent = await waitFor(() => kept.find((e) => e.event === 'lead.created' && e.data.id === one.json?.id));
const lastPosition = oneEvent?.data?.leadpulse_position;
check('pusher-js gets the position inside data when it asks', /^[^:]+:\d+(,\d+)*$/.test(lastPosition || ''));
keeper.disconnect();
const two = await api('POST', '/api/leads', admin.token, { firstName: 'Two', email: `two.${suffix}@example.com` });
const returning = connect(admin.token);
await waitFor(() => (returning.connection.state === 'connected' ? true : undefined));
returning.send_event('leadpulse:resume', { channel, position: lastPosition });
const again = record(returning.subscribe(channel), 'lead.created', 'leadpulse:resumed');
const resumedByJs = await waitFor(() => again.find((e) => e.event === 'leadpulse:resumed'));
check('pusher-js resumes: the lead created while away is replayed', again.some((e) => e.event === 'lead.created' && e.data.id === two.json?.id));
check('  ... and the one it had seen is not', !again.some((e) => e.event === 'lead.created' && e.data.id === one.json?.id));
check('  ... then leadpulse:resumed', resumedByJs);

// --- bad input through the gateway
const hostile = rawSocket();
await waitFor(() => hostile.frames.find((f) => f.event === 'pusher:connection_established'));
hostile.send('{not json');
hostile.sendFrame('pusher:subscribe', { channel, auth: `${KEY}:${'0'.repeat(64)}` });
check('malformed JSON gets pusher:error 4300', await waitFor(() => hostile.frames.find((f) => f.event === 'pusher:error' && f.data.code === 4300)));
check('a forged signature gets pusher:subscription_error 401', await waitFor(() => hostile.frames.find((f) => f.event === 'pusher:subscription_error' && f.data.status === 401)));
const unknownApp = new WebSocket(`${WS}/app/not-our-key?protocol=7`);
const closeCode = await new Promise((resolve) => {
  unknownApp.on('close', (code) => resolve(code));
  unknownApp.on('error', () => resolve(-1));
  setTimeout(() => resolve(undefined), 10_000);
});
check('an unknown app key is closed with 4001', closeCode === 4001, `close ${closeCode}`);
check('the socket server still answers afterwards', adminPusher.connection.state === 'connected');

finish();
