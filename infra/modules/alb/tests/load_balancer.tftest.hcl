# The load balancer's promises: only 80/443 open to the world, /health checks, a quick drain,
# access logs kept 90 days in a private bucket, HTTPS with a redirect when a certificate is given.

mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012", arn = "arn:aws:iam::123456789012:root", user_id = "123456789012" }
  }
  mock_data "aws_elb_service_account" {
    defaults = { arn = "arn:aws:iam::582318560864:root" }
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
  name              = "portfolio-test"
  vpc_id            = "vpc-0123456789abcdef0"
  vpc_cidr_block    = "10.0.0.0/16"
  public_subnet_ids = ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"]
}

run "http_only_without_certificate" {
  assert {
    condition = alltrue([
      for r in aws_vpc_security_group_ingress_rule.this :
      !contains(["0.0.0.0/0", "::/0"], coalesce(r.cidr_ipv4, r.cidr_ipv6, "none")) ||
      (contains([80, 443], r.from_port) && r.from_port == r.to_port)
    ])
    error_message = "Only ports 80 and 443 may be open to the world."
  }
  assert {
    condition     = [for r in aws_vpc_security_group_ingress_rule.this : r.from_port] == [80]
    error_message = "Without a certificate only port 80 is open."
  }
  assert {
    condition     = length(aws_security_group.this.ingress) == 0
    error_message = "No inline ingress rules on the load balancer's security group."
  }
  assert {
    condition     = aws_lb_listener.http.default_action[0].type == "forward" && length(aws_lb_listener.https) == 0
    error_message = "Without a certificate HTTP forwards to the service."
  }
  assert {
    condition     = aws_vpc_security_group_egress_rule.to_targets.cidr_ipv4 == var.vpc_cidr_block && aws_vpc_security_group_egress_rule.to_targets.from_port == 8000
    error_message = "The load balancer only sends to the container port inside the VPC."
  }
}

run "https_and_redirect_with_certificate" {
  variables {
    certificate_arn = "arn:aws:acm:ap-northeast-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
  }
  assert {
    condition = alltrue([
      for r in aws_vpc_security_group_ingress_rule.this :
      !contains(["0.0.0.0/0", "::/0"], coalesce(r.cidr_ipv4, r.cidr_ipv6, "none")) ||
      (contains([80, 443], r.from_port) && r.from_port == r.to_port)
    ])
    error_message = "Only ports 80 and 443 may be open to the world."
  }
  assert {
    condition     = toset([for r in aws_vpc_security_group_ingress_rule.this : r.from_port]) == toset([80, 443])
    error_message = "With a certificate, 80 and 443 are open."
  }
  assert {
    condition     = aws_lb_listener.http.default_action[0].type == "redirect" && aws_lb_listener.http.default_action[0].redirect[0].protocol == "HTTPS"
    error_message = "HTTP redirects to HTTPS when a certificate is set."
  }
  assert {
    condition     = aws_lb_listener.https[0].certificate_arn == var.certificate_arn && startswith(aws_lb_listener.https[0].ssl_policy, "ELBSecurityPolicy-TLS13")
    error_message = "The HTTPS listener uses the certificate and a TLS 1.3 policy."
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
