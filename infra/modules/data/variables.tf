variable "name" {
  description = "Name of the KMS key alias (alias/<name>) and prefix of descriptions."
  type        = string
  nullable    = false
}

variable "table_names" {
  description = "Names of the service's DynamoDB tables. They must match the service's DYNAMODB_*_TABLE settings."
  type = object({
    users   = optional(string, "portfolio-users")
    uniques = optional(string, "portfolio-user-uniques")
    metrics = optional(string, "portfolio-metrics")
    devices = optional(string, "portfolio-devices")
  })
  nullable = false
  default  = {}
}

variable "deletion_protection" {
  description = "Refuse to delete the tables (turn on in production)."
  type        = bool
  nullable    = false
  default     = true
}

variable "kms_deletion_window_days" {
  description = "Days a scheduled deletion of the KMS key waits before the key and everything it encrypts become unreadable."
  type        = number
  nullable    = false
  default     = 30

  validation {
    condition     = var.kms_deletion_window_days >= 7 && var.kms_deletion_window_days <= 30
    error_message = "kms_deletion_window_days must be between 7 and 30."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  nullable    = false
  default     = {}
}
