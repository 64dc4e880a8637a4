#!/usr/bin/env bash
#
# bench/realtime/run.sh [a|b|c|all]... -- the realtime-service benchmark of issue 11 (README.md).
#
# Non-interactive: builds what is missing or stale (the realtime-service jar, the Java publisher,
# the Node clients), finds Kafka (BENCH_KAFKA=host:port, else a broker already on localhost:9092
# such as `./dev infra`, else -- or with BENCH_KAFKA=own -- a broker of its own on localhost:19192
# under bench/realtime/.run/, stopped at the end), then runs run.js, which starts and stops every server and load generator itself and
# appends the results to docs/benchmarks.md (BENCH_APPEND=0: print only).

set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
ROOT="$(cd "$HERE/../.." && pwd -P)"
RUN="$HERE/.run"
mkdir -p "$RUN"

say() { printf '[run.sh] %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# ---- a JDK >= 21 (JAVA_HOME when it is one, else the newest in /usr/lib/jvm) -----------------
java_major() { "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1; }
pick_java() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]] && (($(java_major "$JAVA_HOME/bin/java") >= 21)); then
    echo "$JAVA_HOME"
    return
  fi
  local best="" best_v=0 d v
  for d in /usr/lib/jvm/*/; do
    [[ -x "$d/bin/java" && -x "$d/bin/javac" ]] || continue
    v=$(java_major "$d/bin/java")
    [[ -n "$v" ]] && ((v >= 21 && v > best_v)) && best="${d%/}" best_v=$v
  done
  [[ -n "$best" ]] || die "no JDK >= 21 found (set JAVA_HOME)"
  echo "$best"
}
export JAVA_HOME="$(pick_java)"
export PATH="$JAVA_HOME/bin:$PATH"
export BENCH_JAVA="$JAVA_HOME/bin/java"
command -v node >/dev/null || die "node (>= 20) is needed"
command -v mvn >/dev/null || die "mvn is needed"

stale() { # stale <file> <dir>...: true when <file> is missing or older than a file under <dir>s
  local f="$1"; shift
  [[ ! -f "$f" ]] && return 0
  [[ -n "$(find "$@" -newer "$f" -type f -print -quit 2>/dev/null)" ]]
}

servers="${BENCH_SERVERS:-node,realtime}"

# ---- build -----------------------------------------------------------------------------------
if [[ ! -d "$HERE/node_modules/ws" ]]; then
  say "npm ci (ws)"
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error)
fi
if stale "$HERE/target/bench-realtime-0.1.0-SNAPSHOT.jar" "$HERE/src" "$HERE/pom.xml"; then
  say "building the publisher (bench/realtime/pom.xml; its parent is read from ../../pom.xml)"
  mvn -q -B package -f "$HERE/pom.xml"
fi
jar="$ROOT/realtime-service/target/realtime-service-0.1.0-SNAPSHOT.jar"
export BENCH_REALTIME_JAR="${BENCH_REALTIME_JAR:-$jar}"
if [[ ",$servers," == *",realtime,"* && "$BENCH_REALTIME_JAR" == "$jar" ]] &&
  stale "$jar" "$ROOT/realtime-service/src/main" "$ROOT/realtime-service/pom.xml" "$ROOT/platform" "$ROOT/pom.xml"; then
  say "building realtime-service (mvn package -pl realtime-service -am -DskipTests)"
  (cd "$ROOT" && mvn -q -B package -DskipTests -pl realtime-service -am)
fi

# ---- Kafka -----------------------------------------------------------------------------------
own_kafka_pid=""
cleanup() {
  if [[ -n "$own_kafka_pid" ]] && kill -0 "$own_kafka_pid" 2>/dev/null; then
    say "stopping our Kafka broker (pid $own_kafka_pid)"
    kill "$own_kafka_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$own_kafka_pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$own_kafka_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT

listening() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q LISTEN; }

if [[ ",$servers," == *",realtime,"* && ( -z "${BENCH_KAFKA:-}" || "${BENCH_KAFKA}" == own ) ]]; then
  if [[ "${BENCH_KAFKA:-}" != own ]] && listening 9092; then
    export BENCH_KAFKA=localhost:9092
    say "using the Kafka broker already on localhost:9092"
  else
    port=19192
    listening $port && die "port $port is taken and no broker on 9092: set BENCH_KAFKA"
    lib="$ROOT/deploy/local/target/lib"
    if [[ ! -d "$lib" ]]; then
      say "building deploy/local (Kafka's jars)"
      (cd "$ROOT" && mvn -q -B package -DskipTests -pl deploy/local)
    fi
    rm -rf "$RUN/kafka" && mkdir -p "$RUN/kafka"
    sed -e "s|@LOG_DIRS@|$RUN/kafka/data|" -e "s|localhost:9092|localhost:$port|g" -e "s|localhost:9093|localhost:$((port + 1))|g" \
      "$ROOT/deploy/local/kafka/server.properties" >"$RUN/kafka/server.properties"
    kopts=(-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k
      -Dlog4j2.configurationFile="$ROOT/deploy/local/kafka/log4j2.xml" -Dkafka.logs.dir="$RUN/kafka")
    id=$("$BENCH_JAVA" "${kopts[@]}" -cp "$lib/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)
    "$BENCH_JAVA" "${kopts[@]}" -cp "$lib/*" kafka.tools.StorageTool format -t "$id" -c "$RUN/kafka/server.properties" \
      --standalone >"$RUN/kafka/format.log" 2>&1
    "$BENCH_JAVA" "${kopts[@]}" -cp "$lib/*" kafka.Kafka "$RUN/kafka/server.properties" >"$RUN/kafka/stdout.log" 2>&1 &
    own_kafka_pid=$!
    for _ in $(seq 1 150); do
      listening $port && break
      kill -0 "$own_kafka_pid" 2>/dev/null || die "our Kafka broker exited (see $RUN/kafka/)"
      sleep 0.2
    done
    listening $port || die "our Kafka broker did not listen on $port within 30 s"
    export BENCH_KAFKA="localhost:$port"
    say "started our Kafka broker on localhost:$port (pid $own_kafka_pid)"
  fi
fi

export BENCH_COMMAND="${BENCH_COMMAND:-bench/realtime/run.sh ${*:-all}}"
say "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
node "$HERE/run.js" "$@"
