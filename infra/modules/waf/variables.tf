variable "name" {
  description = "Name of the web ACL and prefix of its CloudWatch metrics."
  type        = string
  nullable    = false
}

variable "api_requests_per_minute" {
  description = "Requests to /api/ (other than ingestion) one viewer may make per minute, summed over every task: the service's RATE_LIMIT_PER_MINUTE, shared."
  type        = number
  nullable    = false
  default     = 100

  validation {
    condition     = var.api_requests_per_minute >= 10 && var.api_requests_per_minute <= 2000000000
    error_message = "WAF rate limits are 10 or more."
  }
}

variable "ingest_requests_per_minute" {
  description = "POST /api/v1/metrics* requests one viewer may make per minute, summed over every task: the service's RATE_LIMIT_INGEST_PER_MINUTE, shared."
  type        = number
  nullable    = false
  default     = 1000

  validation {
    condition     = var.ingest_requests_per_minute >= 10 && var.ingest_requests_per_minute <= 2000000000
    error_message = "WAF rate limits are 10 or more."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  nullable    = false
  default     = {}
}
