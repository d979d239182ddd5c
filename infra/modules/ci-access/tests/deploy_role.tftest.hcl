# The deploy role's promises: only one repository's main branch (or named environments) can assume
# it, through GitHub's OIDC tokens, and it can only push the image, roll the one service, pass the
# two task roles, sync the one bucket and invalidate the one distribution.

mock_provider "aws" {}

variables {
  name                = "portfolio-test"
  oidc_provider_arn   = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
  github_repository   = "example-org/portfolio"
  github_environments = ["production"]
  ecr_repository_arn  = "arn:aws:ecr:ap-northeast-1:123456789012:repository/portfolio-api"
  ecs_service_arn     = "arn:aws:ecs:ap-northeast-1:123456789012:service/portfolio-test/portfolio-api"
  task_role_arns      = ["arn:aws:iam::123456789012:role/portfolio-api-task-1", "arn:aws:iam::123456789012:role/portfolio-api-execution-1"]
  site_bucket_arn     = "arn:aws:s3:::portfolio-test-site-123456789012"
  distribution_arn    = "arn:aws:cloudfront::123456789012:distribution/E1234567890ABC"
}

run "trust_is_limited_to_the_repository_branch_and_environment" {
  assert {
    condition = jsondecode(aws_iam_role.deploy.assume_role_policy).Statement[0].Condition == {
      StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" }
      StringLike = { "token.actions.githubusercontent.com:sub" = [
        "repo:example-org/portfolio:ref:refs/heads/main",
        "repo:example-org/portfolio:environment:production",
      ] }
    }
    error_message = "Only the repository's main branch and production environment, with the STS audience, may assume the role."
  }
  assert {
    condition     = jsondecode(aws_iam_role.deploy.assume_role_policy).Statement[0].Principal == { Federated = var.oidc_provider_arn }
    error_message = "The role trusts GitHub's OIDC provider only."
  }
  assert {
    condition     = length(jsondecode(aws_iam_role.deploy.assume_role_policy).Statement) == 1
    error_message = "No other way to assume the role."
  }
}

run "permissions_name_the_one_repository_service_bucket_and_distribution" {
  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.deploy.policy).Statement :
      s.Resource != "*" ? true : toset(flatten([s.Action])) == toset(["ecr:GetAuthorizationToken", "ecs:DescribeTaskDefinition", "ecs:RegisterTaskDefinition"])
    ])
    error_message = "Only actions without resource-level permissions may use a wildcard resource."
  }
  assert {
    condition = toset(one([
      for s in jsondecode(aws_iam_role_policy.deploy.policy).Statement : s.Resource if contains(flatten([s.Action]), "iam:PassRole")
    ])) == toset(var.task_role_arns)
    error_message = "The role may pass the two task roles and no other."
  }
  assert {
    condition = toset(flatten([
      for s in jsondecode(aws_iam_role_policy.deploy.policy).Statement : s.Resource if s.Resource != "*"
    ])) == toset(concat([var.ecr_repository_arn, var.ecs_service_arn, var.site_bucket_arn, "${var.site_bucket_arn}/*", var.distribution_arn], var.task_role_arns))
    error_message = "The role reaches exactly the repository, the service, the bucket, the distribution and the task roles."
  }
  assert {
    condition     = alltrue([for s in jsondecode(aws_iam_role_policy.deploy.policy).Statement : alltrue([for a in flatten([s.Action]) : !strcontains(a, "*")])])
    error_message = "No wildcard actions."
  }
}

run "wildcard_repository_is_refused" {
  command = plan
  variables {
    github_repository = "example-org/*"
  }
  expect_failures = [var.github_repository]
}

run "wildcard_branch_is_refused" {
  command = plan
  variables {
    github_branches = ["*"]
  }
  expect_failures = [var.github_branches]
}
