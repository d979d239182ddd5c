# The public Application Load Balancer in front of the service: its security group, target group,
# listeners and the S3 bucket that keeps its access logs.

data "aws_caller_identity" "current" {}
data "aws_elb_service_account" "current" {}

locals {
  https_enabled = var.certificate_arn != null

  # Every ingress rule of this module: the world may reach the listeners and nothing else.
  ingress_rules = merge(
    { http = { port = 80, description = "HTTP from anywhere (redirected to HTTPS when a certificate is set)" } },
    local.https_enabled ? { https = { port = 443, description = "HTTPS from anywhere" } } : {},
  )
}

################################################################################
# Security group
################################################################################

resource "aws_security_group" "this" {
  name_prefix = "${var.name}-alb-"
  description = "${var.name} load balancer: HTTP(S) from anywhere, out to the tasks"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-alb" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "this" {
  for_each = local.ingress_rules

  security_group_id = aws_security_group.this.id
  description       = each.value.description
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  cidr_ipv4         = "0.0.0.0/0"

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
# Listeners
################################################################################

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  dynamic "default_action" {
    for_each = local.https_enabled ? [1] : []
    content {
      type = "redirect"
      redirect {
        port        = "443"
        protocol    = "HTTPS"
        status_code = "HTTP_301"
      }
    }
  }

  dynamic "default_action" {
    for_each = local.https_enabled ? [] : [1]
    content {
      type             = "forward"
      target_group_arn = aws_lb_target_group.this.arn
    }
  }

  tags = var.tags
}

resource "aws_lb_listener" "https" {
  count = local.https_enabled ? 1 : 0

  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.ssl_policy
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this.arn
  }

  tags = var.tags
}
