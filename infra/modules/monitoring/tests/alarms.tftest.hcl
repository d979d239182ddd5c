# The monitoring promises: the five alarms of the specification with their thresholds, all to the
# encrypted topic, on the service's EMF metrics and the AWS metrics; CloudTrail only when asked.

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
  mock_resource "aws_sns_topic" {
    defaults = { arn = "arn:aws:sns:ap-northeast-1:123456789012:portfolio-test-alarms" }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::123456789012:role/portfolio-test-flow-logs-mocked" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:ap-northeast-1:123456789012:log-group:/aws/vpc/portfolio-test/flow-logs" }
  }
  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:ap-northeast-1:123456789012:key/99999999-2222-3333-4444-555555555555" }
  }
  mock_resource "aws_s3_bucket" {
    defaults = { arn = "arn:aws:s3:::portfolio-test-trail-123456789012" }
  }
}

variables {
  name                     = "portfolio-test"
  kms_key_arn              = "arn:aws:kms:ap-northeast-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  cluster_name             = "portfolio-test"
  service_name             = "portfolio-api"
  load_balancer_arn_suffix = "app/portfolio-test/0123456789abcdef"
  target_group_arn_suffix  = "targetgroup/portfolio-test/0123456789abcdef"
  table_names              = ["portfolio-users", "portfolio-user-uniques", "portfolio-metrics", "portfolio-devices"]
  alarm_emails             = ["ops@example.com"]
  vpc_id                   = "vpc-0123456789abcdef0"
  access_logs_bucket       = "portfolio-test-site-123456789012-logs"
}

run "thresholds_are_as_specified" {
  assert {
    condition = (
      aws_cloudwatch_metric_alarm.single_metric["task-cpu-high"].namespace == "AWS/ECS" &&
      aws_cloudwatch_metric_alarm.single_metric["task-cpu-high"].metric_name == "CPUUtilization" &&
      aws_cloudwatch_metric_alarm.single_metric["task-cpu-high"].threshold == 80 &&
      aws_cloudwatch_metric_alarm.single_metric["task-cpu-high"].comparison_operator == "GreaterThanThreshold"
    )
    error_message = "Task CPU alarms above 80 %."
  }
  assert {
    condition = (
      aws_cloudwatch_metric_alarm.error_rate_5xx_high.threshold == 5 &&
      aws_cloudwatch_metric_alarm.error_rate_5xx_high.comparison_operator == "GreaterThanThreshold"
    )
    error_message = "The 5xx rate alarms above 5 %."
  }
  assert {
    condition = (
      aws_cloudwatch_metric_alarm.single_metric["target-response-time-high"].metric_name == "TargetResponseTime" &&
      aws_cloudwatch_metric_alarm.single_metric["target-response-time-high"].threshold == 0.5
    )
    error_message = "Target response time alarms above 500 ms (the metric is in seconds)."
  }
  assert {
    condition = (
      aws_cloudwatch_metric_alarm.single_metric["unhealthy-hosts"].metric_name == "UnHealthyHostCount" &&
      aws_cloudwatch_metric_alarm.single_metric["unhealthy-hosts"].threshold == 0 &&
      aws_cloudwatch_metric_alarm.single_metric["unhealthy-hosts"].comparison_operator == "GreaterThanThreshold"
    )
    error_message = "One unhealthy host is enough to alarm."
  }
  assert {
    condition = (
      toset([for a in aws_cloudwatch_metric_alarm.dynamodb_throttles : a.threshold]) == toset([0]) &&
      toset(flatten([for a in aws_cloudwatch_metric_alarm.dynamodb_throttles : [for q in a.metric_query : q.metric[0].dimensions.TableName if length(q.metric) > 0]])) == toset(var.table_names)
    )
    error_message = "Any throttled request on any of the tables alarms."
  }
}

run "error_rate_is_errors5xx_over_requests_of_the_service" {
  assert {
    condition = jsonencode({
      for q in aws_cloudwatch_metric_alarm.error_rate_5xx_high.metric_query : q.id => [q.metric[0].namespace, q.metric[0].metric_name, q.metric[0].dimensions]
      if length(q.metric) > 0
      }) == jsonencode({
      errors   = ["Portfolio/API", "Errors5xx", { Service = "portfolio-api" }]
      requests = ["Portfolio/API", "Requests", { Service = "portfolio-api" }]
    })
    error_message = "The 5xx rate is computed from the service's EMF metrics Errors5xx and Requests."
  }
  assert {
    condition     = one([for q in aws_cloudwatch_metric_alarm.error_rate_5xx_high.metric_query : q.expression if q.return_data == true]) == "IF(requests > 0, 100 * errors / requests, 0)"
    error_message = "The alarm's value is the percentage of 5xx answers."
  }
}

run "every_alarm_notifies_the_encrypted_topic" {
  assert {
    condition = alltrue([
      for a in concat(
        [aws_cloudwatch_metric_alarm.error_rate_5xx_high],
        values(aws_cloudwatch_metric_alarm.single_metric),
        values(aws_cloudwatch_metric_alarm.dynamodb_throttles),
      ) : a.alarm_actions == toset([aws_sns_topic.alarms.arn])
    ])
    error_message = "Every alarm publishes to the alarm topic."
  }
  assert {
    condition     = length(aws_cloudwatch_metric_alarm.single_metric) == 4 && length(aws_cloudwatch_metric_alarm.dynamodb_throttles) == 4
    error_message = "The CPU, response time, load balancer rejection and unhealthy host alarms exist, and one throttle alarm per table."
  }
  assert {
    condition     = aws_sns_topic.alarms.kms_master_key_id == var.kms_key_arn
    error_message = "The topic is encrypted with the project key."
  }
  assert {
    condition     = [for s in aws_sns_topic_subscription.email : s.endpoint] == ["ops@example.com"] && alltrue([for s in aws_sns_topic_subscription.email : s.protocol == "email"])
    error_message = "The operators' address is subscribed by e-mail."
  }
  assert {
    condition     = length(aws_cloudtrail.this) == 0
    error_message = "No trail unless asked for."
  }
}

run "dashboard_shows_the_service_metrics" {
  assert {
    condition     = strcontains(aws_cloudwatch_dashboard.this.dashboard_body, "\"Portfolio/API\",\"Latency\",\"Service\",\"portfolio-api\"")
    error_message = "The dashboard charts the service's latency distribution."
  }
}

run "trail_on_request" {
  variables {
    cloudtrail_enabled = true
  }
  assert {
    condition     = aws_cloudtrail.this[0].is_multi_region_trail && aws_cloudtrail.this[0].enable_log_file_validation
    error_message = "The trail covers every region and validates its log files."
  }
  assert {
    condition     = module.trail_bucket[0].hardening.public_access_blocked
    error_message = "The trail bucket is private."
  }
  assert {
    condition     = aws_cloudtrail.this[0].kms_key_id == aws_kms_key.trail[0].arn && aws_kms_key.trail[0].enable_key_rotation
    error_message = "The trail's log files are encrypted with a customer key (rotated)."
  }
  assert {
    condition = one([
      for s in jsondecode(aws_kms_key.trail[0].policy).Statement : s.Condition.StringEquals["aws:SourceArn"]
      if try(s.Principal.Service, "") == "cloudtrail.amazonaws.com"
    ]) == "arn:aws:cloudtrail:ap-northeast-1:123456789012:trail/portfolio-test-trail"
    error_message = "Only this trail may have CloudTrail encrypt with the key."
  }
  assert {
    condition     = module.trail_bucket[0].hardening.access_logs_bucket == var.access_logs_bucket
    error_message = "Access to the trail bucket is logged."
  }
}

run "vpc_flow_logs_record_all_traffic" {
  assert {
    condition = (
      aws_flow_log.vpc.vpc_id == var.vpc_id && aws_flow_log.vpc.traffic_type == "ALL" &&
      aws_flow_log.vpc.log_destination == aws_cloudwatch_log_group.flow_logs.arn &&
      aws_flow_log.vpc.iam_role_arn == aws_iam_role.flow_logs.arn
    )
    error_message = "The VPC's accepted and rejected traffic goes to the flow log group."
  }
  assert {
    condition     = aws_cloudwatch_log_group.flow_logs.kms_key_id == var.kms_key_arn
    error_message = "The flow logs are encrypted with the project key."
  }
  assert {
    condition     = jsondecode(aws_iam_role.flow_logs.assume_role_policy).Statement[0].Principal.Service == "vpc-flow-logs.amazonaws.com"
    error_message = "Only the flow logs service assumes the delivery role."
  }
}

run "rejections_at_the_load_balancer_alarm" {
  assert {
    condition = (
      aws_cloudwatch_metric_alarm.single_metric["load-balancer-rejections"].metric_name == "HTTPCode_ELB_4XX_Count" &&
      aws_cloudwatch_metric_alarm.single_metric["load-balancer-rejections"].threshold == 60
    )
    error_message = "More than 60 load balancer 4xx (origin header rejections) a minute alarm."
  }
}

run "subscriber_required_and_present" {
  variables {
    alarm_subscriber_required = true
  }
  assert {
    condition     = length(aws_sns_topic_subscription.email) == 1
    error_message = "With a subscriber, an environment that requires one plans."
  }
}

run "subscriber_required_and_missing_refuses_to_plan" {
  command = plan
  variables {
    alarm_subscriber_required = true
    alarm_emails              = []
  }
  expect_failures = [aws_sns_topic.alarms]
}
