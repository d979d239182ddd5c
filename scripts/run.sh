#!/usr/bin/env bash
# Builds everything and runs the API with the dashboard on the embedded SQLite store:
# http://localhost:8000/ (dashboard), /docs (API documentation), /health.
# Any setting from the README can be passed through the environment, e.g. PORT=9000 make run.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
export STORAGE=${STORAGE:-sqlite}
export SQLITE_PATH=${SQLITE_PATH:-$PWD/data/portfolio.db}
if [ -z "${STATIC_DIR:-}" ] && [ -f web/dist/index.html ]; then export STATIC_DIR=$PWD/web/dist; fi
echo "portfolio-api on http://localhost:${PORT:-8000}/  (Ctrl-C stops it)" >&2
exec build/release/src/app/portfolio-api
