#!/usr/bin/env bash
# CPU per signed Stripe webhook (payment_intent.succeeded for the demo organisation, so every one is
# recorded in the ledger and goes on to lead-service, notification-service and realtime) in each
# process of the running suite (issue 5): StripeWebhookBench's open-loop load through the gateway
# (RATE/s for SECONDS s), each component's /proc CPU time read before and after and divided by the
# webhooks sent; first, the same components' CPU over 20 idle seconds (pollers, heartbeats), which
# the load's figures include. Needs the suite running (./dev up with GATEWAY_RATE_LIMIT_WEBHOOKS_REFILL
# above the rate) and a quiet machine; loopback only; stops by itself. As with the Twilio script, a
# suite just started is still compiling: run it twice and read the second.
# Usage: bench/stripe-webhooks/cpu-per-webhook.sh [RATE=60] [SECONDS=40]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
source "$root/bench/lib/suite.sh"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
rate=${1:-60} seconds=${2:-40}
curl -fsS -o /dev/null http://localhost:8080/actuator/health/readiness ||
  { echo "cpu-per-webhook: the suite is not running (./dev up)" >&2; exit 1; }
bench() { "$JAVA_HOME/bin/java" -cp "$root/deploy/local/target/lib/*" "$root/bench/stripe-webhooks/StripeWebhookBench.java" "$@"; }
org=$(bench org)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cpu_idle "$work"
suite_cpu > "$work/before"
bench load --org "$org" --run "cpu$(date +%s)" --rate "$rate" --seconds "$seconds" --label "  ${rate}/s"
sleep 3 # the last webhooks' downstream work
suite_cpu > "$work/after"
echo "CPU per webhook (ms), $((rate * seconds)) webhooks sent:"
cpu_share "$work/before" "$work/after" "$((rate * seconds))"
