#!/usr/bin/env bash
# clang-tidy over the product's sources (src/; tests and benchmarks are left out to keep a cold CI run
# inside its budget: a unit costs 20-80 s here) in the release configuration's compile database, with the checks .clang-tidy configures (all of them errors), in parallel.
# Headers are checked through the translation units that include them (project headers only).
# A unit whose preprocessed text, flags and configuration are those of an earlier passing check is
# not checked again (scripts/lib/tidy_cache.py; TIDY_CACHE_DIR, kept outside the build tree).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/common.sh
ensure_packages clang-tidy python3
configure_preset release

root=$(pwd -P)
project="^$root/src/"
cache=${TIDY_CACHE_DIR:-$HOME/.cache/portfolio-clang-tidy}
log=build/release/clang-tidy.log
started=$SECONDS
mapfile -t units < <(python3 scripts/lib/tidy_cache.py pending build/release/compile_commands.json "$project" "$cache")
echo "clang-tidy: $((SECONDS - started)) s to find the ${#units[@]} units to check" >&2
if [ ${#units[@]} -gt 0 ]; then
  patterns=()
  for unit in "${units[@]}"; do patterns+=("^$(printf '%s' "$unit" | sed 's/[][\.*^$+?(){}|]/\\&/g')\$"); done
  status=0
  run-clang-tidy -quiet -p build/release -j "$(nproc)" -header-filter "$project" "${patterns[@]}" >"$log" 2>&1 ||
    status=$?
  # Only the findings: run-clang-tidy echoes every command line it runs, and clang-tidy counts the
  # warnings it suppressed in system headers.
  grep -vE '^(clang-tidy-?[0-9]* |[0-9]+ warnings? (and [0-9]+ errors? )?generated|Suppressed [0-9]+ warnings|Use -header-filter|Enabled checks:|Running clang-tidy)' \
    "$log" >&2 || true
  # A finding counts when it is located in the project's code. The static analyzer also reports paths
  # that end inside Boost.Asio's coroutine frames (awaitable.hpp), which it cannot follow: those are
  # shown above but do not fail the stage.
  own=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -cE "^$root/(src|tests|bench)/[^:]+:[0-9]+:[0-9]+: (warning|error):" || true)
  if [ "$own" -gt 0 ]; then
    echo "clang-tidy: $own findings above in the project's code (all checks are errors)" >&2
    exit 1
  fi
  [ "$status" -eq 0 ] || echo "clang-tidy: only findings located in system headers (see above)" >&2
  python3 scripts/lib/tidy_cache.py passed "$cache"
fi
echo "clang-tidy: ${#units[@]} units checked, clean, in $((SECONDS - started)) s" >&2
