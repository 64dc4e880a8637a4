// One load-generator process of the polling-vs-push benchmark, forked and driven over IPC by pvp.mjs.
//   {cmd: 'start', mode: 'poll'|'push', count, gateway, token, channel, key, marker, intervalMs}
//       poll: `count` pollers, each its own keep-alive connection, GET the list every intervalMs (first
//             one at a random offset within the interval); answers {event: 'ready'} at once.
//       push: `count` WebSockets speaking Pusher protocol 7 through the gateway, each authorised by
//             POST /api/realtime/auth with the JWT and subscribed to `channel`; answers {event: 'ready',
//             failed} once every socket is subscribed (or failed).
//   {cmd: 'measure'}  the byte counters start from here, updates are recorded from here
//   {cmd: 'stop'}     answers {event: 'result', bytesIn, bytesOut, requests, errors, seen: [seq, time, ...]}, exits
// Bytes are what the client's TCP sockets sent and received (HTTP headers and bodies, WebSocket frames).
// A marker `<marker> <seq>` in a lead's company is an update; each client records the first time it
// sees each seq (epoch ms). The process exits by itself 30 min after it started, whatever happens.

import http from 'node:http';
import WebSocket from 'ws';

setTimeout(() => process.exit(3), 30 * 60_000).unref();
process.on('disconnect', () => process.exit(0));

const now = () => performance.timeOrigin + performance.now();
let config;
let measuring = false;
let stopped = false;
let requests = 0;
let errors = 0;
const sockets = new Set(); // every TCP socket this process used
const base = new Map(); // socket -> [bytesRead, bytesWritten] when measuring began (0 if opened later)
const seen = []; // flat [seq, time, seq, time, ...] of first sightings while measuring
const timers = [];

function markerSeqs(text) {
  // the marker is in the JSON as "company":"<marker> <seq>"
  const re = new RegExp(`"company":"${config.marker} (\\d+)"`, 'g');
  const out = [];
  for (const m of text.matchAll(re)) out.push(Number(m[1]));
  return out;
}

function record(client, seqs) {
  if (!measuring) return;
  const t = now();
  for (const seq of seqs) {
    if (!client.seen.has(seq)) {
      client.seen.add(seq);
      seen.push(seq, t);
    }
  }
}

function track(socket) {
  if (!sockets.has(socket)) {
    sockets.add(socket);
    base.set(socket, measuring ? [0, 0] : null);
  }
}

// --- polling ----------------------------------------------------------------------------------------
function startPollers() {
  const url = new URL(`${config.gateway}/api/leads?sort=updatedAt,desc&limit=20`);
  for (let i = 0; i < config.count; i++) {
    const client = { seen: new Set(), agent: new http.Agent({ keepAlive: true, maxSockets: 1 }) };
    const poll = () => {
      if (stopped) return;
      const req = http.request(
        {
          host: url.hostname, port: url.port, path: url.pathname + url.search, agent: client.agent,
          headers: { Authorization: `Bearer ${config.token}` }, timeout: 30_000,
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c) => (body += c));
          res.on('end', () => {
            requests++;
            if (res.statusCode !== 200) errors++;
            else record(client, markerSeqs(body));
          });
        },
      );
      req.on('socket', track);
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => errors++);
      req.end();
    };
    // like a browser's setInterval: a poll every interval, whether or not the last one has answered
    const first = setTimeout(() => {
      poll();
      timers.push(setInterval(poll, config.intervalMs));
    }, Math.random() * config.intervalMs);
    timers.push(first);
  }
  process.send({ event: 'ready', failed: 0 });
}

// --- push ---------------------------------------------------------------------------------------------
async function auth(socketId) {
  const res = await fetch(`${config.gateway}/api/realtime/auth`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${config.token}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ socket_id: socketId, channel_name: config.channel }).toString(),
  });
  if (res.status !== 200) throw new Error(`auth ${res.status}`);
  return (await res.json()).auth;
}

function openSocket() {
  return new Promise((resolve) => {
    const client = { seen: new Set() };
    const ws = new WebSocket(`${config.gateway.replace(/^http/, 'ws')}/app/${config.key}?protocol=7&client=js&version=8.6.0`, {
      perMessageDeflate: false,
    });
    const giveUp = setTimeout(() => {
      ws.terminate();
      resolve(false);
    }, 60_000);
    ws.on('error', () => {
      clearTimeout(giveUp);
      resolve(false);
    });
    ws.on('message', async (raw) => {
      const text = raw.toString();
      const frame = JSON.parse(text);
      if (frame.event === 'pusher:connection_established') {
        try {
          const socketId = JSON.parse(frame.data).socket_id;
          ws.send(JSON.stringify({ event: 'pusher:subscribe', data: { channel: config.channel, auth: await auth(socketId) } }));
        } catch {
          errors++;
          clearTimeout(giveUp);
          ws.terminate();
          resolve(false);
        }
      } else if (frame.event === 'pusher_internal:subscription_succeeded') {
        clearTimeout(giveUp);
        resolve(true);
      } else if (frame.event === 'pusher:ping') {
        ws.send(JSON.stringify({ event: 'pusher:pong', data: {} }));
      } else if (frame.event === 'pusher:error' || frame.event === 'pusher:subscription_error') {
        errors++;
      } else if (frame.event === 'lead.updated') {
        requests++;
        const data = typeof frame.data === 'string' ? JSON.parse(frame.data) : frame.data;
        const match = new RegExp(`^${config.marker} (\\d+)$`).exec(data?.company ?? '');
        if (match) record(client, [Number(match[1])]);
      }
    });
    sockets.add(ws);
  });
}

async function startSockets() {
  let failed = 0;
  // a few at a time, as browsers opening a page would: the gateway and the auth endpoint see a ramp
  const batch = 25;
  for (let i = 0; i < config.count; i += batch) {
    const results = await Promise.all(Array.from({ length: Math.min(batch, config.count - i) }, openSocket));
    failed += results.filter((ok) => !ok).length;
  }
  process.send({ event: 'ready', failed });
}

function bytes() {
  let bytesIn = 0;
  let bytesOut = 0;
  for (const s of sockets) {
    const socket = s instanceof WebSocket ? s._socket : s;
    if (!socket) continue;
    const start = base.get(s) ?? base.get(socket) ?? [0, 0];
    bytesIn += socket.bytesRead - start[0];
    bytesOut += socket.bytesWritten - start[1];
  }
  return { bytesIn, bytesOut };
}

process.on('message', async (msg) => {
  if (msg.cmd === 'start') {
    config = msg;
    if (config.mode === 'poll') startPollers();
    else await startSockets();
  } else if (msg.cmd === 'measure') {
    for (const s of sockets) {
      const socket = s instanceof WebSocket ? s._socket : s;
      if (socket) base.set(s, [socket.bytesRead, socket.bytesWritten]);
    }
    requests = 0;
    errors = 0;
    measuring = true;
  } else if (msg.cmd === 'stop') {
    const result = { event: 'result', ...bytes(), requests, errors, seen };
    stopped = true;
    measuring = false;
    timers.forEach((t) => clearTimeout(t));
    process.send(result, () => {
      for (const s of sockets) (s instanceof WebSocket ? s.terminate() : s.destroy());
      process.exit(0);
    });
  }
});
