#!/usr/bin/env bash
# Image GET throughput and the service's RSS while many clients fetch large images (wrk, loopback).
# Images are streamed in 256 KiB pieces (S3: 1 MiB ranged GETs), so RSS must stay far below
# image size x clients. Runs each image size on the local store, and on moto's S3 with S3=1.
#
#   bench/images.sh                                  # 64 connections, 10 s, 1 MiB and 5 MiB images
#   CONNECTIONS=64 DURATION=20s S3=1 bench/images.sh
#   PORTFOLIO_API_BIN=path/to/portfolio-api bench/images.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
SERVER_CPU=${SERVER_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
SIZES_MIB=${SIZES_MIB:-"1 5"}

ensure_packages wrk curl python3 util-linux
BIN=${PORTFOLIO_API_BIN:-$PWD/build/release/src/app/portfolio-api}
[ -x "$BIN" ] || { echo "build the release binary first (cmake --build --preset release --target portfolio-api)" >&2; exit 1; }

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  stop_background  # before the bare wait below, which would otherwise wait for moto_server forever
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

stores=(local)
if [ "${S3:-0}" = 1 ]; then
  start_moto "$work/moto.log"
  curl -fsS -X PUT "$MOTO_ENDPOINT/bench-images" >/dev/null
  stores+=(s3)
fi

rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

printf '%-6s %-6s %10s %10s %10s %12s %12s\n' store image "req/s" "MiB/s" "p99 ms" "RSS idle MiB" "RSS peak MiB"
for store in "${stores[@]}"; do
  for mib in $SIZES_MIB; do
    port=$(free_port)
    env=(PORT="$port" HOST=127.0.0.1 SQLITE_PATH="$work/$store-$mib/p.db" RATE_LIMIT_ENABLED=false
         ACCESS_LOG=false IO_THREADS=1 IMAGE_STORE="$store")
    if [ "$store" = s3 ]; then
      env+=(IMAGES_BUCKET=bench-images IMAGES_PREFIX="bench-$mib/" IMAGES_ENDPOINT="$MOTO_ENDPOINT"
            AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_REGION=us-east-1)
    fi
    mkdir -p "$work/$store-$mib"
    env "${env[@]}" taskset -c "$SERVER_CPU" "$BIN" >"$work/service.log" 2>&1 &
    pid=$!
    pids+=("$pid")
    wait_for_http "http://127.0.0.1:$port/health" 30
    curl -fsS -X POST "http://127.0.0.1:$port/api/v1/metrics" -H 'Content-Type: application/json' \
      -d '{"device_id":"bench-cam","temperature":20,"humidity":40,"status":"active"}' >/dev/null
    # The largest image the API accepts is 5 MiB exactly: a PNG header, then padding.
    python3 - "$work/image.png" "$mib" <<'PY'
import struct, sys, zlib
size = int(sys.argv[2]) * 1024 * 1024
ihdr = struct.pack(">IIBBBBB", 1024, 768, 8, 2, 0, 0, 0)
head = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
open(sys.argv[1], "wb").write(head + bytes(i % 251 for i in range(size - len(head))))
PY
    curl -fsS -X PUT --data-binary @"$work/image.png" "http://127.0.0.1:$port/api/v1/devices/bench-cam/image" >/dev/null
    curl -fsS -o /dev/null "http://127.0.0.1:$port/api/v1/devices/bench-cam/image"
    idle=$(rss_kib "$pid")
    peak=$idle
    taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --timeout 30s --latency \
      "http://127.0.0.1:$port/api/v1/devices/bench-cam/image" >"$work/wrk.out" &
    wrk_pid=$!
    while kill -0 "$wrk_pid" 2>/dev/null; do
      now=$(rss_kib "$pid")
      [ "$now" -gt "$peak" ] && peak=$now
      sleep 0.1
    done
    wait "$wrk_pid"
    python3 - "$work/wrk.out" "$store" "$mib" "$idle" "$peak" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
if re.search(r"Non-2xx or 3xx responses: (\d+)", text) or "Socket errors" in text:
    sys.exit("wrk saw errors:\n" + text)
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
m = re.search(r"^\s*99%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
p99 = float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
mib = int(sys.argv[3])
print(f"{sys.argv[2]:<6} {mib:>3} MiB {rps:10.1f} {rps * mib:10.1f} {p99:10.1f} {int(sys.argv[4]) / 1024:12.1f} {int(sys.argv[5]) / 1024:12.1f}")
PY
    kill "$pid"
    wait "$pid" 2>/dev/null || true
  done
done
echo "($CONNECTIONS connections, $DURATION each; server on CPU $SERVER_CPU with IO_THREADS=1, wrk on CPU $LOAD_CPU)"
