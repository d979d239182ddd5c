#!/usr/bin/env bash
# ThreadSanitizer over the threaded parts: the storage suites (group commit, the stores), the HTTP
# layer's and the logger's tests, and the end-to-end tests against a TSan-built portfolio-api.
# Any reported race fails the test that provoked it (halt_on_error: the process exits at once).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/common.sh
ensure_packages "${CXX_BUILD_PACKAGES[@]}" curl python3

# Only the targets these suites need: the service, the simulator and the EMF linter the end-to-end
# tests drive, and the threaded unit tests.
build_preset tsan portfolio-api portfolio-sim emf_lint memory_store_test sqlite_store_test \
  group_commit_test position_token_test rollup_query_test image_store_test http_test logging_test

export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 history_size=4 ${TSAN_OPTIONS:-}"
# The instrumented binary is several times slower: the end-to-end suites' per-test deadlines
# scale with E2E_SLOWDOWN.
export E2E_SLOWDOWN=${E2E_SLOWDOWN:-4}
ctest --preset tsan -L 'storage|e2e'
for suite in http/http_test logging/logging_test; do
  stage "TSan: tests/$suite"
  "build/tsan/tests/$suite" --gtest_brief=1
done
