#!/usr/bin/env bash
# Instructions per request of portfolio-api, counted by valgrind's callgrind: stable on a shared, noisy
# machine where requests/s are not. Each scenario runs the server twice under callgrind, with N1 and
# N2 requests on one keep-alive connection; (Ir(N2) - Ir(N1)) / (N2 - N1) cancels start-up and
# shutdown. Every thread is counted (the log writer's and the storage pool's included).
# `ingest64` sends its ingestions from 64 connections at once, in rounds (each connection sends, then
# every response is read), so that writes share their commits as they do under load. `resend` sends
# one stored reading again and again (a client's retry), in an hour that holds 1,000 readings.
#
#   bench/instructions.sh                          # the release build
#   PORTFOLIO_API_BIN=path/to/portfolio-api N1=500 N2=2500 bench/instructions.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh
ensure_packages valgrind python3

BIN=${PORTFOLIO_API_BIN:-$PWD/build/release/src/app/portfolio-api}
N1=${N1:-500}
N2=${N2:-2500}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Prints the total instruction count of one server run answering `count` requests of `scenario`.
count_run() {
  local scenario=$1 count=$2 port
  port=$(free_port)
  rm -f "$work/db"* "$work/cg.out" "$work/log"
  env PORT="$port" HOST=127.0.0.1 STORAGE=sqlite SQLITE_PATH="$work/db" IO_THREADS=1 \
    RATE_LIMIT_ENABLED=false SHUTDOWN_GRACE_SECONDS=0 \
    valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$BIN" >"$work/log" 2>/dev/null &
  local pid=$!
  python3 - "$port" "$scenario" "$count" "$work/log" <<'PY'
import http.client, json, sys, time
port, scenario, count, log = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
deadline = time.monotonic() + 120
while '"msg":"listening"' not in open(log).read():
    if time.monotonic() > deadline:
        sys.exit("the server did not start")
    time.sleep(0.05)
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
def call(method, path, body=None, extra=None):
    headers = {"Content-Type": "application/json"} if body is not None else {}
    headers.update(extra or {})
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    r = conn.getresponse()
    data = r.read()
    assert r.status < 300, (r.status, data)
    return data
# Set-up requests are the same in both runs, so they cancel out too.
user = json.loads(call("POST", "/api/v1/users", {"username": "bench_user", "email": "b@example.com"}))["user_id"]
now = int(time.time() * 1000)
call("POST", "/api/v1/metrics/batch", {"readings": [
    {"device_id": "history-dev", "timestamp": now - 100_000 + i, "temperature": 20 + i % 10 / 4,
     "humidity": 40.5, "status": "active", "battery_level": 87.25} for i in range(100)]})
resent = {"device_id": "resend-dev", "timestamp": now - 50_000, "temperature": 20.5, "humidity": 40.5,
          "status": "active"}
for chunk in range(2):
    call("POST", "/api/v1/metrics/batch", {"readings": [
        dict(resent, timestamp=now - 50_000 + chunk * 500 + i) for i in range(500)]})
paths = {"health": ("GET", "/health"), "user": ("GET", f"/api/v1/users/{user}"),
         "history": ("GET", "/api/v1/metrics/history-dev?limit=100"), "ingest": ("POST", "/api/v1/metrics"),
         "history_gzip": ("GET", "/api/v1/metrics/history-dev?limit=100"), "ingest64": ("POST", "/api/v1/metrics"),
         "resend": ("POST", "/api/v1/metrics")}
method, path = paths[scenario]
extra = {"Accept-Encoding": "gzip"} if scenario.endswith("_gzip") else None
def reading(i):
    return {"device_id": f"d-{i % 100}", "timestamp": now - 200_000 + i, "temperature": 21.5,
            "humidity": 40.25, "status": "active"}
if scenario == "ingest64":
    conns = [http.client.HTTPConnection("127.0.0.1", port, timeout=60) for _ in range(64)]
    assert count % 64 == 0, "ingest64 counts whole rounds of 64"
    for first in range(0, count, 64):
        for i, c in enumerate(conns):
            c.request(method, path, body=json.dumps(reading(first + i)), headers={"Content-Type": "application/json"})
        for c in conns:
            r = c.getresponse()
            data = r.read()
            assert r.status < 300, (r.status, data)
    sys.exit(0)
for i in range(count):
    body = resent if scenario == "resend" else reading(i) if method == "POST" else None
    call(method, path, body, extra)
PY
  kill -TERM "$pid"
  wait "$pid" || true
  awk '/^summary:/ {print $2}' "$work/cg.out"
}

printf '%-10s %14s\n' scenario "instr/request"
for scenario in ${SCENARIOS:-health user history history_gzip ingest ingest64 resend}; do
  n1=$N1 n2=$N2
  # Whole rounds of 64 for ingest64.
  [ "$scenario" != ingest64 ] || { n1=$((N1 / 64 * 64)); n2=$((N2 / 64 * 64)); }
  a=$(count_run "$scenario" "$n1")
  b=$(count_run "$scenario" "$n2")
  printf '%-10s %14s\n' "$scenario" "$(( (b - a) / (n2 - n1) ))"
done
