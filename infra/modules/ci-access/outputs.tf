output "role_arn" {
  description = "ARN of the deploy role (the role-to-assume of aws-actions/configure-aws-credentials)."
  value       = aws_iam_role.deploy.arn
}

output "role_name" {
  description = "Name of the deploy role."
  value       = aws_iam_role.deploy.name
}
