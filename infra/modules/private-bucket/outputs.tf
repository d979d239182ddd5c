output "id" {
  description = "Name of the bucket."
  value       = aws_s3_bucket.this.id
}

output "arn" {
  description = "ARN of the bucket."
  value       = aws_s3_bucket.this.arn
}

output "bucket_regional_domain_name" {
  description = "Regional domain name of the bucket (a CloudFront origin)."
  value       = aws_s3_bucket.this.bucket_regional_domain_name
}

output "hardening" {
  description = "What the bucket's tests and its callers' tests assert: public access, ownership, encryption, versioning, lifecycle and the policy as applied."
  value = {
    public_access_blocked = alltrue([
      aws_s3_bucket_public_access_block.this.block_public_acls,
      aws_s3_bucket_public_access_block.this.block_public_policy,
      aws_s3_bucket_public_access_block.this.ignore_public_acls,
      aws_s3_bucket_public_access_block.this.restrict_public_buckets,
    ])
    object_ownership        = one(aws_s3_bucket_ownership_controls.this.rule[*].object_ownership)
    sse_algorithm           = one([for r in aws_s3_bucket_server_side_encryption_configuration.this.rule : r.apply_server_side_encryption_by_default[0].sse_algorithm])
    versioning              = length(aws_s3_bucket_versioning.this) == 1
    expiration_days         = var.expiration_days
    noncurrent_version_days = var.versioning ? var.noncurrent_version_days : null
    policy                  = aws_s3_bucket_policy.this.policy
    access_logs_bucket      = one(aws_s3_bucket_logging.this[*].target_bucket)
  }
}

output "bucket_domain_name" {
  description = "Domain name of the bucket (where CloudFront delivers standard logs)."
  value       = aws_s3_bucket.this.bucket_domain_name
}

output "log_target" {
  description = "Name of the bucket, known only once its ownership and policy are in place: pass it as another bucket's access_logs.bucket (S3 checks that the logging service may write to the target)."
  value       = aws_s3_bucket.this.id

  depends_on = [aws_s3_bucket_ownership_controls.this, aws_s3_bucket_policy.this]
}
