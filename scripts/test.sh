#!/usr/bin/env bash
# Runs every test of the project, stage by stage, and fails when any stage fails.
# Each stage lives in scripts/ci/NN-name.sh, installs what it needs, and starts and stops its own
# servers. Skip stages locally with SKIP_STAGES="containers terraform" (CI never skips any), or run
# some only with STAGES="cpp dynamodb" (the GitHub workflow splits the stages over jobs this way).
# Each configuration (release, asan, tsan) is built once per run and reused by the later stages.
#
# Stages named in BACKGROUND_STAGES (default: terraform) start at once and run beside the others:
# they build nothing and mostly wait on moto_server and the provider, so on a two-core machine they
# fit in the gaps of the compile-bound stages. Their output is kept and printed when they end, so
# that it does not interleave. BACKGROUND_STAGES="" runs everything in sequence.
set -euo pipefail
cd "$(dirname "$0")/.."
export PORTFOLIO_CI_RUN=${PORTFOLIO_CI_RUN:-$(date +%s)-$$}
background=" ${BACKGROUND_STAGES-terraform} "

failed=()
timings=()
run_started=$SECONDS
logs=$(mktemp -d)
declare -A bg_pid=() bg_start=()
trap 'for pid in "${bg_pid[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null; done; rm -rf "$logs"' EXIT

selected() {
  [[ " ${SKIP_STAGES:-} " != *" $1 "* ]] && { [ -z "${STAGES:-}" ] || [[ " $STAGES " == *" $1 "* ]]; }
}

record() {  # NAME SECONDS STATUS
  if [ "$3" -eq 0 ]; then
    echo "==== stage $1 passed in $2 s ====" >&2
    timings+=("$(printf '%-12s %5d s  passed' "$1" "$2")")
  else
    echo "==== stage $1 FAILED after $2 s ====" >&2
    timings+=("$(printf '%-12s %5d s  FAILED' "$1" "$2")")
    failed+=("$1")
  fi
}

finish_background() {  # NAME: waits for it, then prints its output and result
  local name=$1 status=0
  wait "${bg_pid[$name]}" || status=$?
  local took=$((SECONDS - bg_start[$name]))
  echo "==== output of background stage $name ====" >&2
  cat "$logs/$name.log" >&2
  record "$name" "$took" "$status"
  unset "bg_pid[$name]"
}

stage_scripts=(scripts/ci/[0-9][0-9]-*.sh)
stage_name() { local name; name=$(basename "$1" .sh); echo "${name#*-}"; }

for script in "${stage_scripts[@]}"; do
  name=$(stage_name "$script")
  selected "$name" && [[ "$background" == *" $name "* ]] || continue
  echo "==== stage $name started in the background (log printed when it ends) ====" >&2
  bg_start[$name]=$SECONDS
  # Its own process group, so that an interrupted run stops the stage's servers too.
  setsid bash "$script" >"$logs/$name.log" 2>&1 &
  bg_pid[$name]=$!
done

for script in "${stage_scripts[@]}"; do
  name=$(stage_name "$script")
  if [[ " ${SKIP_STAGES:-} " == *" $name "* ]]; then
    echo "==== skipping stage $name (SKIP_STAGES) ====" >&2
    continue
  fi
  selected "$name" && [[ "$background" != *" $name "* ]] || continue
  echo "==== stage $name ====" >&2
  start=$SECONDS
  status=0
  bash "$script" || status=$?
  record "$name" $((SECONDS - start)) "$status"
done
for name in "${!bg_pid[@]}"; do finish_background "$name"; done

echo "==== stage durations ====" >&2
printf '%s\n' "${timings[@]}" >&2
printf '%-12s %5d s\n' total $((SECONDS - run_started)) >&2

if [ ${#failed[@]} -gt 0 ]; then
  echo "failed stages: ${failed[*]}" >&2
  exit 1
fi
echo "all stages passed" >&2
