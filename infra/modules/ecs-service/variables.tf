variable "name" {
  description = "Name of the service, its container, task definition family and image repository."
  type        = string
  nullable    = false
  default     = "portfolio-api"
}

variable "cluster_name" {
  description = "Name of the ECS cluster."
  type        = string
  nullable    = false
}

variable "log_group_name" {
  description = "CloudWatch log group of the containers' stdout (JSON lines and EMF metrics)."
  type        = string
  nullable    = false
  default     = "/aws/ecs/portfolio-api"
}

variable "log_retention_days" {
  description = "Days the service's logs are kept."
  type        = number
  nullable    = false
  default     = 30
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key of the log group and of the tables (the task role may use it through DynamoDB only)."
  type        = string
  nullable    = false
}

variable "vpc_id" {
  description = "VPC of the tasks."
  type        = string
  nullable    = false
}

variable "private_subnet_ids" {
  description = "Subnets the tasks run in: private ones, or public ones with assign_public_ip."
  type        = list(string)
  nullable    = false
}

variable "trusted_proxy_cidrs" {
  description = "CIDRs the service trusts X-Forwarded-For from (TRUSTED_PROXIES): the load balancer's subnets, where its nodes' addresses are. CloudFront's hop is proved by the origin header instead."
  type        = list(string)
  nullable    = false

  validation {
    condition     = length(var.trusted_proxy_cidrs) > 0 && alltrue([for c in var.trusted_proxy_cidrs : can(cidrhost(c, 0)) && !contains(["0.0.0.0/0", "::/0"], c)])
    error_message = "trusted_proxy_cidrs must be CIDRs of the load balancer's subnets, never the whole Internet."
  }
}

variable "load_balancer_security_group_id" {
  description = "Security group of the load balancer: the only source allowed to reach the container port."
  type        = string
  nullable    = false
}

variable "target_group_arn" {
  description = "Target group the tasks register in. Null: no load balancer (see service_registry_arn)."
  type        = string
  default     = null
}

variable "service_registry_arn" {
  description = "Cloud Map service the tasks register in (SRV records with the container port), for a front door without a load balancer. Null: none."
  type        = string
  default     = null
}

variable "assign_public_ip" {
  description = "Give each task a public IPv4 address (tasks in public subnets reaching AWS APIs without a NAT gateway); the security group still admits only the front door."
  type        = bool
  nullable    = false
  default     = false
}

variable "capacity_provider" {
  description = "FARGATE (on demand) or FARGATE_SPOT (cheaper, interruptible with two minutes' notice)."
  type        = string
  nullable    = false
  default     = "FARGATE"

  validation {
    condition     = contains(["FARGATE", "FARGATE_SPOT"], var.capacity_provider)
    error_message = "capacity_provider must be FARGATE or FARGATE_SPOT."
  }
}

variable "container_insights" {
  description = "Container Insights on the cluster (CloudWatch metrics and performance events, billed as custom metrics)."
  type        = bool
  nullable    = false
  default     = true
}

variable "schedule" {
  description = "Run only part of the day: at `start` the service scales back to min_capacity, at `stop` to zero (cron expressions of Application Auto Scaling, in `timezone`). Null: always on."
  type = object({
    start    = string
    stop     = string
    timezone = optional(string, "Asia/Tokyo")
  })
  default = null

  validation {
    condition     = var.schedule == null || (can(regex("^cron\\(", var.schedule.start)) && can(regex("^cron\\(", var.schedule.stop)))
    error_message = "schedule.start and schedule.stop must be cron(...) expressions."
  }
}

variable "tables" {
  description = "The service's DynamoDB tables (name and ARN by role). The task role is limited to exactly these."
  type = object({
    users   = object({ name = string, arn = string })
    uniques = object({ name = string, arn = string })
    metrics = object({ name = string, arn = string })
    devices = object({ name = string, arn = string })
  })
  nullable = false
}

variable "image_tag" {
  description = "Tag of a pushed image in the service's repository that Terraform's task definition revision runs; deploys register their own revisions. The repository's tags are immutable, so this names one build, never `latest`."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.image_tag)) && var.image_tag != "latest"
    error_message = "image_tag must be the Docker tag of one pushed build (such as a commit SHA), not `latest`: the repository's tags are immutable, so `latest` could never move on."
  }
}

variable "container_port" {
  description = "Port the service listens on (PORT)."
  type        = number
  nullable    = false
  default     = 8000
}

variable "cpu" {
  description = "Task CPU units (256 = 0.25 vCPU)."
  type        = number
  nullable    = false
  default     = 256
}

variable "memory" {
  description = "Task memory in MiB."
  type        = number
  nullable    = false
  default     = 512
}

variable "health_check_command" {
  description = "Container health check: the service's own subcommand at its path in the image (which has no shell or curl)."
  type        = list(string)
  nullable    = false
  default     = ["CMD", "/app/portfolio-api", "healthcheck"]
}

variable "log_level" {
  description = "LOG_LEVEL of the service."
  type        = string
  nullable    = false
  default     = "info"

  validation {
    condition     = contains(["trace", "debug", "info", "warn", "error"], var.log_level)
    error_message = "log_level must be one of trace, debug, info, warn, error."
  }
}

variable "extra_environment" {
  description = "More environment variables of the service (for example CORS_ORIGINS); they override the defaults. No secrets here: use cursor_secret_parameter_arn."
  type        = map(string)
  nullable    = false
  default     = {}
}

variable "cursor_secret_parameter_arn" {
  description = "ARN of an SSM SecureString holding CURSOR_SECRET, made outside Terraform (encrypted with kms_key_arn or aws/ssm). Null: the module makes one, with a random value written write-only, so it never enters state."
  type        = string
  default     = null
}

variable "cursor_secret_version" {
  description = "Bump to write a new random CURSOR_SECRET into the module's parameter (outstanding cursors then fail as invalid); tasks read it when they start."
  type        = number
  nullable    = false
  default     = 1
}

variable "origin_verify_secret" {
  description = "Value of the origin header CloudFront adds (ORIGIN_VERIFY_SECRET): the service trusts CloudFront-Viewer-Address only on requests that carry it. Written write-only into an SSM SecureString."
  type        = string
  nullable    = false
  sensitive   = true
}

variable "autoscaling_enabled" {
  description = "Scale the task count between min_capacity and max_capacity on CPU."
  type        = bool
  nullable    = false
  default     = true
}

variable "min_capacity" {
  description = "Fewest running tasks (and the initial count)."
  type        = number
  nullable    = false
  default     = 1
}

variable "max_capacity" {
  description = "Most running tasks."
  type        = number
  nullable    = false
  default     = 3
}

variable "cpu_target_percent" {
  description = "Average task CPU the auto scaling keeps the service at."
  type        = number
  nullable    = false
  default     = 70
}

variable "images_to_keep" {
  description = "Images kept in the repository; older ones expire."
  type        = number
  nullable    = false
  default     = 30
}

variable "force_destroy" {
  description = "Let `terraform destroy` delete the image repository with its images."
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
