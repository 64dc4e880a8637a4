#!/usr/bin/env bash
# Hot-lead detection latency (issue 3): third preview view -> lead.became_hot seen by a Kafka
# consumer, p50/p99 over --leads leads (default 1000, after 200 warm-up leads), --concurrency
# visitors at a time (default 1). Starts lead-service in-process against embedded PostgreSQL and
# Kafka on free ports (no ./dev needed, no fixed port taken), prints the figures and stops.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
module="$root/lead-service"
classpath_file="$module/target/bench-classpath.txt"
# The reactor (-am) builds the platform from this checkout instead of reading ~/.m2's copies (which
# may be another checkout's, older than lead-service's classes); lead-service, built last, leaves
# its classpath in the file.
mvn -B -q -f "$root/pom.xml" -pl lead-service -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file" >&2
exec "$JAVA_HOME/bin/java" -Xmx1g \
  -cp "$module/target/test-classes:$module/target/classes:$(cat "$classpath_file")" \
  io.leadpulse.lead.bench.HotLeadBench "$@"
