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
//   node overhead.mjs [--rate 50] [--seconds 20] [--closed-seconds 15] [--connections 8]
//                     [--warmup-seconds 90] [--gateway http://localhost:8080] [--direct http://localhost:8081]
// The warm-up is long because the JITs are still compiling for minutes after a suite starts on 2 cores
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
  rate: 50, seconds: 20, 'closed-seconds': 15, connections: 8, 'warmup-seconds': 90,
  gateway: 'http://localhost:8080', direct: 'http://localhost:8081',
});
const RATE = args.rate;
const SECONDS = args.seconds;
const CLOSED_SECONDS = args['closed-seconds'];
const CONNECTIONS = args.connections;
const WARMUP_SECONDS = args['warmup-seconds'];
const GATEWAY = args.gateway;
const DIRECT = args.direct;
const HARD_STOP_MS = (4 * (SECONDS + CLOSED_SECONDS + 2 * WARMUP_SECONDS) + 120) * 1000;

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
  latencies.sort((a, b) => a - b);
  return { sent: total, failed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) };
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
  latencies.sort((a, b) => a - b);
  const cpuPerRequest = SERVICES.map((service, i) => {
    const after = cpuMs(service);
    return after === undefined || cpuBefore[i] === undefined ? undefined : (after - cpuBefore[i]) / done;
  });
  return { done, failed, perSecond: done / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), cpuPerRequest };
}

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
const results = {};
let failures = 0;
for (const rq of requests) {
  results[rq.name] = {};
  log(`${rq.name}: warm-up ${WARMUP_SECONDS} s closed loop on each target`);
  for (const base of [DIRECT, GATEWAY]) await closedLoop(base, rq.path, rq.token, CONNECTIONS, WARMUP_SECONDS);
  // direct, gateway, then the other way round for the closed loop, so drift of the machine's load
  // does not always favour the same side.
  for (const [target, base] of [['direct', DIRECT], ['gateway', GATEWAY]]) {
    log(`${rq.name} ${target}: ${RATE}/s for ${SECONDS} s (open loop)`);
    results[rq.name][target] = { open: await fixedRate(base, rq.path, rq.token, RATE, SECONDS) };
  }
  for (const [target, base] of [['gateway', GATEWAY], ['direct', DIRECT]]) {
    log(`${rq.name} ${target}: closed loop, ${CONNECTIONS} connections, ${CLOSED_SECONDS} s`);
    results[rq.name][target].closed = await closedLoop(base, rq.path, rq.token, CONNECTIONS, CLOSED_SECONDS);
  }
  for (const t of ['direct', 'gateway']) failures += results[rq.name][t].open.failed + results[rq.name][t].closed.failed;
}
const loadAfter = loadavg();

// --- report -----------------------------------------------------------------------------------------------
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const out = [];
out.push(`### gateway-overhead, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
out.push('');
out.push(`Machine: ${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}. Load average before ${loadBefore}, after ${loadAfter}.`);
out.push(`Gateway ${GATEWAY}, direct ${DIRECT}. Open loop ${RATE} req/s for ${SECONDS} s per target; closed loop ${CONNECTIONS} connections for ${CLOSED_SECONDS} s per target, after ${WARMUP_SECONDS} s of warm-up on each.`);
out.push('');
out.push(`| request | target | ${RATE}/s: p50 / p99 / max (ms) | failed | closed loop (${CONNECTIONS} conn.): req/s | closed loop p50 / p99 (ms) | failed | CPU per request in the closed loop: gateway / lead-service (ms) |`);
out.push('|---|---|---|---|---|---|---|---|');
for (const rq of requests) {
  for (const t of ['direct', 'gateway']) {
    const { open, closed } = results[rq.name][t];
    const cpuCells = closed.cpuPerRequest.map((ms) => (ms === undefined ? 'n/a' : ms.toFixed(2))).join(' / ');
    out.push(`| ${rq.label} | ${t} | ${fmt(open.p50)} / ${fmt(open.p99)} / ${fmt(open.max)} | ${open.failed} of ${open.sent} | ${closed.perSecond.toFixed(0)} | ${fmt(closed.p50)} / ${fmt(closed.p99)} | ${closed.failed} of ${closed.done} | ${cpuCells} |`);
  }
}
out.push('');
out.push('| request | gateway p99 / direct p99 (goal ≤ 2×) | gateway req/s / direct req/s (goal ≥ 50%) |');
out.push('|---|---|---|');
for (const rq of requests) {
  const d = results[rq.name].direct;
  const g = results[rq.name].gateway;
  const ratio = g.open.p99 / d.open.p99;
  const share = (100 * g.closed.perSecond) / d.closed.perSecond;
  out.push(`| ${rq.label} | ${ratio.toFixed(2)}× (${fmt(g.open.p99)} / ${fmt(d.open.p99)} ms): **${ratio <= 2 ? 'met' : 'NOT met'}** | ${share.toFixed(0)}% (${g.closed.perSecond.toFixed(0)} / ${d.closed.perSecond.toFixed(0)}): **${share >= 50 ? 'met' : 'NOT met'}** |`);
}
if (failures > 0) out.push('', `**${failures} requests failed (non-2xx or no answer): the figures above include them; see the suite's logs.**`);
console.log(out.join('\n'));
for (const agent of agents.values()) agent.destroy();
process.exit(failures > 0 ? 1 : 0);
