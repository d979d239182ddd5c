variable "name" {
  description = "Name of the bucket (globally unique)."
  type        = string
  nullable    = false
}

variable "force_destroy" {
  description = "Let `terraform destroy` delete the bucket with its objects."
  type        = bool
  nullable    = false
  default     = false
}

variable "sse_algorithm" {
  description = "Encryption at rest: AES256 (SSE-S3; what load balancer logs and CloudFront OAC need without a key policy) or aws:kms."
  type        = string
  nullable    = false
  default     = "AES256"

  validation {
    condition     = contains(["AES256", "aws:kms"], var.sse_algorithm)
    error_message = "sse_algorithm must be AES256 or aws:kms."
  }
}

variable "kms_key_arn" {
  description = "Key of SSE-KMS (with sse_algorithm = aws:kms). Null: the AWS-managed aws/s3 key."
  type        = string
  default     = null
}

variable "versioning" {
  description = "Keep every version of every object."
  type        = bool
  nullable    = false
  default     = false
}

variable "noncurrent_version_days" {
  description = "Days a replaced version is kept (with versioning). Null: forever."
  type        = number
  default     = null
}

variable "expiration_days" {
  description = "Days after which current objects expire. Null: never."
  type        = number
  default     = null
}

variable "lifecycle_rule_id" {
  description = "ID of the bucket's lifecycle rule (says what it expires)."
  type        = string
  nullable    = false
  default     = "expire-and-clean-up"
}

variable "policy_statements" {
  description = "Bucket policy statements (IAM JSON objects) granting the bucket's users their access; the TLS-only Deny is appended."
  type        = any
  nullable    = false
  default     = []
}

variable "tags" {
  description = "Tags of the bucket."
  type        = map(string)
  nullable    = false
  default     = {}
}

variable "object_ownership" {
  description = "Object ownership: BucketOwnerEnforced (ACLs off) everywhere but a bucket CloudFront's standard logs are delivered to, which needs BucketOwnerPreferred (delivery writes through the bucket ACL)."
  type        = string
  nullable    = false
  default     = "BucketOwnerEnforced"

  validation {
    condition     = contains(["BucketOwnerEnforced", "BucketOwnerPreferred"], var.object_ownership)
    error_message = "object_ownership must be BucketOwnerEnforced or BucketOwnerPreferred."
  }
}

variable "access_logs" {
  description = "Where S3 server access logs of this bucket go: the target bucket (pass another private-bucket's log_target output, which waits for the target's policy) and a prefix (default s3/<name>/). Null: no access logging."
  type = object({
    bucket = string
    prefix = optional(string)
  })
  default = null
}
