# Copied into environments/lean by tests/moto_apply.sh for the moto run only (Terraform merges
# *_override.tf files): Application Auto Scaling's ListTagsForResource is missing from moto, so the
# weekday schedule (a scalable target and two scheduled actions) stays in the mocked tests; moto has
# no CloudFront origin request policies, so the API paths use AWS's managed AllViewerExceptHostHeader
# (the estate's own policy, which sends CloudFront-Viewer-Address, is in the static-site tests).
module "service" {
  schedule = null
}

module "site" {
  api_origin_request_policy_id = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
}
