# An account trail of management events, for environments whose account has none yet (one trail of
# management events is free; a second one is billed). Its log files are encrypted with a key of
# their own (CloudTrail encrypts them for this trail only), and reads of its bucket are logged.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  trail_name = "${var.name}-trail"
  trail_arn  = "arn:${data.aws_partition.current.partition}:cloudtrail:${local.region}:${data.aws_caller_identity.current.account_id}:trail/${local.trail_name}"
}

# Private, TLS-only, kept cloudtrail_retention_days (modules/private-bucket); only this trail writes.
module "trail_bucket" {
  source = "../private-bucket"
  count  = var.cloudtrail_enabled ? 1 : 0

  name              = "${var.name}-trail-${data.aws_caller_identity.current.account_id}"
  force_destroy     = var.force_destroy
  sse_algorithm     = "AES256"
  expiration_days   = var.cloudtrail_retention_days
  lifecycle_rule_id = "expire-trail-logs"
  # Reads and writes of the trail's files are logged into the estate's access logs bucket.
  access_logs = { bucket = var.access_logs_bucket }
  policy_statements = [
    {
      Sid       = "CloudTrailChecksAcl"
      Effect    = "Allow"
      Principal = { Service = "cloudtrail.amazonaws.com" }
      Action    = "s3:GetBucketAcl"
      Resource  = module.trail_bucket[0].arn
      Condition = { StringEquals = { "aws:SourceArn" = local.trail_arn } }
    },
    {
      Sid       = "CloudTrailWrites"
      Effect    = "Allow"
      Principal = { Service = "cloudtrail.amazonaws.com" }
      Action    = "s3:PutObject"
      Resource  = "${module.trail_bucket[0].arn}/AWSLogs/${data.aws_caller_identity.current.account_id}/*"
      Condition = {
        StringEquals = {
          "aws:SourceArn" = local.trail_arn
          "s3:x-amz-acl"  = "bucket-owner-full-control"
        }
      }
    },
  ]
  tags = var.tags
}

resource "aws_kms_key" "trail" {
  count = var.cloudtrail_enabled ? 1 : 0

  description             = "${var.name}: CloudTrail log files"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_days
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministers"
        Effect    = "Allow"
        Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "CloudTrailEncryptsThisTrail"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = ["kms:GenerateDataKey*", "kms:DescribeKey"]
        Resource  = "*"
        Condition = {
          StringEquals = { "aws:SourceArn" = local.trail_arn }
          StringLike   = { "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:${data.aws_partition.current.partition}:cloudtrail:*:${data.aws_caller_identity.current.account_id}:trail/*" }
        }
      },
    ]
  })

  tags = var.tags
}

resource "aws_cloudtrail" "this" {
  count = var.cloudtrail_enabled ? 1 : 0

  name                          = local.trail_name
  s3_bucket_name                = module.trail_bucket[0].id
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true
  kms_key_id                    = aws_kms_key.trail[0].arn

  tags = var.tags

  depends_on = [module.trail_bucket]
}
