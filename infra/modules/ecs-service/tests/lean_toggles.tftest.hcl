# The lean profile's toggles (issue 16): their defaults leave the service as dev and prod run it, and
# each one changes only what it names. Mocks and inputs: tests/mocks and tests/terraform.tfvars.

mock_provider "aws" {
  source = "./tests/mocks"
}

# As in service.tftest.hcl: the module that draws CURSOR_SECRET gets a real provider that is never
# called, and its outputs stand in for it (mocks cannot do ephemeral resources).
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
  target  = module.cursor_secret
  outputs = { arn = "arn:aws:ssm:ap-northeast-1:123456789012:parameter/portfolio-test/portfolio-api/cursor-secret", name = "/portfolio-test/portfolio-api/cursor-secret" }
}

run "defaults_are_on_demand_behind_the_load_balancer_with_insights" {
  command = plan
  assert {
    condition     = aws_ecs_service.this.launch_type == "FARGATE" && length(aws_ecs_service.this.capacity_provider_strategy) == 0 && length(aws_ecs_cluster_capacity_providers.this) == 0
    error_message = "On-demand Fargate unless asked."
  }
  assert {
    condition     = one(aws_ecs_service.this.network_configuration[*].assign_public_ip) == false
    error_message = "No public address unless asked."
  }
  assert {
    condition     = [for s in aws_ecs_cluster.this.setting : s.value if s.name == "containerInsights"] == ["enabled"]
    error_message = "Container Insights on unless asked."
  }
  assert {
    condition     = length(aws_ecs_service.this.load_balancer) == 1 && length(aws_ecs_service.this.service_registries) == 0 && aws_ecs_service.this.health_check_grace_period_seconds == 30
    error_message = "Registered in the target group, not in Cloud Map."
  }
  assert {
    condition     = length(aws_appautoscaling_scheduled_action.this) == 0
    error_message = "Always on unless a schedule is given."
  }
}

run "lean_spot_public_address_no_insights_cloud_map_and_a_schedule" {
  command = plan
  variables {
    target_group_arn     = null
    service_registry_arn = "arn:aws:servicediscovery:ap-northeast-1:123456789012:service/srv-0123456789abcdef"
    assign_public_ip     = true
    capacity_provider    = "FARGATE_SPOT"
    container_insights   = false
    autoscaling_enabled  = false
    schedule             = { start = "cron(0 8 ? * MON-FRI *)", stop = "cron(0 20 ? * MON-FRI *)" }
  }
  assert {
    condition     = [for s in aws_ecs_service.this.capacity_provider_strategy : s.capacity_provider] == ["FARGATE_SPOT"]
    error_message = "Spot through the capacity provider strategy."
  }
  assert {
    condition     = aws_ecs_cluster_capacity_providers.this[0].capacity_providers == toset(["FARGATE", "FARGATE_SPOT"])
    error_message = "The cluster offers Fargate Spot."
  }
  assert {
    condition     = one(aws_ecs_service.this.network_configuration[*].assign_public_ip) == true
    error_message = "Each task gets a public address."
  }
  assert {
    condition     = [for s in aws_ecs_cluster.this.setting : s.value if s.name == "containerInsights"] == ["disabled"]
    error_message = "Container Insights off."
  }
  assert {
    condition     = length(aws_ecs_service.this.load_balancer) == 0 && one(aws_ecs_service.this.service_registries[*].container_port) == 8000 && aws_ecs_service.this.health_check_grace_period_seconds == null
    error_message = "Registered in Cloud Map with the container port (SRV), no load balancer."
  }
  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.this) == 1 && aws_vpc_security_group_ingress_rule.this["from_load_balancer"].referenced_security_group_id == var.load_balancer_security_group_id && aws_vpc_security_group_ingress_rule.this["from_load_balancer"].cidr_ipv4 == null
    error_message = "Even with a public address, only the front door's security group reaches the task."
  }
  assert {
    condition = {
      for k, a in aws_appautoscaling_scheduled_action.this : k => [a.schedule, a.timezone, a.scalable_target_action[0].min_capacity, a.scalable_target_action[0].max_capacity]
      } == {
      start = ["cron(0 8 ? * MON-FRI *)", "Asia/Tokyo", "1", "1"]
      stop  = ["cron(0 20 ? * MON-FRI *)", "Asia/Tokyo", "0", "0"]
    }
    error_message = "One task from 08:00 to 20:00 Tokyo time on weekdays, none otherwise."
  }
  assert {
    condition     = length(aws_appautoscaling_policy.cpu) == 0 && aws_appautoscaling_target.this[0].max_capacity == 1
    error_message = "The schedule needs a scalable target, not CPU tracking."
  }
}

run "unknown_capacity_provider_is_refused" {
  command = plan
  variables {
    capacity_provider = "EC2"
  }
  expect_failures = [var.capacity_provider]
}
