output "state_bucket" {
  description = "State bucket: -backend-config=bucket=<this> when initialising an environment."
  value       = aws_s3_bucket.state.id
}

output "lock_table" {
  description = "Lock table: -backend-config=dynamodb_table=<this> when initialising an environment."
  value       = aws_dynamodb_table.lock.name
}

output "github_oidc_provider_arn" {
  description = "ARN of the GitHub Actions OIDC provider the environments' deploy roles trust."
  value       = one(aws_iam_openid_connect_provider.github[*].arn)
}
