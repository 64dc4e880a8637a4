'use strict';
// The Node `ws` baseline: a plain broadcast server speaking just enough of the Pusher Channels
// protocol 7 for the benchmark's clients, so the same clients measure it and realtime-service.
//
//   WebSocket  ws://HOST:PORT/app/<key>   pusher:connection_established, pusher:subscribe
//              (private- channels: the auth signature is checked like Pusher does), unsubscribe,
//              pusher:ping -> pusher:pong
//   HTTP       POST /apps/<id>/events     body {name, channel|channels, data}: the Pusher HTTP
//              API's shape (its request signature is NOT checked: a baseline, not a product)
//
// Each message is encoded once and handed to ws.send() for every subscriber: the ordinary way to
// broadcast with `ws`. Env: PORT (default 18090), HOST (127.0.0.1), PUSHER_KEY, PUSHER_SECRET.

const http = require('node:http');
const crypto = require('node:crypto');
const { WebSocketServer } = require('ws');

const PORT = Number(process.env.PORT || 18090);
const HOST = process.env.HOST || '127.0.0.1';
const KEY = process.env.PUSHER_KEY || 'leadpulse-key';
const SECRET = process.env.PUSHER_SECRET || 'leadpulse-secret';
const MAX_SECONDS = Number(process.env.MAX_SECONDS || 3600); // bounded: stops by itself

const channels = new Map(); // name -> Set<WebSocket>
let nextSocket = 1;

function frame(event, channel, data) {
  const f = { event };
  if (channel !== undefined) f.channel = channel;
  f.data = typeof data === 'string' ? data : JSON.stringify(data);
  return JSON.stringify(f);
}

function signatureOk(socketId, channel, auth, channelData) {
  if (typeof auth !== 'string') return false;
  const colon = auth.indexOf(':');
  if (colon < 0 || auth.slice(0, colon) !== KEY) return false;
  const signed = channelData === undefined ? `${socketId}:${channel}` : `${socketId}:${channel}:${channelData}`;
  const expected = Buffer.from(crypto.createHmac('sha256', SECRET).update(signed).digest('hex'));
  const given = Buffer.from(auth.slice(colon + 1));
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

function subscribe(ws, data) {
  const channel = data && data.channel;
  if (typeof channel !== 'string') return;
  if (channel.startsWith('private-') || channel.startsWith('presence-')) {
    if (!signatureOk(ws.socketId, channel, data.auth, data.channel_data)) {
      ws.send(frame('pusher:subscription_error', channel, { type: 'AuthError', error: 'bad signature', status: 401 }));
      return;
    }
  }
  let set = channels.get(channel);
  if (!set) channels.set(channel, (set = new Set()));
  set.add(ws);
  ws.channels.add(channel);
  ws.send(frame('pusher_internal:subscription_succeeded', channel, {}));
}

function unsubscribe(ws, channel) {
  const set = channels.get(channel);
  if (set) {
    set.delete(ws);
    if (set.size === 0) channels.delete(channel);
  }
  ws.channels.delete(channel);
}

function publish(body) {
  const names = Array.isArray(body.channels) ? body.channels : [body.channel];
  let sent = 0;
  for (const name of names) {
    const set = channels.get(name);
    if (!set) continue;
    const text = frame(body.name, name, body.data); // encoded once per channel
    for (const ws of set) {
      if (ws.readyState === 1) {
        ws.send(text);
        sent++;
      }
    }
  }
  return sent;
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'UP', sockets: wss.clients.size }));
    return;
  }
  if (req.method === 'POST' && /^\/apps\/[^/]+\/events(\?|$)/.test(req.url)) {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400).end('{}');
        return;
      }
      publish(body);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
    return;
  }
  res.writeHead(404).end();
});

const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, clientTracking: true });

server.on('upgrade', (req, socket, head) => {
  const path = req.url.split('?')[0];
  if (path !== `/app/${KEY}`) {
    socket.destroy();
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.socketId = `${process.pid}.${nextSocket++}`;
    ws.channels = new Set();
    ws.send(frame('pusher:connection_established', undefined, { socket_id: ws.socketId, activity_timeout: 120 }));
    ws.on('message', (raw) => {
      let msg;
      try {
        msg = JSON.parse(raw.toString('utf8'));
      } catch {
        return;
      }
      switch (msg.event) {
        case 'pusher:ping':
          ws.send('{"event":"pusher:pong","data":{}}');
          break;
        case 'pusher:subscribe':
          subscribe(ws, msg.data);
          break;
        case 'pusher:unsubscribe':
          if (msg.data && typeof msg.data.channel === 'string') unsubscribe(ws, msg.data.channel);
          break;
        default:
          break;
      }
    });
    ws.on('close', () => {
      for (const c of [...ws.channels]) unsubscribe(ws, c);
    });
    ws.on('error', () => {});
  });
});

// The publisher keeps its HTTP connections open between bursts (seconds apart): Node's default
// keep-alive of 5 s would close them under its feet.
server.keepAliveTimeout = 300000;
server.headersTimeout = 301000;

server.listen(PORT, HOST, () => {
  console.log(`node-ws baseline listening on ${HOST}:${PORT} (pid ${process.pid})`);
});

const stopAt = setTimeout(() => {
  console.log('MAX_SECONDS reached, stopping');
  process.exit(0);
}, MAX_SECONDS * 1000);
stopAt.unref();
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
