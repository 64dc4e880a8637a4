#!/usr/bin/env bash
# CPU per signed Twilio inbound webhook in each process of the running suite (issue 4): run.sh's load
# (--rates RATE --seconds SECONDS, after its own 500 warm-up webhooks), each component's /proc CPU
# time read before and after and divided by every webhook sent (warm-up included); first, the same
# components' CPU over 20 idle seconds (pollers, heartbeats), which the load's figures include. Needs
# the suite running (./dev up with GATEWAY_RATE_LIMIT_WEBHOOKS_REFILL above the rate) and a quiet
# machine; loopback only; stops by itself.
# A suite just started is still compiling (its JITs' CPU lands in the figures: 76.5 ms per webhook on
# the first run after ./dev up at 2026-11-24 01:00 UTC against about 31 ms warm), so run it twice and
# read the second.
# Usage: bench/twilio-webhooks/cpu-per-webhook.sh [RATE=30] [SECONDS=40]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
source "$root/bench/lib/suite.sh"
rate=${1:-30} seconds=${2:-40}
curl -fsS -o /dev/null http://localhost:8080/actuator/health/readiness ||
  { echo "cpu-per-webhook: the suite is not running (./dev up)" >&2; exit 1; }
"$root/bench/twilio-webhooks/run.sh" --prepare-only
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cpu_idle "$work"
suite_cpu > "$work/before"
"$root/bench/twilio-webhooks/run.sh" --prepared --rates "$rate" --seconds "$seconds" 2>/dev/null | grep -E 'req/s|load average'
sleep 3 # the last webhooks' downstream work
suite_cpu > "$work/after"
sent=$((rate * seconds + 500))
echo "CPU per webhook (ms), $sent webhooks sent:"
cpu_share "$work/before" "$work/after" "$sent"
