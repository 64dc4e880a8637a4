#!/usr/bin/env bash
# Stripe webhook acknowledgement through the gateway (issue 5): signed payment_intent.succeeded
# events POSTed to http://localhost:8080/webhooks/stripe open-loop at RATE/s (default 500) for
# DURATION s (default 30, after WARMUP s at the same rate; TARGET=billing sends them straight to
# billing-service on 8083 instead), latency from each request's intended
# send time to its 200; then the same with Kafka stopped, counting stored vs processed vs on
# Kafka, and again after Kafka is back (the outbox backlog drains). Goal: p99 <= 50 ms.
#
# Needs the one-machine suite's fixed ports: run it under the suite lock where several people
# share a machine (flock <lock> bench/stripe-webhooks/run.sh). Starts the suite if it is not running
# (bench/lib/suite.sh: the full JIT, the gateway's buckets raised) and stops it at the end if it
# started it; a suite you start yourself needs GATEWAY_RATE_LIMIT_WEBHOOKS_REFILL above RATE.
# Loopback only; stops by itself.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
RATE="${RATE:-500}"
DURATION="${DURATION:-30}"
WARMUP="${WARMUP:-10}"
DRAIN_TIMEOUT="${DRAIN_TIMEOUT:-180}"
RUN="r$(date +%s)"
out="$root/bench/stripe-webhooks/results"
mkdir -p "$out"
log="$out/$RUN.txt"

say() { echo "$*" | tee -a "$log"; }
psql_billing() { PGPASSWORD=postgres psql -h localhost -p 15432 -U postgres -d billing -Atc "$1"; }
bench() { "$JAVA_HOME/bin/java" -cp "$root/deploy/local/target/lib/*" "$root/bench/stripe-webhooks/StripeWebhookBench.java" "$@"; }
counts() {
  local stored processed outbox_pending kafka
  stored=$(psql_billing "select count(*) from stripe_event where starts_with(id, 'evt_bench_${RUN}_')")
  processed=$(psql_billing "select count(*) from stripe_event where starts_with(id, 'evt_bench_${RUN}_') and status <> 'received'")
  outbox_pending=$(psql_billing "select count(*) from outbox where published_at is null")
  kafka=$(bench kafka --run "$RUN")
  say "  $1: stored=$stored processed=$processed ledger=$(psql_billing "select count(*) from ledger_entry where starts_with(payment_intent_id, 'pi_bench_${RUN}_')") outbox_unpublished=$outbox_pending on_kafka(records distinct)=$kafka"
}

source "$root/bench/lib/suite.sh"
use_suite --raise-buckets
kafka_stopped=no
cleanup() {
  if [[ $kafka_stopped == yes ]]; then ./dev infra --no-build >/dev/null || true; fi
  stop_started_suite
}
trap cleanup EXIT

say "# stripe-webhooks run $RUN on $(hostname), $(date -u +%FT%TZ), $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
say "  rate=$RATE/s duration=${DURATION}s warmup=${WARMUP}s, through the gateway (http://localhost:8080/webhooks/stripe)"
org=$(bench org)
say "  org=$org (the demo org; billing knows it after GET /api/billing/subscription)"

say "0. one request at a time through the gateway, then straight to billing-service"
bench probe --org "$org" --run "${RUN}p" --count 400 | tee -a "$log"
WEBHOOK_URL=http://localhost:8083/webhooks/stripe bench probe --org "$org" --run "${RUN}q" --count 400 | tee -a "$log"
if [[ ${TARGET:-gateway} == billing ]]; then
  export WEBHOOK_URL=http://localhost:8083/webhooks/stripe
  say "  TARGET=billing: the load goes straight to billing-service ($WEBHOOK_URL), not through the gateway"
fi
bench load --org "$org" --run "${RUN}w" --rate "$RATE" --seconds "$WARMUP" --label "warm-up" | tee -a "$log"
say "A. Kafka up"
bench load --org "$org" --run "$RUN" --rate "$RATE" --seconds "$DURATION" --label "  kafka-up" | tee -a "$log"
say "  load after A: $(cut -d' ' -f1-3 /proc/loadavg)"

say "B. Kafka stopped"
kafka_pid=$(cat "$root/.dev/run/kafka.pid")
kill "$kafka_pid"
kafka_stopped=yes
while kill -0 "$kafka_pid" 2>/dev/null; do sleep 0.2; done
RUN_A="$RUN"
RUN="${RUN_A}k"
bench load --org "$org" --run "$RUN" --rate "$RATE" --seconds "$DURATION" --label "  kafka-down" | tee -a "$log"
sleep 5
stored=$(psql_billing "select count(*) from stripe_event where starts_with(id, 'evt_bench_${RUN}_')")
processed=$(psql_billing "select count(*) from stripe_event where starts_with(id, 'evt_bench_${RUN}_') and status <> 'received'")
say "  with Kafka down: stored=$stored processed=$processed ledger=$(psql_billing "select count(*) from ledger_entry where starts_with(payment_intent_id, 'pi_bench_${RUN}_')") outbox_unpublished=$(psql_billing "select count(*) from outbox where published_at is null")"

say "C. Kafka back"
./dev infra --no-build >/dev/null
kafka_stopped=no
back=$(date +%s)
while :; do
  pending=$(psql_billing "select count(*) from outbox where published_at is null")
  [[ $pending == 0 ]] && break
  (( $(date +%s) - back > DRAIN_TIMEOUT )) && { say "  outbox did not drain in ${DRAIN_TIMEOUT}s ($pending left)"; break; }
  sleep 1
done
say "  outbox drained in $(( $(date +%s) - back ))s after Kafka was back"
counts "run B (sent while Kafka was down)"
RUN="$RUN_A"
counts "run A (sent with Kafka up)"
say "  load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
