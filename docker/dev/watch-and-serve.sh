#!/usr/bin/env bash
# Development loop of Dockerfile.dev: builds the mounted source incrementally (ninja + ccache, build
# tree on a volume), runs the service, and on every source change rebuilds and restarts it. A failed
# build leaves the running service alone and waits for the next change.
set -uo pipefail

src_dir=${SOURCE_DIR:-/src}
build_dir=${BUILD_DIR:-/build}
binary=$build_dir/src/app/portfolio-api
watched=("$src_dir/src" "$src_dir/CMakeLists.txt" "$src_dir/CMakePresets.json")
server_pid=""

log() { printf '[dev] %s\n' "$*" >&2; }

build() {
  if [ ! -f "$build_dir/build.ninja" ]; then
    cmake -Wno-dev -S "$src_dir" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-Debug}" \
      -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DPORTFOLIO_BUILD_TESTS=OFF \
      -DPORTFOLIO_API_DOCS_MODULES="${API_DOCS_MODULES:-$src_dir/tools/api-docs/node_modules}" >/dev/null || return 1
  fi
  local started=$SECONDS
  cmake --build "$build_dir" --target portfolio-api || return 1
  log "built in $((SECONDS - started)) s"
}

stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"
    wait "$server_pid"
  fi
  server_pid=""
}

# Tables are created once per container start, retried while the emulator is still coming up.
tables_ready=false
create_tables() {
  [ "${STORAGE:-sqlite}" = dynamodb ] && [ "${CREATE_TABLES:-false}" = true ] || return 0
  [ "$tables_ready" = true ] && return 0
  local attempt
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    if "$binary" create-tables; then
      tables_ready=true
      return 0
    fi
    log "create-tables failed (attempt $attempt), retrying"
    sleep 2
  done
  return 1
}

start_server() {
  create_tables || log "tables could not be created; starting anyway"
  "$binary" &
  server_pid=$!
  log "service started (pid $server_pid)"
}

on_exit() {
  stop_server
  exit 0
}
trap on_exit TERM INT

# The dashboard, when it has been built on the host, is served as in production.
if [ -z "${STATIC_DIR:-}" ] && [ -f "$src_dir/web/dist/index.html" ]; then
  export STATIC_DIR=$src_dir/web/dist
fi

if build; then start_server; else log "build failed; waiting for a change"; fi

exec 3< <(inotifywait --monitor --quiet --recursive --event close_write,create,delete,move \
  --exclude '(/\.|~$|\.swp$)' --format '%w%f' "${watched[@]}")
while true; do
  # A one-second timeout keeps the loop responsive to SIGTERM and lets it notice a crashed service,
  # which stays down (its last lines are in the log) until the next change.
  if ! read -r -t 1 changed <&3; then
    if [ -n "$server_pid" ] && ! kill -0 "$server_pid" 2>/dev/null; then
      wait "$server_pid"
      log "service exited with status $?; waiting for a change"
      server_pid=""
    fi
    continue
  fi
  # An editor or `git checkout` touches many files at once: wait for a quiet half second so that
  # they lead to one build.
  while read -r -t 0.5 _ <&3; do :; done
  log "changed: $changed"
  if build; then
    stop_server
    start_server
  else
    log "build failed; the previous service keeps running"
  fi
done
