#!/usr/bin/env bash
# Gateway overhead (issue 10, item 4): the same requests through the gateway (:8080) and straight to
# lead-service (:8081) in one run: `GET /api/leads?limit=20` with a JWT and the public preview page
# `GET /p/{token}`; latency p50/p99 at a fixed rate (open loop) and the most requests/s of a closed
# loop of N connections, gateway vs direct. Goal beside the results: gateway p99 <= 2x direct,
# gateway throughput >= 50% of direct. Raw output: bench/gateway-overhead/results/<UTC time>.md.
#
# Needs the one-machine suite's fixed ports: where several people share a machine, hold the suite
# lock (flock -o <lock> bench/gateway-overhead/run.sh). Uses the suite if it runs, else starts it
# with ./dev up and stops it at the end. The gateway's per-address and per-user buckets (100/s and
# 50/s by default) would answer 429 to a closed loop: when this script starts the suite it raises
# them (GATEWAY_RATE_LIMIT_PER_IP_*/PER_USER_* = 100000: the limiter still runs on every request);
# a suite you started yourself needs the same (./dev bench does it). Loopback only; stops by itself.
#
# Options (passed to overhead.mjs): --rate 50 --seconds 20 --closed-seconds 15 --connections 8
#   --warmup-seconds 5 --gateway http://localhost:8080 --direct http://localhost:8081
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
command -v node >/dev/null || { echo "gateway-overhead: node (>= 20) is needed" >&2; exit 1; }
mkdir -p "$here/results"
out="$here/results/$(date -u +%Y%m%dT%H%M%SZ).md"

started_suite=no
cleanup() { if [[ $started_suite == yes ]]; then (cd "$root" && ./dev down >/dev/null) || true; fi; }
trap cleanup EXIT
if ! curl -fsS -o /dev/null http://localhost:8080/actuator/health/readiness 2>/dev/null; then
  export GATEWAY_RATE_LIMIT_PER_IP_CAPACITY=100000 GATEWAY_RATE_LIMIT_PER_IP_REFILL=100000 \
    GATEWAY_RATE_LIMIT_PER_USER_CAPACITY=100000 GATEWAY_RATE_LIMIT_PER_USER_REFILL=100000
  started_suite=yes
  (cd "$root" && ./dev up >&2)
fi
echo "command: bench/gateway-overhead/run.sh $*" | tee "$out"
set +e
node "$here/overhead.mjs" "$@" | tee -a "$out"
status=${PIPESTATUS[0]}
set -e
echo "raw output: ${out#"$root"/}" >&2
exit "$status"
