#!/bin/bash
# bench/stripe-webhooks/cpu-per-delivery.sh: CPU per acknowledged Stripe webhook in the gateway and billing-service,
# with framework options varied by restarting them (issue 5). Needs the suite running (./dev up) and a quiet
# machine; loopback only; stops by itself. It leaves the last variant running: ./dev down, ./dev up restores.
cd "$(dirname "$0")/../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
cpu() { awk '{print $14+$15}' /proc/$1/stat; }
bench() { "$JAVA_HOME/bin/java" -cp "deploy/local/target/lib/*" bench/stripe-webhooks/StripeWebhookBench.java "$@"; }
restart() { # restart <service> <port> <extra args...>
  local name=$1 port=$2; shift 2
  local pid=$(cat .dev/run/$name.pid)
  mapfile -d '' cmd < /proc/$pid/cmdline
  # drop args added by an earlier restart (they start with --)
  local base=(); for a in "${cmd[@]}"; do [[ $a == --* ]] || base+=("$a"); done
  kill $pid; while kill -0 $pid 2>/dev/null; do sleep 0.2; done
  SEED_DEMO=true JWT_PRIVATE_KEY_LOCATION=file:$PWD/.dev/state/keys/jwt-private.pem setsid "${base[@]}" "$@" >> .dev/logs/$name.log 2>&1 < /dev/null &
  echo $! > .dev/run/$name.pid
  until curl -fs -o /dev/null http://localhost:$port/actuator/health/readiness; do sleep 0.5; done
}
measure() { # measure <label>
  local gw=$(cat .dev/run/gateway-service.pid) bl=$(cat .dev/run/billing-service.pid)
  bench probe --org $ORG --run w$RANDOM$(date +%s) --count ${WARM:-1500} > /dev/null
  local g0=$(cpu $gw) b0=$(cpu $bl) t0=$(date +%s%N)
  local out=$(bench probe --org $ORG --run m$RANDOM$(date +%s) --count 1000)
  local t1=$(date +%s%N) g1=$(cpu $gw) b1=$(cpu $bl)
  echo "$1 | load $(cut -d' ' -f1 /proc/loadavg) | $(( (t1-t0)/1000000/1000 )) ms/req wall (1000 one at a time) | gateway $(( (g1-g0)*10 )) us/req CPU | billing $(( (b1-b0)*10 )) us/req CPU (ingest + worker + outbox)"
}
ORG=$(bench org)
measure "default (C1, context-propagation auto, security observations on)"
restart gateway-service 8080 --spring.reactor.context-propagation=limited
measure "gateway: context-propagation=limited"
restart gateway-service 8080 --spring.reactor.context-propagation=limited --management.observations.enable.spring.security=false
measure "gateway: + security observations off"
restart billing-service 8083 --management.observations.enable.spring.security=false
measure "billing: security observations off too"
