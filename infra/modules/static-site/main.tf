# The dashboard: a private S3 bucket served only through CloudFront (Origin Access Control), with
# the API paths routed to the load balancer uncached, so the dashboard calls the API same-origin.
# Every origin request to the API carries the secret origin header (the load balancer forwards
# nothing else) and CloudFront-Viewer-Address (the viewer's address, which the service keys its rate
# limit on when the header proves the request came this way). A WAF web ACL guards the distribution;
# its access logs and the bucket's go to a logs bucket of their own.

data "aws_caller_identity" "current" {}

locals {
  bucket_name = coalesce(var.bucket_name, "${var.name}-site-${data.aws_caller_identity.current.account_id}")

  api_origin_request_policy_id = coalesce(var.api_origin_request_policy_id, one(aws_cloudfront_origin_request_policy.api[*].id))

  s3_origin_id     = "site-bucket"
  api_origin_id    = "api-load-balancer"
  images_origin_id = "images-bucket"

  # Null without images (the behaviour is not made then).
  images_cache_policy_id = var.images_cache_policy_id != null ? var.images_cache_policy_id : one(aws_cloudfront_cache_policy.images[*].id)

  # AWS-managed policies (their IDs are the same in every account).
  cache_policy_caching_optimized           = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  cache_policy_caching_disabled            = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  response_headers_policy_security_headers = "67f7725c-6f97-4210-82d7-5512b31e9d03"
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
  # Every request to the bucket is logged (who read or changed the dashboard's files).
  access_logs = { bucket = module.logs.log_target }
  tags        = var.tags
}

################################################################################
# CloudFront
################################################################################

# What the API origin gets from the viewer's request: every query string, no cookies (the API sets
# none), the headers the API reads, and CloudFront-Viewer-Address ("ip:port" of the viewer, added by
# CloudFront itself, so a viewer cannot forge it). Host is not forwarded: CloudFront checks the
# origin's certificate against the origin's own name.
resource "aws_cloudfront_origin_request_policy" "api" {
  count = var.api_origin_request_policy_id == null ? 1 : 0

  name    = "${var.name}-api"
  comment = "${var.name} API: the headers the service reads, and the viewer's address"

  cookies_config {
    cookie_behavior = "none"
  }

  headers_config {
    header_behavior = "whitelist"
    headers {
      items = var.api_forwarded_headers
    }
  }

  query_strings_config {
    query_string_behavior = "all"
  }
}

# One Origin Access Control signs every request to the dashboard bucket and to the images bucket.
# The images' cache key: the path and the version parameter only (no cookies, no headers, no other
# query string, no Accept-Encoding: images are not compressed). The objects carry no Cache-Control,
# so each stays cached a day (default_ttl); a URL with a given version never changes content, so an
# origin header could ask for up to a year (max_ttl).
resource "aws_cloudfront_cache_policy" "images" {
  count = var.images_origin != null && var.images_cache_policy_id == null ? 1 : 0

  name        = "${var.name}-images"
  comment     = "${var.name} images: path and version parameter"
  min_ttl     = 0
  default_ttl = 86400
  max_ttl     = 31536000

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_brotli = false
    enable_accept_encoding_gzip   = false

    cookies_config {
      cookie_behavior = "none"
    }
    headers_config {
      header_behavior = "none"
    }
    query_strings_config {
      query_string_behavior = "whitelist"
      query_strings {
        items = [var.images_version_parameter]
      }
    }
  }
}

resource "aws_cloudfront_origin_access_control" "this" {
  name                              = local.bucket_name
  description                       = "${var.name} dashboard and images buckets"
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
  web_acl_id          = var.web_acl_arn

  logging_config {
    bucket          = module.logs.bucket_domain_name
    prefix          = "cloudfront/"
    include_cookies = false
  }

  origin {
    origin_id                = local.s3_origin_id
    domain_name              = module.bucket.bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.this.id
  }

  # The images bucket (modules/images), read through the same Origin Access Control: its policy
  # lets only this distribution get objects under the prefix. No origin path: a viewer's
  # /<prefix>devices/<id> is the object key <prefix>devices/<id> the service wrote.
  dynamic "origin" {
    for_each = var.images_origin == null ? [] : [var.images_origin]
    content {
      origin_id                = local.images_origin_id
      domain_name              = origin.value.bucket_regional_domain_name
      origin_access_control_id = aws_cloudfront_origin_access_control.this.id
    }
  }

  origin {
    origin_id   = local.api_origin_id
    domain_name = var.api_origin_domain_name

    # The load balancer forwards only requests that carry this header (403 otherwise).
    custom_header {
      name  = var.origin_verify_header
      value = var.origin_verify_secret
    }

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

  # Images: read only (GET, HEAD), HTTPS only, not compressed (JPEG, PNG and WebP are already), cached
  # by path and the version query parameter the service puts in image_url, so a replaced image has a
  # new URL and is never served stale.
  dynamic "ordered_cache_behavior" {
    for_each = var.images_origin == null ? [] : [var.images_origin]
    content {
      path_pattern               = "/${ordered_cache_behavior.value.prefix}*"
      target_origin_id           = local.images_origin_id
      viewer_protocol_policy     = "https-only"
      allowed_methods            = ["GET", "HEAD"]
      cached_methods             = ["GET", "HEAD"]
      compress                   = false
      cache_policy_id            = local.images_cache_policy_id
      response_headers_policy_id = local.response_headers_policy_security_headers
    }
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
      origin_request_policy_id   = local.api_origin_request_policy_id
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

  # CloudFront's log delivery writes through the bucket ACL, which it sets when logging is enabled.
  depends_on = [module.logs]
}
