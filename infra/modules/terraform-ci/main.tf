# The two roles of the terraform workflow, assumed through GitHub's OIDC tokens (no keys):
# - plan: trusted for the repository's pull requests and named branches; reads the estate and the
#   state, takes the state lock, and can change nothing else;
# - apply: trusted only for jobs of the protected GitHub environments; manages the services the
#   estate uses and the roles it creates, but not these two roles nor the state's own bucket and
#   lock table.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  oidc_host  = "token.actions.githubusercontent.com"
  partition  = data.aws_partition.current.partition
  account_id = data.aws_caller_identity.current.account_id

  plan_subjects = concat(
    ["repo:${var.github_repository}:pull_request"],
    [for b in var.plan_branches : "repo:${var.github_repository}:ref:refs/heads/${b}"],
  )
  apply_subjects = [for e in var.apply_environments : "repo:${var.github_repository}:environment:${e}"]

  # Exact subjects (StringEquals), so no other repository, branch or environment can match.
  github_trust = {
    for role, subjects in { plan = local.plan_subjects, apply = local.apply_subjects } : role => jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect    = "Allow"
        Principal = { Federated = var.oidc_provider_arn }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringEquals = {
            "${local.oidc_host}:aud" = "sts.amazonaws.com"
            "${local.oidc_host}:sub" = subjects
          }
        }
      }]
    })
  }

  state_objects = "${var.state_bucket_arn}/*"
  own_roles     = "arn:${local.partition}:iam::${local.account_id}:role/${var.name}-*"
  estate_roles  = "arn:${local.partition}:iam::${local.account_id}:role/${var.managed_role_prefix}*"
}

################################################################################
# Plan role
################################################################################

resource "aws_iam_role" "plan" {
  name                 = "${var.name}-plan"
  description          = "terraform plan of ${var.github_repository}: read-only, plus the state lock"
  max_session_duration = 3600
  assume_role_policy   = local.github_trust.plan

  tags = var.tags
}

# Refreshing every resource type of the estate needs the Describe/Get/List calls of all its
# services; AWS's ReadOnlyAccess is the maintained list of those.
resource "aws_iam_role_policy_attachment" "plan_read_only" {
  role       = aws_iam_role.plan.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_role_policy" "plan" {
  name = "state-and-no-data"
  role = aws_iam_role.plan.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadState"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:ListBucket"]
        Resource = [var.state_bucket_arn, local.state_objects]
      },
      {
        # A plan holds the lock while it reads, like an apply.
        Sid      = "LockState"
        Effect   = "Allow"
        Action   = ["dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem"]
        Resource = var.lock_table_arn
      },
      {
        # ReadOnlyAccess also reads data; a plan needs none of it, and pull requests run this role.
        Sid    = "NoDataReads"
        Effect = "Deny"
        Action = [
          "dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:GetRecords", "dynamodb:Query", "dynamodb:Scan",
          "s3:GetObject", "s3:GetObjectVersion",
          "secretsmanager:GetSecretValue",
          "ssm:GetParameter", "ssm:GetParameterHistory", "ssm:GetParameters", "ssm:GetParametersByPath",
        ]
        NotResource = [var.lock_table_arn, local.state_objects]
      },
    ]
  })
}

################################################################################
# Apply role
################################################################################

resource "aws_iam_role" "apply" {
  name                 = "${var.name}-apply"
  description          = "terraform apply of ${var.github_repository} from protected environments"
  max_session_duration = 3600
  assume_role_policy   = local.github_trust.apply

  tags = var.tags
}

resource "aws_iam_role_policy" "apply" {
  name = "manage-estate"
  role = aws_iam_role.apply.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        # Terraform creates, tags, reads back and deletes across these services, and most of their
        # resources' names are only known after creation: the service is the narrowest unit.
        Sid      = "ManageEstateServices"
        Effect   = "Allow"
        Action   = [for s in var.managed_services : "${s}:*"]
        Resource = "*"
      },
      {
        Sid    = "ManageEstateRoles"
        Effect = "Allow"
        Action = [
          "iam:AttachRolePolicy", "iam:CreateRole", "iam:DeleteRole", "iam:DeleteRolePolicy", "iam:DetachRolePolicy",
          "iam:GetRole", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole",
          "iam:ListRolePolicies", "iam:PassRole", "iam:PutRolePolicy", "iam:TagRole", "iam:UntagRole",
          "iam:UpdateAssumeRolePolicy", "iam:UpdateRole", "iam:UpdateRoleDescription",
        ]
        Resource = local.estate_roles
      },
      {
        # ECS, the load balancer and Application Auto Scaling create their own roles on first use.
        Sid      = "CreateServiceLinkedRoles"
        Effect   = "Allow"
        Action   = "iam:CreateServiceLinkedRole"
        Resource = "arn:${local.partition}:iam::${local.account_id}:role/aws-service-role/*"
        Condition = {
          StringEquals = {
            "iam:AWSServiceName" = ["ecs.amazonaws.com", "ecs.application-autoscaling.amazonaws.com", "elasticloadbalancing.amazonaws.com"]
          }
        }
      },
      {
        # The roles share the estate's prefix; an apply must not widen its own or the plan role's reach.
        Sid      = "KeepTerraformRoles"
        Effect   = "Deny"
        Action   = "iam:*"
        Resource = local.own_roles
      },
      {
        # The state outlives every apply: an environment may write state, never remove its home.
        Sid    = "KeepStateStore"
        Effect = "Deny"
        Action = [
          "s3:DeleteBucket", "s3:DeleteBucketPolicy", "s3:PutBucketPolicy", "s3:PutBucketVersioning",
          "s3:PutEncryptionConfiguration", "s3:PutLifecycleConfiguration",
          "dynamodb:DeleteTable", "dynamodb:UpdateTable",
        ]
        Resource = [var.state_bucket_arn, var.lock_table_arn]
      },
    ]
  })
}
