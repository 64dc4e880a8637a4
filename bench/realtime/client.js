'use strict';
// One load-generator process: up to ~19,000 Pusher protocol 7 client sockets (this machine allows
// 20,000 open files per process), all bound to one loopback source address. Started by run.js
// with child_process.fork and driven over IPC; it also stops by itself after MAX_SECONDS.
//
// Each socket: connect to ws://HOST:PORT/app/<key>?protocol=7&client=bench&version=1, wait for
// pusher:connection_established, subscribe (private channels signed here: HMAC-SHA256 of
// "socket_id:channel" with the app secret, hex, so no HTTP auth call), wait for
// pusher_internal:subscription_succeeded, answer pusher:ping with pusher:pong.
//
// Benchmark events carry {"bseq":n,"bk":kind,"bt":publishEpochMillis} in their data (kind 0 =
// steady 1 msg/s, k >= 1 = burst k). Latency = receive time - bt, both from this machine's wall
// clock (performance.timeOrigin + performance.now(), sub-millisecond). Samples are kept in full
// and written to binary files (Float64, little-endian) so run.js computes exact percentiles.

const fs = require('node:fs');
const crypto = require('node:crypto');
const { performance } = require('node:perf_hooks');
// BENCH_CLIENT_IMPL: `ws` (default, the npm library) or `raw` (raw-ws.js: less CPU per received frame)
const IMPL = process.env.BENCH_CLIENT_IMPL || 'ws';
const WebSocket = IMPL === 'ws' ? require('ws') : require('./raw-ws.js');

const cfg = JSON.parse(process.env.BENCH_CLIENT || '{}');
const ID = cfg.id || 'c0';
const URL_ = cfg.url; // ws://127.0.0.1:PORT/app/KEY?protocol=7&client=bench&version=1
const LOCAL = cfg.localAddress || '127.0.0.1';
const COUNT = Math.min(cfg.count || 100, 19000);
const CONCURRENCY = cfg.concurrency || 200;
const KEY = cfg.key || 'leadpulse-key';
const SECRET = cfg.secret || 'leadpulse-secret';
// channel: a fixed name shared by all sockets, or a pattern with {i} for one channel per socket
const CHANNEL = cfg.channel === undefined ? 'private-bench' : cfg.channel;
const CONNECT_TIMEOUT_MS = cfg.connectTimeoutMs || 60000;
const MAX_SECONDS = cfg.maxSeconds || 1800;

const now = () => performance.timeOrigin + performance.now();

setTimeout(() => {
  console.error(`[${ID}] MAX_SECONDS (${MAX_SECONDS}) reached, stopping`);
  process.exit(3);
}, MAX_SECONDS * 1000).unref();
process.on('disconnect', () => process.exit(0)); // run.js went away

// ---- samples ---------------------------------------------------------------------------------
class Samples {
  constructor() {
    this.a = new Float64Array(1 << 16);
    this.n = 0;
  }
  add(v) {
    if (this.n === this.a.length) {
      const b = new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  bytes() {
    return Buffer.from(this.a.buffer, 0, this.n * 8);
  }
}

let phase = 'none';
let steady = new Samples();
let burst = new Samples();
let bursts = new Map(); // kind -> {n, firstPublish, lastReceive}
let received = 0;
let firstReceive = 0;
let lastReceive = 0;

function resetPhase(name) {
  phase = name;
  steady = new Samples();
  burst = new Samples();
  bursts = new Map();
  received = 0;
  firstReceive = 0;
  lastReceive = 0;
}

const MARK = Buffer.from('bseq');
const MARK_K = Buffer.from('bk');
const MARK_T = Buffer.from('bt');

// The number after `from` in buf: skips quotes, backslashes and colons (data is a JSON string
// inside the frame, so its quotes arrive escaped).
function numberAfter(buf, from) {
  let i = from;
  const end = buf.length;
  while (i < end) {
    const c = buf[i];
    if ((c >= 48 && c <= 57) || c === 45) break;
    i++;
  }
  let j = i;
  while (j < end) {
    const c = buf[j];
    if ((c >= 48 && c <= 57) || c === 46 || c === 45 || c === 101 || c === 69 || c === 43) j++;
    else break;
  }
  return Number(buf.toString('latin1', i, j));
}

function onBenchEvent(buf, at) {
  const t0 = now();
  const iK = buf.indexOf(MARK_K, at + 4);
  const iT = buf.indexOf(MARK_T, at + 4);
  const kind = numberAfter(buf, iK + 2);
  const sent = numberAfter(buf, iT + 2);
  const latency = t0 - sent;
  received++;
  if (!firstReceive) firstReceive = t0;
  lastReceive = t0;
  if (kind === 0) {
    steady.add(latency);
  } else {
    burst.add(latency);
    let b = bursts.get(kind);
    if (!b) bursts.set(kind, (b = { n: 0, firstPublish: sent, lastReceive: t0 }));
    b.n++;
    if (sent < b.firstPublish) b.firstPublish = sent;
    if (t0 > b.lastReceive) b.lastReceive = t0;
  }
}

// ---- sockets ---------------------------------------------------------------------------------
const sockets = [];
let started = 0;
let ready = 0;
let failed = 0;
let inFlight = 0;
let firstStart = 0;
let lastReady = 0;
const closes = {}; // close code -> count (after ready)
const errors = {};
let connectDone = null;

function sign(socketId, channel) {
  return `${KEY}:${crypto.createHmac('sha256', SECRET).update(`${socketId}:${channel}`).digest('hex')}`;
}

function settle(state, ok) {
  if (state.settled) return;
  state.settled = true;
  clearTimeout(state.timer);
  inFlight--;
  if (ok) {
    ready++;
    lastReady = now();
  } else {
    failed++;
  }
  pump();
}

function open(i) {
  const channel = CHANNEL ? CHANNEL.replace('{i}', `${ID}-${i}`) : null;
  const state = { settled: false, timer: null };
  inFlight++;
  let ws;
  try {
    ws = new WebSocket(URL_, { localAddress: LOCAL, perMessageDeflate: false, handshakeTimeout: CONNECT_TIMEOUT_MS });
  } catch (e) {
    errors[e.code || e.message] = (errors[e.code || e.message] || 0) + 1;
    settle(state, false);
    return;
  }
  sockets.push(ws);
  state.timer = setTimeout(() => {
    errors.timeout = (errors.timeout || 0) + 1;
    settle(state, false);
    ws.terminate();
  }, CONNECT_TIMEOUT_MS);
  ws.on('message', (buf) => {
    const at = buf.indexOf(MARK);
    if (at >= 0) {
      onBenchEvent(buf, at);
      return;
    }
    let msg;
    try {
      msg = JSON.parse(buf.toString('utf8'));
    } catch {
      return;
    }
    switch (msg.event) {
      case 'pusher:ping':
        ws.send('{"event":"pusher:pong","data":{}}');
        break;
      case 'pusher:connection_established': {
        const data = typeof msg.data === 'string' ? JSON.parse(msg.data) : msg.data;
        if (!channel) {
          settle(state, true);
          break;
        }
        const sub = { channel };
        if (channel.startsWith('private-')) sub.auth = sign(data.socket_id, channel);
        ws.send(JSON.stringify({ event: 'pusher:subscribe', data: sub }));
        break;
      }
      case 'pusher_internal:subscription_succeeded':
        settle(state, true);
        break;
      case 'pusher:subscription_error':
      case 'pusher:error':
        errors[msg.event] = (errors[msg.event] || 0) + 1;
        if (!state.settled) {
          settle(state, false);
          ws.terminate();
        }
        break;
      default:
        break;
    }
  });
  ws.on('error', (e) => {
    const k = e.code || e.message;
    errors[k] = (errors[k] || 0) + 1;
    settle(state, false);
  });
  ws.on('close', (code) => {
    if (state.settled && !closing) closes[code] = (closes[code] || 0) + 1;
    settle(state, false);
  });
}

function pump() {
  while (inFlight < CONCURRENCY && started < COUNT) {
    if (!firstStart) firstStart = now();
    open(started++);
  }
  if (started === COUNT && inFlight === 0 && connectDone) {
    const done = connectDone;
    connectDone = null;
    done();
  }
}

function rssKiB() {
  const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) : 0;
}

let closing = false;

process.on('message', (m) => {
  switch (m.cmd) {
    case 'connect':
      connectDone = () =>
        process.send({
          type: 'connected',
          id: ID,
          ready,
          failed,
          errors,
          firstStart,
          lastReady,
          seconds: (lastReady - firstStart) / 1000,
          rssKiB: rssKiB(),
        });
      pump();
      break;
    case 'phase':
      resetPhase(m.name);
      process.send({ type: 'phase', id: ID, name: m.name });
      break;
    case 'report': {
      if (m.file) {
        fs.writeFileSync(`${m.file}.steady.f64`, steady.bytes());
        fs.writeFileSync(`${m.file}.burst.f64`, burst.bytes());
      }
      process.send({
        type: 'report',
        id: ID,
        phase,
        received,
        steady: steady.n,
        burst: burst.n,
        bursts: [...bursts.entries()].map(([k, b]) => ({ k, ...b })),
        firstReceive,
        lastReceive,
        open: sockets.filter((s) => s.readyState === WebSocket.OPEN).length,
        closes,
        errors,
        rssKiB: rssKiB(),
        cpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
      });
      break;
    }
    case 'close':
      closing = true;
      for (const s of sockets) s.terminate();
      process.send({ type: 'closed', id: ID }, () => process.exit(0));
      break;
    default:
      break;
  }
});

process.send({ type: 'hello', id: ID, pid: process.pid, impl: IMPL });
