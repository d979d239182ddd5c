# Alarms to an SNS topic, an operations dashboard, and optionally an account CloudTrail. Service
# metrics come from the Embedded Metric Format lines the service writes to its log (namespace
# Portfolio/API); the rest are the AWS metrics of the load balancer, ECS and DynamoDB.

data "aws_region" "current" {}

locals {
  region      = data.aws_region.current.name
  alarm_topic = [aws_sns_topic.alarms.arn]

  api_dimensions = { Service = var.service_metric_name }
}

################################################################################
# Alarm topic
################################################################################

resource "aws_sns_topic" "alarms" {
  name              = "${var.name}-alarms"
  kms_master_key_id = var.kms_key_arn

  tags = var.tags

  lifecycle {
    # Alarms that reach no one are no alarms: where someone must be told (prod), refuse to plan.
    precondition {
      condition     = !var.alarm_subscriber_required || length(var.alarm_emails) > 0
      error_message = "This environment needs at least one alarm subscriber: set alarm_emails (TF_VAR_alarm_emails in its root)."
    }
  }
}

resource "aws_sns_topic_subscription" "email" {
  for_each = toset(var.alarm_emails)

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = each.value
}

################################################################################
# Alarms
################################################################################

# The alarms on one AWS metric each (the 5xx rate and the throttles below need metric math), as one
# map so that every alarm gets the same period, comparison, missing-data rule and actions.
locals {
  single_metric_alarms = tomap({
    task-cpu-high = {
      description         = "Average task CPU above ${var.thresholds.cpu_percent} % although auto scaling targets 70 %: the service is at its task limit."
      namespace           = "AWS/ECS"
      metric_name         = "CPUUtilization"
      dimensions          = { ClusterName = var.cluster_name, ServiceName = var.service_name }
      statistic           = "Average"
      threshold           = var.thresholds.cpu_percent
      evaluation_periods  = 5
      datapoints_to_alarm = 3
    }
    target-response-time-high = {
      description         = "Average target response time at the load balancer above ${var.thresholds.response_time_seconds * 1000} ms."
      namespace           = "AWS/ApplicationELB"
      metric_name         = "TargetResponseTime"
      dimensions          = { LoadBalancer = var.load_balancer_arn_suffix }
      statistic           = "Average"
      threshold           = var.thresholds.response_time_seconds
      evaluation_periods  = 5
      datapoints_to_alarm = 3
    }
    load-balancer-rejections = {
      description         = "The load balancer itself answered more than ${var.thresholds.elb_4xx_per_minute} 4xx a minute: mostly 403s to requests without the origin header (a rotated origin secret that CloudFront does not send yet, or traffic that is not ours)."
      namespace           = "AWS/ApplicationELB"
      metric_name         = "HTTPCode_ELB_4XX_Count"
      dimensions          = { LoadBalancer = var.load_balancer_arn_suffix }
      statistic           = "Sum"
      threshold           = var.thresholds.elb_4xx_per_minute
      evaluation_periods  = 5
      datapoints_to_alarm = 3
    }
    unhealthy-hosts = {
      description         = "At least one task fails the load balancer's /health check."
      namespace           = "AWS/ApplicationELB"
      metric_name         = "UnHealthyHostCount"
      dimensions          = { LoadBalancer = var.load_balancer_arn_suffix, TargetGroup = var.target_group_arn_suffix }
      statistic           = "Maximum"
      threshold           = var.thresholds.unhealthy_hosts
      evaluation_periods  = 3
      datapoints_to_alarm = 2
    }
  })
}

resource "aws_cloudwatch_metric_alarm" "single_metric" {
  for_each = local.single_metric_alarms

  alarm_name          = "${var.name}-${each.key}"
  alarm_description   = each.value.description
  namespace           = each.value.namespace
  metric_name         = each.value.metric_name
  dimensions          = each.value.dimensions
  statistic           = each.value.statistic
  period              = 60
  evaluation_periods  = each.value.evaluation_periods
  datapoints_to_alarm = each.value.datapoints_to_alarm
  comparison_operator = "GreaterThanThreshold"
  threshold           = each.value.threshold
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_topic
  ok_actions          = local.alarm_topic

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "error_rate_5xx_high" {
  alarm_name          = "${var.name}-5xx-rate-high"
  alarm_description   = "More than ${var.thresholds.error_rate_5xx_percent} % of API requests answered 5xx (service metrics Errors5xx / Requests)."
  evaluation_periods  = 3
  datapoints_to_alarm = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.thresholds.error_rate_5xx_percent
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_topic
  ok_actions          = local.alarm_topic

  metric_query {
    id          = "rate"
    label       = "5xx rate (%)"
    expression  = "IF(requests > 0, 100 * errors / requests, 0)"
    return_data = true
  }

  metric_query {
    id = "errors"
    metric {
      namespace   = var.service_metric_namespace
      metric_name = "Errors5xx"
      dimensions  = local.api_dimensions
      stat        = "Sum"
      period      = 60
    }
  }

  metric_query {
    id = "requests"
    metric {
      namespace   = var.service_metric_namespace
      metric_name = "Requests"
      dimensions  = local.api_dimensions
      stat        = "Sum"
      period      = 60
    }
  }

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "dynamodb_throttles" {
  for_each = toset(var.table_names)

  alarm_name          = "${var.name}-dynamodb-throttles-${each.key}"
  alarm_description   = "Requests to ${each.key} were throttled (on-demand tables throttle on sudden traffic spikes or hot partitions)."
  evaluation_periods  = 2
  datapoints_to_alarm = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.thresholds.dynamodb_throttles
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_topic
  ok_actions          = local.alarm_topic

  metric_query {
    id          = "throttles"
    label       = "Throttle events"
    expression  = "FILL(reads, 0) + FILL(writes, 0)"
    return_data = true
  }

  metric_query {
    id = "reads"
    metric {
      namespace   = "AWS/DynamoDB"
      metric_name = "ReadThrottleEvents"
      dimensions  = { TableName = each.key }
      stat        = "Sum"
      period      = 60
    }
  }

  metric_query {
    id = "writes"
    metric {
      namespace   = "AWS/DynamoDB"
      metric_name = "WriteThrottleEvents"
      dimensions  = { TableName = each.key }
      stat        = "Sum"
      period      = 60
    }
  }

  tags = var.tags
}

################################################################################
# Dashboard
################################################################################

locals {
  api_metric = [var.service_metric_namespace]

  dashboard_widgets = [
    {
      type = "metric", x = 0, y = 0, width = 12, height = 6
      properties = {
        title   = "API requests and errors (per minute)"
        region  = local.region
        stat    = "Sum"
        period  = 60
        metrics = [for m in ["Requests", "Errors4xx", "Errors5xx"] : concat(local.api_metric, [m, "Service", var.service_metric_name])]
      }
    },
    {
      type = "metric", x = 12, y = 0, width = 12, height = 6
      properties = {
        title  = "API latency (ms)"
        region = local.region
        period = 60
        metrics = [
          concat(local.api_metric, ["Latency", "Service", var.service_metric_name, { stat = "p50", label = "p50" }]),
          concat(local.api_metric, ["Latency", "Service", var.service_metric_name, { stat = "p99", label = "p99" }]),
        ]
      }
    },
    {
      type = "metric", x = 0, y = 6, width = 12, height = 6
      properties = {
        title  = "Load balancer"
        region = local.region
        period = 60
        metrics = [
          ["AWS/ApplicationELB", "RequestCount", "LoadBalancer", var.load_balancer_arn_suffix, { stat = "Sum" }],
          ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "LoadBalancer", var.load_balancer_arn_suffix, { stat = "Sum" }],
          ["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", var.load_balancer_arn_suffix, { stat = "p99", yAxis = "right" }],
          ["AWS/ApplicationELB", "HealthyHostCount", "TargetGroup", var.target_group_arn_suffix, "LoadBalancer", var.load_balancer_arn_suffix, { stat = "Minimum" }],
        ]
      }
    },
    {
      type = "metric", x = 12, y = 6, width = 12, height = 6
      properties = {
        title  = "Tasks: CPU and memory (%)"
        region = local.region
        period = 60
        stat   = "Average"
        metrics = [
          ["AWS/ECS", "CPUUtilization", "ClusterName", var.cluster_name, "ServiceName", var.service_name],
          ["AWS/ECS", "MemoryUtilization", "ClusterName", var.cluster_name, "ServiceName", var.service_name],
        ]
        annotations = { horizontal = [{ value = var.thresholds.cpu_percent, label = "CPU alarm" }] }
      }
    },
    {
      type = "metric", x = 0, y = 12, width = 24, height = 6
      properties = {
        title  = "DynamoDB: consumed capacity and throttles"
        region = local.region
        period = 60
        stat   = "Sum"
        metrics = flatten([for t in var.table_names : [
          ["AWS/DynamoDB", "ConsumedReadCapacityUnits", "TableName", t],
          ["AWS/DynamoDB", "ConsumedWriteCapacityUnits", "TableName", t],
          ["AWS/DynamoDB", "WriteThrottleEvents", "TableName", t, { yAxis = "right" }],
        ]])
      }
    },
  ]
}

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = var.name
  dashboard_body = jsonencode({ widgets = local.dashboard_widgets })
}
