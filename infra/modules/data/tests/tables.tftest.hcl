# The data layer's promises: the four tables with the service's keys, on demand, encrypted with the
# project key and recoverable to any point in time; the key rotates.

mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012", arn = "arn:aws:iam::123456789012:root", user_id = "123456789012" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws", dns_suffix = "amazonaws.com" }
  }
  mock_data "aws_region" {
    defaults = { name = "ap-northeast-1" }
  }
  mock_resource "aws_kms_key" {
    defaults = {
      arn    = "arn:aws:kms:ap-northeast-1:123456789012:key/11111111-2222-3333-4444-555555555555"
      key_id = "11111111-2222-3333-4444-555555555555"
    }
  }
}

variables {
  name = "portfolio-test"
}

run "every_table_encrypted_with_the_project_key_and_recoverable" {
  assert {
    condition = alltrue([
      for t in aws_dynamodb_table.this :
      t.server_side_encryption[0].enabled && t.server_side_encryption[0].kms_key_arn == aws_kms_key.this.arn
    ])
    error_message = "Every table is encrypted with the project's customer-managed key."
  }
  assert {
    condition     = alltrue([for t in aws_dynamodb_table.this : t.point_in_time_recovery[0].enabled])
    error_message = "Point-in-time recovery is on for every table."
  }
  assert {
    condition     = alltrue([for t in aws_dynamodb_table.this : t.billing_mode == "PAY_PER_REQUEST"])
    error_message = "Every table is on demand."
  }
  assert {
    condition     = aws_kms_key.this.enable_key_rotation
    error_message = "The project key rotates."
  }
}

run "tables_have_the_service_keys" {
  assert {
    condition = jsonencode({
      for t in aws_dynamodb_table.this : t.name => [t.hash_key, t.range_key, sort([for a in t.attribute : "${a.name}:${a.type}"])]
      }) == jsonencode({
      "portfolio-users"        = ["user_id", null, ["user_id:S"]]
      "portfolio-user-uniques" = ["unique_key", null, ["unique_key:S"]]
      "portfolio-metrics"      = ["device_id", "timestamp", ["device_id:S", "timestamp:N"]]
      "portfolio-devices"      = ["device_id", null, ["device_id:S", "shard:S", "status_shard:S"]]
    })
    error_message = "The tables must carry the keys the service's storage layer uses."
  }
  assert {
    condition = jsonencode([
      for i in aws_dynamodb_table.this["devices"].global_secondary_index : [i.name, i.hash_key, i.range_key, i.projection_type]
    ]) == jsonencode([["by_shard", "shard", "device_id", "ALL"], ["by_status", "status_shard", "device_id", "ALL"]])
    error_message = "The devices table has the sharded index that pages devices in id order, and its split by status."
  }
  assert {
    condition     = aws_dynamodb_table.this["metrics"].ttl[0].enabled && aws_dynamodb_table.this["metrics"].ttl[0].attribute_name == "expires_at"
    error_message = "Readings expire by TTL on expires_at."
  }
}

run "key_policy_lets_logs_use_the_key_only_for_this_accounts_log_groups" {
  assert {
    condition = one([
      for s in jsondecode(aws_kms_key.this.policy).Statement : s.Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"]
      if try(s.Principal.Service, "") == "logs.ap-northeast-1.amazonaws.com"
    ]) == "arn:aws:logs:ap-northeast-1:123456789012:log-group:*"
    error_message = "CloudWatch Logs may use the key only for this account's log groups."
  }
}

run "production_tables_refuse_deletion" {
  variables {
    deletion_protection = true
  }
  assert {
    condition     = alltrue([for t in aws_dynamodb_table.this : t.deletion_protection_enabled])
    error_message = "Deletion protection reaches every table."
  }
}
