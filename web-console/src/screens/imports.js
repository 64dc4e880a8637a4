// CSV import: upload (analysed, not started) -> the suggested mapping, overridable -> start -> a progress
// bar moved by import.progress on private-org-{id} -> counts and the error CSV.
import * as api from '../lib/api.js';
import { ago, empty, errorBanner, h, loading, mount } from '../lib/dom.js';

const FIELDS = [['', 'Ignore'], ['firstName', 'First name'], ['lastName', 'Last name'], ['email', 'Email'], ['phone', 'Phone'], ['company', 'Company'], ['tags', 'Tags']];
const MODES = [['CREATE_ONLY', 'Create new leads only'], ['SKIP_DUPLICATES', 'Skip duplicates'], ['UPSERT_BY_EMAIL', 'Update matches by email'], ['UPSERT_BY_PHONE', 'Update matches by phone']];
const DONE = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'STOPPED_AT_QUOTA']);

export function render(root, { rt, me }) {
  const step = h('div');
  const recent = h('div.card', h('h2', 'Recent imports'), loading());
  mount(root, h('div.page-head', h('h1', 'Import leads'), h('p.muted', 'Upload a CSV, check the columns, and watch it land.')), step, recent);
  let job = null;

  function chooseFile() {
    const file = h('input', { type: 'file', name: 'file', accept: '.csv,text/csv', required: true, 'data-testid': 'csv-file' });
    const err = h('div');
    const button = h('button.primary', { type: 'submit' }, 'Upload and review');
    mount(step, h('form.card.upload', { onsubmit: async (e) => {
      e.preventDefault();
      if (!file.files[0]) return;
      button.disabled = true;
      button.textContent = 'Analysing…';
      mount(err);
      const form = new FormData();
      form.append('file', file.files[0]);
      form.append('start', 'false');
      try {
        job = await api.request('POST', '/api/leads/imports', { form });
        review();
      } catch (ex) {
        mount(err, errorBanner(ex));
        button.disabled = false;
        button.textContent = 'Upload and review';
      }
    } }, h('h2', '1. Choose a CSV file'), h('p.muted', 'A header row with first name and an email or phone per lead. Up to 200 MB.'),
    h('label.file', file), err, button));
  }

  function review() {
    const suggested = job.mapping && Object.keys(job.mapping).length ? job.mapping : job.suggestedMapping ?? {};
    const selects = new Map();
    const mode = h('select', { name: 'mode', 'aria-label': 'Mode' }, MODES.map(([v, l]) => h('option', { value: v }, l)));
    const err = h('div');
    const start = h('button.primary', { type: 'submit', 'data-testid': 'start-import' }, `Import ${job.totalRows} rows`);
    const headers = job.headers ?? [];
    const sample = job.sampleRows ?? [];
    mount(step, h('form.card', { onsubmit: async (e) => {
      e.preventDefault();
      const mapping = {};
      for (const [header, select] of selects) if (select.value) mapping[header] = select.value;
      start.disabled = true;
      mount(err);
      try {
        await api.put(`/api/leads/imports/${job.id}/mapping`, { mapping, mode: mode.value });
        await api.post(`/api/leads/imports/${job.id}/start`);
        progress();
      } catch (ex) {
        mount(err, errorBanner(ex));
        start.disabled = false;
      }
    } },
    h('h2', '2. Match the columns'),
    h('p.muted', `${job.totalRows} rows found. We suggested a field for each column; change any you like.`),
    h('div.table-wrap', h('table.table.mapping', { 'data-testid': 'mapping' },
      h('thead', h('tr', h('th', 'Column'), h('th', 'Field'), h('th', 'Sample'))),
      h('tbody', headers.map((header, i) => {
        const select = h('select', { 'aria-label': `Field for ${header}`, dataset: { column: header } },
          FIELDS.map(([v, l]) => h('option', { value: v, selected: (suggested[header] ?? '') === v }, l)));
        selects.set(header, select);
        return h('tr', h('td', { 'data-label': 'Column' }, h('strong', header)), h('td', { 'data-label': 'Field' }, select),
          h('td.muted', { 'data-label': 'Sample' }, sample.slice(0, 3).map((r) => (Array.isArray(r) ? r[i] : r?.[header]) ?? '').filter(Boolean).join(', ')));
      })))),
    h('label', 'When a lead already exists', mode), err,
    h('div.actions', h('button.secondary', { type: 'button', onclick: chooseFile }, 'Choose another file'), start)));
  }

  function progress() {
    const bar = h('span', { style: { width: '0%' } });
    const pct = h('span.value', { 'data-testid': 'import-percent' }, '0%');
    const counts = h('div.counts', { 'data-testid': 'import-counts' });
    const tail = h('div');
    mount(step, h('div.card', { 'data-testid': 'import-progress' }, h('h2', '3. Importing'),
      h('div.progress-row', h('div.bar.big', { role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100 }, bar), pct),
      counts, tail));
    let last = -1;
    const show = (p) => {
      if (p.importId && p.importId !== job.id) return;
      const total = p.total ?? p.totalRows ?? job.totalRows ?? 0;
      const done = DONE.has(p.status);
      const percent = done ? 100 : total ? Math.floor((100 * (p.processed ?? 0)) / total) : 0;
      if (percent < last && !done) return; // an older message arriving late
      last = percent;
      bar.style.width = `${percent}%`;
      bar.parentElement.setAttribute('aria-valuenow', String(percent));
      pct.textContent = `${percent}%`;
      mount(counts,
        h('span', h('strong', String(p.created ?? 0)), ' created'),
        h('span', h('strong', String(p.updated ?? 0)), ' updated'),
        h('span', h('strong', String(p.skipped ?? 0)), ' skipped'),
        h('span', { class: p.failed ? 'bad' : '' }, h('strong', String(p.failed ?? 0)), ' failed'),
        p.leftOut ? h('span.bad', h('strong', String(p.leftOut)), ' left out (plan limit)') : null);
      if (done) {
        mount(tail,
          h('p', { class: p.status === 'COMPLETED' ? 'ok' : 'bad', 'data-testid': 'import-status' }, statusText(p.status)),
          p.failed ? h('button.secondary', { type: 'button', 'data-testid': 'errors-csv',
            onclick: () => api.download(`/api/leads/imports/${job.id}/errors.csv`, `import-${job.id}-errors.csv`) }, `Download the ${p.failed} refused rows (CSV)`) : null,
          h('div.actions', h('a.button.primary', { href: '/leads' }, 'See the leads'), h('button.secondary', { type: 'button', onclick: () => { chooseFile(); loadRecent(); } }, 'Import another file')));
        loadRecent();
      }
    };
    off.push(rt.on(`private-org-${me.orgId}`, 'import.progress', show));
    off.push(rt.onResync(() => api.get(`/api/leads/imports/${job.id}`).then((j) => show({ ...j, importId: j.id }), () => {})));
    api.get(`/api/leads/imports/${job.id}`).then((j) => show({ ...j, importId: j.id }), () => {});
  }

  const statusText = (s) => ({ COMPLETED: 'Import complete.', FAILED: 'The import failed.', CANCELLED: 'Import cancelled.', STOPPED_AT_QUOTA: 'Stopped: the plan\'s lead limit is reached.' })[s] ?? s;

  function loadRecent() {
    api.get('/api/leads/imports?limit=10').then((r) => mount(recent, h('h2', 'Recent imports'),
      (r.items ?? []).length === 0 ? empty('No imports yet') : h('ul.list', r.items.map((j) => h('li',
        h('span', `${j.totalRows ?? '?'} rows`), h('span.badge', j.status),
        h('span.muted', `${j.created ?? 0} created · ${j.failed ?? 0} failed`),
        j.failed ? h('button.link', { type: 'button', onclick: () => api.download(`/api/leads/imports/${j.id}/errors.csv`, `import-${j.id}-errors.csv`) }, 'errors.csv') : null,
        h('span.right.muted', ago(j.createdAt)))))), (e) => mount(recent, h('h2', 'Recent imports'), errorBanner(e)));
  }

  const off = [];
  chooseFile();
  loadRecent();
  return () => off.forEach((fn) => fn());
}
