# The lean estate's own promises, offline (mocked provider): nothing reaches the tasks but the API's
# VPC link, no NAT gateway, HTTPS and throttling at the front door, the dashboard reaching the API
# over HTTPS, the deploy role limited to this environment. The modules' own suites assert the rest
# with the same inputs; infra/environments/lean/tests/promises.py checks every resource of the plan
# (public data, least privilege, encryption) for lean and dev alike.

mock_provider "aws" {
  source = "../../modules/portfolio/tests/mocks"
}

# The mock provider cannot mock ephemeral resources: the module that draws CURSOR_SECRET gets a real
# provider that is never called (no credentials, nothing to reach), and its outputs stand in for it
# (as in modules/ecs-service's tests); the moto run applies it for real.
provider "aws" {
  alias                       = "secrets"
  region                      = "ap-northeast-1"
  access_key                  = "mock"
  secret_key                  = "mock"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  skip_requesting_account_id  = true
}

override_module {
  target  = module.service.module.cursor_secret
  outputs = { arn = "arn:aws:ssm:ap-northeast-1:123456789012:parameter/portfolio-lean/portfolio-api/cursor-secret", name = "/portfolio-lean/portfolio-api/cursor-secret" }
}

variables {
  github_repository = "example-org/portfolio"
  image_tag         = "0123456789abcdef0123456789abcdef01234567"
}

run "front_door_is_the_only_way_in" {
  assert {
    condition     = length(aws_security_group.vpc_link.ingress) == 0
    error_message = "The VPC link's security group admits nothing."
  }
  assert {
    condition = (aws_vpc_security_group_egress_rule.vpc_link_to_tasks.referenced_security_group_id == module.service.security_group_id &&
      aws_vpc_security_group_egress_rule.vpc_link_to_tasks.from_port == 8000 && aws_vpc_security_group_egress_rule.vpc_link_to_tasks.to_port == 8000 &&
    aws_vpc_security_group_egress_rule.vpc_link_to_tasks.cidr_ipv4 == null)
    error_message = "The VPC link may reach the tasks' port 8000 and nothing else."
  }
  assert {
    condition     = aws_apigatewayv2_integration.service.connection_type == "VPC_LINK" && aws_apigatewayv2_integration.service.integration_uri == aws_service_discovery_service.api.arn
    error_message = "The API reaches the tasks through the VPC link and Cloud Map only."
  }
  assert {
    condition     = aws_apigatewayv2_vpc_link.this.subnet_ids == toset(module.network.private_subnet_ids)
    error_message = "The link's interfaces are in the private subnets (no route out)."
  }
  assert {
    condition     = one(aws_service_discovery_service.api.dns_config[0].dns_records[*].type) == "SRV"
    error_message = "SRV records carry the container port to the integration."
  }
}

run "no_nat_gateway" {
  assert {
    condition     = module.network.nat_gateway_id == null
    error_message = "The lean network has no NAT gateway."
  }
}

run "front_door_is_https_and_throttled" {
  assert {
    condition     = startswith(output.api_url, "https://") && aws_apigatewayv2_api.this.protocol_type == "HTTP"
    error_message = "The API is an HTTP API on HTTPS."
  }
  assert {
    condition = (one(aws_apigatewayv2_stage.default.default_route_settings[*].throttling_rate_limit) == 50 &&
    one(aws_apigatewayv2_stage.default.default_route_settings[*].throttling_burst_limit) == 100)
    error_message = "The stage throttles at 50 requests a second, bursts of 100."
  }
  assert {
    condition     = startswith(output.cloudfront_url, "https://")
    error_message = "The dashboard is served over HTTPS."
  }
}

run "throttling_cannot_be_switched_off" {
  command = plan
  variables {
    api_rate_limit = 0
  }
  expect_failures = [var.api_rate_limit]
}
