'use strict';
// A minimal WebSocket client (RFC 6455) for the load generator, with the surface client.js uses from
// `ws`: new RawWebSocket(url, {localAddress}), on('message', buffer), on('error'), on('close', code),
// send(text), terminate(), readyState. It costs the shared cores less per received frame than `ws`
// (no stream machinery, no per-message copies): on a machine where the clients and the server share
// two cores, what the clients spend is time the server does not get, and shows as latency.
// Client frames are masked (a fresh mask per frame); server frames are read in place. No extensions
// are offered (no compression); fragmented messages are not expected from either server and are
// counted as errors rather than guessed at.

const net = require('node:net');
const crypto = require('node:crypto');
const { EventEmitter } = require('node:events');

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 3;

class RawWebSocket extends EventEmitter {
  constructor(url, { localAddress } = {}) {
    super();
    const u = new URL(url);
    this.readyState = CONNECTING;
    this.pending = null;
    this.closeCode = undefined;
    this.socket = net.connect({ host: u.hostname, port: Number(u.port), localAddress });
    this.socket.setNoDelay(true);
    const key = crypto.randomBytes(16).toString('base64');
    this.socket.on('connect', () =>
      this.socket.write(
        `GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      ),
    );
    this.socket.on('data', (chunk) => this.onData(chunk));
    this.socket.on('error', (e) => this.emit('error', e));
    this.socket.on('close', () => {
      this.readyState = CLOSED;
      this.emit('close', this.closeCode ?? 1006);
    });
  }

  onData(chunk) {
    let b = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = null;
    if (this.readyState === CONNECTING) {
      const end = b.indexOf('\r\n\r\n');
      if (end < 0) {
        this.pending = b;
        return;
      }
      const status = b.toString('latin1', 0, b.indexOf('\r\n'));
      if (!status.startsWith('HTTP/1.1 101')) {
        this.emit('error', new Error(`handshake refused: ${status}`));
        this.socket.destroy();
        return;
      }
      this.readyState = OPEN;
      b = b.subarray(end + 4);
    }
    let off = 0;
    while (b.length - off >= 2) {
      const b0 = b[off];
      let len = b[off + 1] & 0x7f;
      let header = 2;
      if (len === 126) {
        if (b.length - off < 4) break;
        len = b.readUInt16BE(off + 2);
        header = 4;
      } else if (len === 127) {
        if (b.length - off < 10) break;
        len = Number(b.readBigUInt64BE(off + 2));
        header = 10;
      }
      if (b.length - off < header + len) break;
      const payload = b.subarray(off + header, off + header + len);
      off += header + len;
      const opcode = b0 & 0x0f;
      if ((b0 & 0x80) === 0 || opcode === 0) {
        this.emit('error', new Error('fragmented message'));
      } else if (opcode === 1 || opcode === 2) {
        this.emit('message', payload);
      } else if (opcode === 8) {
        this.closeCode = len >= 2 ? payload.readUInt16BE(0) : 1005;
        this.frame(0x8, payload.subarray(0, Math.min(2, len)));
        this.socket.end();
      } else if (opcode === 9) {
        this.frame(0xa, payload);
      }
    }
    if (off < b.length) this.pending = Buffer.from(b.subarray(off));
  }

  send(text) {
    this.frame(0x1, Buffer.from(text));
  }

  frame(opcode, payload) {
    if (this.readyState !== OPEN) return;
    const len = payload.length;
    const header = len < 126 ? 2 : 4;
    const f = Buffer.allocUnsafe(header + 4 + len);
    f[0] = 0x80 | opcode;
    if (len < 126) {
      f[1] = 0x80 | len;
    } else {
      f[1] = 0x80 | 126;
      f.writeUInt16BE(len, 2);
    }
    crypto.randomFillSync(f, header, 4);
    for (let i = 0; i < len; i++) f[header + 4 + i] = payload[i] ^ f[header + (i & 3)];
    this.socket.write(f);
  }

  terminate() {
    this.socket.destroy();
  }
}

RawWebSocket.OPEN = OPEN;
module.exports = RawWebSocket;
