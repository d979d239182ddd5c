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

# Servers a script starts in the background; a script that starts any calls stop_background from its
# EXIT trap.
BACKGROUND_PIDS=()
stop_background() {
  local pid
  for pid in "${BACKGROUND_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${BACKGROUND_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  BACKGROUND_PIDS=()
}

# start_moto LOG [CERT KEY]: starts moto_server on a free loopback port (over TLS with CERT and KEY),
# waits until it answers, and sets MOTO_ENDPOINT. Its environment is the caller's, so
# `MOTO_IAM_LOAD_MANAGED_POLICIES=true start_moto ...` reaches it.
start_moto() {
  local log=$1 cert=${2:-} key=${3:-} port scheme=http tls=() trust=()
  port=$(free_port)
  if [ -n "$cert" ]; then scheme=https tls=(-c "$cert" -k "$key") trust=(--cacert "$cert"); fi
  moto_server -H 127.0.0.1 -p "$port" "${tls[@]}" >"$log" 2>&1 &
  local pid=$!
  BACKGROUND_PIDS+=("$pid")
  MOTO_ENDPOINT="$scheme://127.0.0.1:$port"
  local deadline=$((SECONDS + 60))
  until curl -fsS "${trust[@]}" -o /dev/null "$MOTO_ENDPOINT/moto-api/" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "moto_server exited:" >&2; cat "$log" >&2; return 1; }
    [ $SECONDS -lt $deadline ] || { echo "moto_server did not start in 60 s" >&2; return 1; }
    sleep 0.2
  done
}

# terraform_offline DIR: Terraform and the AWS CLI for runs against moto only. Providers come from
# the machine's mirror (/opt/tf-plugins, cached under DIR), never from a registry; nothing from the
# caller's AWS set-up leaks in (moto's test credentials, ap-northeast-1).
terraform_offline() {
  local dir=$1
  mkdir -p "$dir/plugin-cache"
  cat >"$dir/terraformrc" <<RC
provider_installation {
  filesystem_mirror {
    path    = "/opt/tf-plugins"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct {
    exclude = ["registry.terraform.io/*/*"]
  }
}
plugin_cache_dir = "$dir/plugin-cache"
RC
  export TF_CLI_CONFIG_FILE="$dir/terraformrc" TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
  unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL
  export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=ap-northeast-1 \
    AWS_REGION=ap-northeast-1 AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
    AWS_EC2_METADATA_DISABLED=true
}
