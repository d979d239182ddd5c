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
  if [ ! -f /tmp/.portfolio-apt-updated ]; then
    $sudo apt-get update -qq && touch /tmp/.portfolio-apt-updated
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
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
