output "bucket_name" {
  description = "IMAGES_BUCKET."
  value       = aws_s3_bucket.this.bucket
}

output "bucket_arn" {
  description = "ARN of the images bucket."
  value       = aws_s3_bucket.this.arn
}

output "bucket_regional_domain_name" {
  description = "Origin domain for a CloudFront Origin Access Control origin."
  value       = aws_s3_bucket.this.bucket_regional_domain_name
}

output "prefix" {
  description = "IMAGES_PREFIX."
  value       = var.prefix
}

output "kms_key_arn" {
  description = "IMAGES_KMS_KEY_ID: the key every PutObject names."
  value       = aws_kms_key.this.arn
}

output "task_policy_json" {
  description = "The task role's images policy (attached when task_role_name is set)."
  value       = data.aws_iam_policy_document.task.json
}

output "service_environment" {
  description = "The service's environment for IMAGE_STORE=s3."
  value = {
    IMAGE_STORE       = "s3"
    IMAGES_BUCKET     = aws_s3_bucket.this.bucket
    IMAGES_PREFIX     = var.prefix
    IMAGES_KMS_KEY_ID = aws_kms_key.this.arn
  }
}

output "cloudfront_reader" {
  description = "What the bucket policy grants CloudFront (null without cloudfront_distribution_arn): the distribution, the actions and the keys."
  value = one([
    for s in data.aws_iam_policy_document.bucket.statement : {
      principals       = [for p in s.principals : { type = p.type, identifiers = sort(tolist(p.identifiers)) }]
      actions          = sort(tolist(s.actions))
      resources        = sort(tolist(s.resources))
      distribution_arn = one(flatten([for c in s.condition : tolist(c.values) if c.variable == "AWS:SourceArn"]))
    } if s.sid == "CloudFrontReadsImagesThroughOriginAccessControl"
  ])
}
