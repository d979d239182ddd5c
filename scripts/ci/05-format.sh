#!/usr/bin/env bash
# Every C++ file follows .clang-format. (clang-tidy runs on the release build's compile database in
# scripts/ci/15-tidy.sh.)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/common.sh
ensure_packages clang-format git
git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror
echo "clang-format: $(git ls-files '*.cpp' '*.hpp' | wc -l) files clean" >&2
