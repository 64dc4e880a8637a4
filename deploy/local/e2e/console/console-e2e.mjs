#!/usr/bin/env node
// The web console (issue 9) in headless Chromium against the running suite, through the gateway only:
// Debian's chromium driven by playwright-core (never a downloaded browser), a fresh profile per run.
// Login (and a wrong password), CSV import with a live progress bar, a signed inbound Twilio webhook
// appearing in the open thread (the delay is printed), optimistic send (pending then confirmed; an
// opted-out number shows failed), presence across two contexts, a cut-and-restored socket missing
// nothing, HTML in a lead's name rendered as text, the phone viewport, screenshots of every page.
//
//   node console-e2e.mjs [GATEWAY_URL] [ARTIFACTS_DIR]   (defaults http://localhost:8080, .dev/artifacts/console)
//   env CHROMIUM_PATH (default /usr/bin/chromium)

import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { brief, checks, gateway, twilioSignature } from '../lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const GW = process.argv[2] ?? 'http://localhost:8080';
const ART = resolve(process.argv[3] ?? resolve(here, '../../../../.dev/artifacts/console'));
const TWILIO_TOKEN = process.env.TWILIO_AUTH_TOKEN ?? 'dev-twilio-token';
const { check, finish: done } = checks();
const { call, until, login } = gateway(GW);
mkdirSync(ART, { recursive: true });

let browser;
const hardStop = setTimeout(() => {
  console.log('  FAIL  the console e2e took longer than 240 s');
  browser?.close().finally(() => process.exit(1));
}, 240_000);

async function finish() {
  clearTimeout(hardStop);
  await browser?.close().catch(() => {});
  console.log(`screenshots: ${ART}`);
  done('console e2e');
}

function twilio(path, params) {
  const signature = twilioSignature(TWILIO_TOKEN, GW + path, params);
  return call('POST', path, {
    body: new URLSearchParams(params).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature },
  });
}
const sid = () => `SM${randomUUID().replaceAll('-', '')}`;
const inbound = (from, body) => twilio('/webhooks/twilio/inbound', { MessageSid: sid(), AccountSid: 'ACe2e', From: from, To: '+15005550006', Body: body, NumMedia: '0' });
const phone = () => `+1415557${String(Math.floor(Math.random() * 9000) + 1000)}`;

async function shot(page, name) {
  await page.waitForTimeout(150);
  await page.screenshot({ path: resolve(ART, `${name}.png`), fullPage: true });
}

async function signIn(page, email, password) {
  await page.goto(`${GW}/login`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
}

const live = (page) => page.waitForSelector('[data-testid=connection].live', { timeout: 15_000 }).then(() => true, () => false);

console.log(`console e2e against ${GW} (chromium ${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'})`);
const admin = await login('admin@demo.test', 'demo-admin');
const rep = await login('rep1@demo.test', 'demo-rep');
const adminMe = (await call('GET', '/api/me', { token: admin })).body ?? {};
const repMe = (await call('GET', '/api/me', { token: rep })).body ?? {};
check('the API logs in the demo admin and rep1', Boolean(admin && rep && adminMe.id && repMe.id));
const settingsBefore = (await call('GET', '/api/messages/settings', { token: admin })).body;
await call('PUT', '/api/messages/settings', { token: admin, json: { ...settingsBefore, quietStart: '00:00', quietEnd: '00:00' } });

browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
// Records the page's WebSockets so the test can cut them (no hook in the product).
// While window.__cut is set, new sockets go to a closed port: the network is down for the console.
const recordSockets = () => {
  const Native = window.WebSocket;
  window.__sockets = [];
  window.__cut = false;
  window.WebSocket = class extends Native {
    constructor(url, ...rest) {
      super(window.__cut ? 'ws://127.0.0.1:9/app/cut' : url, ...rest);
      window.__sockets.push(this);
    }
  };
};
const dialogs = [];
async function newPage(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true, ...options });
  await context.addInitScript(recordSockets);
  const page = await context.newPage();
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  page.on('pageerror', (e) => console.log(`  (page error: ${e.message})`));
  return { context, page };
}

const run = `${Date.now()}`.slice(-7);
const { context: adminContext, page } = await newPage();

// --- login
await page.goto(GW);
await page.waitForSelector('form.login-card');
check('/ sends a signed-out visitor to the login form', page.url().endsWith('/login'));
await shot(page, 'desktop-login');
await signIn(page, 'admin@demo.test', 'not-the-password');
const wrong = await page.waitForSelector('[data-testid=login-error]:not([hidden])', { timeout: 10_000 }).then((e) => e.textContent(), () => '');
check('a wrong password shows the error', /wrong email or password/i.test(wrong), wrong);
await shot(page, 'desktop-login-error');
await signIn(page, 'admin@demo.test', 'demo-admin');
await page.waitForSelector('[data-testid=usage-text]', { timeout: 15_000 }).catch(() => {});
check('the admin signs in and lands on the dashboard', new URL(page.url()).pathname === '/');
check('the connection indicator says live', await live(page));
const usageBefore = (await page.textContent('[data-testid=usage-text]').catch(() => '')) ?? '';
check('the usage counter reads "N / M leads (P%)"', /^\d+ \/ \d+ leads \(\d+%\)$/.test(usageBefore), usageBefore);
const usedBefore = Number(usageBefore.split(' ')[0]);

// --- a lead created over the API moves the counter without a reload; its HTML name stays text
const xssName = '<img src=x onerror=alert(1)>';
const xss = await call('POST', '/api/leads', { token: admin, json: { firstName: xssName, lastName: `Xss${run}`, email: `xss.${run}@example.test` } });
check('a lead named with HTML is created', xss.status === 201, brief(xss));
const moved = await page.waitForFunction((n) => document.querySelector('[data-testid=usage-text]')?.textContent.startsWith(`${n} / `), usedBefore + 1, { timeout: 10_000 }).then(() => true, () => false);
check('the usage counter moves live when a lead arrives (usage.updated)', moved, await page.textContent('[data-testid=usage-text]').catch(() => ''));
await shot(page, 'desktop-dashboard');

// --- CSV import through the page
const rows = Array.from({ length: 40 }, (_, i) => `Imp${i},Run${run},imp${i}.${run}@example.test,,Acme ${run},e2e`);
rows.push(`,Nameless${run},nameless.${run}@example.test,,Acme,e2e`); // no first name: refused
const csv = `First,Last,E-mail,Telephone,Organisation,Labels\n${rows.join('\n')}\n`;
await page.click('nav a[href="/import"]');
await page.setInputFiles('[data-testid=csv-file]', { name: `leads-${run}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) });
await page.click('form.upload button[type=submit]');
const mapped = await page.waitForSelector('[data-testid=mapping]', { timeout: 15_000 }).then(() => true, () => false);
check('the upload shows the suggested mapping', mapped);
const suggested = await page.$$eval('select[data-column]', (ss) => ss.map((x) => `${x.dataset.column}=${x.value || '-'}`).join(' '));
console.log(`  ..    suggested mapping: ${suggested}`);
// the mapping is overridable: set every column the way this file means it
for (const [column, field] of [['First', 'firstName'], ['Last', 'lastName'], ['E-mail', 'email'], ['Telephone', ''], ['Organisation', 'company'], ['Labels', 'tags']]) {
  await page.selectOption(`select[data-column="${column}"]`, field).catch(() => {});
}
await shot(page, 'desktop-import-mapping');
const percents = [];
await page.exposeFunction('__percent', (p) => percents.push(p));
await page.click('[data-testid=start-import]');
await page.waitForSelector('[data-testid=import-percent]', { timeout: 10_000 }).catch(() => {});
await page.evaluate(() => {
  const el = document.querySelector('[data-testid=import-percent]');
  new MutationObserver(() => window.__percent(el.textContent)).observe(el, { childList: true, characterData: true, subtree: true });
});
const finished = await page.waitForSelector('[data-testid=import-status]', { timeout: 30_000 }).then(() => true, () => false);
const percent = await page.textContent('[data-testid=import-percent]').catch(() => '');
check('the progress bar reaches 100%', finished && percent === '100%', `${percent} (seen ${percents.join(' ')})`);
const counts = (await page.textContent('[data-testid=import-counts]').catch(() => '')) ?? '';
check('the counts show 40 created and 1 failed', /40 created/.test(counts) && /1 failed/.test(counts), counts);
const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }).catch(() => null), page.click('[data-testid=errors-csv]').catch(() => {})]);
const errorsCsv = download ? await download.path().then((p) => import('node:fs').then((fs) => fs.readFileSync(p, 'utf8'))) : '';
check('the error CSV downloads with the JWT and names the refused row', /firstName: is required/.test(errorsCsv) && errorsCsv.includes(`Nameless${run}`), errorsCsv.slice(0, 200));
await shot(page, 'desktop-import-done');
await page.click('a[href="/leads"]');
await page.fill('input[name=q]', `Run${run}`);
const listed = await page.waitForFunction(() => document.querySelectorAll('[data-testid=leads-table] tbody tr[data-lead]').length >= 40, null, { timeout: 10_000 }).then(() => true, () => false);
check('the imported rows appear in the leads table', listed, String(await page.locator('[data-testid=leads-table] tbody tr[data-lead]').count()));
await page.fill('input[name=q]', '');
await page.waitForTimeout(600);
await shot(page, 'desktop-leads');
const xssRow = page.locator(`tr[data-lead="${xss.body?.id}"] td a`).first();
const xssText = await xssRow.textContent({ timeout: 5000 }).catch(() => '');
const imgs = await page.locator('[data-testid=leads-table] img').count();
check('a lead named <img src=x onerror=alert(1)> renders as text (no element, no alert)', xssText.includes(xssName) && imgs === 0 && dialogs.length === 0, `${xssText} imgs=${imgs} dialogs=${dialogs}`);

// --- lead thread: optimistic send, inbound webhook under a second, opted out shows failed
const talkerPhone = phone();
const talker = await call('POST', '/api/leads', { token: admin, json: { firstName: 'Tina', lastName: `Thread${run}`, email: `tina.${run}@example.test`, phone: talkerPhone, company: 'Threadworks', assigneeId: repMe.id } });
const leadId = talker.body?.id;
const known = await until('messaging knows the lead', async () => {
  const r = await call('GET', `/api/messages?leadId=${leadId}`, { token: admin });
  return { r, done: r.status === 200 };
});
check('messaging-service knows the new lead (projection)', known.done, brief(known.r ?? {}));
await page.goto(`${GW}/leads/${leadId}`);
await page.waitForSelector('[data-testid=lead-name]', { timeout: 10_000 }).catch(() => {});
await live(page);
await page.evaluate(() => {
  window.__states = [];
  new MutationObserver(() => {
    for (const b of document.querySelectorAll('.bubble.out')) window.__states.push(b.dataset.state);
  }).observe(document.querySelector('[data-testid=thread]'), { childList: true, subtree: true, attributes: true });
});
await page.fill('[data-testid=compose]', `Hello Tina ${run}`);
await page.click('[data-testid=send]');
const confirmed = await page.waitForSelector('.bubble.out[data-state=confirmed]', { timeout: 10_000 }).then(() => true, () => false);
const states = await page.evaluate(() => window.__states);
check('optimistic send: the bubble appears pending, then is confirmed by the realtime status', states[0] === 'pending' && confirmed, states.join(','));

await page.evaluate(() => {
  window.__arrivals = {};
  new MutationObserver(() => {
    for (const b of document.querySelectorAll('.bubble.in .text')) window.__arrivals[b.textContent] ??= Date.now();
  }).observe(document.querySelector('[data-testid=thread]'), { childList: true, subtree: true });
});
const text = `Yes please ${run}`;
const reply = await inbound(talkerPhone, text);
const answeredAt = Date.now();
check('a signed inbound Twilio webhook is accepted by the gateway', reply.status === 200, brief(reply));
await page.waitForFunction((t) => window.__arrivals[t], text, { timeout: 10_000 }).catch(() => {});
const arrivedAt = await page.evaluate((t) => window.__arrivals[t], text);
const delay = arrivedAt ? arrivedAt - answeredAt : NaN;
console.log(`  ..    webhook answered -> message in the open thread: ${Number.isNaN(delay) ? 'never' : `${delay} ms`}`);
check('the inbound message appears in the open thread in under a second, without a reload', delay < 1000, `${delay} ms`);
await shot(page, 'desktop-lead');

// --- presence: the admin and rep1 see each other; rep1 leaves
const { context: repContext, page: repPage } = await newPage();
await signIn(repPage, 'rep1@demo.test', 'demo-rep');
const seesAdmin = await repPage.waitForSelector(`[data-testid=online] [data-member="${adminMe.id}"]`, { timeout: 15_000 }).then(() => true, () => false);
const seesRep = await page.waitForSelector(`[data-testid=online] [data-member="${repMe.id}"]`, { timeout: 15_000 }).then(() => true, () => false);
check('two contexts (ADMIN and REP) see each other online', seesAdmin && seesRep, `rep sees admin ${seesAdmin}, admin sees rep ${seesRep}`);
await repPage.goto(`${GW}/queue`);
await repPage.waitForSelector('.queue, .empty', { timeout: 10_000 }).catch(() => {});
await shot(repPage, 'desktop-queue-rep');
await repContext.close();
const gone = await page.waitForSelector(`[data-testid=online] [data-member="${repMe.id}"]`, { state: 'detached', timeout: 20_000 }).then(() => true, () => false);
check('when the rep closes, the admin sees it go', gone);

// --- a cut socket misses nothing
await page.evaluate(() => {
  window.__indicator = [];
  const el = document.querySelector('[data-testid=connection]');
  new MutationObserver(() => window.__indicator.push(el.textContent)).observe(el, { childList: true, characterData: true, subtree: true });
});
// (closed while online, so the close handshake completes; then the context goes offline too)
await page.evaluate(() => {
  window.__cut = true;
  window.__sockets.forEach((s) => s.close());
});
const cut = await page.waitForSelector('[data-testid=connection]:not(.live)', { timeout: 10_000 }).then(() => true, () => false);
await adminContext.setOffline(true);
check('cutting the socket shows the indicator leaving live', cut, await page.textContent('[data-testid=connection]'));
const missed = [`Missed one ${run}`, `Missed two ${run}`, `Missed three ${run}`];
for (const body of missed) {
  const r = await inbound(talkerPhone, body);
  if (r.status !== 200) console.log(`  (inbound while cut: ${r.status})`);
}
const patched = await call('PATCH', `/api/leads/${leadId}`, { token: admin, json: { company: `Renamed ${run}` } });
check('changes made while the socket is down (3 webhooks, a lead update)', patched.status === 200, brief(patched));
await until('messaging stored the three', async () => {
  const r = await call('GET', `/api/messages?leadId=${leadId}`, { token: admin });
  return { r, done: missed.every((m) => (r.body?.items ?? []).some((x) => x.body === m)) };
});
await page.waitForTimeout(500);
await adminContext.setOffline(false);
await page.evaluate(() => {
  window.__cut = false;
  window.dispatchEvent(new Event('online'));
});
const back = await page.waitForSelector('[data-testid=connection].live', { timeout: 40_000 }).then(() => true, () => false);
check('restored: the indicator is live again', back, (await page.evaluate(() => window.__indicator)).join(' -> '));
console.log(`  ..    indicator while cut and restored: ${(await page.evaluate(() => window.__indicator)).join(' -> ')}`);
const all = await page.waitForFunction((texts) => texts.every((t) => [...document.querySelectorAll('.bubble.in .text')].some((e) => e.textContent === t)), missed, { timeout: 20_000 }).then(() => true, () => false);
const countsSeen = await page.evaluate((texts) => texts.map((t) => [...document.querySelectorAll('.bubble.in .text')].filter((e) => e.textContent === t).length), missed);
await page.waitForTimeout(1500); // a late duplicate would show up here
const countsAfter = await page.evaluate((texts) => texts.map((t) => [...document.querySelectorAll('.bubble.in .text')].filter((e) => e.textContent === t).length), missed);
check('every message sent while cut shows, exactly once', all && countsAfter.every((n) => n === 1), `${countsSeen} then ${countsAfter}`);
const company = await page.waitForFunction((c) => document.querySelector('[data-testid=lead-fields]')?.textContent.includes(c), `Renamed ${run}`, { timeout: 10_000 }).then(() => true, () => false);
check('the lead update made while cut shows', company);
const earlier = await page.evaluate((t) => [...document.querySelectorAll('.bubble.in .text')].filter((e) => e.textContent === t).length, text);
check('messages from before the cut are not doubled', earlier === 1, String(earlier));

// --- opted out: STOP, then a send from the page shows failed with the reason
await inbound(talkerPhone, 'STOP');
await until('opted out', async () => {
  const r = await call('GET', `/api/leads/${leadId}/timeline?limit=50`, { token: admin });
  return { r, done: (r.body?.items ?? []).some((t) => t.type === 'contact.opted_out') };
});
await page.fill('[data-testid=compose]', `Are you there ${run}?`);
await page.click('[data-testid=send]');
const failed = await page.waitForSelector('.bubble.out[data-state=failed] [data-testid=failure-reason]', { timeout: 10_000 }).then((e) => e.textContent(), () => '');
check('a send to an opted-out number shows failed with the reason', /opted out/i.test(failed), failed);
await shot(page, 'desktop-lead-after');

// --- the XSS lead's own page
await page.goto(`${GW}/leads/${xss.body?.id}`);
const heading = await page.waitForSelector('[data-testid=lead-name]', { timeout: 10_000 }).then((e) => e.textContent(), () => '');
check('the lead page shows the HTML name as text', heading.includes(xssName) && (await page.locator('main img').count()) === 0 && dialogs.length === 0, heading);

// --- the other desktop pages
for (const [path, name, selector] of [['/queue', 'desktop-queue', 'h1'], ['/revenue', 'desktop-revenue', '.card h2'], ['/admin', 'desktop-admin', '.card, .banner']]) {
  await page.goto(`${GW}${path}`);
  await page.waitForSelector(selector, { timeout: 10_000 }).catch(() => {});
  await page.waitForFunction(() => !document.querySelector('.loading'), null, { timeout: 10_000 }).catch(() => {});
  await shot(page, name);
}

// --- phone viewport (390 x 844)
const { page: phonePage } = await newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
await signIn(phonePage, 'rep1@demo.test', 'demo-rep');
const phoneDash = await phonePage.waitForSelector('[data-testid=usage-text]', { timeout: 15_000 }).then(() => true, () => false);
const noScroll = async () => phonePage.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
check('phone: log in and see the dashboard without sideways scrolling', phoneDash && (await noScroll()));
await shot(phonePage, 'phone-dashboard');
await phonePage.click('button.menu');
await shot(phonePage, 'phone-nav');
const navHeights = await phonePage.$$eval('nav.nav a', (as) => as.map((a) => a.getBoundingClientRect().height));
await phonePage.click('nav.nav a[href="/leads"]');
const cards = await phonePage.waitForSelector('[data-testid=leads-table] tr[data-lead]', { timeout: 10_000 }).then(() => true, () => false);
check('phone: the nav collapses behind a menu and the leads become cards', cards && navHeights.every((h) => h >= 40) && (await noScroll()), navHeights.join(','));
await shot(phonePage, 'phone-leads');
await phonePage.goto(`${GW}/leads/${leadId}`);
const thread = await phonePage.waitForSelector('.bubble.in', { timeout: 10_000 }).then(() => true, () => false);
const send = await phonePage.locator('[data-testid=send]').boundingBox();
const inView = send && send.x >= 0 && send.x + send.width <= 391 && send.height >= 40;
check("phone: a lead's thread is readable and the send button is a >= 40 px target on screen", thread && inView && (await noScroll()), JSON.stringify(send));
await shot(phonePage, 'phone-lead');

await call('PUT', '/api/messages/settings', { token: admin, json: settingsBefore });
await finish();
