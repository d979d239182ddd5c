# The API's front door without a load balancer: an HTTP API (HTTPS only, throttled) whose one
# integration goes through a VPC link to the tasks, found through Cloud Map SRV records. No fixed
# hourly charge: the API bills per request, the VPC link nothing, Cloud Map per registered task.

locals {
  container_port = 8000
}

# The origin header's value, drawn once and kept (as modules/portfolio/edge.tf does for dev and
# prod): CloudFront adds it to every request to the HTTP API, which passes it on, and the service
# trusts CloudFront-Viewer-Address (its rate-limit key) only on requests that carry it. The HTTP API
# itself does not check it: a caller of the execute-api address directly is served, but keyed on its
# own address. Rotate it with terraform apply -replace=terraform_data.origin_verify_secret.
resource "terraform_data" "origin_verify_secret" {
  input = replace("${uuid()}${uuid()}", "-", "")

  lifecycle {
    ignore_changes = [input]
  }
}

################################################################################
# Service discovery
################################################################################

resource "aws_service_discovery_private_dns_namespace" "this" {
  name        = "${local.name}.internal"
  description = "Tasks of ${local.name}, for the API's VPC link"
  vpc         = module.network.vpc_id
}

resource "aws_service_discovery_service" "api" {
  name = "api"

  dns_config {
    namespace_id   = aws_service_discovery_private_dns_namespace.this.id
    routing_policy = "MULTIVALUE"

    dns_records {
      type = "SRV"
      ttl  = 10
    }
  }

  # ECS reports each task's container health to Cloud Map.
  health_check_custom_config {
    failure_threshold = 1
  }

  force_destroy = true
}

################################################################################
# VPC link
################################################################################

resource "aws_security_group" "vpc_link" {
  name_prefix = "${local.name}-vpc-link-"
  description = "${local.name} API VPC link: out to the tasks' container port only"
  vpc_id      = module.network.vpc_id

  tags = { Name = "${local.name}-vpc-link" }

  lifecycle {
    create_before_destroy = true
  }
}

# No ingress rule: API Gateway reaches the VPC through the link's interfaces, which need none.
resource "aws_vpc_security_group_egress_rule" "vpc_link_to_tasks" {
  security_group_id            = aws_security_group.vpc_link.id
  description                  = "Container port of the tasks"
  ip_protocol                  = "tcp"
  from_port                    = local.container_port
  to_port                      = local.container_port
  referenced_security_group_id = module.service.security_group_id
}

resource "aws_apigatewayv2_vpc_link" "this" {
  name               = local.name
  security_group_ids = [aws_security_group.vpc_link.id]
  subnet_ids         = module.network.private_subnet_ids
}

################################################################################
# HTTP API
################################################################################

resource "aws_apigatewayv2_api" "this" {
  name          = local.name
  protocol_type = "HTTP"
  description   = "${local.name} API (CloudFront's /api origin)"
}

resource "aws_apigatewayv2_integration" "service" {
  api_id                 = aws_apigatewayv2_api.this.id
  integration_type       = "HTTP_PROXY"
  integration_method     = "ANY"
  connection_type        = "VPC_LINK"
  connection_id          = aws_apigatewayv2_vpc_link.this.id
  integration_uri        = aws_service_discovery_service.api.arn
  payload_format_version = "1.0"
  timeout_milliseconds   = 29000
}

resource "aws_apigatewayv2_route" "all" {
  api_id    = aws_apigatewayv2_api.this.id
  route_key = "$default"
  target    = "integrations/${aws_apigatewayv2_integration.service.id}"
}

# Throttling stands in for the WAF rate rule of prod: past it, API Gateway answers 429 itself.
resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.this.id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
    throttling_rate_limit  = var.api_rate_limit
    throttling_burst_limit = var.api_burst_limit
  }
}
