#!/usr/bin/env bash
# Notification latency (issue 7): an event on Kafka (lead.became_hot on lead.events) -> its
# notification pushed (the realtime message on realtime.messages seen by a Kafka consumer), p50/p99
# at --rate events/s (default 500) for --seconds (default 30) after --warmup-seconds (default 10) at
# the same rate and a wait (at most --drain-seconds, default 120) until the warm-up's backlog is gone,
# open loop (latency counted from each event's scheduled send time); every 5 s it prints events
# sent, stored and the backlog, so a rate that is not sustained shows as a growing backlog. Starts notification-service
# in-process against embedded PostgreSQL and Kafka on free ports (no ./dev, no fixed port), prints
# the figures and stops.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
module="$root/notification-service"
classpath_file="$module/target/bench-classpath.txt"
# The reactor (-am) builds the platform from this checkout instead of reading ~/.m2's copies; the
# last module written, notification-service, leaves its classpath in the file.
mvn -B -q -f "$root/pom.xml" -pl notification-service -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file" >&2
exec "$JAVA_HOME/bin/java" -Xmx1g \
  -cp "$module/target/test-classes:$module/target/classes:$(cat "$classpath_file")" \
  io.leadpulse.notification.bench.NotificationBench "$@"
