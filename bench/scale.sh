#!/usr/bin/env bash
# Fleet scale: what one request costs at 100, 1,000, 10,000 and 100,000 devices, on SQLite and on
# DynamoDB Local (AWS's own emulator) behind a counting proxy (bench/dynamodb_counting_proxy.py). For
# each size it makes a fresh fleet with the simulator's backfill (2 readings per device) in one
# service process (straight to DynamoDB), then, in a second one (through the proxy), prints per
# endpoint the median time of RUNS requests and, on DynamoDB, the calls and bytes per request; the
# RSS of both processes; the backfill rate and time; the load average; and the ratio between the
# largest and the smallest fleet. On DynamoDB a throwaway fleet of WARMUP_DEVICES (2000; 0: none)
# warms the emulator's JIT first. A script to read, not a timed test; run it under `nice -n 10` on
# a shared machine.
# Usage: bench/scale.sh [sqlite|dynamodb|both (default)]; SIZES="100 1000" and RUNS=15 to change;
# API_BIN=... SIM_BIN=... to run other builds.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh
backends=${1:-both}
sizes=${SIZES:-"100 1000 10000 100000"}
runs=${RUNS:-15}
ddb_dir=${DYNAMODB_LOCAL_DIR:-$HOME/.cache/portfolio-dynamodb-local}

if [ -z "${SCALE_IN_NETNS:-}" ]; then
  build_dir=${BUILD_DIR:-build/release}
  # API_BIN and SIM_BIN measure other builds as they are (nothing is built then).
  if [ -z "${API_BIN:-}" ] || [ -z "${SIM_BIN:-}" ]; then
    [ -n "${BUILD_DIR:-}" ] || cmake --preset release >/dev/null
    cmake --build "$build_dir" --target portfolio-api portfolio-sim >/dev/null
  fi
  if [ "$backends" != sqlite ] && [ ! -f "$ddb_dir/emulator/DynamoDBLocal.jar" ]; then
    # DynamoDB Local as the dev stack takes it (docker/install-npm-assets.sh): AWS's jar from npm.
    mkdir -p "$ddb_dir"
    (cd "$ddb_dir" && tar -xzf "$(npm pack amplify-dynamodb-simulator@2.9.30 --silent)" package/emulator &&
      mv package/emulator emulator && rmdir package)
  fi
  # DynamoDB Local listens on every interface: everything runs in a namespace with only loopback.
  exec unshare -n env SCALE_IN_NETNS=1 BUILD_DIR="$build_dir" bash -c 'ip link set lo up && exec "$0" "$@"' "$0" "$@"
fi

api=${API_BIN:-$BUILD_DIR/src/app/portfolio-api}
sim=${SIM_BIN:-$BUILD_DIR/src/sim/portfolio-sim}
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
results=$work/results.tsv
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_REGION=us-east-1 RATE_LIMIT_ENABLED=false
export LOG_LEVEL=warn ACCESS_LOG=false

if [ "$backends" != sqlite ]; then
  ddb_port=$(free_port)
  java -Xmx1g -Djava.library.path="$ddb_dir/emulator/DynamoDBLocal_lib" -jar "$ddb_dir/emulator/DynamoDBLocal.jar" \
    -inMemory -sharedDb -disableTelemetry -port "$ddb_port" >"$work/ddb.log" 2>&1 &
  pids+=($!)
  proxy_port=$(free_port)
  python3 bench/dynamodb_counting_proxy.py "$proxy_port" "http://127.0.0.1:$ddb_port" &
  pids+=($!)
  deadline=$((SECONDS + 60))
  until curl -s -o /dev/null "http://127.0.0.1:$ddb_port/"; do
    [ $SECONDS -lt $deadline ] || { echo "DynamoDB Local did not start" >&2; cat "$work/ddb.log" >&2; exit 1; }
    sleep 0.5
  done
  wait_for_http "http://127.0.0.1:$proxy_port/__stats" 30
fi

median_ms() { sort -n | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)] * 1000}'; }
rss_mib() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }

# start_api ENDPOINT LOG: the service with the size's settings (and DynamoDB at ENDPOINT); sets api_pid.
start_api() {
  env "${env[@]}" DYNAMODB_ENDPOINT="$1" "$api" >"$2" 2>&1 &
  api_pid=$!
  pids+=($api_pid)
  wait_for_http "http://127.0.0.1:$port/health" 30
}

stop_api() { kill "$api_pid"; wait "$api_pid" 2>/dev/null || true; }

# record BACKEND DEVICES MEASURE VALUE CALLS BYTES; nothing while warming up.
warming=0
record() { [ "$warming" = 1 ] || printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$results"; }
load_average() { cut -d' ' -f1 /proc/loadavg; }

run_size() {
  local backend=$1 devices=$2
  local prefix api_pid port env direct=- counted=-
  record "$backend" "$devices" "load average at start" "$(load_average)" "-" "-"
  port=$(free_port)
  prefix="scale$devices-$RANDOM"
  env=(PORT="$port" HOST=127.0.0.1 STORAGE="$backend" SQLITE_PATH="$work/$prefix.db")
  if [ "$backend" = dynamodb ]; then
    env+=(DYNAMODB_USERS_TABLE="$prefix-users" DYNAMODB_UNIQUES_TABLE="$prefix-uniques"
      DYNAMODB_METRICS_TABLE="$prefix-metrics" DYNAMODB_DEVICES_TABLE="$prefix-devices")
    direct="http://127.0.0.1:$ddb_port" counted="http://127.0.0.1:$proxy_port"
    env "${env[@]}" DYNAMODB_ENDPOINT="$direct" "$api" create-tables >/dev/null
  fi
  # The fleet is made by one service process talking to DynamoDB directly (the counting proxy's
  # Python hop would slow the backfill), and the requests are timed in a second one, through the
  # proxy. RSS is read after each.
  start_api "$direct" "$work/api-$prefix-backfill.log"
  local end=$(( $(date +%s) * 1000 - 60000 )) started=$SECONDS
  "$sim" --api-url "http://127.0.0.1:$port" --mode backfill --devices "$devices" --days 0.01 --interval 5m \
    --end-time "$end" --device-prefix dev- --timeout 120s >"$work/sim-$prefix.txt" 2>"$work/sim-$prefix.err" || {
    echo "backfill of $devices devices failed:" >&2; tail -n 5 "$work/sim-$prefix.txt" "$work/sim-$prefix.err" >&2; exit 1; }
  # The simulator's own final rate: readings sent per second of backfill.
  local rate
  rate=$(grep -o '[0-9]* readings/s' "$work/sim-$prefix.txt" | tail -1 | cut -d' ' -f1)
  record "$backend" "$devices" "backfill readings/s" "$rate" "-" "-"
  record "$backend" "$devices" "backfill s" "$((SECONDS - started))" "-" "-"
  record "$backend" "$devices" "RSS MiB after backfill" "$(rss_mib "$api_pid")" "-" "-"
  stop_api
  start_api "$counted" "$work/api-$prefix.log"
  local device
  device=$(curl -s "http://127.0.0.1:$port/api/v1/devices?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["device_id"])')
  local now=$(( $(date +%s) * 1000 ))
  local endpoints=(
    "devices page|/api/v1/devices?limit=100"
    "devices status=error|/api/v1/devices?status=error&limit=100"
    "devices prefix|/api/v1/devices?prefix=${device:0:6}&limit=100"
    "latest page|/api/v1/metrics/latest?limit=100"
    "summary 24h page|/api/v1/metrics/summary?limit=100&to=$now"
    "summary 30d page|/api/v1/metrics/summary?limit=100&from=$((now - 30 * 86400000))&to=$now"
    "series 24h auto|/api/v1/metrics/$device/series?to=$now"
    "devices/stats|/api/v1/devices/stats"
  )
  for entry in "${endpoints[@]}"; do
    local name=${entry%%|*} path=${entry#*|}
    [ "$backend" = dynamodb ] && curl -s -X POST "http://127.0.0.1:$proxy_port/__reset" >/dev/null
    local median
    median=$(for _ in $(seq "$runs"); do
      curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$port$path"
    done | median_ms)
    local calls=- bytes=-
    if [ "$backend" = dynamodb ]; then
      read -r calls bytes < <(curl -s "http://127.0.0.1:$proxy_port/__stats" | python3 -c "
import json, sys
s = json.load(sys.stdin); n = $runs
print(round(sum(v['calls'] for v in s.values()) / n, 1), round(sum(v['bytes_in'] + v['bytes_out'] for v in s.values()) / n))")
    fi
    record "$backend" "$devices" "$name" "$median" "$calls" "$bytes"
  done
  record "$backend" "$devices" "RSS MiB after requests" "$(rss_mib "$api_pid")" "-" "-"
  record "$backend" "$devices" "load average at end" "$(load_average)" "-" "-"
  stop_api
}

for backend in sqlite dynamodb; do
  [ "$backends" = both ] || [ "$backends" = "$backend" ] || continue
  if [ "$backend" = dynamodb ] && [ "${WARMUP_DEVICES:-2000}" -gt 0 ]; then
    # The emulator's JIT compiles for its first minute (C2 took half of its CPU then, measured), which
    # would flatter the large fleets against the first, small one: a throwaway fleet warms it first.
    echo "==> $backend, warming the emulator up with ${WARMUP_DEVICES:-2000} devices" >&2
    warming=1
    run_size "$backend" "${WARMUP_DEVICES:-2000}"
    warming=0
  fi
  for devices in $sizes; do
    echo "==> $backend, $devices devices" >&2
    run_size "$backend" "$devices"
  done
done

printf '%-9s %8s  %-22s %12s %8s %10s\n' backend devices measure "median ms" calls bytes
awk -F'\t' '{printf "%-9s %8s  %-22s %12s %8s %10s\n", $1, $2, $3, $4, $5, $6}' "$results"
first=${sizes%% *}
last=${sizes##* }
echo
echo "ratio $last / $first devices (time; calls):"
awk -F'\t' -v a="$first" -v b="$last" '
  $2 == a {t[$1 FS $3] = $4; c[$1 FS $3] = $5}
  $2 == b && $3 !~ /^(load|backfill)/ && ($1 FS $3) in t && t[$1 FS $3] > 0 {
    split($1 FS $3, k, FS)
    printf "%-9s %-22s %6.2f  %s\n", k[1], k[2], $4 / t[$1 FS $3], ($5 != "-" && c[$1 FS $3] > 0) ? sprintf("%.2f", $5 / c[$1 FS $3]) : "-"
  }' "$results"
