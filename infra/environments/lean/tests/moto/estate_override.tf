# Copied into environments/lean by tests/moto_apply.sh for the moto run only (Terraform merges
# *_override.tf files): Application Auto Scaling's ListTagsForResource is missing from moto, so the
# weekday schedule (a scalable target and two scheduled actions) stays in the mocked tests.
module "service" {
  schedule = null
}
