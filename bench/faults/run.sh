#!/usr/bin/env bash
# Faults under load, nothing lost (issue 10, item 2): signed Stripe and Twilio webhooks through the
# gateway and resuming sockets, while each service, the Kafka broker and PostgreSQL are killed in
# turn and brought back with `./dev up --no-build`; then the checker (bench/faults/faults.mjs).
# Needs the suite running from this checkout (./dev up), Node >= 20 and psql. Take the suite lock:
#   flock -o /work/wt/suite.lock bash -c './dev reset >/dev/null; ./dev up && bench/faults/run.sh; ./dev down'
# Options (faults.mjs): --rate 10 --twilio-rate 10 --faults gateway,lead,messaging,billing,enrichment,
#   notification,realtime,kafka,postgres (or none) --interval 30 --down 3 --warmup 10 --tail 15
#   --leads 20 --subscribers 4. Logs and the report go to .dev/artifacts/faults/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
command -v node >/dev/null || { echo "node (>= 20) is needed" >&2; exit 1; }
command -v psql >/dev/null || { echo "psql is needed (apt-get install postgresql-client)" >&2; exit 1; }
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
echo "machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); date $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
status=0
node "$here/faults.mjs" "$@" || status=$?
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
