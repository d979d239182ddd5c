#!/usr/bin/env bash
# Dashboard: type check, lint, unit tests, production build, then the browser tests, in Debian's
# Chromium, against the real portfolio-api binary serving the built dashboard on the embedded store,
# and Lighthouse on the status, devices and device pages.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/common.sh

ensure_node
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' ||
  { echo "Node.js >= 20.19 is needed by Vite; found $(node --version)" >&2; exit 1; }
ensure_packages chromium fonts-dejavu-core "${CXX_BUILD_PACKAGES[@]}"

stage "portfolio-api (the C++ stage's release build, or just the binary when this stage runs alone)"
build_preset release portfolio-api

cd web
stage "npm ci"
npm ci --no-audit --no-fund
stage "typecheck"
npm run typecheck
stage "lint"
npm run lint
stage "unit tests"
npm test
stage "build"
npm run build
stage "browser tests"
npm run test:e2e
stage "lighthouse (status, devices, device; desktop and mobile; >= 95 in every category, CLS < 0.1)"
CHROME_PATH=/usr/bin/chromium npm run lighthouse
