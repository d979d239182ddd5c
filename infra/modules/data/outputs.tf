output "kms_key_arn" {
  description = "ARN of the customer-managed key that encrypts the tables, the log groups and the alarm topic."
  value       = aws_kms_key.this.arn
}

output "table_names" {
  description = "Table names by role: users, uniques, metrics, devices."
  value       = { for role, table in aws_dynamodb_table.this : role => table.name }
}

output "table_arns" {
  description = "Table ARNs by role: users, uniques, metrics, devices."
  value       = { for role, table in aws_dynamodb_table.this : role => table.arn }
}
