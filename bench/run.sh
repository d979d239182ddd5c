#!/usr/bin/env bash
# Loopback benchmark of portfolio-api against nginx, with wrk. The server under test is pinned to
# core 0 and wrk to core 1, and every comparison is a ratio taken in the same run, because these
# machines are shared and noisy. Beside nginx it builds and runs a minimal Beast coroutine server, the
# ceiling of our own HTTP stack. Prints requests/s, p50/p99, every figure as a ratio to nginx, RSS and
# start-up time.
#
#   bench/run.sh                 # 10 s per scenario, 64 connections
#   DURATION=30s CONNECTIONS=64 bench/run.sh
#   PORTFOLIO_API_BIN=path/to/portfolio-api bench/run.sh   # an already-built release binary
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
SERVER_CPU=${SERVER_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}

ensure_packages wrk nginx-light curl python3 util-linux "${CXX_BUILD_PACKAGES[@]}"
if [ -z "${PORTFOLIO_API_BIN:-}" ]; then
  [ -d tools/api-docs/node_modules ] || npm ci --prefix tools/api-docs --no-audit --no-fund >/dev/null
  cmake --preset release >/dev/null
  cmake --build --preset release --target portfolio-api >/dev/null
fi
BIN=${PORTFOLIO_API_BIN:-$PWD/build/release/src/app/portfolio-api}

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# --- wrk wrapper: prints "rps p50_ms p99_ms"
run_wrk() {
  local url=$1; shift
  taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url" >"$work/wrk.out"
  python3 - "$work/wrk.out" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(label):
    m = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
if errors:
    sys.exit(f"wrk saw {errors.group(1)} non-2xx responses:\n{text}")
if "Socket errors" in text:
    sys.stderr.write(text)
print(f"{rps:.0f} {ms(50):.3f} {ms(99):.3f}")
PY
}

rss_mib() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$1/status"; }

# --- nginx: one worker returning a fixed 200, the ceiling for a loopback HTTP server
nginx_port=$(free_port)
mkdir -p "$work/nginx"
cat >"$work/nginx/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx;
  proxy_temp_path $work/nginx;
  fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx;
  scgi_temp_path $work/nginx;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$nginx_port;
    location / { default_type application/json; return 200 '{"status":"healthy"}'; }
  }
}
NGINX
taskset -c "$SERVER_CPU" nginx -c "$work/nginx/nginx.conf" &
pids+=($!)
wait_for_http "http://127.0.0.1:$nginx_port/"
read -r nginx_rps nginx_p50 nginx_p99 < <(run_wrk "http://127.0.0.1:$nginx_port/")
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

# --- the minimal Boost.Beast coroutine server (fixed JSON, keep-alive, one thread): our stack's ceiling
g++ -O2 -std=c++20 bench/beast_ceiling.cpp -o "$work/beast-ceiling" -pthread
beast_port=$(free_port)
taskset -c "$SERVER_CPU" "$work/beast-ceiling" "$beast_port" &
pids+=($!)
wait_for_http "http://127.0.0.1:$beast_port/"
read -r beast_rps beast_p50 beast_p99 < <(run_wrk "http://127.0.0.1:$beast_port/")
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

# --- portfolio-api on the embedded store with the shipped defaults: IO_THREADS follows the affinity
# mask (one CPU under taskset), access log, request ids and metrics on (the log goes to /dev/null).
# Rate limits are off: wrk comes from one address.
port=$(free_port)
env PORT="$port" HOST=127.0.0.1 STORAGE=sqlite SQLITE_PATH="$work/bench.db" \
  RATE_LIMIT_ENABLED=false SHUTDOWN_GRACE_SECONDS=0 taskset -c "$SERVER_CPU" "$BIN" >/dev/null &
api_pid=$!
pids+=($api_pid)
base="http://127.0.0.1:$port"
wait_for_http "$base/health"

user_id=$(curl -fsS -X POST "$base/api/v1/users" -H 'Content-Type: application/json' \
  -d '{"username":"bench_user","email":"bench@example.com"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["user_id"])')
python3 - "$base" <<'PY'
import json, sys, time, urllib.request
base = sys.argv[1]
now = int(time.time() * 1000)
for chunk in range(2):
    readings = [{"device_id": "history-dev", "timestamp": now - 600_000 + chunk * 500 + i, "temperature": 20 + i % 10 / 4,
                 "humidity": 40.5, "status": "active", "battery_level": 87.25} for i in range(500)]
    req = urllib.request.Request(base + "/api/v1/metrics/batch", json.dumps({"readings": readings}).encode(),
                                 {"Content-Type": "application/json"})
    assert json.load(urllib.request.urlopen(req))["accepted"] == 500
PY

read -r health_rps health_p50 health_p99 < <(run_wrk "$base/health")
read -r user_rps user_p50 user_p99 < <(run_wrk "$base/api/v1/users/$user_id")
read -r ingest_rps ingest_p50 ingest_p99 < <(run_wrk "$base/api/v1/metrics" -s bench/ingest.lua)
read -r history_rps history_p50 history_p99 < <(run_wrk "$base/api/v1/metrics/history-dev?limit=100")
read -r gzip_rps gzip_p50 gzip_p99 < <(run_wrk "$base/api/v1/metrics/history-dev?limit=100" -H 'Accept-Encoding: gzip')
rss=$(rss_mib "$api_pid")
kill -TERM "$api_pid"; wait "$api_pid" 2>/dev/null || true

startup_ms=$(python3 bench/startup_time.py "$BIN" "$(free_port)")

ratio() { python3 -c "print(f'{$1 / $2 * 100:.0f} %')"; }
printf '\nportfolio-api benchmark: wrk -t1 -c%s -d%s, server on CPU %s, wrk on CPU %s, load average %s\n\n' \
  "$CONNECTIONS" "$DURATION" "$SERVER_CPU" "$LOAD_CPU" "$(cut -d' ' -f1 /proc/loadavg)"
printf '%-40s %10s %9s %9s %9s  %s\n' scenario "req/s" "p50 ms" "p99 ms" "vs nginx" target
row() { printf '%-40s %10s %9s %9s %9s  %s\n' "$1" "$2" "$3" "$4" "$(ratio "$2" "$nginx_rps")" "$5"; }
row "nginx fixed 200 (1 worker)" "$nginx_rps" "$nginx_p50" "$nginx_p99" ""
row "Beast coroutine server, fixed JSON" "$beast_rps" "$beast_p50" "$beast_p99" "(ceiling)"
row "GET /health" "$health_rps" "$health_p50" "$health_p99" ">= 80 %"
row "GET /api/v1/users/{id} (sqlite)" "$user_rps" "$user_p50" "$user_p99" ">= 40 %"
row "GET history, 100 readings" "$history_rps" "$history_p50" "$history_p99" ">= 12 %"
row "GET history, 100 readings, gzip" "$gzip_rps" "$gzip_p50" "$gzip_p99" "(cost of gzip)"
row "POST /api/v1/metrics (durable)" "$ingest_rps" "$ingest_p50" "$ingest_p99" ">= 35 %"
printf '\n%-44s %s ms   (target < 5 ms)\n' "worst p99" \
  "$(printf '%s\n' "$health_p99" "$user_p99" "$history_p99" "$ingest_p99" | sort -g | tail -n1)"
printf '%-44s %s MiB   (target < 24 MiB)\n' "RSS after the runs" "$rss"
printf '%-44s %s ms   (target < 100 ms)\n' "start to first /health 200 (median of 7)" "$startup_ms"
