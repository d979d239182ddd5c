# The two roles of the task. The execution role is what ECS itself uses to start the container
# (pull the image, open the log stream, read the two secrets); the task role is what the service's code
# gets, and it may touch the four tables and nothing else.

locals {
  table_arns = [for t in var.tables : t.arn]
  # Scan is only used to list users and devices; the metrics and uniqueness tables are always read
  # by key.
  scan_table_arns = [var.tables.users.arn, var.tables.devices.arn]
  # A Query on an index is authorised on the index's ARN, not the table's: the devices table's two
  # indexes (infra/modules/data), by_shard for pages of devices and by_status for a status filter.
  device_index_arns = [for index in ["by_shard", "by_status"] : "${var.tables.devices.arn}/index/${index}"]

  ecs_tasks_assume_role = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })

  dynamodb_actions = [
    "dynamodb:BatchWriteItem",
    "dynamodb:DeleteItem",
    "dynamodb:DescribeTable",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:Query",
    "dynamodb:TransactWriteItems",
    "dynamodb:UpdateItem",
  ]
}

################################################################################
# Execution role
################################################################################

resource "aws_iam_role" "execution" {
  name_prefix        = "${var.name}-execution-"
  description        = "ECS starts ${var.name} tasks: pulls the image, writes the logs"
  assume_role_policy = local.ecs_tasks_assume_role

  tags = var.tags
}

resource "aws_iam_role_policy" "execution" {
  name = "start-task"
  role = aws_iam_role.execution.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          # GetAuthorizationToken has no resource-level permissions.
          Sid      = "EcrLogin"
          Effect   = "Allow"
          Action   = "ecr:GetAuthorizationToken"
          Resource = "*"
        },
        {
          Sid      = "PullServiceImage"
          Effect   = "Allow"
          Action   = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
          Resource = aws_ecr_repository.this.arn
        },
        {
          Sid      = "WriteServiceLogs"
          Effect   = "Allow"
          Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
          Resource = "${aws_cloudwatch_log_group.this.arn}:*"
        },
      ],
      [
        {
          Sid      = "ReadServiceSecrets"
          Effect   = "Allow"
          Action   = "ssm:GetParameters"
          Resource = local.secret_parameter_arns
        },
        {
          # The parameters are SecureStrings under the project key; ECS decrypts them through SSM.
          Sid      = "DecryptServiceSecrets"
          Effect   = "Allow"
          Action   = "kms:Decrypt"
          Resource = var.kms_key_arn
          Condition = {
            StringEquals = { "kms:ViaService" = "ssm.${local.region}.amazonaws.com" }
          }
        },
      ],
    )
  })
}

################################################################################
# Task role
################################################################################

resource "aws_iam_role" "task" {
  name_prefix        = "${var.name}-task-"
  description        = "${var.name} service code: its DynamoDB tables only"
  assume_role_policy = local.ecs_tasks_assume_role

  tags = var.tags
}

resource "aws_iam_role_policy" "task" {
  name = "service-data"
  role = aws_iam_role.task.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ServiceTables"
        Effect   = "Allow"
        Action   = local.dynamodb_actions
        Resource = local.table_arns
      },
      {
        Sid      = "PageDevices"
        Effect   = "Allow"
        Action   = ["dynamodb:Query"]
        Resource = local.device_index_arns
      },
      {
        Sid      = "ListUsersAndDevices"
        Effect   = "Allow"
        Action   = ["dynamodb:Scan"]
        Resource = local.scan_table_arns
      },
      {
        # A summary page reads the day rollup items of all its devices by key, 100 a call.
        Sid      = "ReadRollupDays"
        Effect   = "Allow"
        Action   = ["dynamodb:BatchGetItem"]
        Resource = [var.tables.metrics.arn]
      },
      {
        # The tables are encrypted with the project key; DynamoDB uses it on the caller's behalf.
        Sid      = "TableEncryptionKey"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"]
        Resource = var.kms_key_arn
        Condition = {
          StringEquals = { "kms:ViaService" = "dynamodb.${local.region}.amazonaws.com" }
        }
      },
    ]
  })
}
