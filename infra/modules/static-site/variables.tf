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
