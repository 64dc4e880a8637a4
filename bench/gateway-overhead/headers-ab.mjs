#!/usr/bin/env node
// What the gateway's request headers cost lead-service (issue 10, gateway overhead): a closed loop of 8
// keep-alive connections straight to lead-service's public preview page, with no extra headers
// ("plain"), with the forwarding headers the gateway adds ("fwd": Forwarded, X-Forwarded-*, X-Request-Id)
// and with those plus a sampled W3C traceparent ("gw"), two rounds in opposite orders; lead-service's
// CPU per request from /proc. Loopback only; stops by itself.
//   node bench/gateway-overhead/headers-ab.mjs <preview token> <lead-service pid> [seconds per variant = 15]
// A token: psql -h localhost -p 15432 -U postgres -d lead -Atc "select preview_token from lead limit 1"
import http from 'node:http';
import { readFileSync } from 'node:fs';
const [,, tok, pid, secs='15'] = process.argv;
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
const cpu = () => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return +f[11] + +f[12]; };
function hdrs(v) {
  if (v === 'plain') return {};
  const h = { 'X-Request-Id': crypto.randomUUID(), 'Forwarded': 'proto=http;host="localhost:8080";for="127.0.0.1:43918"',
    'X-Forwarded-For': '127.0.0.1', 'X-Forwarded-Host': 'localhost:8080', 'X-Forwarded-Proto': 'http', 'X-Forwarded-Port': '8080' };
  if (v === 'gw') { const r = () => [...crypto.getRandomValues(new Uint8Array(8))].map(b => b.toString(16).padStart(2,'0')).join('');
    h.traceparent = `00-${r()}${r()}-${r()}-01`; }
  return h;
}
async function run(v) {
  const end = Date.now() + secs * 1000; let n = 0; const c0 = cpu();
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (Date.now() < end) {
      await new Promise((res, rej) => { const q = http.get({ host: 'localhost', port: 8081, path: '/p/' + tok, agent, headers: hdrs(v) }, r => { r.resume(); r.on('end', res); }); q.on('error', rej); });
      n++;
    }
  }));
  const c = (cpu() - c0) * 10;
  console.log(`${v.padEnd(6)} ${(n / secs).toFixed(0)} req/s  lead CPU ${(c / n).toFixed(3)} ms/req`);
}
for (const r of [1, 2]) for (const v of (r === 1 ? ['plain', 'fwd', 'gw'] : ['gw', 'fwd', 'plain'])) await run(v);
