# The Terraform roles' promises: each trusts GitHub's OIDC tokens of one repository only, the plan
# role for pull requests and named branches, the apply role for the protected environments only;
# the plan role writes nothing but the state lock; the apply role cannot touch IAM outside the
# estate's roles, nor these two roles, nor the state's bucket and lock table.

mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012", arn = "arn:aws:iam::123456789012:root", user_id = "123456789012" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws", dns_suffix = "amazonaws.com" }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::123456789012:role/portfolio-terraform-mocked" }
  }
}

variables {
  oidc_provider_arn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
  github_repository = "example-org/portfolio"
  state_bucket_arn  = "arn:aws:s3:::portfolio-tfstate-123456789012"
  lock_table_arn    = "arn:aws:dynamodb:ap-northeast-1:123456789012:table/portfolio-tfstate-lock"
}

run "plan_role_trusts_the_repository_pull_requests_and_main_only" {
  assert {
    condition = jsondecode(aws_iam_role.plan.assume_role_policy).Statement == [{
      Effect    = "Allow"
      Principal = { Federated = var.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = { StringEquals = {
        "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
        "token.actions.githubusercontent.com:sub" = [
          "repo:example-org/portfolio:pull_request",
          "repo:example-org/portfolio:ref:refs/heads/main",
        ]
      } }
    }]
    error_message = "Only the repository's pull requests and main branch, with the STS audience, may assume the plan role."
  }
}

run "apply_role_trusts_the_protected_environments_only" {
  assert {
    condition = jsondecode(aws_iam_role.apply.assume_role_policy).Statement == [{
      Effect    = "Allow"
      Principal = { Federated = var.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = { StringEquals = {
        "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
        "token.actions.githubusercontent.com:sub" = [
          "repo:example-org/portfolio:environment:dev",
          "repo:example-org/portfolio:environment:production",
        ]
      } }
    }]
    error_message = "Only jobs of the dev and production environments may assume the apply role: no branch, no pull request."
  }
}

run "no_trust_matches_by_pattern" {
  assert {
    condition = alltrue([
      for r in [aws_iam_role.plan, aws_iam_role.apply] : alltrue([
        for s in jsondecode(r.assume_role_policy).Statement :
        !can(s.Condition.StringLike) && alltrue([for v in flatten([values(s.Condition.StringEquals)]) : !strcontains(v, "*")])
      ])
    ])
    error_message = "Trust conditions compare exact values: no StringLike, no wildcard subject."
  }
}

run "plan_role_writes_nothing_but_the_lock" {
  assert {
    condition     = aws_iam_role_policy_attachment.plan_read_only.policy_arn == "arn:aws:iam::aws:policy/ReadOnlyAccess"
    error_message = "The plan role reads the estate through AWS's read-only policy."
  }
  assert {
    condition = toset(flatten([
      for s in jsondecode(aws_iam_role_policy.plan.policy).Statement : [
        for a in flatten([s.Action]) : a if s.Effect == "Allow" && !can(regex("^[a-z0-9-]+:(Get|List|Describe)", a))
      ]
    ])) == toset(["dynamodb:PutItem", "dynamodb:DeleteItem"])
    error_message = "Besides reads, the plan role may only take and release the lock."
  }
  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.plan.policy).Statement : s.Resource == var.lock_table_arn
      if s.Effect == "Allow" && contains(flatten([s.Action]), "dynamodb:PutItem")
    ])
    error_message = "The plan role writes to the lock table and nowhere else."
  }
  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.plan.policy).Statement : alltrue([for r in flatten([s.Resource]) : r != "*"])
      if s.Effect == "Allow" && s.Action != "secretsmanager:GetRandomPassword"
    ])
    error_message = "The plan role's own grants name the state's bucket and lock table (GetRandomPassword, which takes no resource, apart)."
  }
  assert {
    condition = one([
      for s in jsondecode(aws_iam_role_policy.plan.policy).Statement : s if s.Effect == "Deny"
      ]).NotResource == [var.lock_table_arn, "${var.state_bucket_arn}/*"] && alltrue([
      for a in ["s3:GetObject", "dynamodb:Scan", "ssm:GetParameter", "secretsmanager:GetSecretValue"] :
      contains(one([for s in jsondecode(aws_iam_role_policy.plan.policy).Statement : s.Action if s.Effect == "Deny"]), a)
    ])
    error_message = "Pull requests cannot read objects, items, parameters or secrets outside the state."
  }
}

run "apply_role_reaches_the_estate_and_not_itself" {
  assert {
    condition = alltrue(flatten([
      for s in jsondecode(aws_iam_role_policy.apply.policy).Statement : [
        for a in flatten([s.Action]) : a != "*" && !startswith(a, "iam:*") && !startswith(a, "sts:") && !startswith(a, "organizations:")
      ] if s.Effect == "Allow"
    ]))
    error_message = "No wildcard action, no IAM, STS or Organizations wholesale."
  }
  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.apply.policy).Statement :
      s.Resource == "arn:aws:iam::123456789012:role/portfolio-*" || s.Sid == "CreateServiceLinkedRoles"
      if s.Effect == "Allow" && anytrue([for a in flatten([s.Action]) : startswith(a, "iam:")])
    ])
    error_message = "IAM changes are limited to the estate's portfolio-* roles (and the services' linked roles)."
  }
  assert {
    condition = anytrue([
      for s in jsondecode(aws_iam_role_policy.apply.policy).Statement :
      s.Action == "iam:*" && s.Resource == "arn:aws:iam::123456789012:role/portfolio-terraform-*" if s.Effect == "Deny"
    ])
    error_message = "The apply role cannot change the plan or apply role."
  }
  assert {
    condition = anytrue([
      for s in jsondecode(aws_iam_role_policy.apply.policy).Statement :
      contains(s.Action, "s3:DeleteBucket") && contains(s.Action, "dynamodb:DeleteTable") &&
      toset(s.Resource) == toset([var.state_bucket_arn, var.lock_table_arn])
      if s.Effect == "Deny" && can(toset(s.Resource))
    ])
    error_message = "The apply role cannot delete the state bucket or the lock table."
  }
}

run "wildcard_repository_is_refused" {
  command = plan
  variables {
    github_repository = "example-org/*"
  }
  expect_failures = [var.github_repository]
}

run "wildcard_environment_is_refused" {
  command = plan
  variables {
    apply_environments = ["*"]
  }
  expect_failures = [var.apply_environments]
}

run "apply_role_has_the_actions_it_uses_and_no_service_wholesale" {
  assert {
    condition = alltrue(flatten([
      for s in jsondecode(aws_iam_role_policy.apply.policy).Statement : [
        for a in flatten([s.Action]) : a != "*" && !endswith(a, ":*") &&
        (!strcontains(a, "*") || can(regex("^[a-z0-9-]+:(Describe|Get|List)\\*$", a)))
      ] if s.Effect == "Allow"
    ]))
    error_message = "The apply role grants no `*` and no `service:*`; its only wildcards are the read verbs (Describe*, Get*, List*)."
  }
  assert {
    condition = alltrue([
      for a in ["ec2:CreateVpc", "elasticloadbalancing:CreateRule", "cloudfront:CreateDistribution", "wafv2:CreateWebACL", "ssm:PutParameter", "ecs:RegisterTaskDefinition", "kms:CreateKey", "s3:PutBucketLogging", "ec2:CreateFlowLogs"] :
      contains(one([for s in jsondecode(aws_iam_role_policy.apply.policy).Statement : s.Action if s.Sid == "ManageEstateResources"]), a)
    ])
    error_message = "The apply role can make the estate's resources (VPC, listener rules, distribution, web ACL, parameters, task definitions, keys, bucket logging, flow logs)."
  }
  assert {
    condition = !anytrue([
      for a in one([for s in jsondecode(aws_iam_role_policy.apply.policy).Statement : s.Action if s.Sid == "ManageEstateResources"]) :
      contains(["dynamodb:PutItem", "dynamodb:DeleteItem", "s3:PutObject", "ssm:GetParameter", "secretsmanager:GetSecretValue", "ec2:RunInstances"], a)
    ])
    error_message = "No data writes, secret reads or compute outside the estate on every resource."
  }
  assert {
    condition = one([
      for s in jsondecode(aws_iam_role_policy.apply.policy).Statement : s.Resource if s.Sid == "LockState"
    ]) == var.lock_table_arn && one([for s in jsondecode(aws_iam_role_policy.apply.policy).Statement : s.Resource if s.Sid == "ReadWriteState"]) == "${var.state_bucket_arn}/*"
    error_message = "The apply role writes items of the lock table and objects of the state bucket only."
  }
}

run "wildcard_or_iam_additional_actions_are_refused" {
  command = plan
  variables {
    additional_actions = ["ec2:*", "iam:CreateUser"]
  }
  expect_failures = [var.additional_actions]
}
