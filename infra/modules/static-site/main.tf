# The dashboard: a private S3 bucket served only through CloudFront (Origin Access Control), with
# the API paths routed to the load balancer uncached, so the dashboard calls the API same-origin.

data "aws_caller_identity" "current" {}

locals {
  bucket_name = coalesce(var.bucket_name, "${var.name}-site-${data.aws_caller_identity.current.account_id}")

  s3_origin_id  = "site-bucket"
  api_origin_id = "api-load-balancer"

  # AWS-managed policies (their IDs are the same in every account).
  cache_policy_caching_optimized            = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  cache_policy_caching_disabled             = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  origin_request_policy_all_viewer_not_host = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
  response_headers_policy_security_headers  = "67f7725c-6f97-4210-82d7-5512b31e9d03"
}

################################################################################
# Bucket
################################################################################

# Versioned (old dashboard files expire after noncurrent_version_days), private, TLS-only
# (modules/private-bucket). SSE-S3 rather than the project key: CloudFront reads through OAC without
# a key policy to keep in step, and the dashboard is public content anyway (encryption here is about
# the disks). Readable only by this distribution.
module "bucket" {
  source = "../private-bucket"

  name                    = local.bucket_name
  force_destroy           = var.force_destroy
  sse_algorithm           = "AES256"
  versioning              = true
  noncurrent_version_days = var.noncurrent_version_days
  lifecycle_rule_id       = "expire-replaced-dashboard-files"
  policy_statements = [{
    Sid       = "CloudFrontReadsThroughOriginAccessControl"
    Effect    = "Allow"
    Principal = { Service = "cloudfront.amazonaws.com" }
    Action    = "s3:GetObject"
    Resource  = "${module.bucket.arn}/*"
    Condition = { StringEquals = { "AWS:SourceArn" = aws_cloudfront_distribution.this.arn } }
  }]
  tags = var.tags
}

################################################################################
# CloudFront
################################################################################

resource "aws_cloudfront_origin_access_control" "this" {
  name                              = local.bucket_name
  description                       = "${var.name} dashboard bucket"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_cloudfront_distribution" "this" {
  enabled             = true
  comment             = "${var.name} dashboard and API"
  default_root_object = "index.html"
  price_class         = var.price_class
  http_version        = "http2and3"
  is_ipv6_enabled     = true
  aliases             = var.aliases

  origin {
    origin_id                = local.s3_origin_id
    domain_name              = module.bucket.bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.this.id
  }

  origin {
    origin_id   = local.api_origin_id
    domain_name = var.api_origin_domain_name

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = var.api_origin_https ? "https-only" : "http-only"
      origin_ssl_protocols   = ["TLSv1.2"]
      origin_read_timeout    = 30
    }
  }

  default_cache_behavior {
    target_origin_id           = local.s3_origin_id
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD", "OPTIONS"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = local.cache_policy_caching_optimized
    response_headers_policy_id = local.response_headers_policy_security_headers
  }

  dynamic "ordered_cache_behavior" {
    for_each = var.api_path_patterns
    content {
      path_pattern               = ordered_cache_behavior.value
      target_origin_id           = local.api_origin_id
      viewer_protocol_policy     = "redirect-to-https"
      allowed_methods            = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
      cached_methods             = ["GET", "HEAD"]
      compress                   = true
      cache_policy_id            = local.cache_policy_caching_disabled
      origin_request_policy_id   = local.origin_request_policy_all_viewer_not_host
      response_headers_policy_id = local.response_headers_policy_security_headers
    }
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = var.certificate_arn == null
    acm_certificate_arn            = var.certificate_arn
    ssl_support_method             = var.certificate_arn == null ? null : "sni-only"
    minimum_protocol_version       = var.certificate_arn == null ? "TLSv1" : "TLSv1.2_2021"
  }

  tags = var.tags
}
