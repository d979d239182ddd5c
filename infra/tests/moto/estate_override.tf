# Copied into environments/dev by scripts/ci/40-terraform.sh for the moto run only (Terraform merges
# *_override.tf files): Application Auto Scaling's ListTagsForResource is missing from moto, so the
# scaling target and policy stay in the mocked tests; one address is subscribed to the alarms.
module "portfolio" {
  autoscaling_enabled = false
  alarm_emails        = ["ops@example.com"]
}
