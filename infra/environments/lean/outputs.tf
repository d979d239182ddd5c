# The lean estate's outputs: the same names as dev's where the thing exists, api_url in place of
# alb_url.

output "api_url" {
  description = "URL of the HTTP API (the API directly, HTTPS)."
  value       = aws_apigatewayv2_api.this.api_endpoint
}

output "cloudfront_url" {
  description = "URL of the dashboard, with the API under /api."
  value       = module.site.url
}

output "ecr_repository_url" {
  description = "Image repository to push the service's image to."
  value       = module.service.ecr_repository_url
}

output "ecs_cluster_name" {
  description = "ECS cluster of the service."
  value       = module.service.cluster_name
}

output "ecs_service_name" {
  description = "ECS service to update on deploy."
  value       = module.service.service_name
}

output "task_definition_family" {
  description = "Task definition family deploys register new revisions in."
  value       = module.service.task_definition_family
}

output "site_bucket_name" {
  description = "Bucket the dashboard is synced to."
  value       = module.site.bucket_name
}

output "cloudfront_distribution_id" {
  description = "Distribution to invalidate after a dashboard upload."
  value       = module.site.distribution_id
}

output "deploy_role_arn" {
  description = "Role GitHub Actions assumes to deploy."
  value       = module.ci_access.role_arn
}

output "table_names" {
  description = "DynamoDB tables by role."
  value       = module.data.table_names
}

output "log_group_name" {
  description = "Log group of the service."
  value       = module.service.log_group_name
}
