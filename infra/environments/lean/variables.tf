# Only what cannot be committed: the repository is the caller's, and the image tag names a build
# that exists only once it has been pushed (see "First deploy" in infra/README.md). Every other
# setting of this environment is in main.tf, reviewed like code.

variable "github_repository" {
  description = "Repository (owner/name) whose workflows may assume the deploy role. CI passes github.repository."
  type        = string
  nullable    = false
}

variable "image_tag" {
  description = "Tag of a pushed image (a commit SHA) for Terraform's task definition revision; deploys register their own."
  type        = string
  nullable    = false
}

variable "api_rate_limit" {
  description = "Requests a second the HTTP API lets through on average (above: 429)."
  type        = number
  nullable    = false
  default     = 50

  validation {
    condition     = var.api_rate_limit > 0 && var.api_rate_limit <= 1000
    error_message = "api_rate_limit must be between 1 and 1000 requests a second: the lean front door is always throttled."
  }
}

variable "api_burst_limit" {
  description = "Requests the HTTP API lets through in a burst."
  type        = number
  nullable    = false
  default     = 100
}
