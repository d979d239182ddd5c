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

output "images_path" {
  description = "Root-relative base of the images on the distribution (/<prefix>), for IMAGES_PUBLIC_BASE_URL; null without images. Relative, like the API's own paths: the API is reached only through this distribution (the origin header), so it resolves against whichever name the viewer used."
  value       = var.images_origin == null ? null : "/${var.images_origin.prefix}"
}
