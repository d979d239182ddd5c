# Sourced by the project's scripts: package installation and small shared helpers.
# shellcheck shell=bash

# Installs the given Debian packages when any is missing. Runs `apt-get update` at most once per
# machine boot-up of this script family, so that a stage that needs nothing new costs nothing.
ensure_packages() {
  local missing=()
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "==> installing: ${missing[*]}" >&2
  # Stages may run side by side (scripts/test.sh BACKGROUND_STAGES): one installation at a time.
  (
    flock 9
    if [ ! -f /tmp/.portfolio-apt-updated ]; then
      $sudo apt-get update -qq && touch /tmp/.portfolio-apt-updated
    fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
      -o DPkg::Lock::Timeout=600 "${missing[@]}" >/dev/null
  ) 9>/tmp/.portfolio-apt.lock
}

# The packages the C++ build needs.
CXX_BUILD_PACKAGES=(build-essential cmake ninja-build ccache pkg-config git
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libboost-system1.81-dev
  libsqlite3-dev libssl-dev libcurl4-openssl-dev prometheus-cpp-dev libcli11-dev zlib1g-dev
  libgtest-dev libgmock-dev)

# Prints a free TCP port on loopback.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Waits until a URL answers 2xx, for at most $2 seconds (default 30).
wait_for_http() {
  local url=$1 deadline=$((SECONDS + ${2:-30}))
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || { echo "timed out waiting for $url" >&2; return 1; }
    sleep 0.2
  done
}

stage() { printf '\n==== %s ====\n' "$*" >&2; }

# Node.js and npm: the machines come with them (NodeSource build); install Debian's only when absent.
ensure_node() {
  command -v npm >/dev/null 2>&1 || ensure_packages nodejs npm
}

# The npm assets the service embeds (Swagger UI and ReDoc, tools/api-docs), installed from the lock
# file when they are missing or older than it.
ensure_api_docs_assets() {
  local dir=tools/api-docs
  if [ ! -f "$dir/node_modules/.package-lock.json" ] ||
    [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    ensure_node
    echo "==> npm ci in $dir" >&2
    npm ci --prefix "$dir" --omit=dev --no-audit --no-fund --loglevel=error >/dev/null
  fi
}

# Configures a CMake preset (its compile database is build/PRESET/compile_commands.json).
configure_preset() {
  ensure_packages "${CXX_BUILD_PACKAGES[@]}"
  ensure_api_docs_assets
  cmake --preset "$1" >/dev/null
}

# build_preset PRESET [TARGET...]: configures and builds a CMake preset, every target unless some
# are named. Within one run of scripts/test.sh (PORTFOLIO_CI_RUN) each configuration is built once:
# the first stage that needs it builds all of it, and later stages reuse the tree. Outside a run it
# builds incrementally, as cmake would.
build_preset() {
  local preset=$1 marker="build/$1/.built-in-run"
  shift
  if [ -n "${PORTFOLIO_CI_RUN:-}" ] && [ "$(cat "$marker" 2>/dev/null)" = "$PORTFOLIO_CI_RUN" ]; then
    echo "==> build/$preset: built earlier in this run, reused" >&2
    return 0
  fi
  local started=$SECONDS targets=()
  [ $# -eq 0 ] || targets=(--target "$@")
  configure_preset "$preset"
  cmake --build --preset "$preset" "${targets[@]}"
  echo "==> build/$preset ${*:-(all targets)}: configured and built in $((SECONDS - started)) s" >&2
  if [ -n "${PORTFOLIO_CI_RUN:-}" ] && [ $# -eq 0 ]; then echo "$PORTFOLIO_CI_RUN" >"$marker"; fi
}
