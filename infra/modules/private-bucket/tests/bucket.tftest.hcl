# The promises of every private bucket: nothing public, ACLs off, encrypted at rest, reachable over
# TLS only (the Deny comes after the caller's grants, so no grant can lift it), and the lifecycle the
# caller asked for.

mock_provider "aws" {
  mock_resource "aws_s3_bucket" {
    defaults = { arn = "arn:aws:s3:::portfolio-test-bucket" }
  }
}

variables {
  name = "portfolio-test-bucket"
}

run "private_encrypted_tls_only_by_default" {
  assert {
    condition     = output.hardening.public_access_blocked && output.hardening.object_ownership == "BucketOwnerEnforced"
    error_message = "Public access is blocked and ACLs are off."
  }
  assert {
    condition     = output.hardening.sse_algorithm == "AES256" && !output.hardening.versioning
    error_message = "SSE-S3 by default, no versioning unless asked."
  }
  assert {
    condition = jsondecode(output.hardening.policy).Statement == [{
      Sid       = "DenyInsecureTransport", Effect = "Deny", Principal = { AWS = "*" }, Action = "s3:*"
      Resource  = ["arn:aws:s3:::portfolio-test-bucket", "arn:aws:s3:::portfolio-test-bucket/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
    error_message = "The policy denies every request without TLS, on the bucket and its objects."
  }
  assert {
    condition     = aws_s3_bucket_lifecycle_configuration.this.rule[0].abort_incomplete_multipart_upload[0].days_after_initiation == 1 && length(aws_s3_bucket_lifecycle_configuration.this.rule[0].expiration) == 0
    error_message = "Incomplete uploads are cleaned up after a day; nothing expires unless asked."
  }
  assert {
    condition     = output.hardening.access_logs_bucket == null && length(aws_s3_bucket_logging.this) == 0
    error_message = "No access logging unless a target is given."
  }
}

run "access_logs_go_to_the_target_under_s3_name" {
  variables {
    access_logs = { bucket = "portfolio-test-logs" }
  }
  assert {
    condition     = output.hardening.access_logs_bucket == "portfolio-test-logs" && aws_s3_bucket_logging.this[0].target_prefix == "s3/portfolio-test-bucket/"
    error_message = "Server access logs go to the given bucket under s3/<name>/."
  }
}

run "log_delivery_bucket_keeps_acls_owner_preferred" {
  variables {
    object_ownership = "BucketOwnerPreferred"
  }
  assert {
    condition     = output.hardening.object_ownership == "BucketOwnerPreferred" && output.hardening.public_access_blocked
    error_message = "A CloudFront log target keeps ACLs (owner preferred) and still blocks public access."
  }
}

run "unknown_ownership_is_refused" {
  command = plan
  variables {
    object_ownership = "ObjectWriter"
  }
  expect_failures = [var.object_ownership]
}

run "kms_versioning_expiry_and_grants" {
  variables {
    sse_algorithm           = "aws:kms"
    kms_key_arn             = "arn:aws:kms:ap-northeast-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    versioning              = true
    noncurrent_version_days = 30
    expiration_days         = 90
    policy_statements = [{
      Sid    = "ServiceWrites", Effect = "Allow", Principal = { Service = "delivery.logs.amazonaws.com" }
      Action = "s3:PutObject", Resource = "arn:aws:s3:::portfolio-test-bucket/AWSLogs/*"
    }]
  }
  assert {
    condition = (output.hardening.sse_algorithm == "aws:kms" &&
      one([for r in aws_s3_bucket_server_side_encryption_configuration.this.rule : r.apply_server_side_encryption_by_default[0].kms_master_key_id]) == var.kms_key_arn &&
    one([for r in aws_s3_bucket_server_side_encryption_configuration.this.rule : r.bucket_key_enabled]))
    error_message = "SSE-KMS with the given key and a bucket key."
  }
  assert {
    condition     = output.hardening.versioning && aws_s3_bucket_lifecycle_configuration.this.rule[0].noncurrent_version_expiration[0].noncurrent_days == 30 && aws_s3_bucket_lifecycle_configuration.this.rule[0].expiration[0].days == 90
    error_message = "Versioned; old versions go after 30 days, objects after 90."
  }
  assert {
    condition     = [for s in jsondecode(output.hardening.policy).Statement : s.Sid] == ["ServiceWrites", "DenyInsecureTransport"]
    error_message = "The caller's grant, then the TLS-only Deny."
  }
}

run "unknown_encryption_is_refused" {
  command = plan
  variables {
    sse_algorithm = "none"
  }
  expect_failures = [var.sse_algorithm]
}
