# The web ACL's promises: it guards CloudFront (scope CLOUDFRONT), limits each viewer's rate across
# every task (ingestion apart, at its own limit), answers 429 over the limit, and runs AWS's managed
# rule groups without blocking the API's large bodies.

mock_provider "aws" {
  mock_resource "aws_wafv2_web_acl" {
    defaults = { arn = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/portfolio-test/11111111-2222-3333-4444-555555555555" }
  }
}

variables {
  name = "portfolio-test"
}

run "guards_cloudfront_and_allows_by_default" {
  assert {
    condition     = aws_wafv2_web_acl.this.scope == "CLOUDFRONT"
    error_message = "The web ACL has the CLOUDFRONT scope (created in us-east-1)."
  }
  assert {
    condition     = length(aws_wafv2_web_acl.this.default_action[0].allow) == 1
    error_message = "Requests no rule blocks are allowed."
  }
}

run "rate_limits_per_viewer_shared_by_every_task" {
  assert {
    condition = {
      for r in aws_wafv2_web_acl.this.rule : r.name => [
        r.statement[0].rate_based_statement[0].limit,
        r.statement[0].rate_based_statement[0].evaluation_window_sec,
        r.statement[0].rate_based_statement[0].aggregate_key_type,
      ] if length(r.statement[0].rate_based_statement) > 0
    } == { api-rate = [100, 60, "IP"], ingest-rate = [1000, 60, "IP"] }
    error_message = "Two rate-based rules keyed on the viewer's IP: 100 API requests and 1000 ingestion requests per minute."
  }
  assert {
    condition = alltrue([
      for r in aws_wafv2_web_acl.this.rule : r.action[0].block[0].custom_response[0].response_code == 429
      if length(r.statement[0].rate_based_statement) > 0
    ])
    error_message = "A viewer over a rate limit gets 429, as from the service."
  }
  assert {
    condition = one([
      for r in aws_wafv2_web_acl.this.rule : r.statement[0].rate_based_statement[0].scope_down_statement[0].and_statement[0].statement[0].byte_match_statement[0].search_string
      if r.name == "api-rate"
    ]) == "/api/"
    error_message = "The API limit counts /api/ requests only (not the dashboard's files, not health checks)."
  }
}

run "aws_managed_rule_groups_run" {
  assert {
    condition = toset([
      for r in aws_wafv2_web_acl.this.rule : r.statement[0].managed_rule_group_statement[0].name
      if length(r.statement[0].managed_rule_group_statement) > 0
    ]) == toset(["AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesCommonRuleSet"])
    error_message = "The IP reputation, known bad inputs and common managed rule groups run."
  }
  assert {
    condition = alltrue([
      for r in aws_wafv2_web_acl.this.rule : length(r.override_action[0].none) == 1
      if length(r.statement[0].managed_rule_group_statement) > 0
    ])
    error_message = "Managed rule groups block (their own actions are not overridden to count)."
  }
  assert {
    condition = one([
      for r in aws_wafv2_web_acl.this.rule : [for o in r.statement[0].managed_rule_group_statement[0].rule_action_override : o.name]
      if r.name == "common-rule-set"
    ]) == ["SizeRestrictions_BODY"]
    error_message = "Only the 8 KiB body limit is relaxed (to count): the API accepts larger bodies and checks them itself."
  }
}

run "rate_limit_below_the_waf_minimum_is_refused" {
  command = plan
  variables {
    api_requests_per_minute = 5
  }
  expect_failures = [var.api_requests_per_minute]
}
