#!/usr/bin/env bash
# The Terraform checks of the CI workflow, on a runner that can reach the Terraform registry:
# formatting, then `init -backend=false` and `validate` for every runnable root (bootstrap and
# each environment), then `terraform test` (mocked AWS provider) wherever tests exist.
set -euo pipefail
cd "$(dirname "$0")/../.."

export TF_IN_AUTOMATION=1 TF_INPUT=0
terraform version

echo "==> terraform fmt -check -recursive infra" >&2
terraform fmt -check -recursive -diff infra

roots=(infra/bootstrap infra/environments/*/)
for root in "${roots[@]}"; do
  root=${root%/}
  compgen -G "$root/*.tf" >/dev/null || { echo "no Terraform files in $root" >&2; exit 1; }
  echo "==> validate $root" >&2
  terraform -chdir="$root" init -backend=false -lockfile=readonly >/dev/null
  terraform -chdir="$root" validate
done

# A directory with tests is one that holds *.tftest.hcl files itself or in tests/.
mapfile -t test_dirs < <(find infra -name '*.tftest.hcl' -not -path '*/.terraform/*' -printf '%h\n' \
  | sed 's#/tests$##' | sort -u)
[ ${#test_dirs[@]} -gt 0 ] || { echo "no terraform tests found under infra/" >&2; exit 1; }
for dir in "${test_dirs[@]}"; do
  echo "==> terraform test in $dir" >&2
  terraform -chdir="$dir" init -backend=false >/dev/null
  terraform -chdir="$dir" test
done
