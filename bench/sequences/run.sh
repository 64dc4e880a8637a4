#!/usr/bin/env bash
# Sequence throughput (issue 4): --leads enrolled leads (default 100000) whose first step is due at
# once; how many due steps per second the sequence worker turns into queued messages (offline
# sandbox: nothing leaves the machine), and the claim query's plan (EXPLAIN ANALYZE) with every
# enrolment due. Starts messaging-service in-process against embedded PostgreSQL and Kafka on free
# ports (no ./dev needed, no fixed port taken), prints the figures and stops.
# Options: --leads N (100000), --batch-size N (200), --workers N (4: concurrent claiming transactions).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
cd "$root"
# The reactor builds platform from this tree (never mvn install: ~/.m2 may be shared).
mvn -B -q -pl messaging-service -am test-compile -DskipTests >&2
module="$root/messaging-service"
classpath_file="$module/target/bench-classpath.txt"
mvn -B -q -pl messaging-service dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file" >&2
platform_classes=$(ls -d "$root"/platform/*/target/classes | paste -sd:)
exec "$JAVA_HOME/bin/java" -Xmx1g \
  -cp "$module/target/test-classes:$module/target/classes:$platform_classes:$(cat "$classpath_file")" \
  io.leadpulse.messaging.bench.SequenceBench "$@"
