# The WAF web ACL of the CloudFront distribution (scope CLOUDFRONT, so it lives in us-east-1: the
# caller passes a provider for that region). It holds the rate limits that every task shares, keyed
# on the viewer's address as CloudFront sees it, and AWS's managed rule groups.
#
# Rule order (lower priority runs first):
#   0 mark-ingest   labels POST /api/v1/metrics* (ingestion has its own, higher limit)
#   1 ingest-rate   ingestion requests per viewer per minute
#   2 api-rate      other /api/ requests per viewer per minute (health checks and the dashboard's
#                   files are not counted)
#   3.. managed     IP reputation, known bad inputs, the common rule set

locals {
  ingest_label = "portfolio:ingest"

  # SizeRestrictions_BODY blocks bodies over 8 KiB; the API accepts JSON up to 1 MiB and images up
  # to 5 MiB, and checks those limits itself.
  managed_rule_groups = {
    ip-reputation    = { priority = 10, name = "AWSManagedRulesAmazonIpReputationList", count_rules = [] }
    known-bad-inputs = { priority = 11, name = "AWSManagedRulesKnownBadInputsRuleSet", count_rules = [] }
    common-rule-set  = { priority = 12, name = "AWSManagedRulesCommonRuleSet", count_rules = ["SizeRestrictions_BODY"] }
  }

  rate_rules = {
    ingest-rate = { priority = 1, limit = var.ingest_requests_per_minute, ingest = true }
    api-rate    = { priority = 2, limit = var.api_requests_per_minute, ingest = false }
  }
}

resource "aws_wafv2_web_acl" "this" {
  name        = var.name
  description = "${var.name}: rate limits shared by every task, AWS managed rules"
  scope       = "CLOUDFRONT"

  default_action {
    allow {}
  }

  rule {
    name     = "mark-ingest"
    priority = 0

    action {
      count {}
    }

    rule_label {
      name = local.ingest_label
    }

    statement {
      and_statement {
        statement {
          byte_match_statement {
            search_string         = "POST"
            positional_constraint = "EXACTLY"
            field_to_match {
              method {}
            }
            text_transformation {
              priority = 0
              type     = "NONE"
            }
          }
        }
        statement {
          byte_match_statement {
            search_string         = "/api/v1/metrics"
            positional_constraint = "STARTS_WITH"
            field_to_match {
              uri_path {}
            }
            text_transformation {
              priority = 0
              type     = "NONE"
            }
          }
        }
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name}-mark-ingest"
      sampled_requests_enabled   = false
    }
  }

  dynamic "rule" {
    for_each = local.rate_rules
    content {
      name     = rule.key
      priority = rule.value.priority

      action {
        block {
          custom_response {
            response_code = 429
          }
        }
      }

      statement {
        rate_based_statement {
          limit                 = rule.value.limit
          evaluation_window_sec = 60
          aggregate_key_type    = "IP"

          scope_down_statement {
            dynamic "label_match_statement" {
              for_each = rule.value.ingest ? [1] : []
              content {
                scope = "LABEL"
                key   = local.ingest_label
              }
            }

            dynamic "and_statement" {
              for_each = rule.value.ingest ? [] : [1]
              content {
                statement {
                  byte_match_statement {
                    search_string         = "/api/"
                    positional_constraint = "STARTS_WITH"
                    field_to_match {
                      uri_path {}
                    }
                    text_transformation {
                      priority = 0
                      type     = "NONE"
                    }
                  }
                }
                statement {
                  not_statement {
                    statement {
                      label_match_statement {
                        scope = "LABEL"
                        key   = local.ingest_label
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = "${var.name}-${rule.key}"
        sampled_requests_enabled   = true
      }
    }
  }

  dynamic "rule" {
    for_each = local.managed_rule_groups
    content {
      name     = rule.key
      priority = rule.value.priority

      override_action {
        none {}
      }

      statement {
        managed_rule_group_statement {
          vendor_name = "AWS"
          name        = rule.value.name

          dynamic "rule_action_override" {
            for_each = rule.value.count_rules
            content {
              name = rule_action_override.value
              action_to_use {
                count {}
              }
            }
          }
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = "${var.name}-${rule.key}"
        sampled_requests_enabled   = true
      }
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = var.name
    sampled_requests_enabled   = true
  }

  tags = var.tags
}
