# A private S3 bucket, hardened once for every bucket of the estate: public access blocked, ACLs
# off (the bucket owner owns every object), encryption at rest, TLS-only access, incomplete uploads
# cleaned up, and optional versioning and expiry. The caller adds only the statements that say who
# may use the bucket (a service principal, CloudFront through OAC); the TLS-only Deny comes last.

locals {
  kms = var.sse_algorithm == "aws:kms"
}

################################################################################
# Bucket
################################################################################

resource "aws_s3_bucket" "this" {
  bucket        = var.name
  force_destroy = var.force_destroy

  tags = var.tags
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket = aws_s3_bucket.this.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    object_ownership = var.object_ownership
  }
}

resource "aws_s3_bucket_versioning" "this" {
  count = var.versioning ? 1 : 0

  bucket = aws_s3_bucket.this.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = var.sse_algorithm
      kms_master_key_id = local.kms ? var.kms_key_arn : null
    }
    bucket_key_enabled = local.kms ? true : null
  }
}

# Every request to the bucket is logged into the estate's access logs bucket, when one is given.
resource "aws_s3_bucket_logging" "this" {
  count = var.access_logs == null ? 0 : 1

  bucket        = aws_s3_bucket.this.id
  target_bucket = var.access_logs.bucket
  target_prefix = coalesce(var.access_logs.prefix, "s3/${var.name}/")
}

################################################################################
# Lifecycle
################################################################################

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    id     = var.lifecycle_rule_id
    status = "Enabled"

    filter {}

    dynamic "expiration" {
      for_each = var.expiration_days == null ? [] : [var.expiration_days]
      content {
        days = expiration.value
      }
    }

    dynamic "noncurrent_version_expiration" {
      for_each = var.versioning && var.noncurrent_version_days != null ? [var.noncurrent_version_days] : []
      content {
        noncurrent_days = noncurrent_version_expiration.value
      }
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

################################################################################
# Policy
################################################################################

resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(var.policy_statements, [{
      Sid    = "DenyInsecureTransport"
      Effect = "Deny"
      # The same as "*"; in this form moto's check of a logging grant can read it.
      Principal = { AWS = "*" }
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.this.arn, "${aws_s3_bucket.this.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }])
  })

  depends_on = [aws_s3_bucket_public_access_block.this]
}
