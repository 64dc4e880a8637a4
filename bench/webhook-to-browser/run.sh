#!/usr/bin/env bash
# Webhook to browser (issue 10, item 4): signed Twilio inbound SMS webhooks through the gateway
# (:8080) until pusher-js, connected through the gateway and subscribed to the lead's channel
# (authorised via /api/realtime/auth), receives `message.inbound`: p50/p99 at a fixed rate (open
# loop, default 10/s for 30 s after 5 s of warm-up), next to raw Kafka produce-to-consume p50/p99 on
# the same broker (localhost:9092) in the same run (KafkaProbe.java). No goal is named by the issue;
# the raw Kafka figure is the baseline. Raw output: bench/webhook-to-browser/results/<UTC time>.md.
#
# Needs the one-machine suite's fixed ports: where several people share a machine, hold the suite
# lock (flock -o <lock> bench/webhook-to-browser/run.sh). Uses the suite if it runs, else starts it
# with ./dev up and stops it at the end. Loopback only; stops by itself.
#
# Options (passed to webhook-to-browser.mjs): --rate 10 --seconds 30 --warmup-seconds 5 --leads 5
#   --gateway http://localhost:8080 --kafka localhost:9092
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
command -v node >/dev/null || { echo "webhook-to-browser: node (>= 20) is needed" >&2; exit 1; }
pick_java() {  # JAVA_HOME when it is a JDK >= 21, else the newest one in /usr/lib/jvm
  local candidate v
  for candidate in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    [[ -n $candidate && -x $candidate/bin/java ]] || continue
    v=$("$candidate/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
    [[ -n $v ]] && ((v >= 21)) && { echo "${candidate%/}"; return; }
  done
  echo "webhook-to-browser: no JDK >= 21 found" >&2; exit 1
}
java_home=$(pick_java)
export BENCH_JAVA="$java_home/bin/java"
export BENCH_KAFKA_CLASSPATH="$root/deploy/local/target/lib/*"
[[ -d $here/node_modules/pusher-js ]] || (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >&2)
source "$root/bench/lib/suite.sh"
use_suite
[[ -d $root/deploy/local/target/lib ]] || { echo "webhook-to-browser: deploy/local/target/lib is missing (./dev up builds it)" >&2; exit 1; }
run_recorded webhook-to-browser "$here/webhook-to-browser.mjs" "$@"
