variable "name" {
  description = "Name prefix of the bucket and the distribution's comment."
  type        = string
  nullable    = false
}

variable "bucket_name" {
  description = "Name of the dashboard bucket. Null: <name>-site-<account id>."
  type        = string
  default     = null
}

variable "api_origin_domain_name" {
  description = "Domain name CloudFront sends the API paths to (the load balancer's DNS name, or a name on its certificate)."
  type        = string
  nullable    = false
}

variable "api_origin_https" {
  description = "Reach the API origin over HTTPS. Needs a certificate on the load balancer that names api_origin_domain_name."
  type        = bool
  nullable    = false
  default     = false
}

variable "api_path_patterns" {
  description = "Paths served by the API (uncached, every method) rather than the bucket."
  type        = list(string)
  nullable    = false
  default     = ["/api/*", "/health*", "/openapi.json", "/docs*", "/redoc*"]
}

variable "price_class" {
  description = "CloudFront price class (PriceClass_200 includes Japan and the rest of Asia)."
  type        = string
  nullable    = false
  default     = "PriceClass_200"
}

variable "aliases" {
  description = "Custom domain names of the distribution (need certificate_arn)."
  type        = list(string)
  nullable    = false
  default     = []
}

variable "certificate_arn" {
  description = "ACM certificate in us-east-1 for the aliases. Null: the default *.cloudfront.net certificate."
  type        = string
  default     = null
}

variable "noncurrent_version_days" {
  description = "Days replaced dashboard files are kept (to roll back a dashboard deploy)."
  type        = number
  nullable    = false
  default     = 30
}

variable "force_destroy" {
  description = "Let `terraform destroy` delete the bucket with its files."
  type        = bool
  nullable    = false
  default     = false
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  nullable    = false
  default     = {}
}

variable "origin_verify_header" {
  description = "Header CloudFront adds to every request to the API origin, proving the request came through this distribution."
  type        = string
  nullable    = false
  default     = "X-Origin-Verify"
}

variable "origin_verify_secret" {
  description = "Value of origin_verify_header (the load balancer forwards only requests that carry it)."
  type        = string
  nullable    = false
  sensitive   = true
}

variable "api_forwarded_headers" {
  description = "Viewer headers sent to the API origin (at most 10), with CloudFront-Viewer-Address, which CloudFront adds: the service keys its rate limit on it."
  type        = list(string)
  nullable    = false
  default = [
    "Accept", "Content-Type", "Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers",
    "X-API-Key", "X-Request-Id", "If-None-Match", "CloudFront-Viewer-Address",
  ]

  validation {
    condition     = contains(var.api_forwarded_headers, "CloudFront-Viewer-Address") && !contains([for h in var.api_forwarded_headers : lower(h)], "host") && length(var.api_forwarded_headers) <= 10
    error_message = "api_forwarded_headers must include CloudFront-Viewer-Address, exclude Host, and hold at most 10 headers."
  }
}

variable "api_origin_request_policy_id" {
  description = "An existing origin request policy for the API paths. Null: the module's own, which sends api_forwarded_headers. One given must send CloudFront-Viewer-Address too, or every viewer shares the edge's rate limit (moto, which has no origin request policies, gets AWS's managed AllViewerExceptHostHeader)."
  type        = string
  default     = null
}

variable "web_acl_arn" {
  description = "ARN of the WAF web ACL (scope CLOUDFRONT, in us-east-1) that guards the distribution. Null only where WAF is unavailable (the moto run)."
  type        = string
  default     = null
}

variable "access_logs_retention_days" {
  description = "Days the CloudFront and S3 access logs are kept."
  type        = number
  nullable    = false
  default     = 90
}

variable "images_origin" {
  description = "The images bucket (modules/images): its regional domain name and its key prefix (IMAGES_PREFIX). Viewers read /<prefix>* from it through Origin Access Control; the bucket's policy must let this distribution (distribution_arn) get those objects. Null: no images behaviour."
  type = object({
    bucket_regional_domain_name = string
    prefix                      = string
  })
  default = null

  validation {
    condition     = var.images_origin == null ? true : can(regex("^[a-z0-9][a-z0-9/_-]*/$", var.images_origin.prefix))
    error_message = "The images prefix is lower-case letters, digits, '/', '_' or '-', and ends with '/' (as modules/images requires)."
  }
  validation {
    condition     = var.images_origin == null ? true : !anytrue([for p in ["api/", "health", "openapi.json", "docs", "redoc", "assets/"] : startswith(var.images_origin.prefix, p)])
    error_message = "The images prefix must not take over the API's or the dashboard's own paths."
  }
}

variable "images_cache_policy_id" {
  description = "An existing cache policy for the images behaviour. Null: the module's own, whose key is the path and images_version_parameter (moto, which has no cache policies, gets AWS's managed CachingOptimized)."
  type        = string
  default     = null
}

variable "images_version_parameter" {
  description = "The query parameter of image_url that names the image's version (the service's ETag): part of the cache key, so a replaced image is fetched anew."
  type        = string
  nullable    = false
  default     = "v"
}
