output "alarm_topic_arn" {
  description = "ARN of the SNS topic the alarms publish to."
  value       = aws_sns_topic.alarms.arn
}

output "dashboard_name" {
  description = "Name of the CloudWatch dashboard."
  value       = aws_cloudwatch_dashboard.this.dashboard_name
}

output "alarm_names" {
  description = "Names of every alarm."
  value = concat(
    [for a in aws_cloudwatch_metric_alarm.single_metric : a.alarm_name],
    [aws_cloudwatch_metric_alarm.error_rate_5xx_high.alarm_name],
    [for a in aws_cloudwatch_metric_alarm.dynamodb_throttles : a.alarm_name],
  )
}

output "cloudtrail_arn" {
  description = "ARN of the trail, when enabled."
  value       = one(aws_cloudtrail.this[*].arn)
}

output "flow_log_group_name" {
  description = "Log group of the VPC flow logs."
  value       = aws_cloudwatch_log_group.flow_logs.name
}
