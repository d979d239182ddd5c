variable "region" {
  description = "Region of the state bucket and lock table (the environments' backend.tf names the same one)."
  type        = string
  nullable    = false
  default     = "ap-northeast-1"
}

variable "state_bucket_name" {
  description = "Name of the state bucket. Null: portfolio-tfstate-<account id>."
  type        = string
  default     = null
}

variable "lock_table_name" {
  description = "Name of the DynamoDB table that locks the state during plans and applies."
  type        = string
  nullable    = false
  default     = "portfolio-tfstate-lock"
}

variable "state_version_retention_days" {
  description = "Days superseded state versions are kept."
  type        = number
  nullable    = false
  default     = 90
}

variable "create_github_oidc_provider" {
  description = "Create the account's OIDC provider for GitHub Actions (false when the account already has one)."
  type        = bool
  nullable    = false
  default     = true
}

variable "force_destroy" {
  description = "Let destroy delete the state bucket with every state in it. Only for throw-away accounts."
  type        = bool
  nullable    = false
  default     = false
}

variable "github_repository" {
  description = "Repository (owner/name) whose terraform workflow may assume the plan and apply roles."
  type        = string
  nullable    = false
}

variable "terraform_apply_environments" {
  description = "Protected GitHub environments whose jobs may assume the apply role: the one environment this account hosts."
  type        = list(string)
  nullable    = false
  default     = ["dev", "production"]
}
