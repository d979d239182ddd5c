#!/usr/bin/env bash
# Release build with warnings as errors, then every CTest suite (unit, storage behaviour, end to end).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/common.sh
ensure_packages "${CXX_BUILD_PACKAGES[@]}" curl python3
build_preset release
ctest --preset release -LE dynamodb
