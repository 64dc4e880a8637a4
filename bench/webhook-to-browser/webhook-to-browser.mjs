#!/usr/bin/env node
// Webhook to browser (issue 10, item 4): a signed Twilio inbound SMS posted to the gateway
// (/webhooks/twilio/inbound) until pusher-js, connected through the gateway and subscribed to the
// lead's channel `private-lead-{id}` (authorised by /api/realtime/auth with the admin's JWT), gets
// its `message.inbound`. Path: gateway -> messaging-service (signature, stored, 200) -> its worker ->
// outbox -> Kafka `realtime.messages` -> realtime-service -> gateway -> socket. Open loop at --rate
// for --seconds after a warm-up, each latency from the request's scheduled start. Then, in the same
// run and on the same broker, raw Kafka produce-to-consume at the same rate (KafkaProbe.java).
// Node 20 + pusher-js 8.6.0; loopback only; stops by itself.
//
//   node webhook-to-browser.mjs [--rate 10] [--seconds 30] [--warmup-seconds 5] [--leads 5]
//        [--gateway http://localhost:8080] [--kafka localhost:9092]
// Environment: TWILIO_AUTH_TOKEN (dev-twilio-token), BENCH_JAVA and BENCH_KAFKA_CLASSPATH (run.sh sets them).

import { spawnSync } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import Pusher from 'pusher-js';
import { options } from '../lib/args.mjs';

const args = options({
  rate: 10, seconds: 30, 'warmup-seconds': 5, leads: 5, gateway: 'http://localhost:8080', kafka: 'localhost:9092',
});
const RATE = args.rate;
const SECONDS = args.seconds;
const WARMUP_SECONDS = args['warmup-seconds'];
const LEADS = args.leads;
const GW = args.gateway;
const KAFKA = args.kafka;
const TWILIO_TOKEN = process.env.TWILIO_AUTH_TOKEN ?? 'dev-twilio-token';
const DRAIN_MS = 30_000;

const hardStopMs = (WARMUP_SECONDS + SECONDS) * 2000 + 4 * DRAIN_MS + 180_000;
setTimeout(() => {
  console.error(`webhook-to-browser: still running after ${hardStopMs / 1000} s, stopping`);
  process.exit(2);
}, hardStopMs).unref();

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const log = (line) => console.error(`[webhook-to-browser ${new Date().toISOString().slice(11, 19)}] ${line}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.timeOrigin + performance.now();
const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : NaN);
const fmt = (ms) => (Number.isFinite(ms) ? ms.toFixed(ms < 10 ? 2 : 1) : 'n/a');
function die(message) {
  console.error(`webhook-to-browser: ${message}`);
  process.exit(1);
}

async function api(method, path, token, body) {
  const res = await fetch(GW + path, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

/** Twilio signs the public URL followed by every parameter, sorted by name, name then value (HMAC-SHA1). */
function postInbound(params) {
  const url = `${GW}/webhooks/twilio/inbound`;
  const data = url + Object.keys(params).sort().map((k) => k + params[k]).join('');
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': createHmac('sha1', TWILIO_TOKEN).update(data).digest('base64') },
    body: new URLSearchParams(params).toString(),
    signal: AbortSignal.timeout(30_000),
  }).then(
    async (r) => {
      await r.arrayBuffer();
      return r.status;
    },
    () => 0,
  );
}

// --- setup: admin, leads with numbers of their own that messaging knows, pusher-js subscribed -----------
const loadBefore = loadavg();
const login = await api('POST', '/api/auth/login', null, { email: 'admin@demo.test', password: 'demo-admin' });
const token = login.json?.accessToken;
if (!token) die(`login through ${GW} failed (status ${login.status}); is the suite up (./dev up)?`);

const leads = [];
for (let attempt = 0; leads.length < LEADS && attempt < LEADS * 20; attempt++) {
  const phone = `+1212736${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
  const r = await api('POST', '/api/leads', token, { firstName: 'Webhook', lastName: `Browser ${leads.length}`, phone });
  if (r.status === 201) leads.push({ id: r.json.id, phone: r.json.phone });
  else if (r.status !== 409) die(`creating a lead: status ${r.status} ${r.text.slice(0, 300)}`);
}
if (leads.length < LEADS) die(`only ${leads.length} leads with a free phone number`);
for (const lead of leads) {
  const end = Date.now() + 60_000;
  while ((await api('GET', `/api/messages?leadId=${lead.id}`, token)).status !== 200) {
    if (Date.now() > end) die(`messaging-service never learnt lead ${lead.id}`);
    await sleep(200);
  }
}
log(`${leads.length} leads ready, messaging knows their numbers`);

const url = new URL(GW);
const pusher = new Pusher(process.env.PUSHER_KEY || 'leadpulse-key', {
  cluster: 'local',
  wsHost: url.hostname,
  wsPort: Number(url.port || 80),
  forceTLS: false,
  enabledTransports: ['ws'],
  disableStats: true,
  channelAuthorization: { endpoint: `${GW}/api/realtime/auth`, transport: 'ajax', headers: { Authorization: `Bearer ${token}` } },
});
const received = new Map(); // MessageSid -> receive time (epoch ms)
let duplicates = 0;
let subscribed = 0;
for (const lead of leads) {
  const channel = pusher.subscribe(`private-lead-${lead.id}`);
  channel.bind('pusher:subscription_succeeded', () => subscribed++);
  channel.bind('pusher:subscription_error', (e) => die(`subscription to private-lead-${lead.id} refused: ${JSON.stringify(e)}`));
  channel.bind('message.inbound', (data) => {
    const t = now();
    const sid = data?.providerSid;
    if (!sid) return;
    if (received.has(sid)) duplicates++;
    else received.set(sid, t);
  });
}
{
  const end = Date.now() + 30_000;
  while (subscribed < leads.length) {
    if (Date.now() > end) die(`pusher-js: ${subscribed} of ${leads.length} subscriptions after 30 s (state ${pusher.connection.state})`);
    await sleep(50);
  }
}
log(`pusher-js connected through the gateway (socket ${pusher.connection.socket_id}), ${subscribed} lead channels`);

/** Open loop: webhook i is due at t0 + i/rate whatever the answers do. */
async function phase(rate, seconds, label) {
  const total = Math.round(rate * seconds);
  const sent = [];
  const acks = [];
  const pending = [];
  const t0 = now() + 20;
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - now();
    if (wait > 1) await sleep(wait);
    const sid = `SM${randomUUID().replaceAll('-', '')}`;
    const lead = leads[i % leads.length];
    const entry = { sid, due, status: undefined };
    sent.push(entry);
    pending.push(
      postInbound({ AccountSid: `AC${'0'.repeat(32)}`, ApiVersion: '2010-04-01', MessageSid: sid, SmsSid: sid, SmsStatus: 'received', From: lead.phone, To: '+15005550006', Body: `w2b ${label} ${i}`, NumMedia: '0' }).then((status) => {
        entry.status = status;
        acks.push(now() - due);
      }),
    );
  }
  await Promise.all(pending);
  const accepted = sent.filter((e) => e.status === 200);
  const end = now() + DRAIN_MS;
  while (accepted.some((e) => !received.has(e.sid)) && now() < end) await sleep(100);
  const latencies = accepted.filter((e) => received.has(e.sid)).map((e) => received.get(e.sid) - e.due).sort((a, b) => a - b);
  acks.sort((a, b) => a - b);
  return { sent: total, accepted: accepted.length, seen: latencies.length, missing: accepted.length - latencies.length, ackP50: percentile(acks, 50), ackP99: percentile(acks, 99), p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) };
}

log(`warm-up: ${RATE}/s for ${WARMUP_SECONDS} s`);
await phase(RATE, WARMUP_SECONDS, 'warm-up');
log(`measured: ${RATE}/s for ${SECONDS} s`);
const browser = await phase(RATE, SECONDS, 'measured');
pusher.disconnect();
const loadMiddle = loadavg();

// --- the baseline, same run, same broker ----------------------------------------------------------------
log(`raw Kafka produce -> consume on ${KAFKA}: ${RATE}/s for ${SECONDS} s`);
const java = process.env.BENCH_JAVA ?? 'java';
const probe = spawnSync(
  java,
  ['-cp', process.env.BENCH_KAFKA_CLASSPATH ?? '', fileURLToPath(new URL('./KafkaProbe.java', import.meta.url)), KAFKA, String(RATE), String(SECONDS), String(WARMUP_SECONDS), '1024'],
  { encoding: 'utf8', timeout: (WARMUP_SECONDS + SECONDS + 120) * 1000 },
);
const rawLine = (probe.stdout ?? '').trim().split('\n').filter((l) => l.startsWith('{')).at(-1);
if (!rawLine) die(`KafkaProbe failed (status ${probe.status}): ${(probe.stderr ?? '').slice(-800)}`);
const raw = JSON.parse(rawLine);
const loadAfter = loadavg();

// --- report ----------------------------------------------------------------------------------------------
const out = [];
out.push(`### webhook-to-browser, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
out.push('');
out.push(`Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}. Load average before ${loadBefore}, after the webhooks ${loadMiddle}, after the Kafka probe ${loadAfter}.`);
out.push(`${RATE} signed Twilio inbound webhooks/s for ${SECONDS} s (open loop, after ${WARMUP_SECONDS} s of warm-up), ${leads.length} leads, one pusher-js 8.6.0 client through the gateway subscribed to their \`private-lead-{id}\` channels. Raw Kafka: ${RATE} records/s of 1 KiB for ${SECONDS} s (after ${WARMUP_SECONDS} s) on the suite's broker, acks=all, linger.ms=0, a plain consumer in the producer's JVM.`);
out.push('');
out.push('| path | sent | answered 200 | seen | missing | p50 (ms) | p99 (ms) | max (ms) |');
out.push('|---|---|---|---|---|---|---|---|');
out.push(`| signed Twilio webhook → gateway → messaging → Kafka → realtime → gateway → pusher-js | ${browser.sent} | ${browser.accepted} | ${browser.seen} | ${browser.missing} | ${fmt(browser.p50)} | ${fmt(browser.p99)} | ${fmt(browser.max)} |`);
out.push(`| (its acknowledgement: webhook → 200) | | | | | ${fmt(browser.ackP50)} | ${fmt(browser.ackP99)} | |`);
out.push(`| raw Kafka produce → consume, same broker | ${raw.sent} | | ${raw.consumed} | ${raw.sent - raw.consumed} | ${fmt(raw.p50Ms)} | ${fmt(raw.p99Ms)} | ${fmt(raw.maxMs)} |`);
out.push('');
out.push(`The suite's path over raw Kafka: p50 ${fmt(browser.p50 - raw.p50Ms)} ms more, p99 ${fmt(browser.p99 - raw.p99Ms)} ms more (${(browser.p99 / raw.p99Ms).toFixed(1)}×). Duplicate deliveries to the browser: ${duplicates}.`);
console.log(out.join('\n'));
const ok = browser.accepted === browser.sent && browser.missing === 0 && duplicates === 0 && raw.consumed === raw.sent;
if (!ok) console.log('\n**Not every webhook was accepted and delivered once: see the table (the suite\'s logs say why).**');
process.exit(ok ? 0 : 1);
