#!/usr/bin/env node
// Gateway overhead (issue 10, item 4): the same requests through the gateway (8080) and straight to
// lead-service (8081), in one run, alternating the two targets:
//   list     GET /api/leads?limit=20 with the demo admin's JWT (both the gateway and lead-service check it)
//   preview  GET /p/{token}, the public preview page (no JWT)
// For each request and target: latency p50/p99 at a fixed rate (open loop: each request timed from
// its scheduled start, so a stall counts for every request it delays), then the most requests/s a
// closed loop of N connections gets (each connection sends its next request when the answer is in).
// Goal beside the results: gateway p99 <= 2x direct p99, gateway throughput >= 50% of direct.
// Node 20, no dependencies; loopback only; every phase is bounded in time and it stops by itself.
//
//   node overhead.mjs [--rate 50] [--seconds 10] [--closed-seconds 10] [--rounds 3] [--connections 8]
//                     [--warmup-seconds 90] [--settle-seconds 180]
//                     [--gateway http://localhost:8080] [--direct http://localhost:8081]
// Each phase runs in --rounds rounds, the two targets taking turns to go first, so that a stall of the
// shared machine (another JVM compiling or collecting) does not land on one side only: p50/p99 pool every
// round's samples; the throughput ratio is the median of the rounds' ratios (each round's is printed).
// Before anything it waits, at most --settle-seconds, for the machine to fall below 30% busy (a suite
// just started keeps both cores busy compiling for minutes). The warm-up is long because the JITs are still compiling for minutes after a suite starts on 2 cores
// (measured: the gateway's CPU per proxied request fell from 4.5 to 2.4 ms between 15 s and 60 s of load,
// and a run with 30 s of warm-up right after ./dev up still found 5.6 ms).
// With the suite's pid files (.dev/run/*.pid) it also reports the CPU each JVM spent per request in the
// closed loop (utime + stime from /proc), the figure that decides the throughput ratio on shared cores.
// Prints a Markdown section (the caller saves it under results/); exit 1 when a request failed or
// the setup did not work, 0 otherwise (whether the goals are met is in the table, not the exit code).

import http from 'node:http';
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { options } from '../lib/args.mjs';

const args = options({
  rate: 50, seconds: 10, 'closed-seconds': 10, rounds: 3, connections: 8, 'warmup-seconds': 90, 'settle-seconds': 180,
  gateway: 'http://localhost:8080', direct: 'http://localhost:8081',
});
const RATE = args.rate;
const SECONDS = args.seconds;
const CLOSED_SECONDS = args['closed-seconds'];
const CONNECTIONS = args.connections;
const ROUNDS = args.rounds;
const WARMUP_SECONDS = args['warmup-seconds'];
const SETTLE_SECONDS = args['settle-seconds'];
const GATEWAY = args.gateway;
const DIRECT = args.direct;
const HARD_STOP_MS = (SETTLE_SECONDS + 4 * (ROUNDS * (SECONDS + CLOSED_SECONDS) + 2 * WARMUP_SECONDS) + 120) * 1000;

setTimeout(() => {
  console.error(`gateway-overhead: still running after ${HARD_STOP_MS / 1000} s, stopping`);
  process.exit(2);
}, HARD_STOP_MS).unref();

const ROOT = new URL('../..', import.meta.url).pathname;
/** CPU milliseconds (user + system) of a suite process so far, or undefined without its pid file. */
function cpuMs(service) {
  try {
    const pid = readFileSync(`${ROOT}.dev/run/${service}.pid`, 'utf8').trim();
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 10 ms
  } catch {
    return undefined;
  }
}
const SERVICES = ['gateway-service', 'lead-service'];

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const log = (line) => console.error(`[gateway-overhead ${new Date().toISOString().slice(11, 19)}] ${line}`);

/** One keep-alive agent per target, so both sides get the same connection reuse. */
const agents = new Map();
function agentFor(base) {
  if (!agents.has(base)) agents.set(base, new http.Agent({ keepAlive: true, maxSockets: Math.max(64, CONNECTIONS) }));
  return agents.get(base);
}

/** One request; resolves {status, bytes, body?} and never rejects (an error is status 0). */
function request(base, method, path, { token, json, keepBody = false } = {}) {
  return new Promise((resolve) => {
    const url = new URL(path, base);
    const headers = {};
    if (token) headers.Authorization = `Bearer ${token}`;
    let payload;
    if (json !== undefined) {
      payload = JSON.stringify(json);
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = Buffer.byteLength(payload);
    }
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers, agent: agentFor(base), timeout: 30_000 },
      (res) => {
        const chunks = [];
        let bytes = 0;
        res.on('data', (c) => {
          bytes += c.length;
          if (keepBody) chunks.push(c);
        });
        res.on('end', () => resolve({ status: res.statusCode, bytes, body: keepBody ? Buffer.concat(chunks).toString() : undefined }));
        res.on('error', () => resolve({ status: 0, bytes }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, bytes: 0 }));
    if (payload) req.write(payload);
    req.end();
  });
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
const fmt = (ms) => (Number.isFinite(ms) ? ms.toFixed(ms < 10 ? 2 : 1) : 'n/a');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Open loop at `rate` for `seconds`: request i is due at t0 + i/rate whatever the answers do. */
async function fixedRate(base, path, token, rate, seconds) {
  const total = Math.round(rate * seconds);
  const latencies = [];
  let failed = 0;
  const pending = [];
  const t0 = performance.now() + 20;
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    pending.push(
      request(base, 'GET', path, { token }).then((r) => {
        latencies.push(performance.now() - due);
        if (r.status < 200 || r.status >= 300) failed++;
      }),
    );
  }
  await Promise.all(pending);
  return { sent: total, failed, latencies };
}

/** Closed loop: `connections` loops, each sends its next request as soon as the previous answers. */
async function closedLoop(base, path, token, connections, seconds) {
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  const cpuBefore = SERVICES.map(cpuMs);
  let done = 0;
  let failed = 0;
  const latencies = [];
  async function loop() {
    while (performance.now() < end) {
      const t = performance.now();
      const r = await request(base, 'GET', path, { token });
      latencies.push(performance.now() - t);
      done++;
      if (r.status < 200 || r.status >= 300) failed++;
    }
  }
  await Promise.all(Array.from({ length: connections }, loop));
  const elapsed = (performance.now() - start) / 1000;
  const cpuSpent = SERVICES.map((service, i) => {
    const after = cpuMs(service);
    return after === undefined || cpuBefore[i] === undefined ? undefined : after - cpuBefore[i];
  });
  return { done, failed, perSecond: done / elapsed, latencies, cpuSpent };
}

/** Share of the machine's CPU time that was busy over `ms` milliseconds (from /proc/stat). */
async function busyShare(ms) {
  const sample = () => {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return { idle: f[3] + f[4], total: f.reduce((a, b) => a + b, 0) };
  };
  const a = sample();
  await sleep(ms);
  const b = sample();
  return 1 - (b.idle - a.idle) / Math.max(1, b.total - a.total);
}

// --- settle: a suite that has just started keeps both cores busy compiling --------------------------------
const settleStart = performance.now();
let busy = await busyShare(5000);
while (busy > 0.3 && performance.now() - settleStart < SETTLE_SECONDS * 1000) {
  log(`machine ${(busy * 100).toFixed(0)}% busy: waiting for it to settle (at most ${SETTLE_SECONDS} s)`);
  busy = await busyShare(5000);
}
const settled = `${(busy * 100).toFixed(0)}% busy over 5 s after ${((performance.now() - settleStart) / 1000).toFixed(0)} s of waiting`;
log(`machine ${settled}`);

// --- setup: the demo admin, 20 leads of our own (so the list has rows), a preview token --------------
const loadBefore = loadavg();
const login = await request(GATEWAY, 'POST', '/api/auth/login', { json: { email: 'admin@demo.test', password: 'demo-admin' }, keepBody: true });
const token = login.status === 200 ? JSON.parse(login.body).accessToken : undefined;
if (!token) {
  console.error(`gateway-overhead: login through ${GATEWAY} failed (status ${login.status}); is the suite up (./dev up)?`);
  process.exit(1);
}
const run = randomUUID().slice(0, 8);
let previewToken;
for (let i = 0; i < 20; i++) {
  const r = await request(GATEWAY, 'POST', '/api/leads', {
    token,
    json: { firstName: 'Overhead', lastName: `Bench ${i}`, email: `overhead-${run}-${i}@example.test`, company: `Overhead ${run}` },
    keepBody: true,
  });
  if (r.status !== 201) {
    console.error(`gateway-overhead: creating a lead failed (status ${r.status}): ${String(r.body).slice(0, 300)}`);
    process.exit(1);
  }
  previewToken ??= JSON.parse(r.body).previewToken;
}
const requests = [
  { name: 'list', label: '`GET /api/leads?limit=20` (JWT)', path: '/api/leads?limit=20', token },
  { name: 'preview', label: '`GET /p/{token}` (public HTML)', path: `/p/${previewToken}`, token: undefined },
];
// Both targets answer the same thing: a check that the direct path is really the service.
for (const rq of requests) {
  for (const base of [GATEWAY, DIRECT]) {
    const r = await request(base, 'GET', rq.path, { token: rq.token });
    if (r.status !== 200) {
      console.error(`gateway-overhead: ${base}${rq.path} answered ${r.status}, expected 200`);
      process.exit(1);
    }
  }
}

// --- measure --------------------------------------------------------------------------------------------
const TARGETS = [['direct', DIRECT], ['gateway', GATEWAY]];
const results = {};
let failures = 0;
for (const rq of requests) {
  const r = (results[rq.name] = { rounds: [] });
  for (const [t] of TARGETS) r[t] = { open: { sent: 0, failed: 0, latencies: [] }, closed: { done: 0, failed: 0, latencies: [], cpuSpent: SERVICES.map(() => 0), seconds: 0 } };
  log(`${rq.name}: warm-up ${WARMUP_SECONDS} s closed loop on each target`);
  for (const [, base] of TARGETS) await closedLoop(base, rq.path, rq.token, CONNECTIONS, WARMUP_SECONDS);
  for (let round = 1; round <= ROUNDS; round++) {
    // the side that goes first alternates, within a round and from one round to the next
    const order = round % 2 === 1 ? TARGETS : [...TARGETS].reverse();
    for (const [target, base] of order) {
      log(`${rq.name} round ${round}/${ROUNDS} ${target}: ${RATE}/s for ${SECONDS} s (open loop)`);
      const open = await fixedRate(base, rq.path, rq.token, RATE, SECONDS);
      const o = r[target].open;
      o.sent += open.sent;
      o.failed += open.failed;
      o.latencies = o.latencies.concat(open.latencies);
    }
    const perSecond = {};
    for (const [target, base] of [...order].reverse()) {
      log(`${rq.name} round ${round}/${ROUNDS} ${target}: closed loop, ${CONNECTIONS} connections, ${CLOSED_SECONDS} s`);
      const closed = await closedLoop(base, rq.path, rq.token, CONNECTIONS, CLOSED_SECONDS);
      const c = r[target].closed;
      c.done += closed.done;
      c.failed += closed.failed;
      c.seconds += CLOSED_SECONDS;
      c.latencies = c.latencies.concat(closed.latencies);
      closed.cpuSpent.forEach((ms, i) => (c.cpuSpent[i] = ms === undefined || c.cpuSpent[i] === undefined ? undefined : c.cpuSpent[i] + ms));
      perSecond[target] = closed.perSecond;
    }
    r.rounds.push(perSecond);
  }
  for (const [t] of TARGETS) {
    for (const phase of [r[t].open, r[t].closed]) phase.latencies.sort((a, b) => a - b);
    failures += r[t].open.failed + r[t].closed.failed;
  }
}
const loadAfter = loadavg();

// --- report -----------------------------------------------------------------------------------------------
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const out = [];
out.push(`### gateway-overhead, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
out.push('');
out.push(`Machine: ${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}. Load average before ${loadBefore}, after ${loadAfter}.`);
out.push(`CPUs: ${process.env.OVERHEAD_TOPOLOGY ?? 'every process of the suite and the load generator shares every core (run.sh\'s second pass gives the gateway a core of its own)'}.`);
out.push(`Gateway ${GATEWAY}, direct ${DIRECT}. Before measuring: machine ${settled}, then ${WARMUP_SECONDS} s of closed-loop warm-up on each target. ${ROUNDS} rounds, the targets taking turns to go first; per target and round: open loop ${RATE} req/s for ${SECONDS} s, closed loop ${CONNECTIONS} connections for ${CLOSED_SECONDS} s.`);
out.push('');
out.push(`| request | target | ${RATE}/s: p50 / p99 / max (ms), all rounds | failed | closed loop (${CONNECTIONS} conn.): req/s, all rounds | closed loop p50 / p99 (ms) | failed | CPU per request in the closed loop: gateway / lead-service (ms) |`);
out.push('|---|---|---|---|---|---|---|---|');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
for (const rq of requests) {
  for (const [t] of TARGETS) {
    const { open, closed } = results[rq.name][t];
    const cpuCells = closed.cpuSpent.map((ms) => (ms === undefined ? 'n/a' : (ms / closed.done).toFixed(2))).join(' / ');
    const ol = open.latencies;
    const cl = closed.latencies;
    out.push(`| ${rq.label} | ${t} | ${fmt(percentile(ol, 50))} / ${fmt(percentile(ol, 99))} / ${fmt(ol.at(-1))} | ${open.failed} of ${open.sent} | ${(closed.done / closed.seconds).toFixed(0)} | ${fmt(percentile(cl, 50))} / ${fmt(percentile(cl, 99))} | ${closed.failed} of ${closed.done} | ${cpuCells} |`);
  }
}
out.push('');
out.push('| request | gateway p99 / direct p99 (goal ≤ 2×) | gateway req/s / direct req/s, median of the rounds (goal ≥ 50%) | each round |');
out.push('|---|---|---|---|');
for (const rq of requests) {
  const r = results[rq.name];
  const dp99 = percentile(r.direct.open.latencies, 99);
  const gp99 = percentile(r.gateway.open.latencies, 99);
  const ratio = gp99 / dp99;
  const shares = r.rounds.map((round) => (100 * round.gateway) / round.direct);
  const share = median(shares);
  const each = r.rounds.map((round, i) => `${shares[i].toFixed(0)}% (${round.gateway.toFixed(0)} / ${round.direct.toFixed(0)})`).join(', ');
  out.push(`| ${rq.label} | ${ratio.toFixed(2)}× (${fmt(gp99)} / ${fmt(dp99)} ms): **${ratio <= 2 ? 'met' : 'NOT met'}** | ${share.toFixed(0)}%: **${share >= 50 ? 'met' : 'NOT met'}** | ${each} |`);
}
if (failures > 0) out.push('', `**${failures} requests failed (non-2xx or no answer): the figures above include them; see the suite's logs.**`);
console.log(out.join('\n'));
for (const agent of agents.values()) agent.destroy();
process.exit(failures > 0 ? 1 : 0);
