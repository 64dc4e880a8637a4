# shellcheck shell=bash disable=SC2154
# Sourced by the benchmarks that run against the one-machine suite (gateway-overhead,
# polling-vs-push, webhook-to-browser, twilio-webhooks, stripe-webhooks). Needs $root (the checkout)
# set by the caller.

bench_started_suite=no

# The JVM flags of a suite a benchmark starts: ./dev's heap and GC, with the full JIT (C2) as in production, where
# nothing stops tiered compilation at C1. ./dev up's own default (-XX:TieredStopAtLevel=1) starts faster and
# smaller, but measures a JIT no deployment uses (ADR 0027). Set LEADPULSE_JVM_OPTS to measure something else.
export LEADPULSE_JVM_OPTS="${LEADPULSE_JVM_OPTS:--Xmx256m -XX:+UseSerialGC -Xss512k}"
export LEADPULSE_KAFKA_JVM_OPTS="${LEADPULSE_KAFKA_JVM_OPTS:--Xmx512m -XX:+UseSerialGC -Xss512k}"

# use_suite [--raise-buckets] : the running suite, or one started now with ./dev up and stopped when
# the script exits (a script with its own EXIT trap calls stop_started_suite from it). --raise-buckets
# sets the gateway's per-address, per-user and webhook buckets to 100,000 (the limiter still runs on
# every request; a load generator is one address and would otherwise get 429).
use_suite() {
  trap stop_started_suite EXIT
  curl -fsS -o /dev/null http://localhost:8080/actuator/health/readiness 2>/dev/null && return 0
  if [[ ${1:-} == --raise-buckets ]]; then
    export GATEWAY_RATE_LIMIT_PER_IP_CAPACITY=100000 GATEWAY_RATE_LIMIT_PER_IP_REFILL=100000 \
      GATEWAY_RATE_LIMIT_PER_USER_CAPACITY=100000 GATEWAY_RATE_LIMIT_PER_USER_REFILL=100000 \
      GATEWAY_RATE_LIMIT_WEBHOOKS_CAPACITY=100000 GATEWAY_RATE_LIMIT_WEBHOOKS_REFILL=100000
  fi
  bench_started_suite=yes
  (cd "$root" && ./dev up >&2)
}

stop_started_suite() {
  if [[ $bench_started_suite == yes ]]; then (cd "$root" && ./dev down >/dev/null) || true; fi
}

# run_recorded NAME SCRIPT ARGS... : node SCRIPT ARGS, its output also kept in
# bench/NAME/results/<UTC time>.md; exits with the script's status.
run_recorded() {
  local name=$1 script=$2 out status
  shift 2
  mkdir -p "$root/bench/$name/results"
  out="$root/bench/$name/results/$(date -u +%Y%m%dT%H%M%SZ).md"
  echo "command: bench/$name/run.sh $*" | tee "$out"
  set +e
  node "$script" "$@" | tee -a "$out"
  status=${PIPESTATUS[0]}
  set -e
  echo "raw output: ${out#"$root"/}" >&2
  exit "$status"
}

# suite_cpu : one line per component of the running suite, "name ticks", its CPU time so far in 1/100 s
# (utime + stime from /proc; PostgreSQL is the postmaster and every backend it runs now, plus what its
# exited children used). Two calls around a load give each component's share of it.
suite_cpu() {
  local file name pid ticks child
  for file in "$root"/.dev/run/*.pid; do
    name=$(basename "$file" .pid)
    if [[ $name == postgres ]]; then
      pid=$(head -n 1 "$root/.dev/state/postgres/data/postmaster.pid" 2>/dev/null) || continue
      ticks=0
      for child in $pid $(ps --ppid "$pid" -o pid=); do
        ticks=$((ticks + $(awk '{print $14+$15+$16+$17}' "/proc/$child/stat" 2>/dev/null || echo 0)))
      done
    else
      pid=$(<"$file")
      [[ -r /proc/$pid/stat ]] || continue
      ticks=$(awk '{print $14+$15}' "/proc/$pid/stat")
    fi
    echo "$name $ticks"
  done
}

# cpu_share BEFORE AFTER COUNT : from two suite_cpu outputs, each component's CPU per unit of work in ms
cpu_share() {
  join <(sort "$1") <(sort "$2") | awk -v n="$3" '
    { d = $3 - $2; total += d; printf "| %s | %.2f |\n", $1, d * 10 / n }
    END { printf "| **the suite** | **%.2f** |\n", total * 10 / n }'
}

# cpu_idle DIR : the running suite's CPU per second over 20 idle seconds (pollers, heartbeats, JITs still
# compiling), as cpu_share's table; DIR keeps the two readings. The CPU-per-webhook scripts print it before
# their load, whose figures include it.
cpu_idle() {
  suite_cpu > "$1/idle0"; sleep 20; suite_cpu > "$1/idle1"
  echo "idle, CPU per second (ms), load $(cut -d' ' -f1 /proc/loadavg):"
  cpu_share "$1/idle0" "$1/idle1" 20
}

# pin_gateway_apart : gives gateway-service a core of its own, as it has in a deployment (deploy/k8s runs it in its
# own pods with its own CPU): every thread of the gateway on the last CPU, and every other process of the suite
# (services, Kafka, PostgreSQL and each of its backends), this shell and what it starts (the load generator) on the
# others. So the gateway's work no longer comes out of the CPU the service behind it would have had, and "through the
# gateway" against "direct" compares one service with and without a gateway in front, on the same CPU. When the
# script exits, each process gets back the CPUs the script had before (unpin_suite). Needs taskset (util-linux) and at
# least 2 CPUs, numbered from 0.
pin_gateway_apart() {
  local cpus last rest file name pid child
  command -v taskset >/dev/null || { echo "pinning needs taskset (util-linux)" >&2; return 1; }
  cpus=$(nproc)
  ((cpus >= 2)) || { echo "pinning needs at least 2 CPUs, this machine has $cpus" >&2; return 1; }
  last=$((cpus - 1))
  rest=0; ((cpus > 2)) && rest=0-$((cpus - 2))
  # what to restore: this shell's CPUs now (nproc after the pinning below would count only CPU 0)
  unpinned_cpus=$(taskset -p -c $$ | sed 's/.*: //')
  pinned_pids=()
  for file in "$root"/.dev/run/*.pid; do
    name=$(basename "$file" .pid)
    if [[ $name == postgres ]]; then
      pid=$(head -n 1 "$root/.dev/state/postgres/data/postmaster.pid" 2>/dev/null) || continue
      for child in $pid $(ps --ppid "$pid" -o pid=); do pinned_pids+=("$child"); done
    else
      pid=$(<"$file")
      [[ -r /proc/$pid/stat ]] && pinned_pids+=("$pid")
    fi
  done
  pid=$(<"$root/.dev/run/gateway-service.pid")
  for child in "${pinned_pids[@]}"; do
    if [[ $child == "$pid" ]]; then
      taskset -a -p -c "$last" "$child" >/dev/null
    else
      taskset -a -p -c "$rest" "$child" >/dev/null 2>&1 || true
    fi
  done
  taskset -p -c "$rest" $$ >/dev/null
  trap 'unpin_suite; stop_started_suite' EXIT
  echo "pinned: gateway-service (pid $pid) on CPU $last; the rest of the suite and the load generator on CPU $rest" >&2
}

unpin_suite() {
  local pid
  for pid in "${pinned_pids[@]}"; do taskset -a -p -c "$unpinned_cpus" "$pid" >/dev/null 2>&1 || true; done
}
