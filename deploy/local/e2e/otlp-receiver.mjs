// A stand-in OTLP/HTTP trace collector for ./dev e2e (issue 8): the suite exports its spans here
// (MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT=http://127.0.0.1:<port>/v1/traces), and
// tracing-e2e.mjs asks which services exported spans of a given trace.
// Usage: node otlp-receiver.mjs <port>. Keeps the last 2,000 export requests in memory; no deps.
//
// The bodies are OTLP protobuf. Instead of decoding them, a question is answered from the raw
// bytes: a request holds the 16 bytes of the trace id (the span's trace_id field) and, as a
// string, the service.name resource attribute of the service that exported it. One request
// comes from one service's exporter, so "the trace id's bytes and service X's name in the same
// request" means service X exported a span of that trace.
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 4318);
const bodies = [];
const SERVICES = ['gateway-service', 'lead-service', 'messaging-service', 'billing-service',
  'enrichment-service', 'notification-service', 'realtime-service'];

const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (req.method === 'POST' && url.pathname === '/v1/traces') {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks));
      if (bodies.length > 2000) bodies.shift();
      res.writeHead(200, { 'Content-Type': 'application/x-protobuf' });
      res.end();
    });
    return;
  }
  if (req.method === 'GET' && url.pathname === '/services') {
    const trace = Buffer.from(url.searchParams.get('trace') ?? '', 'hex');
    const names = new Set();
    for (const body of bodies) {
      if (trace.length !== 16 || body.indexOf(trace) < 0) continue;
      for (const name of SERVICES) if (body.indexOf(Buffer.from(name)) >= 0) names.add(name);
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ requests: bodies.length, services: [...names].sort() }));
    return;
  }
  res.writeHead(404);
  res.end();
});
server.listen(port, '127.0.0.1', () => console.log(`otlp receiver on http://127.0.0.1:${port}/v1/traces`));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
