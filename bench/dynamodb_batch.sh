#!/usr/bin/env bash
# What one many-device batch costs on DynamoDB: POST /api/v1/metrics/batch with one reading for each
# of DEVICES new devices (then, with ROUNDS > 1, again for the same devices a minute later, into hours
# and days that now exist), through a counting proxy (bench/dynamodb_counting_proxy.py) in front of
# moto_server, or of ENDPOINT when it is set (e.g. DynamoDB Local). Prints per round the wall time
# and the DynamoDB calls per device by operation. A script to read, not a timed test.
# Usage: bench/dynamodb_batch.sh [DEVICES (default 500)]; ROUNDS=2 ENDPOINT=http://127.0.0.1:8000
# API_BIN=path/to/portfolio-api
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh
devices=${1:-500}
rounds=${ROUNDS:-2}
# API_BIN measures another build as it is (nothing is built then).
if [ -z "${API_BIN:-}" ]; then
  cmake --build "${BUILD_DIR:-build/release}" --target portfolio-api >/dev/null
fi
api=${API_BIN:-${BUILD_DIR:-build/release}/src/app/portfolio-api}
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  stop_background  # before the bare wait below, which would otherwise wait for moto_server forever
  wait 2>/dev/null || true
}
trap cleanup EXIT
export AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-bench} AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-bench}
export AWS_REGION=us-east-1 RATE_LIMIT_ENABLED=false LOG_LEVEL=warn ACCESS_LOG=false

upstream=${ENDPOINT:-}
if [ -z "$upstream" ]; then
  start_moto "$work/moto.log"
  upstream=$MOTO_ENDPOINT
fi
# COUNT=0 times the batch without the proxy's hop (no counts then).
count=${COUNT:-1}
service_endpoint=$upstream
if [ "$count" = 1 ]; then
  proxy_port=$(free_port)
  python3 bench/dynamodb_counting_proxy.py "$proxy_port" "$upstream" &
  pids+=($!)
  wait_for_http "http://127.0.0.1:$proxy_port/__stats" 30
  service_endpoint="http://127.0.0.1:$proxy_port"
fi

port=$(free_port)
prefix="batch-$RANDOM"
env=(PORT="$port" HOST=127.0.0.1 STORAGE=dynamodb DYNAMODB_ENDPOINT="$service_endpoint"
  DYNAMODB_USERS_TABLE="$prefix-users" DYNAMODB_UNIQUES_TABLE="$prefix-uniques"
  DYNAMODB_METRICS_TABLE="$prefix-metrics" DYNAMODB_DEVICES_TABLE="$prefix-devices")
env "${env[@]}" "$api" create-tables >/dev/null
env "${env[@]}" "$api" >"$work/api.log" 2>&1 &
pids+=($!)
wait_for_http "http://127.0.0.1:$port/health" 30

for round in $(seq "$rounds"); do
  [ "$count" = 1 ] && curl -s -X POST "http://127.0.0.1:$proxy_port/__reset" >/dev/null
  python3 - "$port" "$devices" "$round" <<'EOF'
import json, sys, time, urllib.request
port, devices, round_ = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
now = int(time.time() * 1000) - (3 - round_) * 60_000
readings = [{"device_id": f"bench-{i:05d}", "timestamp": now - i, "temperature": 20.5, "humidity": 40.0,
             "status": "active"} for i in range(devices)]
body = json.dumps({"readings": readings}).encode()
request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/metrics/batch", body,
                                 {"Content-Type": "application/json"})
start = time.monotonic()
with urllib.request.urlopen(request, timeout=600) as response:
    accepted = json.load(response)["accepted"]
print(f"round {round_}: {devices} devices, {accepted} accepted in {time.monotonic() - start:.2f} s")
EOF
  [ "$count" = 1 ] || continue
  curl -s "http://127.0.0.1:$proxy_port/__stats" | python3 -c "
import json, sys
stats, n = json.load(sys.stdin), $devices
total = sum(v['calls'] for v in stats.values())
print(f'  {total} calls, {total / n:.2f} per device:', ', '.join(
    f'{op} {v[\"calls\"] / n:.2f}' for op, v in sorted(stats.items())))
print(f'  {sum(v[\"bytes_in\"] + v[\"bytes_out\"] for v in stats.values()) / n:.0f} bytes per device')"
done
