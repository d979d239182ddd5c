#!/usr/bin/env bash
# Plans lean, dev and prod offline (moto_server on loopback, see plan.sh), prices them and writes
# docs/cost.md; with --check, fails when docs/cost.md differs instead (CI).
#   infra/cost/generate.sh [--check] [moto endpoint]
set -euo pipefail
check=""
if [ "${1:-}" == "--check" ]; then check=--check; shift; fi
endpoint=${1:-}
repo=$(cd "$(dirname "$0")/../.." && pwd)
source "$repo/scripts/lib/common.sh"

plans=$(mktemp -d)
cleanup() {
  stop_background
  rm -rf "$plans"
}
trap cleanup EXIT
if [ -z "$endpoint" ]; then
  start_moto "$plans/moto.log"
  endpoint=$MOTO_ENDPOINT
fi

args=()
for env in lean dev prod; do
  "$repo/infra/cost/plan.sh" "environments/$env" "$plans/$env.json" "$endpoint"
  args+=(--plan "$env=$plans/$env.json")
  # Printed in CI: the per-resource table of each environment.
  echo "==> $env" >&2
  python3 "$repo/infra/cost/estimate.py" "$plans/$env.json" --strict \
    --profile "$repo/infra/cost/profiles/idle.json" --profile "$repo/infra/cost/profiles/sample-1000.json" >&2
done
python3 "$repo/infra/cost/render_doc.py" "${args[@]}" --out "$repo/docs/cost.md" $check
