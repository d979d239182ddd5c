variable "name" {
  description = "Name prefix of the two roles (<name>-plan, <name>-apply); the apply role may not change roles under this prefix."
  type        = string
  nullable    = false
  default     = "portfolio-terraform"
}

variable "oidc_provider_arn" {
  description = "ARN of the account's IAM OIDC provider for token.actions.githubusercontent.com."
  type        = string
  nullable    = false
}

variable "github_repository" {
  description = "The one repository, as owner/name, whose workflows may assume the roles."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.github_repository))
    error_message = "github_repository must be owner/name, without wildcards."
  }
}

variable "plan_branches" {
  description = "Branches whose workflow runs may assume the plan role, besides the repository's pull requests."
  type        = list(string)
  nullable    = false
  default     = ["main"]

  validation {
    condition     = alltrue([for b in var.plan_branches : can(regex("^[A-Za-z0-9_./-]+$", b))])
    error_message = "plan_branches must name branches exactly, without wildcards."
  }
}

variable "apply_environments" {
  description = "Protected GitHub environments whose jobs may assume the apply role (narrow it to the one environment of this account)."
  type        = list(string)
  nullable    = false
  default     = ["dev", "production"]

  validation {
    condition     = length(var.apply_environments) > 0 && alltrue([for e in var.apply_environments : can(regex("^[A-Za-z0-9_.-]+$", e))])
    error_message = "apply_environments must name at least one environment exactly, without wildcards."
  }
}

variable "state_bucket_arn" {
  description = "ARN of the Terraform state bucket."
  type        = string
  nullable    = false
}

variable "lock_table_arn" {
  description = "ARN of the Terraform state lock table."
  type        = string
  nullable    = false
}

variable "additional_actions" {
  description = "Actions the apply role needs beyond the estate's (modules/terraform-ci/main.tf lists those by service), each named in full: no wildcards, no IAM, STS or Organizations."
  type        = list(string)
  nullable    = false
  default     = []

  validation {
    condition = alltrue([
      for a in var.additional_actions :
      can(regex("^[a-z0-9-]+:[A-Za-z0-9]+$", a)) && !startswith(a, "iam:") && !startswith(a, "sts:") && !startswith(a, "organizations:")
    ])
    error_message = "additional_actions must name actions in full (service:Action, no wildcard), and never IAM, STS or Organizations."
  }
}

variable "managed_role_prefix" {
  description = "Names of the IAM roles the estate creates start with this; the apply role may manage and pass those roles only."
  type        = string
  nullable    = false
  default     = "portfolio-"
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  nullable    = false
  default     = {}
}
