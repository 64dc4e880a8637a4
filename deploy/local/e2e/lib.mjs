// What every Node e2e script shares: checks that print one line each, calls through the gateway,
// waiting for something to become true (bounded), logins, the providers' webhook signatures and
// pusher-js's options through the gateway. Node 20, no dependencies.

import { createHmac } from 'node:crypto';

/** Twilio's X-Twilio-Signature: HMAC-SHA1 (auth token) over the public URL followed by every parameter, sorted by name, name then value; base64. */
export function twilioSignature(authToken, url, params) {
  const data = url + Object.keys(params).sort().map((k) => k + params[k]).join('');
  return createHmac('sha1', authToken).update(data).digest('base64');
}

/** Stripe's Stripe-Signature header for a payload: HMAC-SHA256 (endpoint secret) over `{t}.{payload}`. */
export function stripeSignature(secret, payload, created = Math.floor(Date.now() / 1000)) {
  return `t=${created},v1=${createHmac('sha256', secret).update(`${created}.${payload}`).digest('hex')}`;
}

/** pusher-js options for a socket through the gateway (`base`), its private channels authorised by /api/realtime/auth with the JWT. */
export function pusherOptions(base, token) {
  const url = new URL(base);
  return {
    cluster: 'local',
    wsHost: url.hostname,
    wsPort: Number(url.port || 80),
    forceTLS: false,
    enabledTransports: ['ws'],
    disableStats: true,
    channelAuthorization: { endpoint: `${base}/api/realtime/auth`, transport: 'ajax', headers: { Authorization: `Bearer ${token}` } },
  };
}

export function checks() {
  const tally = { passed: 0, failed: 0 };
  tally.check = (name, ok, detail = '') => {
    if (ok) {
      tally.passed++;
      console.log(`  ok    ${name}`);
    } else {
      tally.failed++;
      console.log(`  FAIL  ${name} ${detail}`.trimEnd());
    }
  };
  tally.finish = (label) => {
    console.log(`${label}: ${tally.passed} passed, ${tally.failed} failed`);
    process.exit(tally.failed === 0 ? 0 : 1);
  };
  return tally;
}

export function gateway(base, deadlineMs = 20_000) {
  async function call(method, path, { token, json, form, body, headers = {} } = {}) {
    const init = { method, headers: { ...headers } };
    if (token) init.headers.Authorization = `Bearer ${token}`;
    if (json !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(json);
    }
    if (form) init.body = form;
    if (body !== undefined) init.body = body;
    const res = await fetch(base + path, init);
    const text = await res.text();
    let parsed = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: res.status, type: res.headers.get('content-type') ?? '', headers: res.headers, body: parsed, text };
  }

  async function until(what, probe) {
    const end = Date.now() + deadlineMs;
    let last;
    while (Date.now() < end) {
      last = await probe();
      if (last.done) return last;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return { ...last, done: false, timedOut: what };
  }

  async function login(email, password) {
    const r = await call('POST', '/api/auth/login', { json: { email, password } });
    return r.body?.accessToken;
  }

  return { call, until, login };
}

export const brief = (r) => `(status ${r.status}, body ${String(r.text).slice(0, 300)})`;
