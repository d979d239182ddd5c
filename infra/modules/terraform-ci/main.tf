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

  # What an apply does to each service of the estate: create, change, tag and delete the resource
  # types the modules declare, and read anything back (Describe/Get/List). Nothing else: no data
  # plane writes, no service wholesale. A module that adds a resource type adds its actions here.
  read_verbs = ["Describe*", "Get*", "List*"]
  estate_actions = {
    application-autoscaling = ["DeleteScalingPolicy", "DeregisterScalableTarget", "PutScalingPolicy", "RegisterScalableTarget", "TagResource", "UntagResource"]
    cloudfront = [
      "CreateDistribution", "DeleteDistribution", "UpdateDistribution", "TagResource", "UntagResource",
      "CreateOriginAccessControl", "DeleteOriginAccessControl", "UpdateOriginAccessControl",
      "CreateOriginRequestPolicy", "DeleteOriginRequestPolicy", "UpdateOriginRequestPolicy",
    ]
    cloudtrail = ["AddTags", "CreateTrail", "DeleteTrail", "PutEventSelectors", "RemoveTags", "StartLogging", "StopLogging", "UpdateTrail"]
    cloudwatch = ["DeleteAlarms", "DeleteDashboards", "PutDashboard", "PutMetricAlarm", "TagResource", "UntagResource"]
    dynamodb   = ["CreateTable", "DeleteTable", "TagResource", "UntagResource", "UpdateContinuousBackups", "UpdateTable", "UpdateTimeToLive"]
    ec2 = [
      "CreateVpc", "DeleteVpc", "ModifyVpcAttribute", "CreateSubnet", "DeleteSubnet", "ModifySubnetAttribute",
      "CreateInternetGateway", "AttachInternetGateway", "DetachInternetGateway", "DeleteInternetGateway",
      "AllocateAddress", "ReleaseAddress", "AssociateAddress", "DisassociateAddress", "CreateNatGateway", "DeleteNatGateway",
      "CreateRouteTable", "DeleteRouteTable", "CreateRoute", "DeleteRoute", "ReplaceRoute",
      "AssociateRouteTable", "DisassociateRouteTable", "ReplaceRouteTableAssociation",
      "CreateVpcEndpoint", "DeleteVpcEndpoints", "ModifyVpcEndpoint",
      "CreateSecurityGroup", "DeleteSecurityGroup", "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress",
      "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress", "ModifySecurityGroupRules",
      "UpdateSecurityGroupRuleDescriptionsIngress", "UpdateSecurityGroupRuleDescriptionsEgress",
      "CreateFlowLogs", "DeleteFlowLogs", "CreateTags", "DeleteTags",
    ]
    ecr = [
      "CreateRepository", "DeleteRepository", "PutImageScanningConfiguration", "PutImageTagMutability",
      "PutLifecyclePolicy", "DeleteLifecyclePolicy", "SetRepositoryPolicy", "DeleteRepositoryPolicy", "TagResource", "UntagResource",
    ]
    ecs = [
      "CreateCluster", "DeleteCluster", "UpdateCluster", "UpdateClusterSettings", "PutClusterCapacityProviders",
      "RegisterTaskDefinition", "DeregisterTaskDefinition", "DeleteTaskDefinitions",
      "CreateService", "UpdateService", "DeleteService", "TagResource", "UntagResource",
    ]
    elasticloadbalancing = [
      "CreateLoadBalancer", "DeleteLoadBalancer", "ModifyLoadBalancerAttributes", "SetSecurityGroups", "SetSubnets",
      "CreateTargetGroup", "DeleteTargetGroup", "ModifyTargetGroup", "ModifyTargetGroupAttributes",
      "CreateListener", "DeleteListener", "ModifyListener", "CreateRule", "DeleteRule", "ModifyRule", "SetRulePriorities",
      "AddTags", "RemoveTags",
    ]
    # CreateGrant: ECR, DynamoDB and CloudWatch Logs take grants on the project key for the caller;
    # Encrypt/Decrypt/GenerateDataKey: SSM SecureStrings are written and read back under it.
    kms = [
      "CreateKey", "CreateAlias", "DeleteAlias", "UpdateAlias", "EnableKeyRotation", "DisableKeyRotation", "PutKeyPolicy",
      "ScheduleKeyDeletion", "CancelKeyDeletion", "UpdateKeyDescription", "TagResource", "UntagResource",
      "CreateGrant", "Decrypt", "Encrypt", "GenerateDataKey",
    ]
    logs = [
      "CreateLogGroup", "DeleteLogGroup", "PutRetentionPolicy", "DeleteRetentionPolicy", "AssociateKmsKey", "DisassociateKmsKey",
      "TagResource", "UntagResource", "TagLogGroup", "UntagLogGroup",
    ]
    # PutBucketAcl: CloudFront's standard logs are delivered through the logs bucket's ACL, which the
    # distribution's creator must be able to set. DeleteObject*: force_destroy empties dev's buckets.
    s3 = [
      "CreateBucket", "DeleteBucket", "PutBucketPolicy", "DeleteBucketPolicy", "PutBucketPublicAccessBlock",
      "PutBucketOwnershipControls", "PutBucketVersioning", "PutEncryptionConfiguration", "PutLifecycleConfiguration",
      "PutBucketLogging", "PutBucketTagging", "PutBucketAcl", "DeleteObject", "DeleteObjectVersion",
    ]
    # The ephemeral generator of CURSOR_SECRET draws from GetRandomPassword (no resource, no secret).
    secretsmanager = ["GetRandomPassword"]
    sns            = ["CreateTopic", "DeleteTopic", "SetTopicAttributes", "Subscribe", "Unsubscribe", "SetSubscriptionAttributes", "TagResource", "UntagResource"]
    ssm            = ["PutParameter", "DeleteParameter", "AddTagsToResource", "RemoveTagsFromResource"]
    wafv2          = ["CreateWebACL", "UpdateWebACL", "DeleteWebACL", "AssociateWebACL", "DisassociateWebACL", "CheckCapacity", "TagResource", "UntagResource"]
  }
  apply_actions = sort(concat(
    flatten([
      for service, actions in local.estate_actions : [
        for a in concat(actions, service == "secretsmanager" ? [] : local.read_verbs) : "${service}:${a}"
      ]
    ]),
    var.additional_actions,
  ))
  own_roles    = "arn:${local.partition}:iam::${local.account_id}:role/${var.name}-*"
  estate_roles = "arn:${local.partition}:iam::${local.account_id}:role/${var.managed_role_prefix}*"
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
        # terraform plan opens the ephemeral generator of CURSOR_SECRET, which draws a random value.
        Sid      = "DrawGeneratedSecrets"
        Effect   = "Allow"
        Action   = "secretsmanager:GetRandomPassword"
        Resource = "*"
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
        # Most of the estate's resources get their names or IDs only when created, so the actions
        # are the narrowing here, not the resources (IAM below is narrowed by name too).
        Sid      = "ManageEstateResources"
        Effect   = "Allow"
        Action   = local.apply_actions
        Resource = "*"
      },
      {
        Sid      = "ReadWriteState"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
        Resource = local.state_objects
      },
      {
        Sid      = "LockState"
        Effect   = "Allow"
        Action   = ["dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem"]
        Resource = var.lock_table_arn
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
