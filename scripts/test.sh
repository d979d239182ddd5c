#!/usr/bin/env bash
# Runs every test of the project, stage by stage, and fails when any stage fails.
# Each stage lives in scripts/ci/NN-name.sh, installs what it needs, and starts and stops its own
# servers. Skip stages locally with SKIP_STAGES="containers terraform" (CI never skips any).
set -euo pipefail
cd "$(dirname "$0")/.."

failed=()
for script in scripts/ci/[0-9][0-9]-*.sh; do
  name=$(basename "$script" .sh); name=${name#*-}
  if [[ " ${SKIP_STAGES:-} " == *" $name "* ]]; then
    echo "==== skipping stage $name (SKIP_STAGES) ====" >&2
    continue
  fi
  echo "==== stage $name ====" >&2
  start=$SECONDS
  if bash "$script"; then
    echo "==== stage $name passed in $((SECONDS - start)) s ====" >&2
  else
    echo "==== stage $name FAILED after $((SECONDS - start)) s ====" >&2
    failed+=("$name")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "failed stages: ${failed[*]}" >&2
  exit 1
fi
echo "all stages passed" >&2
