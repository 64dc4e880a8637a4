// Every Grafana panel's query against a real Prometheus scraping the running suite (issue 8).
// Usage: node dashboards.mjs [prometheus-binary]. Run by ./dev e2e after the other flows, so the
// business counters, webhooks and sockets they exercised have series.
//
// Starts Prometheus itself (deploy/prometheus/prometheus.yml with its alert rules, a throw-away
// storage directory, a free loopback port), waits until it has scraped all seven services a few
// times, then runs each target of deploy/grafana/dashboards/*.json through /api/v1/query. A query
// Prometheus rejects fails; so does an empty result, unless the target says
// leadpulseExpect: 'maybe-empty' (see deploy/grafana/generate.mjs). Also checks that every alert
// rule loaded and evaluates without error. Stops Prometheus at the end, whatever happens.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checks } from './lib.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const binary = process.argv[2] ?? 'prometheus';
const SERVICES = 7;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const freePort = () => new Promise((res, rej) => {
  const srv = createServer();
  srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => res(port)); });
  srv.on('error', rej);
});

const port = await freePort();
const storage = mkdtempSync(join(tmpdir(), 'leadpulse-prometheus-'));
const base = `http://127.0.0.1:${port}`;
const prom = spawn(binary, [
  `--config.file=${join(ROOT, 'deploy/prometheus/prometheus.yml')}`,
  `--storage.tsdb.path=${storage}`,
  `--web.listen-address=127.0.0.1:${port}`,
  '--log.level=warn',
], { stdio: ['ignore', 'ignore', 'pipe'] });
let promLog = '';
prom.stderr.on('data', (d) => { promLog += d; });
const cleanup = () => { try { prom.kill('SIGKILL'); } catch { /* gone */ } rmSync(storage, { recursive: true, force: true }); };
process.on('exit', cleanup);

async function query(expr) {
  const res = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(expr)}`);
  const body = await res.json().catch(() => ({ status: 'error', error: `HTTP ${res.status}` }));
  return body;
}
async function until(what, fn, ms) {
  const deadline = Date.now() + ms;
  for (;;) {
    try { if (await fn()) return true; } catch { /* not yet */ }
    if (Date.now() > deadline) { console.log(`  timed out waiting for ${what}`); return false; }
    await sleep(500);
  }
}

const c = checks();
console.log(`dashboards: Prometheus ${binary} on ${base}, scraping the suite`);
const ready = await until('Prometheus to be ready', async () => (await fetch(`${base}/-/ready`)).ok, 30_000);
c.check('Prometheus starts with deploy/prometheus/prometheus.yml and its rules', ready, promLog.slice(-500));
if (!ready) c.finish('dashboards');

const allUp = await until('all services scraped', async () => {
  const r = await query('sum(up{job="leadpulse"})');
  return r.status === 'success' && Number(r.data.result[0]?.value[1]) === SERVICES;
}, 60_000);
c.check(`all ${SERVICES} services are scraped (up == 1)`, allUp,
  JSON.stringify((await query('up{job="leadpulse"} == 0')).data?.result?.map((s) => s.metric.service)));
// rate() over 1m needs two samples in the window: wait for four scrapes (5 s apart) after that.
await sleep(21_000);

const rules = await (await fetch(`${base}/api/v1/rules`)).json();
const loaded = rules.data.groups.flatMap((g) => g.rules);
const broken = loaded.filter((r) => r.health !== 'ok' && r.health !== 'unknown');
c.check(`alert and recording rules loaded and evaluating (${loaded.length})`, loaded.length >= 13 && broken.length === 0,
  broken.map((r) => `${r.name}: ${r.lastError}`).join('; '));

const dir = join(ROOT, 'deploy/grafana/dashboards');
let panels = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const dashboard = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const failures = [];
  let targets = 0;
  for (const panel of dashboard.panels.filter((p) => p.targets)) {
    panels++;
    for (const target of panel.targets) {
      targets++;
      const expr = target.expr.replaceAll('$__rate_interval', '1m');
      const r = await query(expr);
      if (r.status !== 'success') {
        failures.push(`"${panel.title}" [${target.refId}]: Prometheus rejected it: ${r.error}`);
      } else if (r.data.result.length === 0 && target.leadpulseExpect !== 'maybe-empty') {
        failures.push(`"${panel.title}" [${target.refId}]: no data for ${expr}`);
      }
    }
  }
  c.check(`${file}: ${targets} queries run, none rejected, none empty that should have data`, failures.length === 0,
    '\n        ' + failures.join('\n        '));
}
console.log(`  (${panels} panels)`);
c.finish('dashboards');
