# The edge's access logs: CloudFront's standard logs (prefix cloudfront/) and the S3 server access
# logs of the dashboard bucket and of any other bucket the estate passes here (prefix s3/<bucket>/).
# SSE-S3, because neither log delivery writes to KMS-encrypted buckets. CloudFront's standard logs
# are delivered through the bucket ACL, so this bucket alone keeps ACLs (owner preferred); its
# objects are still private (modules/private-bucket): public access is blocked and the policy
# refuses plain HTTP.
module "logs" {
  source = "../private-bucket"

  name              = "${local.bucket_name}-logs"
  force_destroy     = var.force_destroy
  sse_algorithm     = "AES256"
  object_ownership  = "BucketOwnerPreferred"
  expiration_days   = var.access_logs_retention_days
  lifecycle_rule_id = "expire-access-logs"
  policy_statements = [{
    Sid       = "S3ServerAccessLogsOfThisAccount"
    Effect    = "Allow"
    Principal = { Service = "logging.s3.amazonaws.com" }
    Action    = "s3:PutObject"
    Resource  = "${module.logs.arn}/*"
    Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } }
  }]
  tags = var.tags
}
