# The dashboard's promises: a private, encrypted, versioned bucket that only this distribution can
# read (Origin Access Control), HTTPS for viewers (TLS 1.2 at least with a custom certificate), the
# API paths sent uncached to the ALB with the secret origin header and the viewer's address, the WAF
# web ACL attached, and access logs for the distribution and the bucket.

mock_provider "aws" {
  source = "./tests/mocks"
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

run "api_origin_gets_the_origin_header_and_the_viewer_address" {
  assert {
    condition = one([
      for o in aws_cloudfront_distribution.this.origin : o.custom_header if o.origin_id == "api-load-balancer"
    ]) == toset([{ name = "X-Origin-Verify", value = var.origin_verify_secret }])
    error_message = "Every request to the API origin carries X-Origin-Verify with the secret."
  }
  assert {
    condition = alltrue([
      for o in aws_cloudfront_distribution.this.origin : length(o.custom_header) == 0 if o.origin_id != "api-load-balancer"
    ])
    error_message = "The secret goes to the API origin only (never to S3)."
  }
  assert {
    condition = alltrue([
      for b in aws_cloudfront_distribution.this.ordered_cache_behavior :
      b.origin_request_policy_id == aws_cloudfront_origin_request_policy.api[0].id if b.target_origin_id == "api-load-balancer"
    ])
    error_message = "Every API behaviour uses the API origin request policy."
  }
  assert {
    condition = (
      contains(aws_cloudfront_origin_request_policy.api[0].headers_config[0].headers[0].items, "CloudFront-Viewer-Address") &&
      aws_cloudfront_origin_request_policy.api[0].headers_config[0].header_behavior == "whitelist" &&
      !contains([for h in aws_cloudfront_origin_request_policy.api[0].headers_config[0].headers[0].items : lower(h)], "host")
    )
    error_message = "The API origin gets CloudFront-Viewer-Address, and not the viewer's Host."
  }
}

run "waf_guards_the_distribution" {
  assert {
    condition     = aws_cloudfront_distribution.this.web_acl_id == var.web_acl_arn
    error_message = "The distribution is attached to the WAF web ACL."
  }
}

run "viewer_tls_at_least_1_2_with_a_custom_certificate" {
  variables {
    certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
    aliases         = ["app.example.com"]
  }
  assert {
    condition = (
      aws_cloudfront_distribution.this.viewer_certificate[0].minimum_protocol_version == "TLSv1.2_2021" &&
      aws_cloudfront_distribution.this.viewer_certificate[0].ssl_support_method == "sni-only" &&
      aws_cloudfront_distribution.this.viewer_certificate[0].acm_certificate_arn == var.certificate_arn
    )
    error_message = "With a custom certificate viewers need TLS 1.2 (TLSv1.2_2021) at least."
  }
}

run "api_origin_over_https_when_asked" {
  variables {
    api_origin_https = true
  }
  assert {
    condition = one([
      for o in aws_cloudfront_distribution.this.origin : o.custom_origin_config[0].origin_protocol_policy if o.origin_id == "api-load-balancer"
    ]) == "https-only"
    error_message = "CloudFront reaches the load balancer over HTTPS only."
  }
}

run "distribution_and_bucket_access_are_logged" {
  assert {
    condition     = aws_cloudfront_distribution.this.logging_config[0].bucket == module.logs.bucket_domain_name
    error_message = "CloudFront's standard logs go to the logs bucket."
  }
  assert {
    condition     = module.bucket.hardening.access_logs_bucket == module.logs.id && output.access_logs_bucket == module.logs.id
    error_message = "The dashboard bucket's server access logs go to the logs bucket."
  }
  assert {
    condition     = module.logs.hardening.public_access_blocked && module.logs.hardening.object_ownership == "BucketOwnerPreferred"
    error_message = "The logs bucket blocks every form of public access and keeps ACLs for CloudFront's log delivery only."
  }
  assert {
    condition     = module.logs.hardening.expiration_days == 90 && module.logs.hardening.sse_algorithm == "AES256"
    error_message = "Access logs are kept 90 days, under SSE-S3 (log delivery cannot write to SSE-KMS)."
  }
  assert {
    condition     = [for s in jsondecode(module.logs.hardening.policy).Statement : s.Sid] == ["S3ServerAccessLogsOfThisAccount", "DenyInsecureTransport"]
    error_message = "Only this account's S3 server access logging writes; plain HTTP is refused."
  }
}

run "viewer_address_cannot_be_left_out" {
  command = plan
  variables {
    api_forwarded_headers = ["Accept", "Content-Type"]
  }
  expect_failures = [var.api_forwarded_headers]
}
