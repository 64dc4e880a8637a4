#!/usr/bin/env bash
#
# CSV import benchmark (issue 3): generated files of 100k, 250k and 1M leads imported through
# lead-service's API, next to PostgreSQL COPY of the 1M file into a plain table with a unique
# (org, lower(email)) index, in the same run, on the same PostgreSQL.
#
#   bench/lead-import/run.sh            # sizes 100000 250000 1000000 (stops by itself: at most 1 h per import)
#   BENCH_SIZES="20000" bench/lead-import/run.sh   # a quick check
#
# Uses ./dev infra (PostgreSQL 15432, Kafka 9092) of this worktree from a clean state
# (./dev reset): it waits while those ports (or the service port) are taken by another suite. It
# starts lead-service from its jar with JFR on, imports each file as the demo admin with the plan
# limit raised above the rows, reads the heap after every GC from the recording, stops what it
# started and prints a Markdown report (also written to bench/lead-import/results/).
#
# Environment: BENCH_SIZES, BENCH_PORT (8081), BENCH_JVM_OPTS ("-Xmx512m"), BENCH_WAIT_PORTS_S (1800).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/bench/lead-import"
SIZES=(${BENCH_SIZES:-100000 250000 1000000})
PORT=${BENCH_PORT:-8081}
JVM_OPTS=${BENCH_JVM_OPTS:--Xmx512m}
WORK="$ROOT/.dev/bench-import"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS="$HERE/results"
export PGPASSWORD=postgres
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h localhost -p 15432 -U postgres -d lead -At)

pick_java() {
  local candidate version
  for candidate in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/* 2>/dev/null | sort -rV); do
    [[ -n $candidate && -x $candidate/bin/java ]] || continue
    version=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
    if [[ ${version%%.*} -ge 21 ]]; then echo "$candidate"; return 0; fi
  done
  echo "no JDK >= 21 found" >&2; exit 1
}
export JAVA_HOME=$(pick_java)
JAVA="$JAVA_HOME/bin/java"

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
port_busy() { ss -ltn "( sport = :$1 )" | grep -q LISTEN; }
now_ms() { date +%s%3N; }

SERVICE_PID=""
STARTED_INFRA=false
cleanup() {
  if [[ -n $SERVICE_PID ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
  fi
  if $STARTED_INFRA; then (cd "$ROOT" && ./dev down >/dev/null 2>&1) || true; fi
}
trap cleanup EXIT

# --- wait for the shared ports --------------------------------------------------------------
deadline=$(( $(date +%s) + ${BENCH_WAIT_PORTS_S:-1800} ))
while port_busy 15432 || port_busy 9092 || port_busy "$PORT"; do
  (( $(date +%s) < deadline )) || { log "ports 15432/9092/$PORT still busy: giving up"; exit 1; }
  log "ports 15432/9092/$PORT are in use by another suite; waiting"
  sleep 15
done

# --- build, infra, files ----------------------------------------------------------------------
log "building lead-service"
# The reactor (-am) packages the platform of this checkout into the jar, not ~/.m2's copy (which may be
# another checkout's, older than lead-service's classes).
mvn -q -B -DskipTests package -f "$ROOT/pom.xml" -pl lead-service -am
mkdir -p "$WORK"
# A copy: a build during the run must not swap the jar under the running service.
JAR="$WORK/lead-service.jar"
cp "$ROOT/lead-service/target/lead-service-0.1.0-SNAPSHOT.jar" "$JAR"
(cd "$ROOT" && ./dev reset >/dev/null && ./dev infra >/dev/null)
STARTED_INFRA=true
mkdir -p "$WORK" "$RESULTS"
offset=0
for n in "${SIZES[@]}"; do
  if [[ ! -s $WORK/leads-$n.csv ]]; then
    log "generating $n rows"
    "$JAVA" "$HERE/GenerateLeads.java" "$WORK/leads-$n.csv.tmp" "$n" "$offset"
    mv "$WORK/leads-$n.csv.tmp" "$WORK/leads-$n.csv"
  fi
  offset=$(( offset + n ))
done

# --- lead-service --------------------------------------------------------------------------
JFR="$WORK/lead-$STAMP.jfr"
log "starting lead-service on :$PORT ($JVM_OPTS, JFR)"
PORT=$PORT SEED_DEMO=true DB_URL=jdbc:postgresql://localhost:15432/lead KAFKA_BOOTSTRAP_SERVERS=localhost:9092 \
  IMPORT_DIRECTORY="$WORK/uploads" \
  "$JAVA" $JVM_OPTS "-XX:StartFlightRecording=filename=$JFR,settings=default,dumponexit=true" \
  -jar "$JAR" >"$WORK/lead-$STAMP.log" 2>&1 &
SERVICE_PID=$!
for _ in $(seq 1 180); do
  curl -fsS "http://localhost:$PORT/actuator/health/readiness" >/dev/null 2>&1 && break
  kill -0 "$SERVICE_PID" || { log "lead-service died; see $WORK/lead-$STAMP.log"; exit 1; }
  sleep 1
done
TOKEN=$(curl -fsS -H 'Content-Type: application/json' -d '{"email":"admin@demo.test","password":"demo-admin"}' \
  "http://localhost:$PORT/api/auth/login" | sed 's/.*"accessToken":"\([^"]*\)".*/\1/')
ORG=$("${PSQL[@]}" -c "select org_id from app_user where email = 'admin@demo.test'")
"${PSQL[@]}" -c "insert into org_quota (org_id, plan, plan_status, lead_limit, lead_count)
                 values ('$ORG', 'bench', 'active', 10000000, (select count(*) from lead where org_id = '$ORG'))
                 on conflict (org_id) do update set lead_limit = 10000000"

# --- imports ---------------------------------------------------------------------------------
declare -A WALL PROC STATUS CREATED FAILED START_MS END_MS
for n in "${SIZES[@]}"; do
  log "importing $n rows through POST /api/leads/imports"
  START_MS[$n]=$(now_ms)
  response=$(curl -sS --max-time 600 -H "Authorization: Bearer $TOKEN" \
    -F "file=@$WORK/leads-$n.csv;type=text/csv" -F mode=CREATE_ONLY "http://localhost:$PORT/api/leads/imports")
  id=$(sed 's/.*"id":"\([^"]*\)".*/\1/' <<<"$response" | head -c 36)
  [[ ${#id} -eq 36 ]] || { log "upload refused: $response"; exit 1; }
  for _ in $(seq 1 7200); do
    status=$("${PSQL[@]}" -c "select status from lead_import where id = '$id'")
    [[ $status == RUNNING ]] || break
    sleep 0.5
  done
  END_MS[$n]=$(now_ms)
  IFS='|' read -r STATUS[$n] CREATED[$n] FAILED[$n] PROC[$n] <<<"$("${PSQL[@]}" -c \
    "select status, created, failed, extract(epoch from finished_at - started_at) from lead_import where id = '$id'")"
  WALL[$n]=$(( END_MS[$n] - START_MS[$n] ))
  log "  $n rows: ${STATUS[$n]}, created ${CREATED[$n]}, failed ${FAILED[$n]}, ${WALL[$n]} ms end to end"
done

# Outbox relay catching up is not part of the import, but say how far behind it is.
BACKLOG=$("${PSQL[@]}" -c "select count(*) from outbox where published_at is null")

# --- COPY baseline, same file, same PostgreSQL -------------------------------------------------
BIG=${SIZES[-1]}
log "COPY baseline: $BIG rows into a plain table with a unique (org, lower(email)) index"
"${PSQL[@]}" -c "drop table if exists bench_copy;
  create table bench_copy (org_id uuid not null default '$ORG', first_name text, last_name text, email text,
                           phone text, company text, tags text);
  create unique index bench_copy_email on bench_copy (org_id, lower(email));"
copy_start=$(now_ms)
"${PSQL[@]}" -c "\\copy bench_copy (first_name, last_name, email, phone, company, tags) from '$WORK/leads-$BIG.csv' with (format csv, header true)"
COPY_MS=$(( $(now_ms) - copy_start ))
"${PSQL[@]}" -c "drop table bench_copy"

# The ceiling for any import that keeps lead's indexes (search trigrams, tags, uniques, lists):
# COPY of the same file into a table shaped like lead, with every index and default of lead
# (the preview token is drawn by the database). Tags land in a text column, unsplit.
log "COPY ceiling: $BIG rows into a table like lead, with all of lead's indexes"
"${PSQL[@]}" -c "drop table if exists bench_copy_lead;
  create table bench_copy_lead (like lead including all);
  alter table bench_copy_lead alter column id set default gen_random_uuid(),
                              alter column org_id set default '$ORG',
                              add column tags_raw text;"
LEAD_INDEXES=$("${PSQL[@]}" -c "select count(*) from pg_indexes where tablename = 'bench_copy_lead'")
copy_start=$(now_ms)
"${PSQL[@]}" -c "\\copy bench_copy_lead (first_name, last_name, email, phone, company, tags_raw) from '$WORK/leads-$BIG.csv' with (format csv, header true)"
COPY_LEAD_MS=$(( $(now_ms) - copy_start ))
"${PSQL[@]}" -c "drop table bench_copy_lead"

# --- stop, heap from JFR -------------------------------------------------------------------------
kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
SERVICE_PID=""
HEAP_JSON="$WORK/heap-$STAMP.json"
"$JAVA_HOME/bin/jfr" print --json --events jdk.GCHeapSummary "$JFR" >"$HEAP_JSON"
windows=""
for n in "${SIZES[@]}"; do windows+="$n:${START_MS[$n]}:${END_MS[$n]} "; done
HEAP=$(python3 "$HERE/heap.py" "$HEAP_JSON" $windows)

# --- report --------------------------------------------------------------------------------------
rate() { python3 -c "print(f'{$1 / ($2 / 1000):,.0f}')"; }
CPU=$(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2; exit}')
{
  echo "### Run $STAMP"
  echo
  echo "Machine: $(nproc) cores ($CPU), $(free -g | awk '/Mem:/ {print $2}') GiB; JDK $("$JAVA" -version 2>&1 | head -1);"
  echo "lead-service \`$JVM_OPTS\`, batch size ${IMPORT_BATCH_SIZE:-1000}; PostgreSQL and Kafka from \`./dev infra\`."
  echo
  echo "| rows | status | created | failed | end to end (upload + checks + import) | rows/s end to end | import only (started → finished) | heap after GC, max | heap before GC, max |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for n in "${SIZES[@]}"; do
    read -r after before <<<"$(grep "^$n " <<<"$HEAP" | cut -d' ' -f2-)"
    echo "| $n | ${STATUS[$n]} | ${CREATED[$n]} | ${FAILED[$n]} | $(python3 -c "print(f'{${WALL[$n]}/1000:.1f} s')") | $(rate "$n" "${WALL[$n]}") | $(python3 -c "print(f'{${PROC[$n]}:.1f} s')") | ${after} MB | ${before} MB |"
  done
  echo
  echo "PostgreSQL \`COPY\` of the $BIG-row file into a plain table with a unique (org, lower(email)) index: $(python3 -c "print(f'{$COPY_MS/1000:.1f} s')"), $(rate "$BIG" "$COPY_MS") rows/s."
  echo "Import of the same file end to end: $(rate "$BIG" "${WALL[$BIG]}") rows/s = $(python3 -c "print(f'{100 * $COPY_MS / ${WALL[$BIG]}:.0f}')")% of COPY."
  echo "PostgreSQL \`COPY\` of the same file into a table like \`lead\` with its $LEAD_INDEXES indexes (the ceiling for an import that keeps them): $(python3 -c "print(f'{$COPY_LEAD_MS/1000:.1f} s')"), $(rate "$BIG" "$COPY_LEAD_MS") rows/s; the import is $(python3 -c "print(f'{100 * $COPY_LEAD_MS / ${WALL[$BIG]}:.0f}')")% of that."
  echo "Outbox rows not yet relayed to Kafka when the last import finished: $BACKLOG."
} | tee "$RESULTS/$STAMP.md"
