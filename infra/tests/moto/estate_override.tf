# Copied into environments/dev by scripts/ci/40-terraform.sh for the moto run only (Terraform merges
# *_override.tf files). What moto 5.2.1 lacks stays in the mocked tests:
# - Application Auto Scaling's ListTagsForResource: no scaling target and policy;
# - CloudFront origin request policies: the API paths use AWS's managed AllViewerExceptHostHeader
#   (the estate's own policy, which sends CloudFront-Viewer-Address, is in the static-site tests);
# - CloudFront cache policies: /images/* uses AWS's managed CachingOptimized (the estate's own,
#   keyed on the version parameter, is in the static-site tests);
# One address is subscribed to the alarms.
module "portfolio" {
  autoscaling_enabled          = false
  api_origin_request_policy_id = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
  images_cache_policy_id       = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  alarm_emails                 = ["ops@example.com"]
}
