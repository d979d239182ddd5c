# The images behaviour's promises: the images bucket (modules/images) is read through the same
# Origin Access Control as the dashboard's, only /<prefix>* goes there, GET and HEAD only, HTTPS
# only, uncompressed, cached by path and version parameter; the path viewers use is the object key
# the service writes. Mistaken prefixes are refused.

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  images_origin = {
    bucket_regional_domain_name = "portfolio-test-images-20260101.s3.ap-northeast-1.amazonaws.com"
    prefix                      = "images/"
  }
}

run "images_come_from_their_bucket_through_origin_access_control" {
  assert {
    condition     = one([for o in aws_cloudfront_distribution.this.origin : o if o.origin_id == "images-bucket"]).domain_name == var.images_origin.bucket_regional_domain_name
    error_message = "The images origin is the images bucket."
  }
  assert {
    condition     = one([for o in aws_cloudfront_distribution.this.origin : o if o.origin_id == "images-bucket"]).origin_access_control_id == aws_cloudfront_origin_access_control.this.id && aws_cloudfront_origin_access_control.this.signing_behavior == "always" && aws_cloudfront_origin_access_control.this.signing_protocol == "sigv4"
    error_message = "Every request to the images bucket is signed (SigV4, always) by the Origin Access Control."
  }
  assert {
    condition     = length(one([for o in aws_cloudfront_distribution.this.origin : o if o.origin_id == "images-bucket"]).custom_header) == 0 && length(one([for o in aws_cloudfront_distribution.this.origin : o if o.origin_id == "images-bucket"]).s3_origin_config) == 0
    error_message = "No origin header (the API's secret) and no legacy origin access identity on the images origin."
  }
  assert {
    condition     = contains(["", "-"], coalesce(one([for o in aws_cloudfront_distribution.this.origin : o if o.origin_id == "images-bucket"]).origin_path, "-")) && one([for b in aws_cloudfront_distribution.this.ordered_cache_behavior : b if b.target_origin_id == "images-bucket"]).path_pattern == "/images/*" && output.images_path == "/images/"
    error_message = "Viewers' /images/<name> is the object key images/<name> (no origin path), and images_path names it."
  }
}

run "images_behaviour_is_read_only_https_only_and_uncompressed" {
  assert {
    condition     = jsonencode(sort(one([for b in aws_cloudfront_distribution.this.ordered_cache_behavior : b if b.target_origin_id == "images-bucket"]).allowed_methods)) == jsonencode(["GET", "HEAD"]) && jsonencode(sort(one([for b in aws_cloudfront_distribution.this.ordered_cache_behavior : b if b.target_origin_id == "images-bucket"]).cached_methods)) == jsonencode(["GET", "HEAD"])
    error_message = "Images are only read (GET, HEAD) through CloudFront."
  }
  assert {
    condition     = one([for b in aws_cloudfront_distribution.this.ordered_cache_behavior : b if b.target_origin_id == "images-bucket"]).viewer_protocol_policy == "https-only"
    error_message = "Images are served over HTTPS only."
  }
  assert {
    condition     = !one([for b in aws_cloudfront_distribution.this.ordered_cache_behavior : b if b.target_origin_id == "images-bucket"]).compress
    error_message = "Images are not compressed again."
  }
  assert {
    condition     = one([for b in aws_cloudfront_distribution.this.ordered_cache_behavior : b if b.target_origin_id == "images-bucket"]).response_headers_policy_id != null && contains(["", "-"], coalesce(one([for b in aws_cloudfront_distribution.this.ordered_cache_behavior : b if b.target_origin_id == "images-bucket"]).origin_request_policy_id, "-"))
    error_message = "Images get the security headers, and nothing of the viewer's request beyond the cache key."
  }
  assert {
    condition     = aws_cloudfront_distribution.this.ordered_cache_behavior[0].target_origin_id == "images-bucket"
    error_message = "The images behaviour comes before the API's."
  }
}

run "a_replaced_image_is_never_served_stale" {
  assert {
    condition     = one([for b in aws_cloudfront_distribution.this.ordered_cache_behavior : b if b.target_origin_id == "images-bucket"]).cache_policy_id == aws_cloudfront_cache_policy.images[0].id
    error_message = "The images behaviour uses the images cache policy."
  }
  assert {
    condition = (
      aws_cloudfront_cache_policy.images[0].parameters_in_cache_key_and_forwarded_to_origin[0].query_strings_config[0].query_string_behavior == "whitelist" &&
      jsonencode(aws_cloudfront_cache_policy.images[0].parameters_in_cache_key_and_forwarded_to_origin[0].query_strings_config[0].query_strings[0].items) == jsonencode(["v"])
    )
    error_message = "The version parameter v (the image's ETag in image_url) is in the cache key, and no other query string."
  }
  assert {
    condition = (
      aws_cloudfront_cache_policy.images[0].parameters_in_cache_key_and_forwarded_to_origin[0].cookies_config[0].cookie_behavior == "none" &&
      aws_cloudfront_cache_policy.images[0].parameters_in_cache_key_and_forwarded_to_origin[0].headers_config[0].header_behavior == "none" &&
      !aws_cloudfront_cache_policy.images[0].parameters_in_cache_key_and_forwarded_to_origin[0].enable_accept_encoding_gzip &&
      !aws_cloudfront_cache_policy.images[0].parameters_in_cache_key_and_forwarded_to_origin[0].enable_accept_encoding_brotli
    )
    error_message = "No cookie, header or encoding splits the images' cache."
  }
}

run "without_images_there_is_no_images_behaviour" {
  variables {
    images_origin = null
  }
  assert {
    condition     = one([for o in aws_cloudfront_distribution.this.origin : o if o.origin_id == "images-bucket"]) == null && one([for b in aws_cloudfront_distribution.this.ordered_cache_behavior : b if b.target_origin_id == "images-bucket"]) == null && length(aws_cloudfront_cache_policy.images) == 0 && output.images_path == null
    error_message = "Without images_origin the distribution has no images origin, behaviour or cache policy."
  }
}

run "a_given_cache_policy_replaces_the_modules_own" {
  variables {
    images_cache_policy_id = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  }
  assert {
    condition     = length(aws_cloudfront_cache_policy.images) == 0 && one([for b in aws_cloudfront_distribution.this.ordered_cache_behavior : b if b.target_origin_id == "images-bucket"]).cache_policy_id == var.images_cache_policy_id
    error_message = "images_cache_policy_id is used in place of the module's own policy."
  }
}

# The deliberate mistakes: each must be refused.

run "mistake_images_prefix_over_the_api_is_refused" {
  command = plan
  variables {
    images_origin = {
      bucket_regional_domain_name = "portfolio-test-images-20260101.s3.ap-northeast-1.amazonaws.com"
      prefix                      = "api/v1/"
    }
  }
  expect_failures = [var.images_origin]
}

run "mistake_images_prefix_without_its_slash_is_refused" {
  command = plan
  variables {
    images_origin = {
      bucket_regional_domain_name = "portfolio-test-images-20260101.s3.ap-northeast-1.amazonaws.com"
      prefix                      = "images"
    }
  }
  expect_failures = [var.images_origin]
}
