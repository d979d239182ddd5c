# The estate's outputs under their own names (descriptions in modules/portfolio/outputs.tf): the
# deploy workflow's variables and the runbooks read them with `terraform output`.

output "alb_url" { value = module.portfolio.alb_url }
output "cloudfront_url" { value = module.portfolio.cloudfront_url }
output "ecr_repository_url" { value = module.portfolio.ecr_repository_url }
output "ecs_cluster_name" { value = module.portfolio.ecs_cluster_name }
output "ecs_service_name" { value = module.portfolio.ecs_service_name }
output "task_definition_family" { value = module.portfolio.task_definition_family }
output "site_bucket_name" { value = module.portfolio.site_bucket_name }
output "cloudfront_distribution_id" { value = module.portfolio.cloudfront_distribution_id }
output "deploy_role_arn" { value = module.portfolio.deploy_role_arn }
output "table_names" { value = module.portfolio.table_names }
output "alarm_topic_arn" { value = module.portfolio.alarm_topic_arn }
output "log_group_name" { value = module.portfolio.log_group_name }
