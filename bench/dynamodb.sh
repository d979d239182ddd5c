#!/usr/bin/env bash
# Throughput of the DynamoDB back end through the real service against moto_server on loopback:
# single-reading ingestion and a 100-reading history query. The service is pinned to core 0, wrk
# and moto share core 1. Prints requests/s, latency and the service's CPU time per request (the
# figure that carries over to AWS, where DynamoDB's own latency replaces moto's).
# Usage: bench/dynamodb.sh [seconds per run, default 10] [connections, default 16]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh
ensure_packages "${CXX_BUILD_PACKAGES[@]}" curl python3 wrk util-linux
duration=${1:-10}
connections=${2:-16}

# BUILD_DIR picks an already configured build directory (default: the release preset's).
build_dir=${BUILD_DIR:-build/release}
[ -n "${BUILD_DIR:-}" ] || cmake --preset release >/dev/null
cmake --build "$build_dir" --target portfolio-api >/dev/null
api=$build_dir/src/app/portfolio-api

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
work=$(mktemp -d)

export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_REGION=us-east-1
moto_port=$(free_port)
taskset -c 1 moto_server -H 127.0.0.1 -p "$moto_port" >"$work/moto.log" 2>&1 &
pids+=($!)
moto_pid=$!
wait_for_http "http://127.0.0.1:$moto_port/" 60
export STORAGE=dynamodb DYNAMODB_ENDPOINT="http://127.0.0.1:$moto_port" RATE_LIMIT_ENABLED=false LOG_LEVEL=warn
"$api" create-tables >/dev/null

port=$(free_port)
PORT=$port HOST=127.0.0.1 taskset -c 0 "$api" >"$work/api.log" 2>&1 &
pids+=($!)
api_pid=$!
wait_for_http "http://127.0.0.1:$port/health" 30

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
ticks_per_second=$(getconf CLK_TCK)

# Runs wrk and prints: name, requests/s, p50, p99, service CPU µs per request, moto CPU µs per request.
measure() {
  local name=$1 script=$2 path=$3
  local before_api before_moto
  before_api=$(cpu_ticks "$api_pid"); before_moto=$(cpu_ticks "$moto_pid")
  taskset -c 1 wrk -t1 -c"$connections" -d"${duration}s" --latency -s "$script" "http://127.0.0.1:$port$path" \
    >"$work/$name.txt"
  local api_ticks=$(( $(cpu_ticks "$api_pid") - before_api ))
  local moto_ticks=$(( $(cpu_ticks "$moto_pid") - before_moto ))
  python3 - "$work/$name.txt" "$name" "$api_ticks" "$moto_ticks" "$ticks_per_second" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
name, api_ticks, moto_ticks, hz = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
requests = int(re.search(r"(\d+) requests in", text).group(1))
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p50 = re.search(r"50%\s+(\S+)", text).group(1)
p99 = re.search(r"99%\s+(\S+)", text).group(1)
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
per = lambda ticks: ticks / hz * 1e6 / max(requests, 1)
print(f"{name:<22} {rps:>9.0f} req/s  p50 {p50:>8}  p99 {p99:>8}  service CPU {per(api_ticks):7.0f} us/req"
      f"  moto CPU {per(moto_ticks):7.0f} us/req  non-2xx {non2xx.group(1) if non2xx else 0}")
PY
}

cat >"$work/ingest.lua" <<'LUA'
local counter = 0
local base = os.time() * 1000 - 3600 * 1000
request = function()
  counter = counter + 1
  local body = string.format('{"device_id":"bench-%d","timestamp":%d,"temperature":21.5,"humidity":40.2,"status":"active"}',
                             counter % 50, base + counter)
  return wrk.format("POST", "/api/v1/metrics", {["Content-Type"] = "application/json"}, body)
end
LUA
cat >"$work/get.lua" <<'LUA'
request = function() return wrk.format("GET") end
LUA

# 100 readings of one device for the history query.
python3 - "$port" <<'PY'
import json, sys, time, urllib.request
now = int(time.time() * 1000)
readings = [{"device_id": "bench-history", "timestamp": now - 60000 - i * 1000, "temperature": 20 + i / 10,
             "humidity": 40.0, "status": "active"} for i in range(100)]
req = urllib.request.Request(f"http://127.0.0.1:{sys.argv[1]}/api/v1/metrics/batch",
                             data=json.dumps({"readings": readings}).encode(),
                             headers={"Content-Type": "application/json"}, method="POST")
body = json.load(urllib.request.urlopen(req))
assert body["accepted"] == 100, body
PY

echo "DynamoDB back end against moto_server, ${duration}s per run, $connections connections"
measure ingest "$work/ingest.lua" /
measure history-100 "$work/get.lua" "/api/v1/metrics/bench-history?limit=100"
echo "service RSS after the runs: $(awk '/VmRSS/ {print $2, $3}' /proc/$api_pid/status)"
