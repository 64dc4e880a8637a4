'use strict';
// The realtime-service benchmark of issue 11, run by run.sh (which builds what it needs and
// finds Kafka). Usage: node run.js [a|b|c|all ...]; settings from the environment (README.md).
//
// Starts every server and load generator itself, as separate processes on loopback, and stops
// them all at the end (or after BENCH_MAX_SECONDS). Prints the results as a Markdown section and
// appends it to docs/benchmarks.md unless BENCH_APPEND=0; the raw figures go to results/*.json.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const { spawn, fork, execFileSync } = require('node:child_process');
const readline = require('node:readline');

const HERE = __dirname;
const ROOT = path.resolve(HERE, '../..');
const env = process.env;
const num = (name, def) => (env[name] === undefined || env[name] === '' ? def : Number(env[name]));
const str = (name, def) => (env[name] === undefined || env[name] === '' ? def : env[name]);

const S = {
  java: str('BENCH_JAVA', 'java'),
  kafka: str('BENCH_KAFKA', 'localhost:9092'),
  jar: str('BENCH_REALTIME_JAR', path.join(ROOT, 'realtime-service/target/realtime-service-0.1.0-SNAPSHOT.jar')),
  jvmOpts: str('BENCH_REALTIME_JVM_OPTS', '-Xmx640m -Xmn64m -XX:+UseSerialGC -Xss512k'),
  basePort: num('BENCH_BASE_PORT', 18100), // realtime i: ws BASE+i, Pusher HTTP API BASE+50+i
  nodePort: num('BENCH_NODE_PORT', 18090),
  key: str('BENCH_KEY', 'leadpulse-key'),
  secret: str('BENCH_SECRET', 'leadpulse-secret'),
  appId: str('BENCH_APP_ID', 'leadpulse'),
  servers: str('BENCH_SERVERS', 'node,realtime').split(','),
  maxSeconds: num('BENCH_MAX_SECONDS', 1500),
  clientImpl: str('BENCH_CLIENT_IMPL', 'ws'),
  append: str('BENCH_APPEND', '1') === '1',
  // (a)
  aInstances: num('BENCH_A_INSTANCES', 3),
  aPerInstance: num('BENCH_A_CONNECTIONS', 16000),
  aNode: str('BENCH_A_NODE', '1') === '1',
  aSettleMs: num('BENCH_A_SETTLE_MS', 10000),
  // (b)
  bSubscribers: num('BENCH_B_SUBSCRIBERS', 10000),
  bClients: num('BENCH_B_CLIENTS', 2),
  bWarmup: num('BENCH_B_WARMUP', 10),
  bSteady: num('BENCH_B_STEADY', 30),
  bIdleSeconds: num('BENCH_B_IDLE_SECONDS', 10),
  bBursts: num('BENCH_B_BURSTS', 3),
  bBurstSize: num('BENCH_B_BURST_SIZE', 20),
  bPublish: str('BENCH_B_PUBLISH', 'kafka').split(','),
  // (c)
  cSockets: num('BENCH_C_SOCKETS', 10),
  cRate: num('BENCH_C_RATE', 200),
  cSeconds: num('BENCH_C_SECONDS', 30),
  cWarmup: num('BENCH_C_WARMUP_SECONDS', 5),
};

const RUN_ID = new Date().toISOString().replace(/[:.]/g, '-');
const RUN_DIR = path.join(HERE, 'results', RUN_ID);
fs.mkdirSync(RUN_DIR, { recursive: true });

const log = (...a) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const loadavg = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

// ---- processes we start (and only those are stopped) -----------------------------------------
const children = new Set();
function track(child, name) {
  child.benchName = name;
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}
async function stop(child, graceMs = 5000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(t);
}
async function stopAll() {
  await Promise.all([...children].map((c) => stop(c)));
}
const watchdog = setTimeout(async () => {
  log(`BENCH_MAX_SECONDS (${S.maxSeconds}) reached: stopping everything`);
  await stopAll();
  process.exit(4);
}, S.maxSeconds * 1000);
watchdog.unref();
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    await stopAll();
    process.exit(130);
  });
}

function rssKiB(pid) {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}
function cpuSeconds(pid) {
  const { user, system } = cpuSplit(pid);
  return user + system;
}
/** utime and stime of a process, in seconds (clock ticks of 1/100 s). */
function cpuSplit(pid) {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return { user: Number(f[11]) / 100, system: Number(f[12]) / 100 };
  } catch {
    return { user: 0, system: 0 };
  }
}
const clientCpu = async (clients) => (await reports(clients)).reduce((t, r) => t + r.cpuSeconds, 0);

function httpGet(url, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.on('timeout', () => req.destroy());
  });
}

async function waitHealthy(url, child, timeoutMs = 180000) {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`${child.benchName} exited with ${child.exitCode} during start-up`);
    const r = await httpGet(url);
    if (r.status === 200) return (Date.now() - t0) / 1000;
    await sleep(300);
  }
  throw new Error(`${child.benchName} not healthy after ${timeoutMs / 1000} s (${url})`);
}

// ---- servers ---------------------------------------------------------------------------------
async function startNode(port) {
  const out = fs.openSync(path.join(RUN_DIR, `node-server-${port}.log`), 'a');
  const child = track(
    spawn(process.execPath, [path.join(HERE, 'node-server.js')], {
      env: { ...env, PORT: String(port), PUSHER_KEY: S.key, PUSHER_SECRET: S.secret, MAX_SECONDS: String(S.maxSeconds) },
      stdio: ['ignore', out, out],
    }),
    `node-ws:${port}`,
  );
  const started = await waitHealthy(`http://127.0.0.1:${port}/health`, child);
  return { kind: 'node', child, pid: child.pid, port, wsUrl: wsUrl(port), publish: `http:http://127.0.0.1:${port}`, started };
}

function realtimeEnv(i) {
  return {
    ...env,
    PORT: String(S.basePort + i),
    // realtime.http-api-port: the yml's placeholder (PUSHER_HTTP_PORT) and Spring's relaxed name
    PUSHER_HTTP_PORT: String(S.basePort + 50 + i),
    REALTIME_HTTP_API_PORT: String(S.basePort + 50 + i),
    KAFKA_BOOTSTRAP_SERVERS: S.kafka,
    REALTIME_MAX_CONNECTIONS: '19000',
    TRACING_SAMPLING: str('BENCH_TRACING_SAMPLING', '0'),
  };
}

async function startRealtime(i) {
  if (!fs.existsSync(S.jar)) throw new Error(`no realtime-service jar at ${S.jar} (run.sh builds it)`);
  const port = S.basePort + i;
  const out = fs.openSync(path.join(RUN_DIR, `realtime-${i}.log`), 'a');
  const child = track(
    // the GC log is a diagnostic beside the results (pauses show up in the latency tails)
    spawn(S.java, [...S.jvmOpts.split(/\s+/).filter(Boolean), `-Xlog:gc:file=${path.join(RUN_DIR, `gc-realtime-${i}-${Date.now()}.log`)}`, '-jar', S.jar], {
      env: realtimeEnv(i),
      stdio: ['ignore', out, out],
    }),
    `realtime-${i}`,
  );
  const started = await waitHealthy(`http://127.0.0.1:${port}/actuator/health/readiness`, child);
  return {
    kind: 'realtime',
    child,
    pid: child.pid,
    port,
    wsUrl: wsUrl(port),
    publishHttp: `http:http://127.0.0.1:${S.basePort + 50 + i}`,
    started,
  };
}

function wsUrl(port) {
  return `ws://127.0.0.1:${port}/app/${S.key}?protocol=7&client=bench&version=1`;
}

async function jvmMemory(port) {
  const r = await httpGet(`http://127.0.0.1:${port}/actuator/prometheus`, 5000);
  if (r.status !== 200) return null;
  const sum = (re) => {
    let t = 0;
    for (const line of r.body.split('\n')) if (re.test(line)) t += Number(line.split(' ').pop());
    return t;
  };
  return {
    heapUsedMiB: +(sum(/^jvm_memory_used_bytes\{.*area="heap"/) / 1048576).toFixed(1),
    nonHeapUsedMiB: +(sum(/^jvm_memory_used_bytes\{.*area="nonheap"/) / 1048576).toFixed(1),
    directMiB: +(sum(/^jvm_buffer_memory_used_bytes\{.*id="direct"/) / 1048576).toFixed(1),
  };
}

// realtime-service's own delivery-latency histogram (realtime.delivery.latency, issue 11 item 7: a message's
// occurredAt to its write to a socket), cumulative bucket counts by upper bound in ms; null for a server without it
async function deliveryBuckets(port) {
  const r = await httpGet(`http://127.0.0.1:${port}/actuator/prometheus`, 5000);
  if (r.status !== 200) return null;
  const buckets = [];
  for (const line of r.body.split('\n')) {
    const m = /^realtime_delivery_latency_seconds_bucket\{.*le="([^"]+)".*\} (\S+)$/.exec(line);
    if (m) buckets.push([m[1] === '+Inf' ? Infinity : Number(m[1]) * 1000, Number(m[2])]);
  }
  return buckets.length ? buckets.sort((a, b) => a[0] - b[0]) : null;
}

// p50/p99 of what was recorded between two deliveryBuckets readings: the upper bound of the first bucket that
// holds the quantile (the histogram's resolution, about 10% of the value)
function bucketQuantiles(before, after) {
  if (!before || !after) return null;
  const counts = after.map(([le, n], i) => [le, n - (before[i]?.[1] ?? 0)]);
  const total = counts[counts.length - 1][1];
  if (total <= 0) return null;
  const q = (p) => {
    const found = counts.find(([, n]) => n >= p * total);
    return found[0] === Infinity ? 'over the largest bucket' : +found[0].toFixed(1);
  };
  return { n: total, p50: q(0.5), p99: q(0.99) };
}

// ---- load generators -------------------------------------------------------------------------
function startClient(id, cfg) {
  const errLog = fs.openSync(path.join(RUN_DIR, `client-${id}.log`), 'a');
  const child = track(
    fork(path.join(HERE, 'client.js'), [], {
      env: { ...env, BENCH_CLIENT_IMPL: S.clientImpl, BENCH_CLIENT: JSON.stringify({ id, key: S.key, secret: S.secret, maxSeconds: S.maxSeconds, ...cfg }) },
      stdio: ['ignore', errLog, errLog, 'ipc'],
    }),
    `client-${id}`,
  );
  child.waiters = [];
  child.on('message', (m) => {
    const i = child.waiters.findIndex((w) => w.type === m.type);
    if (i >= 0) child.waiters.splice(i, 1)[0].resolve(m);
  });
  child.ask = (msg, type, timeoutMs = 600000) =>
    new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`client ${id}: no ${type} in ${timeoutMs} ms`)), timeoutMs);
      child.waiters.push({ type, resolve: (m) => (clearTimeout(t), resolve(m)) });
      child.send(msg);
    });
  return child;
}

async function closeClients(clients) {
  await Promise.all(clients.map((c) => c.ask({ cmd: 'close' }, 'closed', 30000).catch(() => null)));
  await Promise.all(clients.map((c) => stop(c)));
}

// ---- publisher (Java) ------------------------------------------------------------------------
function startPublisher(target, channel) {
  const cp = `${path.join(HERE, 'target/classes')}:${path.join(HERE, 'target/lib/*')}`;
  const errLog = fs.openSync(path.join(RUN_DIR, 'publisher.log'), 'a');
  const child = track(
    spawn(
      S.java,
      ['-Xmx256m', '-XX:+UseSerialGC', '-cp', cp, 'io.leadpulse.bench.realtime.Publisher',
        '--target', target, '--channel', channel, '--app-id', S.appId, '--key', S.key, '--secret', S.secret,
        '--max-seconds', String(S.maxSeconds)],
      { stdio: ['pipe', 'pipe', errLog] },
    ),
    'publisher',
  );
  const lines = [];
  const waiting = [];
  readline.createInterface({ input: child.stdout }).on('line', (l) => {
    if (waiting.length) waiting.shift()(l);
    else lines.push(l);
  });
  const next = (timeoutMs) =>
    new Promise((resolve, reject) => {
      if (lines.length) return resolve(lines.shift());
      const t = setTimeout(() => reject(new Error('publisher: no answer')), timeoutMs);
      waiting.push((l) => (clearTimeout(t), resolve(l)));
    });
  child.cmd = async (line, timeoutMs = 600000) => {
    child.stdin.write(`${line}\n`);
    if (line === 'quit') return {};
    const out = JSON.parse(await next(timeoutMs));
    if (out.error) throw new Error(`publisher ${line}: ${out.error}`);
    return out;
  };
  child.ready = next(60000);
  return child;
}

// ---- statistics ------------------------------------------------------------------------------
function percentiles(files) {
  let total = 0;
  const bufs = files.filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f));
  for (const b of bufs) total += b.length / 8;
  const all = new Float64Array(total);
  let o = 0;
  for (const b of bufs) {
    const a = new Float64Array(b.buffer, b.byteOffset, b.length / 8);
    all.set(a, o);
    o += a.length;
  }
  all.sort();
  const at = (p) => (total ? all[Math.min(total - 1, Math.max(0, Math.ceil((p / 100) * total) - 1))] : NaN);
  const r = (v) => +v.toFixed(2);
  return { n: total, p50: r(at(50)), p90: r(at(90)), p99: r(at(99)), p999: r(at(99.9)), max: r(total ? all[total - 1] : NaN) };
}

async function reports(clients, file) {
  return Promise.all(clients.map((c, i) => c.ask({ cmd: 'report', file: file ? `${file}-${i}` : undefined }, 'report')));
}

// Waits until the clients have received `expected` events, or nothing arrived for idleMs.
async function drain(clients, expected, idleMs = 5000, maxMs = 120000) {
  const t0 = Date.now();
  let last = -1;
  let lastChange = Date.now();
  for (;;) {
    const rs = await reports(clients);
    const got = rs.reduce((s, r) => s + r.received, 0);
    if (got >= expected) return got;
    if (got !== last) {
      last = got;
      lastChange = Date.now();
    }
    if (Date.now() - lastChange > idleMs || Date.now() - t0 > maxMs) return got;
    await sleep(250);
  }
}

// Heap used right after a full GC (jcmd GC.run): the live heap. Diagnostic only.
async function liveHeapMiB(s) {
  try {
    execFileSync(path.join(path.dirname(S.java), 'jcmd'), [String(s.pid), 'GC.run'], { stdio: 'ignore', timeout: 60000 });
    await sleep(1000);
    const j = await jvmMemory(s.port);
    return j ? j.heapUsedMiB : null;
  } catch {
    return null;
  }
}

// ---- (a) idle connections and memory ---------------------------------------------------------
async function scenarioA() {
  const result = { load: { start: loadavg() }, servers: [] };
  const groups = [];
  if (S.servers.includes('realtime')) {
    const instances = [];
    for (let i = 0; i < S.aInstances; i++) instances.push(await startRealtime(i));
    groups.push({ name: 'realtime-service', servers: instances });
  }
  if (S.aNode && S.servers.includes('node')) groups.push({ name: 'node-ws', servers: [await startNode(S.nodePort)] });

  for (const g of groups) {
    log(`(a) ${g.name}: ${g.servers.length} x ${S.aPerInstance} connections`);
    await sleep(3000);
    for (const s of g.servers) {
      s.idleRssKiB = rssKiB(s.pid);
      if (s.kind === 'realtime') {
        s.idleJvm = await jvmMemory(s.port);
        s.idleLiveHeapMiB = await liveHeapMiB(s);
      }
    }
    const clients = g.servers.map((s, i) =>
      startClient(`a-${g.name}-${i}`, {
        url: s.wsUrl,
        localAddress: `127.0.0.${2 + i}`,
        count: S.aPerInstance,
        channel: 'private-user-bench-{i}',
        concurrency: 200,
      }),
    );
    const t0 = Date.now();
    for (const s of g.servers) s.cpu0 = cpuSeconds(s.pid);
    const connected = await Promise.all(clients.map((c) => c.ask({ cmd: 'connect' }, 'connected')));
    for (const s of g.servers) s.connectCpuSeconds = +(cpuSeconds(s.pid) - s.cpu0).toFixed(2);
    const wall = (Date.now() - t0) / 1000;
    await sleep(S.aSettleMs);
    const clientReports = await reports(clients);
    for (const [i, s] of g.servers.entries()) {
      const c = connected[i];
      s.connections = c.ready;
      s.failed = c.failed;
      s.errors = c.errors;
      s.stillOpen = clientReports[i].open;
      s.connectSeconds = +c.seconds.toFixed(2);
      s.connectRate = Math.round(c.ready / c.seconds);
      s.cpuMsPerConnection = +((s.connectCpuSeconds * 1000) / Math.max(1, c.ready)).toFixed(2);
      s.rssKiB = rssKiB(s.pid);
      if (s.kind === 'realtime') s.jvm = await jvmMemory(s.port);
      s.perConnectionKiB = +((s.rssKiB - s.idleRssKiB) / Math.max(1, s.stillOpen)).toFixed(2);
      if (s.kind === 'realtime' && str('BENCH_A_HISTOGRAM', '0') === '1') {
        // Diagnostic: the heap's classes with N connections (jcmd GC.class_histogram), saved beside the results.
        try {
          const h = execFileSync(path.join(path.dirname(S.java), 'jcmd'), [String(s.pid), 'GC.class_histogram'], {
            encoding: 'utf8',
            timeout: 120000,
            maxBuffer: 64 * 1024 * 1024,
          });
          fs.writeFileSync(path.join(RUN_DIR, `histogram-${g.name}-${i}.txt`), h);
        } catch {
          /* diagnostic only */
        }
      }
      if (s.kind === 'realtime') {
        // Diagnostic only (the figures above are without it): what is live after a full GC.
        try {
          execFileSync(path.join(path.dirname(S.java), 'jcmd'), [String(s.pid), 'GC.run'], { stdio: 'ignore', timeout: 60000 });
          await sleep(1000);
          s.afterGc = { rssKiB: rssKiB(s.pid), jvm: await jvmMemory(s.port) };
          if (s.afterGc.jvm && s.idleLiveHeapMiB != null) {
            s.liveHeapPerConnectionKiB = +(((s.afterGc.jvm.heapUsedMiB - s.idleLiveHeapMiB) * 1024) / Math.max(1, s.stillOpen)).toFixed(2);
          }
        } catch {
          s.afterGc = null;
        }
      }
      s.allInKiB = +(s.rssKiB / Math.max(1, s.stillOpen)).toFixed(2);
      s.clientRssKiB = clientReports[i].rssKiB;
      log(`(a) ${g.name}[${i}] ${JSON.stringify({ ...s, child: undefined })}`);
    }
    result.servers.push({
      name: g.name,
      wallSeconds: wall,
      totalConnections: g.servers.reduce((t, s) => t + s.stillOpen, 0),
      aggregateRate: Math.round(connected.reduce((t, c) => t + c.ready, 0) / wall),
      instances: g.servers.map((s) => ({ ...s, child: undefined })),
    });
    await closeClients(clients);
    for (const s of g.servers) await stop(s.child);
  }
  result.load.end = loadavg();
  return result;
}

// ---- (b) broadcast to 10,000 subscribers -----------------------------------------------------
async function broadcastRun(server, target, label) {
  const channel = 'private-org-00000000-0000-4000-8000-00000000b0b0';
  const per = Math.ceil(S.bSubscribers / S.bClients);
  const clients = [];
  for (let i = 0; i < S.bClients; i++) {
    const count = Math.min(per, S.bSubscribers - i * per);
    clients.push(startClient(`b-${label}-${i}`, { url: server.wsUrl, localAddress: `127.0.0.${2 + i}`, count, channel, concurrency: 200 }));
  }
  const connected = await Promise.all(clients.map((c) => c.ask({ cmd: 'connect' }, 'connected')));
  const subscribers = connected.reduce((t, c) => t + c.ready, 0);
  log(`(b) ${label}: ${subscribers} subscribers (${connected.map((c) => c.seconds.toFixed(1)).join(', ')} s)`);
  const pub = startPublisher(target, channel);
  await pub.ready;
  await pub.cmd('warm');
  const out = { label, target: target.replace(/^(\w+):.*/, '$1'), subscribers, load: { start: loadavg() } };

  // warm-up, not measured: both servers' hot paths (JIT) run before the figures are taken
  if (S.bWarmup > 0) {
    await Promise.all(clients.map((c) => c.ask({ cmd: 'phase', name: 'warmup' }, 'phase')));
    await pub.cmd(`burst 98 ${S.bWarmup}`);
    out.warmupReceived = await drain(clients, subscribers * S.bWarmup, 5000);
    await sleep(2000);
  }

  // idle: the subscribers connected, nothing published; what the server and the clients spend per second
  // with no message (pings, timers, the Kafka consumer) is taken off the steady phase's CPU per delivery
  const idle0 = { server: cpuSplit(server.pid), clients: await clientCpu(clients), t: performance.now() };
  await sleep(S.bIdleSeconds * 1000);
  const idle1 = { server: cpuSplit(server.pid), clients: await clientCpu(clients), t: performance.now() };
  const idleSeconds = (idle1.t - idle0.t) / 1000;
  out.idle = {
    seconds: +idleSeconds.toFixed(1),
    serverCpuPerSecond: +((idle1.server.user + idle1.server.system - idle0.server.user - idle0.server.system) / idleSeconds).toFixed(3),
    clientCpuPerSecond: +((idle1.clients - idle0.clients) / idleSeconds).toFixed(3),
  };

  // steady: 1 msg/s
  await Promise.all(clients.map((c) => c.ask({ cmd: 'phase', name: 'steady' }, 'phase')));
  const written0 = await deliveryBuckets(server.port);
  const cpu0 = cpuSplit(server.pid);
  const steadyClientCpu0 = await clientCpu(clients);
  const steadyT0 = performance.now();
  out.steadyPublish = await pub.cmd(`steady ${S.bSteady} 1000`);
  const steadyGot = await drain(clients, subscribers * S.bSteady, 3000);
  const cpu1 = cpuSplit(server.pid);
  const written1 = await deliveryBuckets(server.port);
  const steadySeconds = (performance.now() - steadyT0) / 1000;
  let rs = await reports(clients, path.join(RUN_DIR, `b-${label}-steady`));
  const steadyClientCpu = rs.reduce((t, r) => t + r.cpuSeconds, 0) - steadyClientCpu0;
  const serverSteady = cpu1.user + cpu1.system - cpu0.user - cpu0.system;
  // CPU per delivery in the steady phase, the idle rate taken off (µs)
  const perDelivery = (cpu, idlePerSecond) => +((Math.max(0, cpu - idlePerSecond * steadySeconds) * 1e6) / Math.max(1, steadyGot)).toFixed(1);
  out.steady = {
    expected: subscribers * S.bSteady,
    received: steadyGot,
    latencyMs: percentiles(rs.map((r, i) => path.join(RUN_DIR, `b-${label}-steady-${i}.steady.f64`))),
    // the server's own view: publish time to the write to each socket, before the clients read it
    serverWriteMs: bucketQuantiles(written0, written1),
    serverCpuSeconds: +serverSteady.toFixed(2),
    serverUserSeconds: +(cpu1.user - cpu0.user).toFixed(2),
    serverSystemSeconds: +(cpu1.system - cpu0.system).toFixed(2),
    clientCpuSeconds: +steadyClientCpu.toFixed(2),
    serverMicrosPerDelivery: perDelivery(serverSteady, out.idle.serverCpuPerSecond),
    clientMicrosPerDelivery: perDelivery(steadyClientCpu, out.idle.clientCpuPerSecond),
    closes: rs.map((r) => r.closes),
  };
  out.rssDuringKiB = rssKiB(server.pid);
  log(`(b) ${label} steady ${JSON.stringify(out.steady)}`);

  // bursts
  await Promise.all(clients.map((c) => c.ask({ cmd: 'phase', name: 'burst' }, 'phase')));
  const burstCpu0 = cpuSeconds(server.pid);
  const clientCpu0 = (await reports(clients)).reduce((t, r) => t + r.cpuSeconds, 0);
  const burstT0 = Date.now();
  out.bursts = [];
  for (let k = 1; k <= S.bBursts; k++) {
    const before = (await reports(clients)).reduce((t, r) => t + r.received, 0);
    const p = await pub.cmd(`burst ${k} ${S.bBurstSize}`);
    await drain(clients, before + subscribers * S.bBurstSize, 5000);
    rs = await reports(clients);
    const parts = rs.flatMap((r) => r.bursts.filter((b) => b.k === k));
    const n = parts.reduce((t, b) => t + b.n, 0);
    const first = Math.min(...parts.map((b) => b.firstPublish));
    const last = Math.max(...parts.map((b) => b.lastReceive));
    const b = {
      k,
      expected: subscribers * S.bBurstSize,
      received: n,
      seconds: +((last - first) / 1000).toFixed(3),
      deliveriesPerSecond: Math.round(n / ((last - first) / 1000)),
      publish: p,
    };
    out.bursts.push(b);
    log(`(b) ${label} burst ${JSON.stringify(b)}`);
    await sleep(1000);
  }
  rs = await reports(clients, path.join(RUN_DIR, `b-${label}-burst`));
  out.burstPhase = {
    seconds: +((Date.now() - burstT0) / 1000).toFixed(1),
    serverCpuSeconds: +(cpuSeconds(server.pid) - burstCpu0).toFixed(2),
    clientCpuSeconds: +(rs.reduce((t, r) => t + r.cpuSeconds, 0) - clientCpu0).toFixed(2),
  };
  out.burstLatencyMs = percentiles(rs.map((r, i) => path.join(RUN_DIR, `b-${label}-burst-${i}.burst.f64`)));
  out.burstCloses = rs.map((r) => r.closes);
  const rates = out.bursts.map((b) => b.deliveriesPerSecond).sort((x, y) => x - y);
  out.medianBurstDeliveriesPerSecond = rates[Math.floor(rates.length / 2)];
  out.clientRssKiB = rs.map((r) => r.rssKiB);
  out.load.end = loadavg();
  await pub.cmd('quit').catch(() => null);
  await stop(pub);
  await closeClients(clients);
  return out;
}

// One part of a run; a failure is recorded (and its processes stopped) instead of losing the rest.
async function attempt(label, fn) {
  try {
    return await fn();
  } catch (e) {
    log(`${label} failed: ${e.stack || e}`);
    for (const c of [...children]) if (/^(client-|publisher)/.test(c.benchName)) await stop(c);
    return { label, error: String(e.message || e) };
  }
}

async function scenarioB() {
  const runs = [];
  if (S.servers.includes('node')) {
    const node = await startNode(S.nodePort);
    runs.push(await attempt('node-ws', () => broadcastRun(node, node.publish, 'node-ws')));
    await stop(node.child);
  }
  if (S.servers.includes('realtime')) {
    const rt = await startRealtime(0);
    for (const how of S.bPublish) {
      const target = how === 'http' ? rt.publishHttp : `kafka:${S.kafka}`;
      runs.push(await attempt(`realtime-${how}`, () => broadcastRun(rt, target, `realtime-${how}`)));
    }
    await stop(rt.child);
  }
  return { runs };
}

// ---- (c) Kafka produce -> socket receive, next to raw produce -> consume --------------------
async function scenarioC() {
  if (!S.servers.includes('realtime')) return { skipped: 'realtime not in BENCH_SERVERS' };
  const rt = await startRealtime(0);
  const channel = 'private-org-00000000-0000-4000-8000-00000000c0c0';
  const clients = [startClient('c-0', { url: rt.wsUrl, localAddress: '127.0.0.2', count: S.cSockets, channel, concurrency: 50 })];
  const connected = await Promise.all(clients.map((c) => c.ask({ cmd: 'connect' }, 'connected')));
  const pub = startPublisher(`kafka:${S.kafka}`, channel);
  await pub.ready;
  await pub.cmd('warm');
  await Promise.all(clients.map((c) => c.ask({ cmd: 'phase', name: 'c' }, 'phase')));
  const load = { start: loadavg() };
  const raw = await pub.cmd(`raw ${S.cRate} ${S.cSeconds} ${S.cWarmup}`);
  const subscribers = connected.reduce((t, c) => t + c.ready, 0);
  const got = await drain(clients, subscribers * S.cRate * S.cSeconds, 3000);
  const rs = await reports(clients, path.join(RUN_DIR, 'c'));
  const socket = percentiles(rs.map((r, i) => path.join(RUN_DIR, `c-${i}.steady.f64`)));
  load.end = loadavg();
  await pub.cmd('quit').catch(() => null);
  await stop(pub);
  await closeClients(clients);
  await stop(rt.child);
  return {
    subscribers,
    rate: S.cRate,
    seconds: S.cSeconds,
    expected: subscribers * S.cRate * S.cSeconds,
    received: got,
    raw,
    socketLatencyMs: socket,
    closes: rs.map((r) => r.closes),
    load,
  };
}

// ---- report ----------------------------------------------------------------------------------
function machine() {
  const cpu = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) || [])[1] || '?';
  let java = '?';
  try {
    const r = require('node:child_process').spawnSync(S.java, ['-version'], { encoding: 'utf8' });
    java = (r.stderr || '').split('\n')[1] || java; // "OpenJDK Runtime Environment Temurin-25.0.3+9 (build ...)"
  } catch {
    /* ignore */
  }
  return {
    cpus: os.cpus().length,
    cpu,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    kernel: os.release(),
    node: process.version,
    java: java.replace(/ \(build.*$/, ''),
  };
}

const fmt = (n) => (typeof n === 'number' ? n.toLocaleString('en-US') : String(n));

function markdown(res) {
  const L = [];
  const m = res.machine;
  L.push(`## realtime-service: connections, broadcast and Kafka-to-socket latency (issue 11)`);
  L.push('');
  L.push(
    `Date: ${res.date}. Command: \`${res.command}\`. Machine: ${m.cpus} vCPU (${m.cpu}), ${m.memGiB} GiB, ` +
      `Linux ${m.kernel}, Node ${m.node}, ${m.java || 'JDK ?'}. Load average (1/5/15 min) at the start: ${res.loadStart}. ` +
      `realtime-service JVM flags: \`${S.jvmOpts}\`. Clients: Node processes (client.js, WebSocket client: ${S.clientImpl === 'ws' ? 'the npm \`ws\` library' : 'raw-ws.js, a minimal one on node:net'}), each < 19,000 ` +
      `sockets from its own source address (127.0.0.2, .3, ...); publisher: bench-realtime's Publisher (Java).`,
  );
  L.push('');
  for (const [k, r] of Object.entries({ a: res.a, b: res.b, c: res.c })) {
    if (r && r.error) L.push(`(${k}) failed: ${r.error}`, '');
  }
  if (res.a && !res.a.error) {
    L.push(`### (a) idle connections: memory per connection`);
    L.push('');
    L.push(`Load average ${res.a.load.start} → ${res.a.load.end}. Each socket subscribed to its own private channel. ` +
      `Per connection = (RSS with N − RSS idle) / N (the goal: ≤ 10 KB of JVM RSS per connection); all-in = RSS / N. After the RSS readings a full GC is forced (\`jcmd GC.run\`) to show the live heap per connection.`);
    L.push('');
    L.push('| server | instance | connections (open after settle) | failed | connect rate (/s), server CPU ms per connection | RSS idle (MiB) | RSS with N (MiB) | per connection (KiB) | all-in RSS/N (KiB) | heap used idle → with N (MiB) | after a full GC: heap used (MiB), RSS (MiB), live heap per connection (KiB) |');
    L.push('|---|---|---|---|---|---|---|---|---|---|---|');
    for (const g of res.a.servers) {
      for (const [i, s] of g.instances.entries()) {
        L.push(
          `| ${g.name} | ${i} (:${s.port}) | ${fmt(s.stillOpen)} | ${s.failed} | ${fmt(s.connectRate)}, ${s.cpuMsPerConnection} | ${(s.idleRssKiB / 1024).toFixed(0)} | ` +
            `${(s.rssKiB / 1024).toFixed(0)} | ${s.perConnectionKiB} | ${s.allInKiB} | ${s.idleJvm && s.jvm ? `${s.idleJvm.heapUsedMiB} → ${s.jvm.heapUsedMiB}` : '–'} | ` +
            `${s.afterGc && s.afterGc.jvm ? `${s.afterGc.jvm.heapUsedMiB}, ${(s.afterGc.rssKiB / 1024).toFixed(0)}, ${s.liveHeapPerConnectionKiB}` : '–'} |`,
        );
      }
      L.push(`| ${g.name} | all | ${fmt(g.totalConnections)} | | ${fmt(g.aggregateRate)} (together, ${g.wallSeconds.toFixed(1)} s) | | | | | | |`);
    }
    L.push('');
  }
  if (res.b && !res.b.error) {
    L.push(`### (b) one channel, ${fmt(S.bSubscribers)} subscribers: 1 msg/s and bursts`);
    L.push('');
    L.push(
      `After a warm-up burst of ${S.bWarmup} messages (not measured): ${S.bSteady} messages, one per second; then ${S.bBursts} bursts of ${S.bBurstSize} messages published back to back ` +
        `(deliveries/s = deliveries of the burst / (last receive − first publish)). Latency: publish time in the payload → client ` +
        `receive time, same clock. Goal: p99 ≤ 100 ms and ≥ 2× the Node server's deliveries/s. ` +
        `Node \`ws\` gets its messages over HTTP (POST /apps/…/events); realtime-service as the run says (kafka: RealtimeMessage JSON on ` +
        `\`realtime.messages\`; http: its Pusher HTTP API, which itself goes through Kafka).`,
    );
    L.push('');
    L.push('| server (publish path) | subscribers | steady p50 / p99 / max (ms) | delivered / expected | burst deliveries/s (median of bursts) | burst latency p50 / p99 (ms) | CPU s: server steady / server bursts / clients bursts | steady CPU per delivery, idle taken off (µs): server (user + sys s) / clients | idle CPU (cores): server / clients | load start → end |');
    L.push('|---|---|---|---|---|---|---|---|---|---|');
    for (const r of res.b.runs) {
      if (r.error) {
        L.push(`| ${r.label} | failed: ${r.error} | | | | | | | | |`);
        continue;
      }
      const st = r.steady.latencyMs;
      const bl = r.burstLatencyMs;
      const bd = r.bursts.reduce((t, b) => t + b.received, 0);
      const be = r.bursts.reduce((t, b) => t + b.expected, 0);
      L.push(
        `| ${r.label} (${r.target}) | ${fmt(r.subscribers)} | ${st.p50} / ${st.p99} / ${st.max} | ${fmt(r.steady.received + bd)} / ${fmt(r.steady.expected + be)} | ` +
          `${fmt(r.medianBurstDeliveriesPerSecond)} (${r.bursts.map((b) => fmt(b.deliveriesPerSecond)).join(', ')}) | ${bl.p50} / ${bl.p99} | ${r.steady.serverCpuSeconds} / ${r.burstPhase.serverCpuSeconds} / ${r.burstPhase.clientCpuSeconds} | ` +
          `${r.steady.serverMicrosPerDelivery} (${r.steady.serverUserSeconds} + ${r.steady.serverSystemSeconds}) / ${r.steady.clientMicrosPerDelivery} | ${r.idle.serverCpuPerSecond} / ${r.idle.clientCpuPerSecond} | ${r.load.start} → ${r.load.end} |`,
      );
    }
    L.push('');
    for (const r of res.b.runs.filter((x) => !x.error && x.steady.serverWriteMs)) {
      const w = r.steady.serverWriteMs;
      L.push(
        `${r.label}'s own histogram (\`realtime.delivery.latency\`: publish time → write to the socket, recorded by the server ` +
          `before any client has read the frame; bucket upper bounds) over the steady phase: ${fmt(w.n)} writes, p50 ≤ ${w.p50} ms, p99 ≤ ${w.p99} ms.`,
      );
      L.push('');
    }
  }
  if (res.c && !res.c.skipped && !res.c.error) {
    const c = res.c;
    L.push(`### (c) Kafka produce → socket receive, next to raw Kafka produce → consume`);
    L.push('');
    L.push(
      `${c.rate} msg/s for ${c.seconds} s to \`realtime.messages\` (acks=all, linger.ms=0), one channel with ${c.subscribers} sockets; ` +
        `the raw figure is a plain consumer (no group, all partitions, default fetch settings) in the publisher's JVM, same messages, same run. ` +
        `Load average ${c.load.start} → ${c.load.end}. Goal: socket p99 within 10 ms of raw p99.`,
    );
    L.push('');
    L.push('| path | samples | p50 (ms) | p99 (ms) | p99.9 (ms) | max (ms) |');
    L.push('|---|---|---|---|---|---|');
    L.push(`| raw produce → consume | ${fmt(c.raw.consumed)} | ${c.raw.p50Ms} | ${c.raw.p99Ms} | ${c.raw.p999Ms} | ${c.raw.maxMs} |`);
    L.push(`| produce → realtime-service → socket | ${fmt(c.socketLatencyMs.n)} (of ${fmt(c.expected)}) | ${c.socketLatencyMs.p50} | ${c.socketLatencyMs.p99} | ${c.socketLatencyMs.p999} | ${c.socketLatencyMs.max} |`);
    L.push('');
  }
  L.push(`Goals: ${res.verdicts.join(' ')}`);
  L.push('');
  return L.join('\n');
}

function verdicts(res) {
  const v = [];
  if (res.a && !res.a.error) {
    const rt = res.a.servers.find((g) => g.name === 'realtime-service');
    if (rt) {
      const marg = Math.max(...rt.instances.map((s) => s.perConnectionKiB));
      const allIn = Math.max(...rt.instances.map((s) => s.allInKiB));
      const goal = 10000 / 1024; // 10 KB
      v.push(
        `(a) ${marg <= goal ? 'met' : `missed by ${(marg / goal).toFixed(1)}×`}: (RSS with N − RSS idle)/N at most ${marg} KiB per connection ` +
          `(goal 10 KB = 9.77 KiB); RSS/N all-in at most ${allIn} KiB; ${fmt(rt.totalConnections)} connections open in all.`,
      );
    }
  }
  if (res.b && !res.b.error) {
    const node = res.b.runs.find((r) => r.label === 'node-ws' && !r.error);
    for (const r of res.b.runs.filter((x) => x.label !== 'node-ws' && !x.error)) {
      const p99ok = r.steady.latencyMs.p99 <= 100;
      const ratio = node ? r.medianBurstDeliveriesPerSecond / node.medianBurstDeliveriesPerSecond : NaN;
      v.push(
        `(b, ${r.label}) p99 ${r.steady.latencyMs.p99} ms ${p99ok ? '≤' : '>'} 100 ms (${p99ok ? 'met' : 'missed'}); ` +
          (node
            ? `deliveries/s ${ratio.toFixed(2)}× Node's (${ratio >= 2 ? 'met' : 'missed'}, goal 2×).`
            : 'no Node run to compare deliveries/s with.'),
      );
    }
  }
  if (res.c && !res.c.skipped && !res.c.error) {
    const d = res.c.socketLatencyMs.p99 - res.c.raw.p99Ms;
    v.push(`(c) socket p99 − raw p99 = ${d.toFixed(2)} ms (${d <= 10 ? 'met' : 'missed'}, goal ≤ 10 ms).`);
  }
  return v;
}

async function main() {
  const which = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const want = new Set(which.length === 0 || which.includes('all') ? ['a', 'b', 'c'] : which);
  const res = {
    date: new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
    command: str('BENCH_COMMAND', `bench/realtime/run.sh ${which.join(' ') || 'all'}`),
    machine: machine(),
    loadStart: loadavg(),
    settings: S,
  };
  log(`run ${RUN_ID}: scenarios ${[...want].join(',')}, load ${res.loadStart}`);
  try {
    // a failed scenario may leave servers behind: stop everything before the next one starts
    if (want.has('a')) (res.a = await attempt('(a)', scenarioA)), await stopAll();
    if (want.has('b')) (res.b = await attempt('(b)', scenarioB)), await stopAll();
    if (want.has('c')) (res.c = await attempt('(c)', scenarioC)), await stopAll();
  } finally {
    await stopAll();
  }
  res.loadEnd = loadavg();
  res.verdicts = verdicts(res);
  fs.writeFileSync(path.join(RUN_DIR, 'results.json'), JSON.stringify(res, null, 2));
  const md = markdown(res);
  fs.writeFileSync(path.join(RUN_DIR, 'results.md'), md);
  process.stdout.write(`${md}\n`);
  if (S.append) {
    const file = path.join(ROOT, 'docs/benchmarks.md');
    const text = fs.readFileSync(file, 'utf8');
    // newest first: insert before the first existing section
    const at = text.indexOf('\n## ');
    fs.writeFileSync(file, at < 0 ? `${text}\n${md}\n` : `${text.slice(0, at + 1)}${md}\n${text.slice(at + 1)}`);
    log(`appended to ${file}`);
  }
  log(`results in ${RUN_DIR}`);
}

main().catch(async (e) => {
  log(`failed: ${e.stack || e}`);
  await stopAll();
  process.exit(1);
});
