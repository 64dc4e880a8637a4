// One trace from a Twilio webhook to the socket delivery (issue 8), through the gateway:
// node tracing-e2e.mjs <gateway> <otlp-receiver>. Needs the suite started with its OTLP endpoint on
// that receiver (./dev e2e does this when it starts the suite itself).
//
// A signed inbound SMS is posted with a W3C traceparent of our own. It goes through the gateway
// to messaging-service, which stores the webhook and processes it later from the store. The
// processing publishes message.inbound and its realtime message through the outbox and Kafka. A
// pusher-js client subscribed to the lead's channel receives it. Then the spans exported to the
// receiver must show that trace id from the gateway, messaging-service and realtime-service (its
// realtime.deliver span).
import { randomBytes, randomUUID } from 'node:crypto';
import Pusher from 'pusher-js';
import { checks, gateway, pusherOptions, twilioSignature } from '../lib.mjs';

const GW = process.argv[2] ?? 'http://localhost:8080';
const RECEIVER = process.argv[3];
const KEY = 'leadpulse-key';
const TWILIO_TOKEN = process.env.TWILIO_AUTH_TOKEN ?? 'dev-twilio-token';
const c = checks();
const { call, login } = gateway(GW);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(probe, ms) { // true once probe() is truthy, false after ms
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await probe()) return true;
    await sleep(250);
  }
  return false;
}
console.log(`tracing e2e against ${GW}, spans at ${RECEIVER}`);

const token = await login('admin@demo.test', 'demo-admin');
const admin = { token, ...((await call('GET', '/api/me', { token })).body ?? {}) };
c.check('admin logs in', Boolean(admin.token && admin.id));
const phone = `+1415555${String(Math.floor(Math.random() * 10000)).padStart(4, '0')}`;
const lead = await call('POST', '/api/leads', {
  token: admin.token,
  json: { firstName: 'Trace', lastName: `E2E${Date.now()}`, phone, email: `trace.${randomUUID()}@example.test`, assigneeId: admin.id },
});
c.check('a lead with a phone number (201)', lead.status === 201, `(status ${lead.status} ${lead.text.slice(0, 200)})`);

const pusher = new Pusher(KEY, pusherOptions(GW, admin.token));
const received = [];
const channel = pusher.subscribe(`private-lead-${lead.body?.id}`);
channel.bind('message.inbound', (data) => received.push(data));
const subscribed = await until(() => channel.subscribed, 15_000);
c.check('pusher-js subscribes to the lead channel through the gateway', subscribed);

const traceId = randomBytes(16).toString('hex');
const params = { MessageSid: `SM${randomUUID().replaceAll('-', '')}`, AccountSid: 'ACe2e', From: phone, To: '+15005550006', Body: 'Traced reply', NumMedia: '0' };
const answer = await call('POST', '/webhooks/twilio/inbound', {
  body: new URLSearchParams(params).toString(),
  headers: {
    'Content-Type': 'application/x-www-form-urlencoded',
    'X-Twilio-Signature': twilioSignature(TWILIO_TOKEN, GW + '/webhooks/twilio/inbound', params),
    traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
  },
});
c.check('a signed inbound SMS with our traceparent: 200', answer.status === 200, `(status ${answer.status})`);
const delivered = await until(() => received.some((m) => JSON.stringify(m).includes('Traced reply')), 20_000);
c.check('the reply reaches the socket subscribed to the lead (message.inbound)', delivered);

// Spans leave each service in batches (every 5 s): wait for all three.
const want = ['gateway-service', 'messaging-service', 'realtime-service'];
let seen = { services: [] };
const all = await until(async () => {
  seen = await (await fetch(`${RECEIVER}/services?trace=${traceId}`)).json();
  return want.every((s) => seen.services.includes(s));
}, 30_000);
c.check(`trace ${traceId} has spans from ${want.join(', ')}`, all, `(seen: ${seen.services.join(', ') || 'none'})`);
pusher.disconnect();
c.finish('tracing e2e');
