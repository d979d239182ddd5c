output "state_bucket" {
  description = "State bucket: -backend-config=bucket=<this> when initialising an environment."
  value       = module.state_bucket.id
}

output "lock_table" {
  description = "Lock table: -backend-config=dynamodb_table=<this> when initialising an environment."
  value       = aws_dynamodb_table.lock.name
}

output "github_oidc_provider_arn" {
  description = "ARN of the GitHub Actions OIDC provider the environments' deploy roles trust."
  value       = one(aws_iam_openid_connect_provider.github[*].arn)
}

output "terraform_plan_role_arn" {
  description = "Read-only role of the terraform workflow's plans: the TERRAFORM_PLAN_ROLE_ARN variable."
  value       = module.terraform_ci.plan_role_arn
}

output "terraform_apply_role_arn" {
  description = "Role of the terraform workflow's applies: TERRAFORM_APPLY_ROLE_ARN of the dev and production environments."
  value       = module.terraform_ci.apply_role_arn
}
