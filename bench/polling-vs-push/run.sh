#!/usr/bin/env bash
# Polling against push (issue 10, item 4): 1,000 clients polling the lead list every 5 s through the
# gateway with a JWT, against 1,000 WebSockets through the gateway (Pusher protocol 7, authorised by
# /api/realtime/auth) subscribed to the channel carrying the same updates, while one lead update a
# second runs throughout (and a baseline phase with the updates alone): PostgreSQL transactions and
# rows read per second (pg_stat_database deltas), bytes on the wire both ways, freshness p50/p99
# (update sent -> each client sees it). Raw output: bench/polling-vs-push/results/<UTC time>.md.
#
# Needs the one-machine suite's fixed ports: where several people share a machine, hold the suite
# lock (flock -o <lock> bench/polling-vs-push/run.sh). Uses the suite if it runs, else starts it with
# ./dev up and stops it at the end. 1,000 pollers as one user are 200 requests/s from one address:
# beyond the gateway's default buckets (100/s per address, 50/s per user), so when this script
# starts the suite it raises them (GATEWAY_RATE_LIMIT_PER_IP_*/PER_USER_* = 100000: the limiter
# still runs); a suite you started yourself needs the same (./dev bench does it). Needs psql (the
# suite's PostgreSQL on localhost:15432). Loopback only; the clients run in forked Node processes
# (250 sockets each by default, far below the 20,000 open files per process); stops by itself.
#
# Options (passed to pvp.mjs): --clients 1000 --seconds 60 --interval-ms 5000 --update-rate 1
#   --leads 10 --processes 4 --gateway http://localhost:8080
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
command -v node >/dev/null || { echo "polling-vs-push: node (>= 20) is needed" >&2; exit 1; }
command -v psql >/dev/null || { echo "polling-vs-push: psql is needed (apt-get install postgresql-client)" >&2; exit 1; }
[[ -d $here/node_modules/ws ]] || (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >&2)
source "$root/bench/lib/suite.sh"
use_suite --raise-buckets
run_recorded polling-vs-push "$here/pvp.mjs" "$@"
