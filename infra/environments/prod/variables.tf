# Defaults here are this environment's settings; prod's variables.tf has the same variables with
# its own defaults.

variable "environment" {
  description = "Environment name, in resource names (portfolio-<environment>) and tags."
  type        = string
  nullable    = false
  default     = "prod"
}

variable "region" {
  description = "AWS region of the estate."
  type        = string
  nullable    = false
  default     = "ap-northeast-1"
}

variable "availability_zones" {
  description = "Availability zones of the subnets; the NAT gateway is in the first."
  type        = list(string)
  nullable    = false
  default     = ["ap-northeast-1a", "ap-northeast-1c"]
}

variable "vpc_cidr" {
  description = "CIDR block of the VPC; the service trusts X-Forwarded-For from it."
  type        = string
  nullable    = false
  default     = "10.0.0.0/16"
}

variable "public_subnet_cidrs" {
  description = "Public subnets (load balancer, NAT gateway), one per availability zone."
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

variable "image_tag" {
  description = "Image tag of the first task definition revision (deploys register their own)."
  type        = string
  nullable    = false
  default     = "latest"
}

variable "log_level" {
  description = "LOG_LEVEL of the service."
  type        = string
  nullable    = false
  default     = "info"
}

variable "cursor_secret_parameter_arn" {
  description = "SSM SecureString parameter holding CURSOR_SECRET, created outside Terraform. Null: per-task secrets."
  type        = string
  default     = null
}

variable "autoscaling_enabled" {
  description = "Scale 1..3 tasks at 70 % CPU."
  type        = bool
  nullable    = false
  default     = true
}

variable "alarm_emails" {
  description = "E-mail addresses that receive the alarms."
  type        = list(string)
  nullable    = false
  default     = []
}

variable "cloudtrail_enabled" {
  description = "Create a CloudTrail trail of the account's management events."
  type        = bool
  nullable    = false
  default     = true
}

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
  default     = ["production"]
}

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
