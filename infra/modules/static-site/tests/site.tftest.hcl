# The dashboard's promises: a private, encrypted, versioned bucket that only this distribution can
# read (Origin Access Control), HTTPS for viewers, and the API paths sent uncached to the ALB.

mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012", arn = "arn:aws:iam::123456789012:root", user_id = "123456789012" }
  }
  mock_resource "aws_s3_bucket" {
    defaults = {
      arn                         = "arn:aws:s3:::portfolio-test-site-123456789012"
      bucket_regional_domain_name = "portfolio-test-site-123456789012.s3.ap-northeast-1.amazonaws.com"
    }
  }
  mock_resource "aws_cloudfront_distribution" {
    defaults = {
      arn         = "arn:aws:cloudfront::123456789012:distribution/E1234567890ABC"
      domain_name = "d111111abcdef8.cloudfront.net"
    }
  }
  mock_resource "aws_cloudfront_origin_access_control" {
    defaults = { id = "E2QWRUHAPOMQZL" }
  }
}

variables {
  name                   = "portfolio-test"
  api_origin_domain_name = "portfolio-test-123456789.ap-northeast-1.elb.amazonaws.com"
}

run "bucket_is_private_encrypted_and_versioned" {
  assert {
    condition     = module.bucket.hardening.public_access_blocked
    error_message = "The bucket blocks every form of public access."
  }
  assert {
    condition     = module.bucket.hardening.object_ownership == "BucketOwnerEnforced"
    error_message = "ACLs are disabled on the bucket."
  }
  assert {
    condition     = module.bucket.hardening.sse_algorithm != null
    error_message = "The bucket is encrypted."
  }
  assert {
    condition     = module.bucket.hardening.versioning
    error_message = "The bucket is versioned."
  }
}

run "only_this_distribution_reads_the_bucket" {
  assert {
    condition = alltrue([
      for s in jsondecode(module.bucket.hardening.policy).Statement :
      s.Effect == "Deny" ? true : (
        s.Principal == { Service = "cloudfront.amazonaws.com" } &&
        s.Condition.StringEquals["AWS:SourceArn"] == aws_cloudfront_distribution.this.arn
      )
    ])
    error_message = "The only grant of the bucket policy is to CloudFront, for this distribution."
  }
  assert {
    condition     = alltrue([for s in jsondecode(module.bucket.hardening.policy).Statement : s.Principal != "*" || s.Effect == "Deny"])
    error_message = "Nothing is allowed to everyone."
  }
  assert {
    condition = (
      aws_cloudfront_origin_access_control.this.origin_access_control_origin_type == "s3" &&
      aws_cloudfront_origin_access_control.this.signing_behavior == "always" &&
      aws_cloudfront_origin_access_control.this.signing_protocol == "sigv4"
    )
    error_message = "Origin Access Control signs every request to S3."
  }
  assert {
    condition = one([
      for o in aws_cloudfront_distribution.this.origin : o.origin_access_control_id if o.origin_id == "site-bucket"
    ]) == aws_cloudfront_origin_access_control.this.id
    error_message = "The bucket origin goes through the Origin Access Control."
  }
}

run "viewers_use_https_and_api_paths_go_uncached_to_the_load_balancer" {
  assert {
    condition     = aws_cloudfront_distribution.this.default_root_object == "index.html"
    error_message = "index.html is the root object."
  }
  assert {
    condition = alltrue(concat(
      [aws_cloudfront_distribution.this.default_cache_behavior[0].viewer_protocol_policy == "redirect-to-https"],
      [for b in aws_cloudfront_distribution.this.ordered_cache_behavior : b.viewer_protocol_policy == "redirect-to-https"],
    ))
    error_message = "Every behaviour redirects HTTP to HTTPS."
  }
  assert {
    condition = one([
      for b in aws_cloudfront_distribution.this.ordered_cache_behavior : b
      if b.path_pattern == "/api/*" && b.target_origin_id == "api-load-balancer" && b.cache_policy_id == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    ]) != null
    error_message = "/api/* goes to the load balancer with the CachingDisabled policy."
  }
  assert {
    condition = one([
      for o in aws_cloudfront_distribution.this.origin : o.domain_name if o.origin_id == "api-load-balancer"
    ]) == var.api_origin_domain_name
    error_message = "The API origin is the load balancer."
  }
  assert {
    condition = alltrue(concat(
      [aws_cloudfront_distribution.this.default_cache_behavior[0].response_headers_policy_id != null],
      [for b in aws_cloudfront_distribution.this.ordered_cache_behavior : b.response_headers_policy_id != null],
    ))
    error_message = "Every behaviour adds the security headers."
  }
}
