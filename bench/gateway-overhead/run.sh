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
# Two passes, one after the other, each its own raw file (ADR 0034): "shared", every process of the suite and the
# load generator on every core, so on a 2-core machine the gateway's CPU comes out of what the service behind it
# would have had; then "pinned", the gateway on a core of its own and everything else on the other(s), as in a
# deployment where the gateway runs in pods of its own (deploy/k8s; bench/lib/suite.sh, pin_gateway_apart),
# restored when the script ends. First argument --shared or --pin: that pass only.
#
# Options (passed to overhead.mjs): --rate 50 --seconds 10 --closed-seconds 10 --rounds 3 --connections 8
#   --warmup-seconds 90 --settle-seconds 180 --gateway http://localhost:8080 --direct http://localhost:8081
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
command -v node >/dev/null || { echo "gateway-overhead: node (>= 20) is needed" >&2; exit 1; }
source "$root/bench/lib/suite.sh"
topology=both
case ${1:-} in
  --shared) topology=shared; shift ;;
  --pin) topology=pinned; shift ;;
esac
use_suite --raise-buckets
status=0
if [[ $topology != pinned ]]; then
  (run_recorded gateway-overhead "$here/overhead.mjs" "$@") || status=$?
fi
if [[ $topology != shared ]]; then
  pin_gateway_apart
  export OVERHEAD_TOPOLOGY="gateway-service pinned to a CPU of its own; lead-service, PostgreSQL, Kafka, the other services and the load generator on the other(s)"
  (run_recorded gateway-overhead "$here/overhead.mjs" "$@") || status=$?
fi
exit "$status"
