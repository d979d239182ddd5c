#!/usr/bin/env bash
# Runs every test of the project, stage by stage, and fails when any stage fails.
# Each stage lives in scripts/ci/NN-name.sh, installs what it needs, and starts and stops its own
# servers. Skip stages locally with SKIP_STAGES="containers terraform" (CI never skips any), or run
# some only with STAGES="cpp dynamodb" (the GitHub workflow splits the stages over jobs this way).
# Each configuration (release, asan, tsan) is built once per run and reused by the later stages.
set -euo pipefail
cd "$(dirname "$0")/.."
export PORTFOLIO_CI_RUN=${PORTFOLIO_CI_RUN:-$(date +%s)-$$}

failed=()
timings=()
run_started=$SECONDS
for script in scripts/ci/[0-9][0-9]-*.sh; do
  name=$(basename "$script" .sh); name=${name#*-}
  if [[ " ${SKIP_STAGES:-} " == *" $name "* ]]; then
    echo "==== skipping stage $name (SKIP_STAGES) ====" >&2
    continue
  fi
  if [ -n "${STAGES:-}" ] && [[ " $STAGES " != *" $name "* ]]; then
    continue
  fi
  echo "==== stage $name ====" >&2
  start=$SECONDS
  if bash "$script"; then
    echo "==== stage $name passed in $((SECONDS - start)) s ====" >&2
    timings+=("$(printf '%-12s %5d s  passed' "$name" $((SECONDS - start)))")
  else
    echo "==== stage $name FAILED after $((SECONDS - start)) s ====" >&2
    timings+=("$(printf '%-12s %5d s  FAILED' "$name" $((SECONDS - start)))")
    failed+=("$name")
  fi
done

echo "==== stage durations ====" >&2
printf '%s\n' "${timings[@]}" >&2
printf '%-12s %5d s\n' total $((SECONDS - run_started)) >&2

if [ ${#failed[@]} -gt 0 ]; then
  echo "failed stages: ${failed[*]}" >&2
  exit 1
fi
echo "all stages passed" >&2
