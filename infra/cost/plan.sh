#!/usr/bin/env bash
# Writes `terraform show -json` of a plan of one environment root, offline and deterministically:
# the plan runs against moto_server on loopback (only the data sources read anything: the caller
# identity is moto's fixed account 123456789012), on a copy of infra/, with a local backend.
#   infra/cost/plan.sh environments/lean out.json [endpoint]
# Without an endpoint it starts (and stops) its own moto_server.
set -euo pipefail
root=$1 out=$2 endpoint=${3:-}
repo=$(cd "$(dirname "$0")/../.." && pwd)
source "$repo/scripts/lib/common.sh"

work=$(mktemp -d)
cleanup() {
  stop_background
  rm -rf "$work"
}
trap cleanup EXIT

if [ -z "$endpoint" ]; then
  start_moto "$work/moto.log"
  endpoint=$MOTO_ENDPOINT
fi
caller_config=${TF_CLI_CONFIG_FILE:-}
terraform_offline "$work"
# A caller's provider configuration (40-terraform.sh's, with its plugin cache) is kept.
if [ -n "$caller_config" ] && [ -f "$caller_config" ]; then export TF_CLI_CONFIG_FILE=$caller_config; fi

mkdir "$work/infra"
(cd "$repo/infra" && tar --exclude=.terraform --exclude='*.tfstate*' -cf - .) | tar -xf - -C "$work/infra"
dir="$work/infra/$root"
sed "s#@ENDPOINT@#$endpoint#g" "$work/infra/tests/moto/provider_override.tf.in" >"$dir/moto_override.tf"
# The roots' aliased providers talk to the same moto: us_east_1 (dev and prod, CloudFront's WAF) and
# secrets (lean, which draws CURSOR_SECRET through it).
if grep -q 'alias *= *"us_east_1"' "$dir"/*.tf; then
  sed "s#@ENDPOINT@#$endpoint#g" "$work/infra/tests/moto/provider_us_east_1_override.tf.in" >"$dir/moto_us_east_1_override.tf"
fi
if grep -q 'alias *= *"secrets"' "$dir"/*.tf; then
  sed -e "s#@ENDPOINT@#$endpoint#g" -e 's#^provider "aws" {#provider "aws" {\n  alias = "secrets"#' \
    "$work/infra/tests/moto/provider_override.tf.in" >"$dir/moto_secrets_override.tf"
fi
# The plan needs no remote state: a local backend replaces the root's S3 backend in the copy.
printf 'terraform {\n  backend "local" {}\n}\n' >"$dir/backend_override.tf"

terraform -chdir="$dir" init -lockfile=readonly -no-color >"$work/init.log" 2>&1 ||
  { cat "$work/init.log" >&2; exit 1; }
# prod refuses to plan without an alarm subscriber (an e-mail subscription costs nothing).
extra=()
if grep -q 'variable "alarm_emails"' "$dir"/*.tf; then extra+=(-var 'alarm_emails=["ops@example.com"]'); fi
terraform -chdir="$dir" plan -no-color -out="$work/tfplan" -lock=false "${extra[@]}" \
  -var github_repository=example-org/portfolio \
  -var image_tag=0123456789abcdef0123456789abcdef01234567 >"$work/plan.log" 2>&1 ||
  { cat "$work/plan.log" >&2; exit 1; }
terraform -chdir="$dir" show -json "$work/tfplan" >"$out"
