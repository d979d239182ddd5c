# The service's DynamoDB tables and the customer-managed KMS key that encrypts them, the service's
# log group and the alarm topic.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  # Keys of the service's DynamoDB design (see the API's storage layer): users by id, one marker item
  # per unique username and e-mail, readings by device and time, and the latest reading per device so
  # that "latest" is a batch of GetItems rather than a table scan.
  # The devices table also has the sharded index by_shard (shard "s0".."s3", device_id) that pages
  # devices in id order with one Query per shard, and by_status (status_shard "error#s2", device_id),
  # the same runs split by status, for a status filter (docs/dynamodb.md); readings expire by TTL on
  # expires_at when the service sets READINGS_RETENTION_DAYS.
  tables = {
    users   = { name = var.table_names.users, hash_key = "user_id", hash_type = "S", range_key = null, range_type = null, sharded = false, ttl = null }
    uniques = { name = var.table_names.uniques, hash_key = "unique_key", hash_type = "S", range_key = null, range_type = null, sharded = false, ttl = null }
    metrics = { name = var.table_names.metrics, hash_key = "device_id", hash_type = "S", range_key = "timestamp", range_type = "N", sharded = false, ttl = "expires_at" }
    devices = { name = var.table_names.devices, hash_key = "device_id", hash_type = "S", range_key = null, range_type = null, sharded = true, ttl = null }
  }
}

################################################################################
# KMS key
################################################################################

resource "aws_kms_key" "this" {
  description             = "${var.name}: DynamoDB tables, CloudWatch log groups and the alarm topic"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_days
  policy                  = jsonencode(local.key_policy)

  tags = var.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.name}"
  target_key_id = aws_kms_key.this.key_id
}

locals {
  key_policy = {
    Version = "2012-10-17"
    Statement = [
      {
        # Without this statement IAM policies could not grant use of the key and it would become
        # unmanageable; every other grant is made through IAM or the service statements below.
        Sid       = "AccountAdministers"
        Effect    = "Allow"
        Principal = { AWS = "arn:${local.partition}:iam::${local.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "CloudWatchLogsEncryptsThisAccountsLogGroups"
        Effect    = "Allow"
        Principal = { Service = "logs.${local.region}.amazonaws.com" }
        Action    = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
        Resource  = "*"
        Condition = {
          ArnLike = {
            "kms:EncryptionContext:aws:logs:arn" = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:*"
          }
        }
      },
      {
        # CloudWatch alarms publish to the encrypted SNS topic.
        Sid       = "CloudWatchAlarmsPublishToEncryptedTopic"
        Effect    = "Allow"
        Principal = { Service = "cloudwatch.amazonaws.com" }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey*"]
        Resource  = "*"
        Condition = {
          StringEquals = { "aws:SourceAccount" = local.account_id }
        }
      },
    ]
  }
}

################################################################################
# DynamoDB tables
################################################################################

resource "aws_dynamodb_table" "this" {
  for_each = local.tables

  name                        = each.value.name
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = each.value.hash_key
  range_key                   = each.value.range_key
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = each.value.hash_key
    type = each.value.hash_type
  }

  dynamic "attribute" {
    for_each = each.value.range_key == null ? [] : [each.value.range_key]
    content {
      name = attribute.value
      type = each.value.range_type
    }
  }

  dynamic "attribute" {
    for_each = each.value.sharded ? ["shard", "status_shard"] : []
    content {
      name = attribute.value
      type = "S"
    }
  }

  # Index name => hash key. Adding an index to an existing table is an in-place update: DynamoDB
  # builds it from the items that carry its key (docs/dynamodb.md, "Upgrading a devices table").
  dynamic "global_secondary_index" {
    for_each = each.value.sharded ? { by_shard = "shard", by_status = "status_shard" } : {}
    content {
      name            = global_secondary_index.key
      hash_key        = global_secondary_index.value
      range_key       = each.value.hash_key
      projection_type = "ALL"
    }
  }

  dynamic "ttl" {
    for_each = each.value.ttl == null ? [] : [each.value.ttl]
    content {
      attribute_name = ttl.value
      enabled        = true
    }
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.this.arn
  }

  point_in_time_recovery {
    enabled = true
  }

  tags = merge(var.tags, { Name = each.value.name })
}
