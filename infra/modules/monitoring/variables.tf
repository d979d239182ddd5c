variable "name" {
  description = "Name prefix of the alarms, the topic, the dashboard and the trail."
  type        = string
  nullable    = false
}

variable "alarm_emails" {
  description = "E-mail addresses subscribed to the alarm topic (each must confirm the subscription)."
  type        = list(string)
  nullable    = false
  default     = []
}

variable "alarm_subscriber_required" {
  description = "Refuse to plan without an alarm subscriber (on in prod)."
  type        = bool
  nullable    = false
  default     = false
}

variable "kms_key_arn" {
  description = "Customer-managed key that encrypts the alarm topic."
  type        = string
  nullable    = false
}

variable "cluster_name" {
  description = "ECS cluster of the service."
  type        = string
  nullable    = false
}

variable "service_name" {
  description = "ECS service name."
  type        = string
  nullable    = false
}

variable "service_metric_namespace" {
  description = "CloudWatch namespace of the service's Embedded Metric Format metrics."
  type        = string
  nullable    = false
  default     = "Portfolio/API"
}

variable "service_metric_name" {
  description = "Value of the Service dimension of the service's metrics."
  type        = string
  nullable    = false
  default     = "portfolio-api"
}

variable "load_balancer_arn_suffix" {
  description = "ARN suffix of the load balancer (LoadBalancer dimension)."
  type        = string
  nullable    = false
}

variable "target_group_arn_suffix" {
  description = "ARN suffix of the target group (TargetGroup dimension)."
  type        = string
  nullable    = false
}

variable "table_names" {
  description = "DynamoDB tables watched for throttling."
  type        = list(string)
  nullable    = false
}

variable "thresholds" {
  description = "Alarm thresholds: an alarm fires when its metric is above the value."
  type = object({
    cpu_percent            = optional(number, 80)
    error_rate_5xx_percent = optional(number, 5)
    response_time_seconds  = optional(number, 0.5)
    unhealthy_hosts        = optional(number, 0)
    dynamodb_throttles     = optional(number, 0)
    elb_4xx_per_minute     = optional(number, 60)
  })
  nullable = false
  default  = {}
}

variable "cloudtrail_enabled" {
  description = "Create a multi-region CloudTrail trail of management events with its own bucket."
  type        = bool
  nullable    = false
  default     = false
}

variable "cloudtrail_retention_days" {
  description = "Days the trail's log files are kept."
  type        = number
  nullable    = false
  default     = 365
}

variable "force_destroy" {
  description = "Let `terraform destroy` delete the trail bucket with its logs."
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

variable "vpc_id" {
  description = "VPC whose traffic is recorded in flow logs."
  type        = string
  nullable    = false
}

variable "flow_log_retention_days" {
  description = "Days the VPC flow logs are kept."
  type        = number
  nullable    = false
  default     = 90
}

variable "access_logs_bucket" {
  description = "Bucket that receives the S3 server access logs of the trail bucket (prefix s3/<bucket>/)."
  type        = string
  nullable    = false
}

variable "kms_deletion_window_days" {
  description = "Waiting period of a scheduled deletion of the trail's key."
  type        = number
  nullable    = false
  default     = 30
}
