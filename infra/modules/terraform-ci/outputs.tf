output "plan_role_arn" {
  description = "ARN of the read-only plan role (TERRAFORM_PLAN_ROLE_ARN of the terraform workflow)."
  value       = aws_iam_role.plan.arn
}

output "apply_role_arn" {
  description = "ARN of the apply role (TERRAFORM_APPLY_ROLE_ARN of the dev and production GitHub environments)."
  value       = aws_iam_role.apply.arn
}
