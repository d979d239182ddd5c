output "ecr_repository_url" {
  description = "URL of the image repository (docker push target)."
  value       = aws_ecr_repository.this.repository_url
}

output "ecr_repository_arn" {
  description = "ARN of the image repository."
  value       = aws_ecr_repository.this.arn
}

output "cluster_name" {
  description = "Name of the ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "cluster_arn" {
  description = "ARN of the ECS cluster."
  value       = aws_ecs_cluster.this.arn
}

output "service_name" {
  description = "Name of the ECS service."
  value       = aws_ecs_service.this.name
}

output "service_arn" {
  description = "ARN of the ECS service."
  value       = aws_ecs_service.this.id
}

output "task_definition_family" {
  description = "Family of the task definition; deploys register new revisions in it."
  value       = aws_ecs_task_definition.this.family
}

output "task_role_arn" {
  description = "ARN of the role the service's code runs as."
  value       = aws_iam_role.task.arn
}

output "execution_role_arn" {
  description = "ARN of the role ECS starts the task with."
  value       = aws_iam_role.execution.arn
}

output "security_group_id" {
  description = "Security group of the tasks."
  value       = aws_security_group.this.id
}

output "log_group_name" {
  description = "Log group of the service."
  value       = aws_cloudwatch_log_group.this.name
}
