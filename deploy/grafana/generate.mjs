// Generates the provisioned Grafana dashboards (dashboards/*.json) from the definitions below:
// `node deploy/grafana/generate.mjs`. The JSON files are committed; `--check` fails when they differ
// from what this script generates (./dev test runs it), so the two never drift apart.
//
// Every query is also run against a real Prometheus scraping the running suite by
// deploy/local/e2e/dashboards.mjs (./dev e2e). Each target says what that test may expect:
// expect: 'data' (the default: it must return at least one series after the e2e flows) or
// 'maybe-empty' (a series that exists only once something went wrong, such as a dead letter or a
// 5xx, or only on a path the flows do not take). The field stays in the JSON; Grafana ignores it.
import { writeFileSync, readFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = join(HERE, 'dashboards');
const DS = { type: 'prometheus', uid: 'prometheus' };
const R = '$__rate_interval';

const SERVICES = ['gateway-service', 'lead-service', 'messaging-service', 'billing-service',
  'enrichment-service', 'notification-service', 'realtime-service'];

// ---- panel helpers -------------------------------------------------------------------------
const t = (expr, legend = '', expect = 'data') => ({ expr, legend, expect });
const ts = (title, targets, { unit = 'short', w = 12, h = 8, desc = '' } = {}) =>
  ({ kind: 'timeseries', title, targets, unit, w, h, desc });
const stat = (title, targets, { unit = 'short', w = 6, h = 4, desc = '' } = {}) =>
  ({ kind: 'stat', title, targets, unit, w, h, desc });
const row = (title) => ({ kind: 'row', title });

const p99 = (metric, sel, by = '') =>
  `histogram_quantile(0.99, sum by (le${by ? ', ' + by : ''}) (rate(${metric}_bucket{${sel}}[${R}])))`;
const p50 = (metric, sel, by = '') =>
  `histogram_quantile(0.5, sum by (le${by ? ', ' + by : ''}) (rate(${metric}_bucket{${sel}}[${R}])))`;

// Panels every service has (its "platform" part).
function platformPanels(s, { http = true, kafka = true, outbox = true } = {}) {
  const sel = `service="${s}"`;
  const panels = [row('Health and JVM'),
    stat('Up', [t(`up{${sel}}`)], { w: 4 }),
    stat('CPU (process)', [t(`process_cpu_usage{${sel}}`)], { unit: 'percentunit', w: 4 }),
    stat('Heap used', [t(`sum(jvm_memory_used_bytes{${sel}, area="heap"})`)], { unit: 'bytes', w: 4 }),
    ts('GC pause time per second', [t(`sum by (cause) (rate(jvm_gc_pause_seconds_sum{${sel}}[${R}]))`, '{{cause}}')], { unit: 's', w: 12 }),
  ];
  if (http) {
    panels.push(row('HTTP (by route template)'),
      ts('Requests per second by route and status', [t(`sum by (uri, status) (rate(http_server_requests_seconds_count{${sel}}[${R}]))`, '{{uri}} {{status}}')]),
      ts('Latency p99 by route (from the SLO buckets: 50 ms … 2.5 s)', [t(p99('http_server_requests_seconds', sel, 'uri'), '{{uri}}')], { unit: 's' }),
      ts('5xx per second', [t(`sum by (uri, status) (rate(http_server_requests_seconds_count{${sel}, status=~"5.."}[${R}]))`, '{{uri}} {{status}}', 'maybe-empty')]));
  }
  if (kafka) {
    panels.push(row('Kafka'),
      ts('Consumer lag (max per consumer)', [t(`max by (client_id) (kafka_consumer_fetch_manager_records_lag_max{${sel}})`, '{{client_id}}')]));
  }
  if (kafka === true) { // Spring Kafka listeners with the platform's idempotent consumers
    panels.push(
      ts('Listener processing time p99', [t(p99('spring_kafka_listener_seconds', sel, 'spring_kafka_listener_id'), '{{spring_kafka_listener_id}}')], { unit: 's' }),
      ts('Events consumed per second by consumer and outcome', [t(`sum by (consumer, outcome) (rate(leadpulse_events_consumed_total{${sel}}[${R}]))`, '{{consumer}} {{outcome}}')]),
      ts('Dead letters (last hour)', [t(`sum by (topic) (increase(leadpulse_kafka_dead_letters_total{${sel}}[1h]))`, '{{topic}}', 'maybe-empty')]));
  }
  if (outbox) {
    panels.push(row('Outbox'),
      ts('Outbox backlog (unpublished rows)', [t(`sum(leadpulse_outbox_backlog{${sel}})`, 'rows')], { w: 8 }),
      ts('Oldest unpublished row', [t(`max(leadpulse_outbox_oldest_age_seconds{${sel}})`, 'age')], { unit: 's', w: 8 }),
      ts('Events committed per second by type', [t(`sum by (type) (rate(leadpulse_events_committed_total{${sel}}[${R}]))`, '{{type}}')], { w: 8 }),
      ts('Database connections (Hikari)', [t(`sum by (pool) (hikaricp_connections_active{${sel}})`, 'active {{pool}}'), t(`sum by (pool) (hikaricp_connections_pending{${sel}})`, 'pending {{pool}}')]));
  }
  return panels;
}

// ---- the dashboards ------------------------------------------------------------------------
const dashboards = [];
const dash = (uid, title, description, panels, tags = []) => dashboards.push({ uid, title, description, panels, tags });

dash('leadpulse-overview', 'LeadPulse: suite overview', 'Is every service up, how busy, how healthy: one glance.', [
  row('Services'),
  ...SERVICES.map((s) => stat(s.replace('-service', ''), [t(`up{service="${s}"}`)], { w: 3, h: 3 })),
  row('Traffic and errors'),
  ts('Requests per second through the gateway, by route', [t(`sum by (spring_cloud_gateway_route_id) (rate(http_client_requests_seconds_count{service="gateway-service"}[${R}]))`, '{{spring_cloud_gateway_route_id}}')]),
  ts('Gateway 5xx ratio', [t(`sum(rate(http_server_requests_seconds_count{service="gateway-service", status=~"5.."}[${R}])) / sum(rate(http_server_requests_seconds_count{service="gateway-service"}[${R}]))`, '5xx', 'maybe-empty')], { unit: 'percentunit' }),
  ts('Gateway latency p99: all requests, and the proxied call by route', [
    t(p99('http_server_requests_seconds', 'service="gateway-service"'), 'all (client to gateway to client)'),
    t(p99('http_client_requests_seconds', 'service="gateway-service"', 'spring_cloud_gateway_route_id'), '{{spring_cloud_gateway_route_id}}')], { unit: 's' }),
  ts('Requests per second by service', [t(`sum by (service) (rate(http_server_requests_seconds_count[${R}]))`, '{{service}}')]),
  row('Event backbone'),
  ts('Outbox backlog by service', [t('sum by (service) (leadpulse_outbox_backlog)', '{{service}}')], { w: 8 }),
  ts('Consumer lag by service (max)', [t('max by (service) (kafka_consumer_fetch_manager_records_lag_max)', '{{service}}')], { w: 8 }),
  ts('Dead letters (last hour) by service', [t('sum by (service, topic) (increase(leadpulse_kafka_dead_letters_total[1h]))', '{{service}} {{topic}}', 'maybe-empty')], { w: 8 }),
  row('Resources'),
  ts('CPU by service', [t('process_cpu_usage', '{{service}}')], { unit: 'percentunit' }),
  ts('Heap used by service', [t('sum by (service) (jvm_memory_used_bytes{area="heap"})', '{{service}}')], { unit: 'bytes' }),
  row('Alerts'),
  ts('Firing alerts', [t('sum by (alertname) (ALERTS{alertstate="firing"})', '{{alertname}}', 'maybe-empty')], { w: 24 }),
], ['overview']);

const extra = {
  'gateway-service': [row('Routes (the proxied call to each service)'),
    ts('Requests per second by route and status', [t(`sum by (spring_cloud_gateway_route_id, http_status_code) (rate(http_client_requests_seconds_count{service="gateway-service"}[${R}]))`, '{{spring_cloud_gateway_route_id}} {{http_status_code}}')]),
    ts('Latency p99 by route', [t(p99('http_client_requests_seconds', 'service="gateway-service"', 'spring_cloud_gateway_route_id'), '{{spring_cloud_gateway_route_id}}')], { unit: 's' }),
    ts('Webhook deliveries per second by route and status', [t(`sum by (spring_cloud_gateway_route_id, http_status_code) (rate(http_client_requests_seconds_count{service="gateway-service", spring_cloud_gateway_route_id=~".*webhook.*"}[${R}]))`, '{{spring_cloud_gateway_route_id}} {{http_status_code}}')]),
    row('Edge'),
    ts('Rate-limit rejections per second by bucket', [t(`sum by (kind) (rate(gateway_rate_limit_rejections_total[${R}]))`, '{{kind}}', 'maybe-empty')])],
  'lead-service': [row('Leads'),
    ts('Leads created, hot, won per hour', [t(`sum by (type) (increase(leadpulse_events_committed_total{service="lead-service", type=~"lead.created|lead.became_hot|lead.status_changed|lead.import_finished"}[1h]))`, '{{type}}')])],
  'messaging-service': [row('Messages and webhooks'),
    ts('Twilio webhooks per second by kind and result', [t(`sum by (kind, result) (rate(messaging_webhooks_total[${R}]))`, '{{kind}} {{result}}')]),
    ts('Messages sent per second by provider and outcome', [t(`sum by (provider, outcome) (rate(messaging_messages_sent_total[${R}]))`, '{{provider}} {{outcome}}')]),
    ts('Inbound messages per second', [t(`sum by (outcome) (rate(messaging_messages_inbound_total[${R}]))`, '{{outcome}}')]),
    ts('Status updates per second', [t(`sum by (status) (rate(messaging_status_updates_total[${R}]))`, '{{status}}')])],
  'billing-service': [row('Stripe'),
    ts('Stripe webhooks per second by result', [t(`sum by (result) (rate(billing_webhooks_received_total[${R}]))`, '{{result}}')]),
    ts('Stripe events processed per second by result', [t(`sum by (result) (rate(billing_stripe_events_processed_total[${R}]))`, '{{result}}')]),
    ts('Stored events waiting to be processed', [t('sum(billing_stripe_events_backlog)', 'backlog')]),
    ts('Reconciliation drift (events the webhooks missed)', [t('sum(billing_reconciliation_drift)', 'drift')])],
  'enrichment-service': [row('Enrichment jobs and providers'),
    ts('Jobs waiting (pending or waiting for a provider)', [t('sum(enrichment_jobs_pending)', 'pending')]),
    ts('Jobs worked per second by outcome', [t(`sum by (outcome) (rate(enrichment_jobs_worked_total[${R}]))`, '{{outcome}}')]),
    // Offline providers (no keys, as in ./dev up) make no HTTP calls: empty until a provider is configured.
    ts('Provider calls per second by provider and outcome (rate_limited, retried, circuit_open...)', [t(`sum by (provider, outcome) (rate(enrichment_provider_calls_total[${R}]))`, '{{provider}} {{outcome}}', 'maybe-empty')]),
    ts('Provider cache hits and misses per second', [t(`sum by (provider, result) (rate(enrichment_cache_total[${R}]))`, '{{provider}} {{result}}', 'maybe-empty')])],
  'notification-service': [row('Notifications'),
    ts('Notifications delivered per second', [t(`sum by (channel, outcome) (rate(notification_deliveries_total[${R}]))`, '{{channel}} {{outcome}}')]),
    ts('Notification emails per second', [t(`sum by (outcome) (rate(notification_emails_total[${R}]))`, '{{outcome}}', 'maybe-empty')])],
  'realtime-service': [row('Sockets (details on the realtime dashboard)'),
    ts('Open connections', [t('sum(realtime_connections)', 'connections')]),
    ts('Delivery latency p99', [t(p99('realtime_delivery_latency_seconds', 'service="realtime-service"'), 'p99')], { unit: 's' })],
};
for (const s of SERVICES) {
  // realtime-service reads Kafka with plain consumers (every instance all partitions, no group): lag, no listeners
  const kafka = s === 'gateway-service' ? false : s === 'realtime-service' ? 'client-only' : true;
  const opts = { http: true, kafka, outbox: !['gateway-service', 'realtime-service'].includes(s) };
  dash(`leadpulse-${s}`, `LeadPulse: ${s}`, `${s}: health, HTTP, Kafka, outbox, and its own work.`,
    [...platformPanels(s, opts), ...extra[s]], ['service']);
}

dash('leadpulse-event-flow', 'LeadPulse: event flow (webhook to socket)',
  'Each hop of a provider webhook on its way to a browser: accepted, stored and committed as events, published, consumed, delivered.', [
  row('1. Webhooks accepted'),
  ts('Webhook deliveries per second by provider and result', [
    t(`sum by (provider, result) (rate(billing_webhooks_received_total[${R}]))`, '{{provider}} {{result}}'),
    t(`sum by (provider, result) (rate(messaging_webhooks_total[${R}]))`, '{{provider}} {{result}}')]),
  ts('Gateway webhook latency p99 by route (the proxied call)', [t(p99('http_client_requests_seconds', 'service="gateway-service", spring_cloud_gateway_route_id=~".*webhook.*"', 'spring_cloud_gateway_route_id'), '{{spring_cloud_gateway_route_id}}')], { unit: 's' }),
  row('2. Events committed and published'),
  ts('Events committed per second by service', [t(`sum by (service) (rate(leadpulse_events_committed_total[${R}]))`, '{{service}}')]),
  ts('Oldest unpublished outbox row by service', [t('max by (service) (leadpulse_outbox_oldest_age_seconds)', '{{service}}')], { unit: 's' }),
  row('3. Consumed'),
  ts('Events applied per second by consumer', [t(`sum by (consumer) (rate(leadpulse_events_consumed_total{outcome="applied"}[${R}]))`, '{{consumer}}')]),
  ts('Consumer lag by service (max)', [t('max by (service) (kafka_consumer_fetch_manager_records_lag_max)', '{{service}}')]),
  row('4. Delivered to sockets'),
  ts('Realtime messages in (by source) and frames out per second', [
    t(`sum by (source) (rate(realtime_messages_in_total[${R}]))`, 'in {{source}}'),
    t(`sum(rate(realtime_messages_out_total[${R}]))`, 'out')]),
  ts('Event to socket write, p50 and p99', [
    t(p50('realtime_delivery_latency_seconds', ''), 'p50'),
    t(p99('realtime_delivery_latency_seconds', ''), 'p99')], { unit: 's' }),
], ['flow']);

dash('leadpulse-realtime', 'LeadPulse: realtime', 'The one socket every client keeps open: connections, channels, delivery, resumes, refusals.', [
  row('Connections'),
  ts('Open connections by instance', [t('realtime_connections', '{{instance}}')]),
  ts('Subscriptions by channel type', [t('sum by (type) (realtime_subscriptions)', '{{type}}')]),
  ts('Connections closed per second by close code', [t(`sum by (code) (rate(realtime_connections_closed_total[${R}]))`, '{{code}}')]),
  ts('Slow-consumer disconnects (4100) per minute', [t(`sum(rate(realtime_slow_consumer_disconnects_total[${R}])) * 60`, '4100', 'maybe-empty')]),
  row('Delivery'),
  ts('Messages in per second by source', [t(`sum by (source) (rate(realtime_messages_in_total[${R}]))`, '{{source}}')]),
  ts('Frames written per second', [t(`sum(rate(realtime_messages_out_total[${R}]))`, 'frames')]),
  ts('Event to socket write: p50, p99', [t(p50('realtime_delivery_latency_seconds', ''), 'p50'), t(p99('realtime_delivery_latency_seconds', ''), 'p99')], { unit: 's' }),
  ts('Delivery SLO: share slower than 1 s (5 min, 1 h)', [t('leadpulse:realtime_delivery_slow:ratio_rate5m', '5 min'), t('leadpulse:realtime_delivery_slow:ratio_rate1h', '1 h')], { unit: 'percentunit' }),
  row('Resumes and refusals'),
  ts('Resumes per second (replayed, resync)', [t(`sum by (outcome) (rate(realtime_resumes_total[${R}]))`, '{{outcome}}', 'maybe-empty')]),
  ts('Auth failures per second by reason', [t(`sum by (reason) (rate(realtime_auth_failures_total[${R}]))`, '{{reason}}')]),
], ['realtime']);

dash('leadpulse-business', 'LeadPulse: business KPIs', 'Leads, replies, hot leads, payments and MRR, for the whole platform (no per-organisation labels).', [
  row('Now'),
  stat('MRR', [t('sum(billing_mrr_minor) / 100')], { unit: 'currencyUSD', w: 6 }),
  stat('Paying subscriptions', [t('sum(billing_subscriptions_paying)')], { w: 6 }),
  stat('Leads created (24 h)', [t('sum(increase(leadpulse_events_committed_total{type="lead.created"}[24h]))')], { w: 6 }),
  stat('Payments (24 h)', [t('sum(increase(leadpulse_events_committed_total{type="payment.succeeded"}[24h]))')], { w: 6 }),
  row('Per hour'),
  ts('Leads created per hour', [t('sum(increase(leadpulse_events_committed_total{type="lead.created"}[1h]))', 'leads')]),
  ts('Replies (inbound messages) per hour', [t('sum(increase(leadpulse_events_committed_total{type="message.inbound"}[1h]))', 'replies')]),
  ts('Hot leads per hour', [t('sum(increase(leadpulse_events_committed_total{type="lead.became_hot"}[1h]))', 'hot')]),
  ts('Messages sent and payments per hour', [
    t('sum(increase(leadpulse_events_committed_total{type="message.sent"}[1h]))', 'messages sent'),
    t('sum(increase(leadpulse_events_committed_total{type="payment.succeeded"}[1h]))', 'payments')]),
  ts('MRR over time', [t('sum(billing_mrr_minor) / 100', 'MRR')], { unit: 'currencyUSD', w: 24 }),
], ['business']);

// ---- Grafana JSON --------------------------------------------------------------------------
function toGrafana(d) {
  let x = 0, y = 0, rowH = 0, id = 1;
  const panels = [];
  for (const p of d.panels) {
    if (p.kind === 'row') {
      if (x > 0) { y += rowH; x = 0; rowH = 0; }
      panels.push({ id: id++, type: 'row', title: p.title, collapsed: false, gridPos: { h: 1, w: 24, x: 0, y }, panels: [] });
      y += 1;
      continue;
    }
    if (x + p.w > 24) { y += rowH; x = 0; rowH = 0; }
    panels.push({
      id: id++,
      type: p.kind,
      title: p.title,
      description: p.desc || undefined,
      datasource: DS,
      gridPos: { h: p.h, w: p.w, x, y },
      fieldConfig: { defaults: { unit: p.unit }, overrides: [] },
      options: p.kind === 'stat' ? { reduceOptions: { calcs: ['lastNotNull'] }, colorMode: 'value' } : { legend: { displayMode: 'list', placement: 'bottom' } },
      targets: p.targets.map((tg, i) => ({
        datasource: DS, refId: String.fromCharCode(65 + i), expr: tg.expr, legendFormat: tg.legend || '__auto',
        range: true, leadpulseExpect: tg.expect,
      })),
    });
    x += p.w; rowH = Math.max(rowH, p.h);
  }
  return {
    uid: d.uid, title: d.title, description: d.description, tags: ['leadpulse', ...d.tags],
    editable: true, schemaVersion: 39, version: 1, refresh: '10s', time: { from: 'now-1h', to: 'now' },
    timepicker: {}, templating: { list: [] }, annotations: { list: [] }, panels,
  };
}

const check = process.argv.includes('--check');
mkdirSync(OUT, { recursive: true });
let stale = [];
for (const d of dashboards) {
  const file = join(OUT, `${d.uid.replace(/^leadpulse-/, '')}.json`);
  const json = JSON.stringify(toGrafana(d), null, 2) + '\n';
  if (check) {
    let current = '';
    try { current = readFileSync(file, 'utf8'); } catch { /* missing */ }
    if (current !== json) stale.push(file);
  } else {
    writeFileSync(file, json);
  }
}
if (check) {
  if (stale.length) {
    console.error(`dashboards out of date (run node deploy/grafana/generate.mjs): ${stale.join(', ')}`);
    process.exit(1);
  }
  console.log(`${dashboards.length} dashboards match their definitions`);
} else {
  console.log(`wrote ${dashboards.length} dashboards to ${OUT}`);
}
