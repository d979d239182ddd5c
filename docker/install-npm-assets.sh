#!/usr/bin/env bash
# Installs, with the host's npm, the npm modules the images take from the build context:
#   tools/api-docs  Swagger UI and ReDoc, compiled into portfolio-api (/docs, /redoc)
#   docker/dynalite the DynamoDB emulator of the dev stack (only with --emulator)
# A folder whose modules match its lock file already is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."

install_modules() {
  local dir=$1
  if [ ! -f "$dir/node_modules/.package-lock.json" ] ||
    [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "==> npm ci in $dir" >&2
    npm ci --prefix "$dir" --omit=dev --no-audit --no-fund --loglevel=error
  fi
}

install_modules tools/api-docs
[ "${1:-}" = "--emulator" ] && install_modules docker/dynalite
exit 0
