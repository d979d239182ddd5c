#!/usr/bin/env bash
# Installs what is missing, then builds the service (release preset) and the dashboard.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh

ensure_packages "${CXX_BUILD_PACKAGES[@]}"
ensure_node
stage "portfolio-api (cmake --preset release)"
build_preset release portfolio-api portfolio-sim
if [ -f web/package.json ]; then
  stage "dashboard (web/, vite)"
  (cd web && npm ci --no-audit --no-fund --loglevel=error >/dev/null && npm run build >/dev/null)
fi
