#!/usr/bin/env node
// Polling against push (issue 10, item 4): N clients polling the lead list every 5 s through the
// gateway with a JWT, against N WebSockets through the gateway subscribed (Pusher protocol 7,
// authorised by /api/realtime/auth) to the channel that carries the same updates, while a steady
// stream of lead updates runs (PATCH /api/leads/{id}, company := "<marker> <seq>", leads assigned to
// rep1). The clients are rep1: pollers GET /api/leads?sort=updatedAt,desc&limit=20 (a REP's list is
// its own leads), sockets subscribe to private-user-{rep1} (lead.updated goes to the assignee's channel).
// Three phases, each `--seconds` long, the updates running throughout:
//   baseline  no clients: what the updates and the suite's own background work cost
//   poll      N pollers
//   push      N sockets (connected and subscribed before the phase starts; that ramp is not measured)
// Per phase: PostgreSQL transactions/s and rows read/s (pg_stat_database deltas: xact_commit,
// tup_returned + tup_fetched; database `lead` and all databases), bytes on the wire both ways (the
// clients' TCP sockets), freshness p50/p99 (update's PATCH sent -> each client first sees it) over the
// updates sent between 5 s after the phase start and 10 s before its end, and how many were never seen.
// Load generators: --processes forked Node processes per phase (client.mjs), apart from the servers.
//
//   node pvp.mjs [--clients 1000] [--seconds 60] [--interval-ms 5000] [--update-rate 1] [--leads 10]
//                [--processes 4] [--gateway http://localhost:8080]
// Environment: PGHOST/PGPORT/PGUSER/PGPASSWORD for psql (default localhost 15432 postgres postgres).

import { execFileSync, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { options } from '../lib/args.mjs';

const args = options({
  clients: 1000, seconds: 60, 'interval-ms': 5000, 'update-rate': 1, leads: 10, processes: 4,
  gateway: 'http://localhost:8080',
});
const CLIENTS = args.clients;
const SECONDS = args.seconds;
const INTERVAL_MS = args['interval-ms'];
const UPDATE_RATE = args['update-rate'];
const LEADS = args.leads;
const PROCESSES = Math.max(1, Math.min(args.processes, CLIENTS));
const GW = args.gateway;
const KEY = process.env.PUSHER_KEY || 'leadpulse-key';
const SETTLE_S = 10; // updates of the last SETTLE_S seconds of a phase are not counted (time to be seen)
const LEAD_IN_S = 5; // nor those of its first LEAD_IN_S seconds (pollers still spreading their first poll)

const hardStopMs = (3 * SECONDS + 600) * 1000;
setTimeout(() => {
  console.error(`polling-vs-push: still running after ${hardStopMs / 1000} s, stopping`);
  process.exit(2);
}, hardStopMs).unref();

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const log = (line) => console.error(`[polling-vs-push ${new Date().toISOString().slice(11, 19)}] ${line}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.timeOrigin + performance.now();
const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : NaN);
const fmt = (ms) => (Number.isFinite(ms) ? ms.toFixed(ms < 10 ? 2 : 0) : 'n/a');
const int = (n) => Math.round(n).toLocaleString('en-US');
function die(message) {
  console.error(`polling-vs-push: ${message}`);
  process.exit(1);
}

async function api(method, path, token, body) {
  const res = await fetch(GW + path, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(30_000),
  }).catch((e) => ({ status: 0, text: async () => String(e) }));
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

/** pg_stat_database counters: {lead: {xact, rows}, all: {xact, rows}}. */
function pgStats() {
  const out = execFileSync(
    'psql',
    ['-X', '-At', '-h', process.env.PGHOST ?? 'localhost', '-p', process.env.PGPORT ?? '15432', '-U', process.env.PGUSER ?? 'postgres', '-d', 'postgres', '-c',
      "select coalesce(datname, '-'), xact_commit + xact_rollback, tup_returned + tup_fetched from pg_stat_database"],
    { encoding: 'utf8', env: { ...process.env, PGPASSWORD: process.env.PGPASSWORD ?? 'postgres' } },
  );
  const stats = { lead: { xact: 0, rows: 0 }, all: { xact: 0, rows: 0 } };
  for (const line of out.trim().split('\n')) {
    const [db, xact, rows] = line.split('|');
    stats.all.xact += Number(xact);
    stats.all.rows += Number(rows);
    if (db === 'lead') stats.lead = { xact: Number(xact), rows: Number(rows) };
  }
  return stats;
}

// --- setup ----------------------------------------------------------------------------------------------
const loadBefore = loadavg();
const admin = (await api('POST', '/api/auth/login', null, { email: 'admin@demo.test', password: 'demo-admin' })).json?.accessToken;
const rep = (await api('POST', '/api/auth/login', null, { email: 'rep1@demo.test', password: 'demo-rep' })).json?.accessToken;
if (!admin || !rep) die(`login through ${GW} failed; is the suite up (./dev up)?`);
const repId = (await api('GET', '/api/me', rep)).json?.id;
if (!repId) die('GET /api/me as rep1 failed');
pgStats(); // psql works, before anything else is started

const marker = `pvp-${randomUUID().slice(0, 8)}`;
const leads = [];
for (let i = 0; i < LEADS; i++) {
  const r = await api('POST', '/api/leads', admin, { firstName: 'Poll', lastName: `Push ${i}`, email: `${marker}-${i}@example.test`, company: `${marker} init`, assigneeId: repId });
  if (r.status !== 201) die(`creating a lead: ${r.status} ${r.text.slice(0, 300)}`);
  leads.push(r.json.id);
}

// The updates: one every 1/UPDATE_RATE s, round robin over the leads, as the admin, throughout.
const updateSent = []; // seq -> epoch ms the PATCH was sent
let updateFailures = 0;
let updating = true;
const updater = (async () => {
  const t0 = now();
  for (let seq = 0; updating; seq++) {
    const due = t0 + (seq * 1000) / UPDATE_RATE;
    const wait = due - now();
    if (wait > 1) await sleep(wait);
    if (!updating) break;
    updateSent[seq] = now();
    api('PATCH', `/api/leads/${leads[seq % leads.length]}`, admin, { company: `${marker} ${seq}` }).then((r) => {
      if (r.status !== 200) updateFailures++;
    });
  }
})();
log(`${LEADS} leads of rep1 (${repId}), updates at ${UPDATE_RATE}/s, marker ${marker}`);

function forkClients(mode) {
  const per = Math.ceil(CLIENTS / PROCESSES);
  const children = [];
  for (let p = 0; p < PROCESSES; p++) {
    const count = Math.min(per, CLIENTS - p * per);
    if (count <= 0) break;
    const child = fork(fileURLToPath(new URL('./client.mjs', import.meta.url)), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const next = (event) => new Promise((resolve) => child.once('message', (m) => m.event === event && resolve(m)));
    child.send({ cmd: 'start', mode, count, gateway: GW, token: rep, channel: `private-user-${repId}`, key: KEY, marker, intervalMs: INTERVAL_MS});
    children.push({ child, next, ready: next('ready') });
  }
  return children;
}

async function phase(name, mode) {
  let children = [];
  let connectFailed = 0;
  if (mode) {
    const started = now();
    children = forkClients(mode);
    connectFailed = (await Promise.all(children.map((c) => c.ready))).reduce((n, m) => n + m.failed, 0);
    log(`${name}: ${CLIENTS} clients ready in ${((now() - started) / 1000).toFixed(1)} s (${connectFailed} failed)`);
    children.forEach((c) => c.child.send({ cmd: 'measure' }));
  }
  const startedAt = now();
  const before = pgStats();
  const loadStart = loadavg();
  log(`${name}: ${SECONDS} s`);
  await sleep(SECONDS * 1000);
  const after = pgStats();
  const elapsed = (now() - startedAt) / 1000;
  const results = await Promise.all(
    children.map((c) => {
      const result = c.next('result');
      c.child.send({ cmd: 'stop' });
      return result;
    }),
  );
  const window = [startedAt + LEAD_IN_S * 1000, startedAt + (SECONDS - SETTLE_S) * 1000];
  const counted = new Set();
  updateSent.forEach((t, seq) => t >= window[0] && t <= window[1] && counted.add(seq));
  const latencies = [];
  for (const r of results) {
    for (let i = 0; i < r.seen.length; i += 2) {
      if (counted.has(r.seen[i])) latencies.push(r.seen[i + 1] - updateSent[r.seen[i]]);
    }
  }
  latencies.sort((a, b) => a - b);
  const sum = (k) => results.reduce((n, r) => n + r[k], 0);
  return {
    name,
    mode,
    elapsed,
    loadStart,
    loadEnd: loadavg(),
    connectFailed,
    xactLead: (after.lead.xact - before.lead.xact) / elapsed,
    rowsLead: (after.lead.rows - before.lead.rows) / elapsed,
    xactAll: (after.all.xact - before.all.xact) / elapsed,
    rowsAll: (after.all.rows - before.all.rows) / elapsed,
    bytesIn: sum('bytesIn') / elapsed,
    bytesOut: sum('bytesOut') / elapsed,
    requests: sum('requests'),
    errors: sum('errors'),
    expected: counted.size * (CLIENTS - connectFailed),
    seen: latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1),
  };
}

await sleep(5000); // the first updates' events settle
const phases = [];
phases.push(await phase('baseline (updates only, no clients)'));
phases.push(await phase(`poll: ${CLIENTS} clients, GET /api/leads every ${INTERVAL_MS / 1000} s`, 'poll'));
phases.push(await phase(`push: ${CLIENTS} WebSockets subscribed to private-user-{rep1}`, 'push'));
updating = false;
await updater;
const loadAfter = loadavg();

// --- report ----------------------------------------------------------------------------------------------
const [base, poll, push] = phases;
const out = [];
out.push(`### polling-vs-push, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
out.push('');
out.push(`Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}. Load average before ${loadBefore}, after ${loadAfter}.`);
out.push(`${CLIENTS} clients (rep1's JWT) in ${PROCESSES} load-generator processes; ${UPDATE_RATE} lead update/s (PATCH as the admin, round robin over ${LEADS} leads of rep1) throughout; each phase ${SECONDS} s. Freshness over the updates sent from ${LEAD_IN_S} s after a phase's start to ${SETTLE_S} s before its end, from the PATCH's send to each client's first sight. Bytes: the clients' TCP sockets, both ways (HTTP headers and bodies, WebSocket frames), over the phase (the sockets' connect and subscribe ramp excluded). Database: \`pg_stat_database\` deltas over the phase (commits + rollbacks; rows = tup_returned + tup_fetched).`);
out.push('');
out.push('| phase | load avg start → end | DB transactions/s: `lead` / all | DB rows read/s: `lead` / all | bytes/s client → server | bytes/s server → client | requests (poll) / messages (push) | errors | updates seen / expected | freshness p50 / p99 / max (ms) |');
out.push('|---|---|---|---|---|---|---|---|---|---|');
for (const p of phases) {
  const fresh = p.mode ? `${fmt(p.p50)} / ${fmt(p.p99)} / ${fmt(p.max)}` : '';
  out.push(`| ${p.name} | ${p.loadStart.split(' ')[0]} → ${p.loadEnd.split(' ')[0]} | ${int(p.xactLead)} / ${int(p.xactAll)} | ${int(p.rowsLead)} / ${int(p.rowsAll)} | ${p.mode ? int(p.bytesOut) : ''} | ${p.mode ? int(p.bytesIn) : ''} | ${p.mode ? int(p.requests) : ''} | ${p.mode ? p.errors + p.connectFailed : ''} | ${p.mode ? `${int(p.seen)} / ${int(p.expected)}` : ''} | ${fresh} |`);
}
out.push('');
out.push(`Above the baseline: polling adds ${int(poll.xactAll - base.xactAll)} transactions/s and ${int(poll.rowsAll - base.rowsAll)} rows read/s; push adds ${int(push.xactAll - base.xactAll)} transactions/s and ${int(push.rowsAll - base.rowsAll)} rows read/s. On the wire push moves ${((push.bytesIn + push.bytesOut) / (poll.bytesIn + poll.bytesOut) * 100).toFixed(1)}% of polling's bytes. Freshness p99: polling ${fmt(poll.p99)} ms, push ${fmt(push.p99)} ms. Update PATCHes that failed: ${updateFailures}.`);
console.log(out.join('\n'));
const ok = updateFailures === 0 && [poll, push].every((p) => p.errors === 0 && p.connectFailed === 0);
if (!ok) console.log('\n**Some requests, sockets or updates failed: see the errors column; the figures include them.**');
process.exit(ok ? 0 : 1);
