#!/usr/bin/env bash
# Twilio inbound webhooks through the gateway (issue 4): signed requests, open loop at 200 and 500
# per second (default 20 s each, after a 5 s warm-up at 100/s), acknowledgement p50/p99 and webhook
# to message.inbound on Kafka p99. Uses the suite if it runs (built-in defaults: gateway on 8080,
# Kafka on 9092, TWILIO_AUTH_TOKEN=dev-twilio-token), else starts it (bench/lib/suite.sh: the full
# JIT, the gateway's buckets raised) and stops it at the end. Where several people share a machine,
# hold the suite lock (flock -o <lock> bench/twilio-webhooks/run.sh). A suite you start yourself
# needs GATEWAY_RATE_LIMIT_WEBHOOKS_REFILL above the rate: the webhook bucket refills 500/s per
# address by default, and refusing the load generator would be the limit working, not the webhook
# path's latency.
# Options: --rates 200,500 --seconds 20 --leads 20 --gateway http://localhost:8080 --kafka localhost:9092
# (first: --prepare-only builds the load generator and stops; --prepared runs it without building)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
source "$root/bench/lib/suite.sh"
use_suite --raise-buckets
module="$root/messaging-service"
classpath_file="$module/target/bench-classpath.txt"
if [[ ${1:-} == --prepared ]]; then
  shift # built by an earlier --prepare-only: no build inside a measurement
else
  mvn -B -q -f "$root/pom.xml" -pl messaging-service -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file" >&2
  [[ ${1:-} == --prepare-only ]] && exit 0
fi
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA_HOME/bin/java" -Xmx512m \
  -cp "$module/target/test-classes:$module/target/classes:$(cat "$classpath_file")" \
  io.leadpulse.messaging.bench.TwilioWebhookBench "$@"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
