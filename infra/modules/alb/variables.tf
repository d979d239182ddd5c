variable "name" {
  description = "Name of the load balancer and its target group (at most 32 characters), and prefix of the rest."
  type        = string
  nullable    = false

  validation {
    condition     = length(var.name) <= 32
    error_message = "name must be at most 32 characters (a load balancer name limit)."
  }
}

variable "vpc_id" {
  description = "VPC of the load balancer and its targets."
  type        = string
  nullable    = false
}

variable "vpc_cidr_block" {
  description = "CIDR block of the VPC: the only destination the load balancer sends to."
  type        = string
  nullable    = false
}

variable "public_subnet_ids" {
  description = "Public subnets (two or more availability zones) of the load balancer."
  type        = list(string)
  nullable    = false
}

variable "target_port" {
  description = "Port the targets (the service's containers) listen on."
  type        = number
  nullable    = false
  default     = 8000
}

variable "health_check_path" {
  description = "Path of the target group health check; must answer 200 without touching storage."
  type        = string
  nullable    = false
  default     = "/health"
}

variable "deregistration_delay_seconds" {
  description = "Seconds a deregistering target keeps its connections (the 300 s default slows every deploy)."
  type        = number
  nullable    = false
  default     = 30
}

variable "certificate_arn" {
  description = "ACM certificate ARN. Set: the listener is HTTPS on 443 (CloudFront reaches it over TLS); null: HTTP on 80."
  type        = string
  default     = null
}

variable "origin_verify_header" {
  description = "Name of the header CloudFront adds to every origin request to prove the request came through the distribution."
  type        = string
  nullable    = false
  default     = "X-Origin-Verify"
}

variable "origin_verify_secret" {
  description = "Value of origin_verify_header: the listener forwards only requests that carry it (403 otherwise). 16-128 letters and digits (no ELB wildcards)."
  type        = string
  nullable    = false
  sensitive   = true

  validation {
    condition     = can(regex("^[A-Za-z0-9]{16,128}$", var.origin_verify_secret))
    error_message = "origin_verify_secret must be 16-128 letters and digits."
  }
}

variable "ssl_policy" {
  description = "TLS policy of the HTTPS listener."
  type        = string
  nullable    = false
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"
}

variable "access_logs_retention_days" {
  description = "Days the access logs are kept in S3."
  type        = number
  nullable    = false
  default     = 90
}

variable "deletion_protection" {
  description = "Refuse to delete the load balancer (turn on in production)."
  type        = bool
  nullable    = false
  default     = true
}

variable "force_destroy" {
  description = "Let `terraform destroy` delete the access logs bucket with its logs in it."
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
