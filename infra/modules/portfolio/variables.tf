# The estate's inputs. Defaults are the safe, production-like choice; an environment root states
# where it differs (dev: no deletion protection, short key deletion window, debug logs).

################################################################################
# Identity
################################################################################

variable "environment" {
  description = "Environment name, in resource names (portfolio-<environment>)."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,15}$", var.environment))
    error_message = "environment must be 2-16 lower-case letters, digits or dashes, starting with a letter."
  }
}

################################################################################
# Network
################################################################################

variable "availability_zones" {
  description = "Availability zones of the subnets; the NAT gateway is in the first."
  type        = list(string)
  nullable    = false
  default     = ["ap-northeast-1a", "ap-northeast-1c"]
}

variable "vpc_cidr" {
  description = "CIDR block of the VPC."
  type        = string
  nullable    = false
  default     = "10.0.0.0/16"
}

variable "public_subnet_cidrs" {
  description = "Public subnets (load balancer, NAT gateway), one per availability zone; the service trusts X-Forwarded-For from them (TRUSTED_PROXIES)."
  type        = list(string)
  nullable    = false
  default     = ["10.0.1.0/24", "10.0.2.0/24"]
}

variable "private_subnet_cidrs" {
  description = "Private subnets (tasks), one per availability zone."
  type        = list(string)
  nullable    = false
  default     = ["10.0.11.0/24", "10.0.12.0/24"]
}

################################################################################
# Load balancer
################################################################################

variable "alb_certificate_arn" {
  description = "ACM certificate of the load balancer. Set: HTTPS listener and HTTP->HTTPS redirect."
  type        = string
  default     = null
}

variable "api_domain_name" {
  description = "DNS name on alb_certificate_arn that points at the load balancer. Set with the certificate: CloudFront reaches the API over HTTPS."
  type        = string
  default     = null
}

################################################################################
# Service
################################################################################

variable "image_tag" {
  description = "Tag of a pushed image (a commit SHA) that Terraform's task definition revision runs; deploys register their own revisions. Never `latest` (the tags are immutable)."
  type        = string
  nullable    = false
}

variable "log_level" {
  description = "LOG_LEVEL of the service."
  type        = string
  nullable    = false
  default     = "info"
}

variable "cursor_secret_parameter_arn" {
  description = "SSM SecureString holding CURSOR_SECRET, made outside Terraform (under the project key or aws/ssm). Null: the estate makes one with a random value that never enters state."
  type        = string
  default     = null
}

variable "autoscaling_enabled" {
  description = "Scale 1..3 tasks at 70 % CPU."
  type        = bool
  nullable    = false
  default     = true
}

################################################################################
# Edge
################################################################################

variable "api_origin_request_policy_id" {
  description = "An existing CloudFront origin request policy for the API paths; it must send CloudFront-Viewer-Address. Null: the estate's own (the moto run, which has no origin request policies, names a managed one)."
  type        = string
  default     = null
}

variable "images_cache_policy_id" {
  description = "An existing CloudFront cache policy for /images/*; its key must hold the version parameter v. Null: the estate's own (the moto run, which has no cache policies, names a managed one)."
  type        = string
  default     = null
}

variable "waf_enabled" {
  description = "Guard the distribution with the WAF web ACL (rate limits shared by every task, AWS managed rules). Off only where WAF is unavailable (the moto run)."
  type        = bool
  nullable    = false
  default     = true
}

################################################################################
# Monitoring
################################################################################

variable "alarm_emails" {
  description = "E-mail addresses that receive the alarms. The prod environment refuses to plan without one."
  type        = list(string)
  nullable    = false
  default     = []
}

variable "cloudtrail_enabled" {
  description = "Create a CloudTrail trail of the account's management events (leave off if the account has one)."
  type        = bool
  nullable    = false
  default     = false
}

################################################################################
# Delivery
################################################################################

variable "github_repository" {
  description = "Repository (owner/name) whose workflows may assume the deploy role."
  type        = string
  nullable    = false
}

variable "github_branches" {
  description = "Branches whose workflows may assume the deploy role."
  type        = list(string)
  nullable    = false
  default     = ["main"]
}

variable "github_environments" {
  description = "GitHub environments whose jobs may assume the deploy role."
  type        = list(string)
  nullable    = false
  default     = []
}

################################################################################
# Lifecycle
################################################################################

variable "deletion_protection" {
  description = "Protect the tables and the load balancer from deletion."
  type        = bool
  nullable    = false
  default     = true
}

variable "force_destroy" {
  description = "Let destroy empty the buckets and the image repository."
  type        = bool
  nullable    = false
  default     = false
}

variable "kms_deletion_window_days" {
  description = "Waiting period of a scheduled deletion of the project key."
  type        = number
  nullable    = false
  default     = 30
}
