# The load balancer's promises: only CloudFront's origin-facing addresses get in, only requests with
# the secret origin header are forwarded (403 otherwise), HTTPS when a certificate is given, /health
# checks, a quick drain, access logs kept 90 days in a private bucket.

mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012", arn = "arn:aws:iam::123456789012:root", user_id = "123456789012" }
  }
  mock_data "aws_elb_service_account" {
    defaults = { arn = "arn:aws:iam::582318560864:root" }
  }
  mock_data "aws_ec2_managed_prefix_list" {
    defaults = { id = "pl-58a04531", name = "com.amazonaws.global.cloudfront.origin-facing" }
  }
  mock_resource "aws_lb_listener" {
    defaults = { arn = "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:listener/app/portfolio-test/0123456789abcdef/0123456789abcdef" }
  }
  mock_resource "aws_lb" {
    defaults = { arn = "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/portfolio-test/0123456789abcdef" }
  }
  mock_resource "aws_lb_target_group" {
    defaults = { arn = "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/portfolio-test/0123456789abcdef" }
  }
  mock_resource "aws_s3_bucket" {
    defaults = { arn = "arn:aws:s3:::portfolio-test-alb-logs-123456789012" }
  }
}

variables {
  name                 = "portfolio-test"
  vpc_id               = "vpc-0123456789abcdef0"
  vpc_cidr_block       = "10.0.0.0/16"
  public_subnet_ids    = ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"]
  origin_verify_secret = "0123456789abcdef0123456789abcdef"
}

run "only_cloudfront_reaches_the_load_balancer" {
  assert {
    condition = alltrue([
      for r in aws_vpc_security_group_ingress_rule.this :
      r.cidr_ipv4 == null && r.cidr_ipv6 == null && r.referenced_security_group_id == null &&
      r.prefix_list_id == data.aws_ec2_managed_prefix_list.cloudfront.id
    ])
    error_message = "Every ingress rule of the load balancer admits CloudFront's origin-facing prefix list and nothing else (no CIDR, no 0.0.0.0/0)."
  }
  assert {
    condition     = data.aws_ec2_managed_prefix_list.cloudfront.name == "com.amazonaws.global.cloudfront.origin-facing"
    error_message = "The prefix list is CloudFront's origin-facing one."
  }
  assert {
    condition     = [for r in aws_vpc_security_group_ingress_rule.this : r.from_port] == [80] && aws_lb_listener.this.port == 80
    error_message = "Without a certificate CloudFront reaches port 80 only."
  }
  assert {
    condition     = length(aws_security_group.this.ingress) == 0
    error_message = "No inline ingress rules on the load balancer's security group."
  }
  assert {
    condition     = aws_vpc_security_group_egress_rule.to_targets.cidr_ipv4 == var.vpc_cidr_block && aws_vpc_security_group_egress_rule.to_targets.from_port == 8000
    error_message = "The load balancer only sends to the container port inside the VPC."
  }
}

run "only_requests_with_the_origin_header_are_forwarded" {
  assert {
    condition = (
      aws_lb_listener.this.default_action[0].type == "fixed-response" &&
      aws_lb_listener.this.default_action[0].fixed_response[0].status_code == "403"
    )
    error_message = "A request without the origin header gets 403 from the listener."
  }
  assert {
    condition = (
      aws_lb_listener_rule.from_cloudfront.listener_arn == aws_lb_listener.this.arn &&
      aws_lb_listener_rule.from_cloudfront.action[0].type == "forward" &&
      aws_lb_listener_rule.from_cloudfront.action[0].target_group_arn == aws_lb_target_group.this.arn &&
      try(one(aws_lb_listener_rule.from_cloudfront.condition).http_header[0].http_header_name, "") == "X-Origin-Verify" &&
      try(one(aws_lb_listener_rule.from_cloudfront.condition).http_header[0].values, toset([])) == toset([var.origin_verify_secret])
    )
    error_message = "The one forward rule requires X-Origin-Verify with the secret value."
  }
  assert {
    condition     = length(aws_lb_listener_rule.from_cloudfront.condition) == 1
    error_message = "The forward rule has the header condition and no other (a path or host condition would let requests skip it)."
  }
}

run "https_from_cloudfront_with_certificate" {
  variables {
    certificate_arn = "arn:aws:acm:ap-northeast-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
  }
  assert {
    condition = alltrue([
      for r in aws_vpc_security_group_ingress_rule.this :
      r.cidr_ipv4 == null && r.cidr_ipv6 == null && r.prefix_list_id == data.aws_ec2_managed_prefix_list.cloudfront.id
    ])
    error_message = "With a certificate too, only CloudFront's prefix list is admitted."
  }
  assert {
    condition     = [for r in aws_vpc_security_group_ingress_rule.this : r.from_port] == [443]
    error_message = "With a certificate CloudFront reaches 443 only (no plain HTTP port open)."
  }
  assert {
    condition = (
      aws_lb_listener.this.protocol == "HTTPS" && aws_lb_listener.this.port == 443 &&
      aws_lb_listener.this.certificate_arn == var.certificate_arn && startswith(aws_lb_listener.this.ssl_policy, "ELBSecurityPolicy-TLS13")
    )
    error_message = "The listener is HTTPS with the certificate and a TLS 1.3 policy."
  }
  assert {
    condition     = aws_lb_listener.this.default_action[0].fixed_response[0].status_code == "403" && aws_lb_listener_rule.from_cloudfront.action[0].type == "forward"
    error_message = "The header rule guards the HTTPS listener too."
  }
}

run "targets_checked_on_health_and_drained_quickly" {
  assert {
    condition     = aws_lb_target_group.this.health_check[0].path == "/health" && aws_lb_target_group.this.health_check[0].matcher == "200"
    error_message = "Targets are checked on /health."
  }
  assert {
    condition     = aws_lb_target_group.this.target_type == "ip" && aws_lb_target_group.this.port == 8000
    error_message = "Fargate tasks register as IP targets on port 8000."
  }
  assert {
    condition     = aws_lb_target_group.this.deregistration_delay == "30"
    error_message = "Deregistration delay is 30 s."
  }
  assert {
    condition     = aws_lb.this.drop_invalid_header_fields
    error_message = "Invalid header fields are dropped."
  }
}

run "access_logs_kept_90_days_in_a_private_bucket" {
  assert {
    condition     = aws_lb.this.access_logs[0].enabled && aws_lb.this.access_logs[0].bucket == module.logs_bucket.id
    error_message = "Access logs go to the module's bucket."
  }
  assert {
    condition     = module.logs_bucket.hardening.expiration_days == 90
    error_message = "Access logs expire after 90 days."
  }
  assert {
    condition     = module.logs_bucket.hardening.public_access_blocked && module.logs_bucket.hardening.object_ownership == "BucketOwnerEnforced"
    error_message = "The logs bucket blocks every form of public access, with ACLs off."
  }
  assert {
    condition     = module.logs_bucket.hardening.sse_algorithm == "AES256"
    error_message = "The logs bucket is encrypted (SSE-S3: the only encryption access logs support)."
  }
  assert {
    condition = [for s in jsondecode(module.logs_bucket.hardening.policy).Statement : [s.Sid, s.Effect]] == [
      ["LoadBalancerWritesAccessLogs", "Allow"], ["DenyInsecureTransport", "Deny"],
    ]
    error_message = "Only the load balancer's log delivery may write, and only over TLS."
  }
}

run "name_longer_than_a_load_balancer_allows_is_refused" {
  command = plan
  variables {
    name = "portfolio-a-name-that-is-far-too-long"
  }
  expect_failures = [var.name]
}

run "short_or_wildcard_origin_secret_is_refused" {
  command = plan
  variables {
    origin_verify_secret = "abc*"
  }
  expect_failures = [var.origin_verify_secret]
}
