output "bucket_name" {
  description = "Name of the dashboard bucket (aws s3 sync target)."
  value       = module.bucket.id
}

output "bucket_arn" {
  description = "ARN of the dashboard bucket."
  value       = module.bucket.arn
}

output "distribution_id" {
  description = "ID of the CloudFront distribution (for invalidations)."
  value       = aws_cloudfront_distribution.this.id
}

output "distribution_arn" {
  description = "ARN of the CloudFront distribution."
  value       = aws_cloudfront_distribution.this.arn
}

output "url" {
  description = "HTTPS URL of the dashboard."
  value       = "https://${aws_cloudfront_distribution.this.domain_name}"
}

output "access_logs_bucket" {
  description = "Bucket of the edge's access logs: other buckets send their S3 server access logs here under s3/<bucket>/."
  value       = module.logs.log_target
}
