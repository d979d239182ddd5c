# Only what cannot be committed: the repository and the alarm addresses are the caller's, and the
# image tag names a build that exists only once it has been pushed (see "First deploy" in infra/README.md). Every other
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

variable "alarm_emails" {
  description = "Addresses that receive the alarms (each confirms its subscription). prod refuses to plan without one. CI passes the GitHub environment's ALARM_EMAILS variable (a JSON list) as TF_VAR_alarm_emails."
  type        = list(string)
  nullable    = false
  default     = []
}
