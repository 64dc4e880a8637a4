#!/usr/bin/env bash
# Enrichment politeness and durability (issue 6): 10,000 new leads enriched against a stand-in
# provider (a JDK HttpServer in the bench) limited to 100 requests per 2 s window (the production
# limit of 100 per 60 s with the window shortened), taken down (503) for 30 s then back. Prints the
# provider's busiest window and 429 count, and how many times each lead was enriched on Kafka and
# in the job table. Starts enrichment-service in-process against embedded PostgreSQL and Kafka on
# free ports (no ./dev needed, no fixed port taken) and stops by itself (exit 0 when every check holds).
# Options: --leads N --limit N --window-ms MS --down-after-s S --down-s S --timeout-min M
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
module="$root/enrichment-service"
classpath_file="$module/target/bench-classpath.txt"
# One reactor call (-am): the classpath then names the platform modules of this checkout, not
# ~/.m2's copies (which may be another checkout's, older than enrichment-service's classes);
# enrichment-service, built last, leaves its classpath in the file.
mvn -B -q -f "$root/pom.xml" -pl enrichment-service -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file" >&2
exec "$JAVA_HOME/bin/java" -Xmx1g \
  -cp "$module/target/test-classes:$module/target/classes:$(cat "$classpath_file")" \
  io.leadpulse.enrichment.bench.EnrichmentBench "$@"
