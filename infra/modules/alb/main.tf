# The Application Load Balancer in front of the service: its security group, target group, listener
# and the S3 bucket that keeps its access logs. It is Internet-facing but admits CloudFront only:
# the security group allows CloudFront's origin-facing prefix list alone, and the listener forwards
# only requests that carry the distribution's secret origin header (403 for the rest).

data "aws_caller_identity" "current" {}
data "aws_elb_service_account" "current" {}

# AWS's list of the addresses CloudFront reaches origins from (the same name in every region).
data "aws_ec2_managed_prefix_list" "cloudfront" {
  name = "com.amazonaws.global.cloudfront.origin-facing"
}

locals {
  https_enabled = var.certificate_arn != null

  # CloudFront reaches the load balancer on one port: 443 with a certificate, 80 without. One rule
  # only: the prefix list weighs about 55 rules against the security group's quota of 60.
  listener_port = local.https_enabled ? 443 : 80
}

################################################################################
# Security group
################################################################################

resource "aws_security_group" "this" {
  name_prefix = "${var.name}-alb-"
  description = "${var.name} load balancer: CloudFront only, out to the tasks"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-alb" })

  lifecycle {
    create_before_destroy = true
  }
}

# The only way in: CloudFront's origin-facing addresses, on the listener's port. Everything else on
# the Internet is dropped before it reaches a listener.
resource "aws_vpc_security_group_ingress_rule" "this" {
  for_each = { cloudfront = local.listener_port }

  security_group_id = aws_security_group.this.id
  description       = "${local.https_enabled ? "HTTPS" : "HTTP"} from CloudFront's origin-facing addresses"
  ip_protocol       = "tcp"
  from_port         = each.value
  to_port           = each.value
  prefix_list_id    = data.aws_ec2_managed_prefix_list.cloudfront.id

  tags = var.tags
}

# The load balancer only ever talks to its targets, which are in the VPC.
resource "aws_vpc_security_group_egress_rule" "to_targets" {
  security_group_id = aws_security_group.this.id
  description       = "To the targets on the container port"
  ip_protocol       = "tcp"
  from_port         = var.target_port
  to_port           = var.target_port
  cidr_ipv4         = var.vpc_cidr_block

  tags = var.tags
}

################################################################################
# Access logs bucket
################################################################################

# Load balancer access logs support SSE-S3 only, not KMS keys. Private, TLS-only, kept
# access_logs_retention_days (modules/private-bucket).
module "logs_bucket" {
  source = "../private-bucket"

  name              = "${var.name}-alb-logs-${data.aws_caller_identity.current.account_id}"
  force_destroy     = var.force_destroy
  sse_algorithm     = "AES256"
  expiration_days   = var.access_logs_retention_days
  lifecycle_rule_id = "expire-access-logs"
  policy_statements = [{
    Sid       = "LoadBalancerWritesAccessLogs"
    Effect    = "Allow"
    Principal = { AWS = data.aws_elb_service_account.current.arn }
    Action    = "s3:PutObject"
    Resource  = "${module.logs_bucket.arn}/AWSLogs/${data.aws_caller_identity.current.account_id}/*"
  }]
  tags = var.tags
}

################################################################################
# Load balancer
################################################################################

resource "aws_lb" "this" {
  name                       = var.name
  load_balancer_type         = "application"
  internal                   = false
  security_groups            = [aws_security_group.this.id]
  subnets                    = var.public_subnet_ids
  drop_invalid_header_fields = true
  idle_timeout               = 60
  enable_deletion_protection = var.deletion_protection

  access_logs {
    bucket  = module.logs_bucket.id
    enabled = true
  }

  tags = var.tags

  # The load balancer checks that it may write to the bucket when logging is switched on.
  depends_on = [module.logs_bucket]
}

resource "aws_lb_target_group" "this" {
  name                 = var.name
  port                 = var.target_port
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = var.vpc_id
  deregistration_delay = var.deregistration_delay_seconds

  health_check {
    path                = var.health_check_path
    matcher             = "200"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  tags = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

################################################################################
# Listener
################################################################################

# Any request without the distribution's secret header gets 403: the security group lets in every
# CloudFront distribution of every AWS customer, and the header is what proves it is ours.
resource "aws_lb_listener" "this" {
  load_balancer_arn = aws_lb.this.arn
  port              = local.listener_port
  protocol          = local.https_enabled ? "HTTPS" : "HTTP"
  ssl_policy        = local.https_enabled ? var.ssl_policy : null
  certificate_arn   = var.certificate_arn

  default_action {
    type = "fixed-response"
    fixed_response {
      content_type = "application/json"
      status_code  = "403"
      message_body = jsonencode({ error = "Forbidden", error_code = "FORBIDDEN", message = "Requests reach the API through its CloudFront distribution only." })
    }
  }

  tags = var.tags
}

resource "aws_lb_listener_rule" "from_cloudfront" {
  listener_arn = aws_lb_listener.this.arn
  priority     = 1

  condition {
    http_header {
      http_header_name = var.origin_verify_header
      values           = [var.origin_verify_secret]
    }
  }

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this.arn
  }

  tags = var.tags
}
