#!/usr/bin/env node
// The lead features (issue 3) against the running suite, through the gateway only, as a frontend
// sees them: CSV import with a bad row, list and search, pipeline moves, the public preview page,
// a lead turning hot on its third view, the call queue, the timeline and the usage counter.
// Node 20, no dependencies. Prints one line per check and closes with "e2e: N passed, M failed".
//
//   node deploy/local/e2e/lead-flow.mjs [GATEWAY_URL]     (default http://localhost:8080)

import { brief, checks, gateway } from './lib.mjs';

const GW = process.argv[2] ?? 'http://localhost:8080';
const { check, finish } = checks();
const { call, until, login } = gateway(GW);

console.log(`lead e2e against ${GW}`);
const admin = await login('admin@demo.test', 'demo-admin');
const rep = await login('rep1@demo.test', 'demo-rep');
check('admin and rep1 log in', Boolean(admin && rep));
const repId = (await call('GET', '/api/me', { token: rep })).body?.id;

// --- usage (F6)
const usageBefore = await call('GET', '/api/usage', { token: admin });
check('GET /api/usage answers used, limit and percent', usageBefore.status === 200
  && Number.isInteger(usageBefore.body?.used) && Number.isInteger(usageBefore.body?.limit), brief(usageBefore));

// --- CSV import (F3): BOM, ';' delimiter, a quoted newline, a duplicate and an invalid phone
const run = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
const csv = '\uFEFF' + [
  'First Name;Last Name;E-mail;Mobile;Company;Tags',
  `Grace;Hopper;grace.${run}@navy.test;+1 415 555 0101;"US Navy\nCOBOL team";e2e,import`,
  `Alan;Turing;alan.${run}@bletchley.test;;Bletchley Park;e2e`,
  `Alan;Again;ALAN.${run}@Bletchley.test;;Bletchley Park;e2e`,
  `Bad;Phone;bad.${run}@example.test;12;Nowhere;e2e`,
].join('\r\n') + '\r\n';
const form = new FormData();
form.append('file', new Blob([csv], { type: 'text/csv' }), `e2e-${run}.csv`);
form.append('mode', 'CREATE_ONLY');
const upload = await call('POST', '/api/leads/imports', { token: admin, form });
check('CSV upload through the gateway: 202 with a job', upload.status === 202 && upload.body?.id, brief(upload));
check('  ... the mapping was suggested from the headers', upload.body?.suggestedMapping
  && Object.values(upload.body.suggestedMapping).includes('email'), brief(upload));
const importId = upload.body?.id;
const finished = await until('import to finish', async () => {
  const r = await call('GET', `/api/leads/imports/${importId}`, { token: admin });
  return { r, done: r.body && !['RUNNING', 'ANALYSED', 'PENDING'].includes(r.body.status) };
});
const job = finished.r?.body ?? {};
check('the import completes: 2 created, 2 failed (duplicate in file, invalid phone)',
  job.status === 'COMPLETED' && job.created === 2 && job.failed === 2, brief(finished.r ?? {}));
const errorsCsv = await call('GET', `/api/leads/imports/${importId}/errors.csv`, { token: admin });
check('errors.csv has the rows with their reasons', errorsCsv.status === 200
  && /duplicate/i.test(errorsCsv.text) && /phone/i.test(errorsCsv.text), brief(errorsCsv));
const badFile = new FormData();
badFile.append('file', new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d])]), 'image.csv');
const binary = await call('POST', '/api/leads/imports', { token: admin, form: badFile });
check('a binary file renamed .csv: 400 problem', binary.status === 400 && binary.type.startsWith('application/problem+json'), brief(binary));

// --- list, search, filters (F2)
const found = await call('GET', `/api/leads?q=${run}&sort=lastName&limit=10`, { token: admin });
const names = (found.body?.items ?? []).map((lead) => lead.lastName);
check('search finds the imported leads, sorted by last name', found.status === 200
  && names.join(',') === 'Hopper,Turing', brief(found));
const grace = (found.body?.items ?? []).find((lead) => lead.lastName === 'Hopper') ?? {};
check('  ... the phone is E.164 and the quoted newline kept', grace.phone === '+14155550101'
  && String(grace.company).includes('\n'), JSON.stringify(grace).slice(0, 300));
const hidden = await call('GET', `/api/leads?q=${run}`, { token: rep });
check('rep1 does not see the admin\'s unassigned imports', hidden.status === 200 && hidden.body.items.length === 0, brief(hidden));

const move = await call('POST', `/api/leads/${grace.id}/status`, { token: admin, json: { status: 'PAID' } });
check('NEW -> PAID is refused: 409 problem', move.status === 409 && move.type.startsWith('application/problem+json'), brief(move));

// --- preview page (F4) and hot lead (F5)
const page = await call('GET', `/p/${grace.previewToken}`);
const csp = page.headers.get('content-security-policy') ?? '';
check('the preview page is public HTML with a strict CSP', page.status === 200
  && page.type.startsWith('text/html') && csp.includes("default-src 'none'"), brief(page));
const missing = await call('GET', `/p/${'0'.repeat(64)}`);
check('an unknown preview token: 404', missing.status === 404, brief(missing));
for (let view = 1; view <= 3; view++) {
  const r = await call('POST', `/p/${grace.previewToken}/events`, {
    json: { type: 'VIEW', clientEventId: `e2e-${run}-${view}` },
  });
  check(`preview view ${view}: 204`, r.status === 204, brief(r));
}
const hot = await call('GET', `/api/leads/${grace.id}`, { token: admin });
check('the third view made the lead HOT at once', hot.body?.status === 'HOT' && hot.body?.views === 3, brief(hot));

// --- call queue (F5)
const queue = await call('GET', '/api/call-queue', { token: rep });
check('rep1 sees the unassigned hot lead in the pool', (queue.body?.items ?? []).some((e) => e.leadId === grace.id), brief(queue));
const claim = await call('POST', `/api/call-queue/${grace.id}/claim`, { token: rep });
check('rep1 claims it', claim.status === 200, brief(claim));
const second = await call('POST', `/api/call-queue/${grace.id}/claim`, { token: admin });
check('a second claim: 409 naming who calls', second.status === 409 && JSON.stringify(second.body).includes(repId), brief(second));
const done = await call('POST', `/api/call-queue/${grace.id}/complete`, {
  token: rep, json: { outcome: 'CONNECTED', notes: 'wants a quote', durationSeconds: 95 },
});
check('rep1 completes the call', done.status === 204, brief(done));
const timeline = await call('GET', `/api/leads/${grace.id}/timeline`, { token: rep });
const types = (timeline.body?.items ?? []).map((a) => a.type);
check('the timeline shows the call, the hot turn and the views, newest first',
  types[0] === 'call.completed' && types.includes('lead.status_changed') && types.includes('preview.viewed')
  && types.at(-1) === 'lead.created', JSON.stringify(types));

const usageAfter = await call('GET', '/api/usage', { token: admin });
check('usage counts the imported leads', usageAfter.body?.used === usageBefore.body?.used + 2, brief(usageAfter));

finish('e2e');
