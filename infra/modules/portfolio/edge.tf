# The edge's shared pieces: the secret origin header and the WAF web ACL (infra/README.md, "Request
# path").
#
# The origin header value is drawn once (two UUIDs, 244 random bits) and kept: CloudFront adds it
# to every origin request, the load balancer forwards only requests that carry it, and the service
# trusts CloudFront-Viewer-Address only when it is there (ORIGIN_VERIFY_SECRET, from SSM). The
# distribution and the listener rule keep it in their configurations, so it is in the state like
# them. Rotate it with
#   terraform apply -replace=module.portfolio.terraform_data.origin_verify_secret
# (see docs/operations.md: CloudFront and the listener change within one apply, then the tasks
# are redeployed to read the new value).
resource "terraform_data" "origin_verify_secret" {
  input = replace("${uuid()}${uuid()}", "-", "")

  lifecycle {
    ignore_changes = [input]
  }
}

# CloudFront's web ACLs live in us-east-1 whatever the region of the estate.
module "waf" {
  source = "../waf"
  count  = var.waf_enabled ? 1 : 0

  providers = { aws = aws.us_east_1 }

  name = "${local.name}-edge"
}
