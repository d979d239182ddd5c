variable "name" {
  description = "Prefix of the bucket, key alias and policy names (portfolio-<environment>)."
  type        = string
}

variable "prefix" {
  description = "Key prefix of the images in the bucket (IMAGES_PREFIX); the task role may touch only keys under it."
  type        = string
  default     = "images/"
  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9/_-]*/$", var.prefix))
    error_message = "The prefix is lower-case letters, digits, '/', '_' or '-', and ends with '/'."
  }
}

variable "task_role_name" {
  description = "The ECS task role that reads and writes the images (with attach_task_policy)."
  type        = string
  default     = null
}

variable "attach_task_policy" {
  description = "Attach the images policy to task_role_name. A toggle of its own because the role's name is often known only after apply (a name_prefix), which count cannot wait for. False: attach the task_policy_json output yourself."
  type        = bool
  nullable    = false
  default     = true

  validation {
    condition     = !var.attach_task_policy || var.task_role_name != null
    error_message = "attach_task_policy needs task_role_name."
  }
}

variable "task_actions" {
  description = "Object actions granted to the task role on the prefix. Only the three the service uses are allowed: never a wildcard."
  type        = list(string)
  default     = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
  validation {
    condition     = length(var.task_actions) > 0 && alltrue([for a in var.task_actions : contains(["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], a)])
    error_message = "task_actions may hold only s3:GetObject, s3:PutObject and s3:DeleteObject (no wildcards, no bucket-wide actions)."
  }
}

variable "public_access_block" {
  description = "S3 Block Public Access settings of the bucket. All four must stay true: the bucket is private, CloudFront reads it through Origin Access Control."
  type = object({
    block_public_acls       = bool
    block_public_policy     = bool
    ignore_public_acls      = bool
    restrict_public_buckets = bool
  })
  default = {
    block_public_acls       = true
    block_public_policy     = true
    ignore_public_acls      = true
    restrict_public_buckets = true
  }
  validation {
    condition     = alltrue(values(var.public_access_block))
    error_message = "The images bucket is private: every Block Public Access setting must be true."
  }
}

variable "cloudfront_distribution_arn" {
  description = "The dashboard's CloudFront distribution, allowed to read the prefix through Origin Access Control (null: no CloudFront access)."
  type        = string
  default     = null
  validation {
    condition     = var.cloudfront_distribution_arn == null || can(regex("^arn:aws[a-z-]*:cloudfront::[0-9]{12}:distribution/[A-Z0-9]+$", var.cloudfront_distribution_arn))
    error_message = "cloudfront_distribution_arn must be a CloudFront distribution ARN (never \"*\")."
  }
}

variable "noncurrent_version_days" {
  description = "Replaced and deleted images stay recoverable this many days, then expire."
  type        = number
  default     = 30
}

variable "abort_incomplete_multipart_days" {
  description = "Incomplete multipart uploads are aborted after this many days."
  type        = number
  default     = 1
}

variable "kms_deletion_window_days" {
  description = "Waiting period before the images key is deleted."
  type        = number
  default     = 30
}

variable "force_destroy" {
  description = "Allow destroying the bucket with objects in it (test environments only)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags of every resource."
  type        = map(string)
  default     = {}
}

variable "access_logs" {
  description = "Where the bucket's S3 server access logs go: the estate's access logs bucket (static-site's access_logs_bucket output) and a prefix (default s3/<bucket>/). Null: no access logging."
  type = object({
    bucket = string
    prefix = optional(string)
  })
  default = null
}
