variable "name" {
  description = "Name prefix of the deploy role (<name>-github-deploy)."
  type        = string
  nullable    = false
}

variable "oidc_provider_arn" {
  description = "ARN of the account's IAM OIDC provider for token.actions.githubusercontent.com (created by infra/bootstrap)."
  type        = string
  nullable    = false
}

variable "github_repository" {
  description = "The one repository, as owner/name, whose workflows may assume the role."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.github_repository))
    error_message = "github_repository must be owner/name, without wildcards."
  }
}

variable "github_branches" {
  description = "Branches whose workflow runs may assume the role."
  type        = list(string)
  nullable    = false
  default     = ["main"]

  validation {
    condition     = alltrue([for b in var.github_branches : !strcontains(b, "*")])
    error_message = "github_branches must name branches exactly, without wildcards."
  }
}

variable "github_environments" {
  description = "GitHub deployment environments whose jobs may assume the role."
  type        = list(string)
  nullable    = false
  default     = []

  validation {
    condition     = alltrue([for e in var.github_environments : !strcontains(e, "*")])
    error_message = "github_environments must name environments exactly, without wildcards."
  }
}

variable "ecr_repository_arn" {
  description = "The image repository the role may push to."
  type        = string
  nullable    = false
}

variable "ecs_service_arn" {
  description = "The ECS service the role may update."
  type        = string
  nullable    = false
}

variable "task_role_arns" {
  description = "The task's execution and task roles: the only roles the deploy role may pass."
  type        = list(string)
  nullable    = false
}

variable "site_bucket_arn" {
  description = "The dashboard bucket the role may sync."
  type        = string
  nullable    = false
}

variable "distribution_arn" {
  description = "The CloudFront distribution the role may invalidate."
  type        = string
  nullable    = false
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  nullable    = false
  default     = {}
}
