#!/usr/bin/env bash
# Loopback benchmark of portfolio-api against nginx, with wrk. The server under test is pinned to
# core 0 and wrk to core 1, and every comparison is a ratio taken in the same run, because these
# machines are shared and noisy. Beside nginx it builds and runs a minimal Beast coroutine server, the
# ceiling of our own HTTP stack. Every scenario runs right after an nginx run of its own, and its
# ratio is taken to that run, because the speed of these machines drifts within minutes; the whole
# sequence is repeated ROUNDS times and the medians are printed. Prints requests/s, p50/p99, every
# figure as a ratio to nginx, RSS and start-up time.
#
#   bench/run.sh                 # 5 s per run, 3 rounds, 64 connections
#   DURATION=10s ROUNDS=5 CONNECTIONS=64 bench/run.sh
#   PORTFOLIO_API_BIN=path/to/portfolio-api bench/run.sh   # an already-built release binary
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh

DURATION=${DURATION:-5s}
ROUNDS=${ROUNDS:-3}
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

# --- the minimal Boost.Beast coroutine server (fixed JSON, keep-alive, one thread): our stack's ceiling
g++ -O2 -std=c++20 bench/beast_ceiling.cpp -o "$work/beast-ceiling" -pthread
beast_port=$(free_port)
taskset -c "$SERVER_CPU" "$work/beast-ceiling" "$beast_port" &
pids+=($!)
wait_for_http "http://127.0.0.1:$beast_port/"

# --- portfolio-api on the embedded store with the shipped defaults: IO_THREADS follows the affinity
# mask (one CPU under taskset), access log, request ids and metrics on (the log goes to /dev/null).
# Rate limits are off: wrk comes from one address.
port=$(free_port)
env PORT="$port" HOST=127.0.0.1 STORAGE=sqlite SQLITE_PATH="$work/bench.db" \
  RATE_LIMIT_ENABLED=false SHUTDOWN_GRACE_SECONDS=0 taskset -c "$SERVER_CPU" "$BIN" >/dev/null &
api_pid=$!
pids+=("$api_pid")
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

# Each line of $work/runs: round, scenario, req/s, p50, p99. The servers idle on their core while
# another is measured.
: >"$work/runs"
measure() {  # round name url [wrk args...]
  local round=$1 name=$2; shift 2
  echo "$round $name $(run_wrk "$@")" >>"$work/runs"
}
for round in $(seq "$ROUNDS"); do
  for scenario in beast health user history gzip ingest; do
    measure "$round" "nginx-$scenario" "http://127.0.0.1:$nginx_port/"
    case $scenario in
      beast) measure "$round" beast "http://127.0.0.1:$beast_port/" ;;
      health) measure "$round" health "$base/health" ;;
      user) measure "$round" user "$base/api/v1/users/$user_id" ;;
      history) measure "$round" history "$base/api/v1/metrics/history-dev?limit=100" ;;
      gzip) measure "$round" gzip "$base/api/v1/metrics/history-dev?limit=100" -H 'Accept-Encoding: gzip' ;;
      ingest) measure "$round" ingest "$base/api/v1/metrics" -s bench/ingest.lua ;;
    esac
  done
done
rss=$(rss_mib "$api_pid")
kill -TERM "$api_pid"; wait "$api_pid" 2>/dev/null || true

startup_ms=$(python3 bench/startup_time.py "$BIN" "$(free_port)")

printf '\nportfolio-api benchmark: wrk -t1 -c%s -d%s, %s rounds, server on CPU %s, wrk on CPU %s, load average %s\n\n' \
  "$CONNECTIONS" "$DURATION" "$ROUNDS" "$SERVER_CPU" "$LOAD_CPU" "$(cut -d' ' -f1 /proc/loadavg)"
python3 - "$work/runs" "$rss" "$startup_ms" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    rnd, name, rps, p50, p99 = line.split()
    runs.setdefault(name, {})[int(rnd)] = (float(rps), float(p50), float(p99))
rows = [("beast", "Beast coroutine server, fixed JSON", None), ("health", "GET /health", 80),
        ("user", "GET /api/v1/users/{id} (sqlite)", 40), ("history", "GET history, 100 readings", 12),
        ("gzip", "GET history, 100 readings, gzip", None), ("ingest", "POST /api/v1/metrics (durable)", 35)]
med = statistics.median
nginx = [v for name, by_round in runs.items() if name.startswith("nginx-") for v in by_round.values()]
print(f"{'scenario':<38} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'vs nginx':>9} {'each round':>18}  target")
print(f"{'nginx fixed 200 (1 worker)':<38} {med(v[0] for v in nginx):>8.0f} {med(v[1] for v in nginx):>8.3f} "
      f"{med(v[2] for v in nginx):>8.3f} {'100 %':>9} {'':>18}")
worst_p99 = 0.0
for name, label, target in rows:
    by_round = runs[name]
    # Each run's ratio is to the nginx run just before it.
    ratios = [by_round[r][0] / runs[f"nginx-{name}"][r][0] * 100 for r in sorted(by_round)]
    ratio = med(ratios)
    p99 = med(v[2] for v in by_round.values())
    if name not in ("beast", "gzip"):
        worst_p99 = max(worst_p99, p99)
    # The verdict gives the median to a tenth, so that 11.7 % printed as 12 % is not read as met.
    verdict = "(ceiling)" if name == "beast" else "(cost of gzip)" if target is None else \
        f">= {target} %: {'met' if ratio >= target else 'missed'} ({ratio:.1f} %)"
    each = " ".join(f"{r:.0f}" for r in ratios)
    print(f"{label:<38} {med(v[0] for v in by_round.values()):>8.0f} {med(v[1] for v in by_round.values()):>8.3f} "
          f"{p99:>8.3f} {ratio:>7.0f} % {each:>18}  {verdict}")
rss, startup = float(sys.argv[2]), float(sys.argv[3])
print()
print(f"{'worst median p99':<44} {worst_p99:.3f} ms   (target < 5 ms: {'met' if worst_p99 < 5 else 'missed'})")
print(f"{'RSS after the runs':<44} {rss:.1f} MiB   (target < 24 MiB: {'met' if rss < 24 else 'missed'})")
print(f"{'start to first /health 200 (median of 7)':<44} {startup:.1f} ms   (target < 100 ms: {'met' if startup < 100 else 'missed'})")
PY
