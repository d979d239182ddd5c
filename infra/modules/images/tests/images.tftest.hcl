# The images bucket's promises, and proof that the guards catch the two classic mistakes: a public
# bucket and a wildcard action.

mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012", arn = "arn:aws:iam::123456789012:root", user_id = "123456789012" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws", dns_suffix = "amazonaws.com" }
  }
  mock_data "aws_region" {
    defaults = { name = "ap-northeast-1" }
  }
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}" }
  }
  mock_resource "aws_kms_key" {
    defaults = {
      arn    = "arn:aws:kms:ap-northeast-1:123456789012:key/11111111-2222-3333-4444-555555555555"
      key_id = "11111111-2222-3333-4444-555555555555"
    }
  }
  mock_resource "aws_s3_bucket" {
    defaults = {
      arn                         = "arn:aws:s3:::portfolio-test-images-20260101"
      id                          = "portfolio-test-images-20260101"
      bucket                      = "portfolio-test-images-20260101"
      bucket_regional_domain_name = "portfolio-test-images-20260101.s3.ap-northeast-1.amazonaws.com"
    }
  }
}

variables {
  name           = "portfolio-test"
  task_role_name = "portfolio-test-task"
}

run "bucket_is_private_versioned_and_encrypted_with_its_own_key" {
  assert {
    condition = alltrue([
      aws_s3_bucket_public_access_block.this.block_public_acls,
      aws_s3_bucket_public_access_block.this.block_public_policy,
      aws_s3_bucket_public_access_block.this.ignore_public_acls,
      aws_s3_bucket_public_access_block.this.restrict_public_buckets,
    ])
    error_message = "Every Block Public Access setting is on."
  }
  assert {
    condition     = aws_s3_bucket_ownership_controls.this.rule[0].object_ownership == "BucketOwnerEnforced"
    error_message = "ACLs are disabled."
  }
  assert {
    condition     = aws_s3_bucket_versioning.this.versioning_configuration[0].status == "Enabled"
    error_message = "The bucket is versioned."
  }
  assert {
    condition = one([
      for r in aws_s3_bucket_server_side_encryption_configuration.this.rule :
      r.apply_server_side_encryption_by_default[0].kms_master_key_id
      if r.apply_server_side_encryption_by_default[0].sse_algorithm == "aws:kms"
    ]) == aws_kms_key.this.arn
    error_message = "Objects are encrypted with the images key (SSE-KMS)."
  }
  assert {
    condition     = aws_kms_key.this.enable_key_rotation
    error_message = "The images key rotates."
  }
}

run "bucket_refuses_plain_http" {
  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.bucket.statement :
      s.effect == "Deny" && contains(s.actions, "s3:*") && anytrue([
        for c in s.condition : c.variable == "aws:SecureTransport" && jsonencode(sort(c.values)) == jsonencode(["false"])
      ])
    ])
    error_message = "The bucket policy denies every request without TLS."
  }
  assert {
    condition = alltrue([
      for s in data.aws_iam_policy_document.bucket.statement : s.effect == "Deny" || alltrue([
        for p in s.principals : !contains(p.identifiers, "*")
      ])
    ])
    error_message = "No Allow statement of the bucket policy names the anonymous principal."
  }
}

run "lifecycle_expires_old_versions_and_aborts_incomplete_uploads" {
  assert {
    condition = anytrue([
      for r in aws_s3_bucket_lifecycle_configuration.this.rule :
      r.status == "Enabled" && try(r.noncurrent_version_expiration[0].noncurrent_days, 0) == 30
    ])
    error_message = "Replaced and deleted images expire after 30 days."
  }
  assert {
    condition = anytrue([
      for r in aws_s3_bucket_lifecycle_configuration.this.rule :
      r.status == "Enabled" && try(r.abort_incomplete_multipart_upload[0].days_after_initiation, 0) == 1
    ])
    error_message = "Incomplete multipart uploads are aborted."
  }
}

run "access_is_logged_to_the_estate_access_logs_bucket" {
  variables {
    access_logs = { bucket = "portfolio-test-site-123456789012-logs" }
  }
  assert {
    condition     = aws_s3_bucket_logging.this[0].target_bucket == "portfolio-test-site-123456789012-logs" && aws_s3_bucket_logging.this[0].target_prefix == "s3/portfolio-test-images-20260101/"
    error_message = "The images bucket's server access logs go to the logs bucket under s3/<bucket>/."
  }
}

run "task_role_gets_only_three_object_actions_on_the_prefix" {
  assert {
    condition = jsonencode(one([
      for s in data.aws_iam_policy_document.task.statement : sort(s.actions) if s.sid == "ImagesObjects"
    ])) == jsonencode(["s3:DeleteObject", "s3:GetObject", "s3:PutObject"])
    error_message = "The object actions are exactly GetObject, PutObject and DeleteObject."
  }
  assert {
    condition = jsonencode(one([
      for s in data.aws_iam_policy_document.task.statement : sort(s.resources) if s.sid == "ImagesObjects"
    ])) == jsonencode(["arn:aws:s3:::portfolio-test-images-20260101/images/*"])
    error_message = "The object actions reach only keys under the prefix."
  }
  assert {
    condition = alltrue(flatten([
      for s in data.aws_iam_policy_document.task.statement : [for a in s.actions : !strcontains(a, "*")]
    ]))
    error_message = "No action of the task policy is a wildcard."
  }
  assert {
    condition = one(flatten([
      for s in data.aws_iam_policy_document.task.statement : [for c in s.condition : sort(c.values) if c.variable == "s3:prefix"]
      if s.sid == "ImagesListPrefix"
    ])) == "images/*"
    error_message = "Listing is limited to the prefix."
  }
  assert {
    condition     = aws_iam_role_policy.task[0].role == "portfolio-test-task"
    error_message = "The policy is attached to the task role."
  }
}

run "cloudfront_reads_the_prefix_only_for_its_distribution" {
  variables {
    cloudfront_distribution_arn = "arn:aws:cloudfront::123456789012:distribution/E2ABCDEF123456"
  }
  assert {
    condition = one(flatten([
      for s in data.aws_iam_policy_document.bucket.statement : [for c in s.condition : sort(c.values) if c.variable == "AWS:SourceArn"]
      if s.sid == "CloudFrontReadsImagesThroughOriginAccessControl"
    ])) == "arn:aws:cloudfront::123456789012:distribution/E2ABCDEF123456"
    error_message = "CloudFront's read is conditioned on this distribution."
  }
  assert {
    condition = jsonencode(output.cloudfront_reader) == jsonencode({
      actions          = ["s3:GetObject"]
      distribution_arn = "arn:aws:cloudfront::123456789012:distribution/E2ABCDEF123456"
      principals       = [{ identifiers = ["cloudfront.amazonaws.com"], type = "Service" }]
      resources        = ["arn:aws:s3:::portfolio-test-images-20260101/images/*"]
    })
    error_message = "CloudFront (the service principal) may only get objects under the prefix, for this distribution."
  }
  assert {
    condition = [
      for s in data.aws_iam_policy_document.bucket.statement : s.sid if s.effect != "Deny"
    ] == ["CloudFrontReadsImagesThroughOriginAccessControl"]
    error_message = "CloudFront's read is the bucket policy's only grant."
  }
}

run "without_a_distribution_nothing_reads_through_the_bucket_policy" {
  assert {
    condition     = output.cloudfront_reader == null && alltrue([for s in data.aws_iam_policy_document.bucket.statement : s.effect == "Deny"])
    error_message = "Without cloudfront_distribution_arn the bucket policy grants nothing."
  }
}

# The deliberate mistakes: each must be refused.

run "mistake_wildcard_action_is_refused" {
  command = plan
  variables {
    task_actions = ["s3:*"]
  }
  expect_failures = [var.task_actions]
}

run "mistake_bucket_wide_action_is_refused" {
  command = plan
  variables {
    task_actions = ["s3:GetObject", "s3:PutBucketPolicy"]
  }
  expect_failures = [var.task_actions]
}

run "mistake_public_bucket_is_refused" {
  command = plan
  variables {
    public_access_block = {
      block_public_acls       = true
      block_public_policy     = false
      ignore_public_acls      = true
      restrict_public_buckets = false
    }
  }
  expect_failures = [var.public_access_block]
}

run "mistake_anonymous_reader_is_refused" {
  command = plan
  variables {
    cloudfront_distribution_arn = "*"
  }
  expect_failures = [var.cloudfront_distribution_arn]
}

run "mistake_another_accounts_distribution_is_refused" {
  command = plan
  variables {
    cloudfront_distribution_arn = "arn:aws:cloudfront::210987654321:distribution/E2ABCDEF123456"
  }
  expect_failures = [aws_s3_bucket_policy.this]
}
