# The role GitHub Actions assumes through OIDC to deploy: push the image, roll the service, upload the
# dashboard. No long-lived keys exist; only workflows of one repository, on the allowed branches or
# environments, can assume it.

locals {
  oidc_host = "token.actions.githubusercontent.com"

  subjects = concat(
    [for b in var.github_branches : "repo:${var.github_repository}:ref:refs/heads/${b}"],
    [for e in var.github_environments : "repo:${var.github_repository}:environment:${e}"],
  )
}

resource "aws_iam_role" "deploy" {
  name                 = "${var.name}-github-deploy"
  description          = "GitHub Actions deploys of ${var.github_repository}"
  max_session_duration = 3600
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = var.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = { "${local.oidc_host}:aud" = "sts.amazonaws.com" }
        StringLike   = { "${local.oidc_host}:sub" = local.subjects }
      }
    }]
  })

  tags = var.tags
}

resource "aws_iam_role_policy" "deploy" {
  name = "deploy"
  role = aws_iam_role.deploy.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        # These have no resource-level permissions in IAM.
        Sid      = "AccountWideReads"
        Effect   = "Allow"
        Action   = ["ecr:GetAuthorizationToken", "ecs:DescribeTaskDefinition", "ecs:RegisterTaskDefinition"]
        Resource = "*"
      },
      {
        Sid    = "PushServiceImage"
        Effect = "Allow"
        Action = [
          "ecr:BatchCheckLayerAvailability",
          "ecr:BatchGetImage",
          "ecr:CompleteLayerUpload",
          "ecr:DescribeImages",
          "ecr:InitiateLayerUpload",
          "ecr:PutImage",
          "ecr:UploadLayerPart",
        ]
        Resource = var.ecr_repository_arn
      },
      {
        Sid      = "RollService"
        Effect   = "Allow"
        Action   = ["ecs:DescribeServices", "ecs:UpdateService"]
        Resource = var.ecs_service_arn
      },
      {
        Sid      = "HandTaskRolesToEcs"
        Effect   = "Allow"
        Action   = "iam:PassRole"
        Resource = var.task_role_arns
        Condition = {
          StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" }
        }
      },
      {
        Sid      = "SyncDashboardBucket"
        Effect   = "Allow"
        Action   = ["s3:ListBucket"]
        Resource = var.site_bucket_arn
      },
      {
        Sid      = "SyncDashboardFiles"
        Effect   = "Allow"
        Action   = ["s3:DeleteObject", "s3:GetObject", "s3:PutObject"]
        Resource = "${var.site_bucket_arn}/*"
      },
      {
        Sid      = "InvalidateDashboard"
        Effect   = "Allow"
        Action   = ["cloudfront:CreateInvalidation", "cloudfront:GetInvalidation"]
        Resource = var.distribution_arn
      },
    ]
  })
}
