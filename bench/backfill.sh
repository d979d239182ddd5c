#!/usr/bin/env bash
# Backfill throughput on the embedded store: the simulator sends DAYS of history of DEVICES devices,
# one reading a minute, through the batch endpoint (500 readings a request, CONNECTIONS in flight,
# 16 by default as in the simulator), to a fresh SQLite database, and prints the readings/s of each
# binary given, as a ratio to the first, ROUNDS times over in turn (the machines are shared: compare
# within one run).
#
#   bench/backfill.sh                                  # the release binary, 100 devices x 3 days
#   DAYS=30 bench/backfill.sh                          # the target's size: 100 devices x 30 days
#   bench/backfill.sh /tmp/portfolio-api-before build/release/src/app/portfolio-api
#   bench/backfill.sh /tmp/api-before:/tmp/sim-before build/release/src/app/portfolio-api
#
# A BINARY of the form API:SIM runs that service with that simulator (the default simulator is
# $PORTFOLIO_SIM_BIN or the release build's), so a change to either is measured against the other.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh

DEVICES=${DEVICES:-100}
DAYS=${DAYS:-3}
CONNECTIONS=${CONNECTIONS:-16}
ROUNDS=${ROUNDS:-2}
SIM=${PORTFOLIO_SIM_BIN:-$PWD/build/release/src/sim/portfolio-sim}
binaries=("$@")
# The simulator of an entry API[:SIM].
sim_of() { if [[ $1 == *:* ]]; then echo "${1#*:}"; else echo "$SIM"; fi; }
[ ${#binaries[@]} -gt 0 ] || binaries=("$PWD/build/release/src/app/portfolio-api")
for entry in "${binaries[@]}"; do
  for bin in "${entry%%:*}" "$(sim_of "$entry")"; do
    [ -x "$bin" ] || { echo "missing $bin (cmake --build --preset release)" >&2; exit 1; }
  done
done

work=$(mktemp -d)
cleanup() {
  stop_background
  rm -rf "$work"
}
trap cleanup EXIT

# readings/s of one backfill by simulator $2 into a fresh database served by $1.
backfill_rate() {
  local bin=$1 sim=$2 port db
  port=$(free_port)
  db=$(mktemp -d "$work/db.XXXX")
  STORAGE=sqlite SQLITE_PATH="$db/portfolio.db" IMAGES_DIR="$db/images" PORT=$port RATE_LIMIT_ENABLED=false \
    LOG_LEVEL=warn "$bin" >"$db/service.log" 2>&1 &
  BACKGROUND_PIDS+=($!)
  wait_for_http "http://127.0.0.1:$port/health" 30
  "$sim" --api-url "http://127.0.0.1:$port" --mode backfill --devices "$DEVICES" --days "$DAYS" --interval 1m \
    --connections "$CONNECTIONS" --end-time 1764547200000 2>&1 | tail -1 | grep -o '[0-9]* readings/s' | cut -d' ' -f1
  stop_background
  rm -rf "$db"
}

echo "backfill: $DEVICES devices x $DAYS days every minute ($((DEVICES * DAYS * 1440)) readings), $CONNECTIONS connections, load $(cut -d' ' -f1 /proc/loadavg)"
for round in $(seq "$ROUNDS"); do
  first=""
  for bin in "${binaries[@]}"; do
    rate=$(backfill_rate "${bin%%:*}" "$(sim_of "$bin")")
    [ -n "$first" ] || first=$rate
    printf 'round %d  %-60s %8d readings/s  %5.2fx\n' "$round" "$bin" "$rate" "$(echo "$rate / $first" | bc -l)"
  done
done
