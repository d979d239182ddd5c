# The service's promises: reachable only from the load balancer, least-privilege data access, the
# specified task size, health check and log handling, and the lean profile's toggles. Runs offline
# against a mocked provider (tests/mocks) with the inputs of tests/terraform.tfvars.

mock_provider "aws" {
  source = "./tests/mocks"
}

# The mock provider cannot mock ephemeral resources: the module that draws CURSOR_SECRET gets a real
# provider that is never called (no credentials, nothing to reach), and its outputs stand in for it.
# The moto run applies it for real and checks that the value is nowhere in the state.
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

run "task_reachable_only_on_8000_from_the_load_balancer" {
  assert {
    condition = alltrue([
      for r in aws_vpc_security_group_ingress_rule.this :
      r.from_port == 8000 && r.to_port == 8000 && r.ip_protocol == "tcp" &&
      r.referenced_security_group_id == var.load_balancer_security_group_id &&
      r.cidr_ipv4 == null && r.cidr_ipv6 == null && r.prefix_list_id == null
    ])
    error_message = "Every ingress rule of the task must be TCP 8000 from the load balancer's security group, and nothing else."
  }
  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.this) == 1
    error_message = "The task security group must have exactly one ingress rule."
  }
  assert {
    condition     = length(aws_security_group.this.ingress) == 0
    error_message = "No inline ingress rules on the task security group."
  }
  assert {
    condition     = !aws_ecs_service.this.network_configuration[0].assign_public_ip
    error_message = "Tasks must not get public IP addresses."
  }
}

run "no_security_group_opens_more_than_80_443_to_the_world" {
  assert {
    condition = alltrue([
      for r in aws_vpc_security_group_ingress_rule.this :
      !contains(["0.0.0.0/0", "::/0"], coalesce(r.cidr_ipv4, r.cidr_ipv6, "none")) ||
      (contains([80, 443], r.from_port) && r.from_port == r.to_port)
    ])
    error_message = "Only ports 80 and 443 may be open to the world."
  }
}

run "task_role_reaches_only_the_named_tables_and_actions" {
  assert {
    condition = toset(flatten([
      for s in jsondecode(aws_iam_role_policy.task.policy).Statement : s.Action if startswith(flatten([s.Action])[0], "dynamodb:")
      ])) == toset([
      "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query",
      "dynamodb:Scan", "dynamodb:BatchWriteItem", "dynamodb:TransactWriteItems", "dynamodb:DescribeTable",
      "dynamodb:BatchGetItem",
    ])
    error_message = "The task role must allow exactly the DynamoDB actions the service uses."
  }
  assert {
    condition = toset(flatten([
      for s in jsondecode(aws_iam_role_policy.task.policy).Statement : s.Resource if contains(flatten([s.Action]), "dynamodb:BatchGetItem")
    ])) == toset([var.tables.metrics.arn])
    error_message = "BatchGetItem (the rollup day items) is allowed on the metrics table only."
  }
  assert {
    condition = toset(flatten([
      for s in jsondecode(aws_iam_role_policy.task.policy).Statement : s.Resource if startswith(flatten([s.Action])[0], "dynamodb:")
    ])) == toset(concat([for t in var.tables : t.arn], ["${var.tables.devices.arn}/index/by_shard", "${var.tables.devices.arn}/index/by_status"]))
    error_message = "DynamoDB permissions must name exactly the four tables' ARNs and the devices table's two indexes."
  }
  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.task.policy).Statement :
      anytrue([for r in flatten([s.Resource]) : strcontains(r, "/index/")]) ? flatten([s.Action]) == ["dynamodb:Query"] : true
    ])
    error_message = "The indexes are only queried."
  }
  assert {
    condition = alltrue(flatten([
      for s in jsondecode(aws_iam_role_policy.task.policy).Statement : [
        for r in flatten([s.Resource]) : !strcontains(r, "*")
      ]
    ]))
    error_message = "No wildcard resource in the task role."
  }
  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.task.policy).Statement :
      contains(flatten([s.Action]), "dynamodb:Scan") ? toset(flatten([s.Resource])) == toset([var.tables.users.arn, var.tables.devices.arn]) : true
    ])
    error_message = "Scan is allowed on the users and devices tables only."
  }
  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.task.policy).Statement :
      s.Effect == "Allow" && alltrue([for a in flatten([s.Action]) : !strcontains(a, "*") || startswith(a, "kms:")])
    ])
    error_message = "No wildcard actions outside the KMS data-key family."
  }
  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.task.policy).Statement :
      startswith(flatten([s.Action])[0], "kms:") ? (s.Resource == var.kms_key_arn && s.Condition.StringEquals["kms:ViaService"] == "dynamodb.ap-northeast-1.amazonaws.com") : true
    ])
    error_message = "KMS use is limited to the project key, through DynamoDB."
  }
}

run "execution_role_pulls_one_repository_and_writes_one_log_group" {
  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.execution.policy).Statement :
      s.Resource != "*" || s.Action == "ecr:GetAuthorizationToken"
    ])
    error_message = "Only ecr:GetAuthorizationToken may have a wildcard resource in the execution role."
  }
}

run "task_size_health_check_and_logs_as_specified" {
  assert {
    condition     = aws_ecs_task_definition.this.cpu == "256" && aws_ecs_task_definition.this.memory == "512"
    error_message = "The task must be 256 CPU units and 512 MiB."
  }
  assert {
    condition     = aws_ecs_task_definition.this.requires_compatibilities == toset(["FARGATE"])
    error_message = "The task runs on Fargate."
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].healthCheck.command == ["CMD", "/app/portfolio-api", "healthcheck"]
    error_message = "The container health check must be the service's own healthcheck subcommand."
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].portMappings[0].containerPort == 8000
    error_message = "The container listens on 8000."
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].readonlyRootFilesystem
    error_message = "The root filesystem is read-only."
  }
  assert {
    condition     = aws_cloudwatch_log_group.this.name == "/aws/ecs/portfolio-api" && aws_cloudwatch_log_group.this.retention_in_days == 30
    error_message = "Logs go to /aws/ecs/portfolio-api and are kept 30 days."
  }
  assert {
    condition     = aws_cloudwatch_log_group.this.kms_key_id == var.kms_key_arn
    error_message = "The log group is encrypted with the project key."
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].logConfiguration.options["awslogs-group"] == "/aws/ecs/portfolio-api"
    error_message = "The container logs through awslogs to the service's log group."
  }
}

run "service_configuration_matches_the_shared_settings" {
  assert {
    condition = {
      for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : e.name => e.value
      if contains(["STORAGE", "PORT", "AWS_REGION", "TRUSTED_PROXIES", "DYNAMODB_USERS_TABLE", "DYNAMODB_UNIQUES_TABLE", "DYNAMODB_METRICS_TABLE", "DYNAMODB_DEVICES_TABLE"], e.name)
      } == {
      STORAGE                = "dynamodb"
      PORT                   = "8000"
      AWS_REGION             = "ap-northeast-1"
      TRUSTED_PROXIES        = "10.0.1.0/24,10.0.2.0/24"
      DYNAMODB_USERS_TABLE   = "portfolio-users"
      DYNAMODB_UNIQUES_TABLE = "portfolio-user-uniques"
      DYNAMODB_METRICS_TABLE = "portfolio-metrics"
      DYNAMODB_DEVICES_TABLE = "portfolio-devices"
    }
    error_message = "The task's environment must carry the shared settings."
  }
}

run "deployments_roll_back_and_scale_1_to_3_at_70_percent_cpu" {
  assert {
    condition     = aws_ecs_service.this.deployment_circuit_breaker[0].enable && aws_ecs_service.this.deployment_circuit_breaker[0].rollback
    error_message = "Failed deployments roll back."
  }
  assert {
    condition     = aws_appautoscaling_target.this[0].min_capacity == 1 && aws_appautoscaling_target.this[0].max_capacity == 3
    error_message = "The service scales between 1 and 3 tasks."
  }
  assert {
    condition = (
      aws_appautoscaling_policy.cpu[0].target_tracking_scaling_policy_configuration[0].target_value == 70 &&
      aws_appautoscaling_policy.cpu[0].target_tracking_scaling_policy_configuration[0].predefined_metric_specification[0].predefined_metric_type == "ECSServiceAverageCPUUtilization"
    )
    error_message = "Scaling tracks 70 % average CPU."
  }
  assert {
    condition     = aws_ecr_repository.this.image_scanning_configuration[0].scan_on_push
    error_message = "Images are scanned on push."
  }
}

run "secrets_come_from_ssm_and_never_enter_state" {
  assert {
    condition = {
      for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets : e.name => e.valueFrom
      } == {
      CURSOR_SECRET        = module.cursor_secret[0].arn
      ORIGIN_VERIFY_SECRET = aws_ssm_parameter.origin_verify_secret.arn
    }
    error_message = "CURSOR_SECRET and ORIGIN_VERIFY_SECRET are injected from the module's SSM parameters."
  }
  assert {
    condition = alltrue([
      for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : !contains(["CURSOR_SECRET", "ORIGIN_VERIFY_SECRET"], e.name)
    ])
    error_message = "Neither secret appears in the plain environment."
  }
  assert {
    condition = alltrue([
      for p in [aws_ssm_parameter.origin_verify_secret] :
      p.type == "SecureString" && p.key_id == var.kms_key_arn && p.value_wo == null && p.value_wo_version != null
    ])
    error_message = "The origin secret's parameter is a SecureString under the project key, written through the write-only value_wo (null in state) with a version."
  }
}

run "execution_role_reads_and_decrypts_the_secrets" {
  assert {
    condition = toset(one([
      for s in jsondecode(aws_iam_role_policy.execution.policy).Statement : s.Resource if s.Action == "ssm:GetParameters"
    ])) == toset([module.cursor_secret[0].arn, aws_ssm_parameter.origin_verify_secret.arn])
    error_message = "The execution role reads exactly the two secret parameters."
  }
  assert {
    condition = one([
      for s in jsondecode(aws_iam_role_policy.execution.policy).Statement : [s.Resource, s.Condition.StringEquals["kms:ViaService"]]
      if s.Action == "kms:Decrypt"
    ]) == [var.kms_key_arn, "ssm.ap-northeast-1.amazonaws.com"]
    error_message = "The execution role may decrypt the parameters' customer key, through SSM only."
  }
}

run "a_parameter_made_outside_terraform_is_used_instead" {
  variables {
    cursor_secret_parameter_arn = "arn:aws:ssm:ap-northeast-1:123456789012:parameter/portfolio/cursor-secret"
  }
  assert {
    condition     = length(module.cursor_secret) == 0
    error_message = "No parameter is made when one is given."
  }
  assert {
    condition = one([
      for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets : e.valueFrom if e.name == "CURSOR_SECRET"
    ]) == var.cursor_secret_parameter_arn
    error_message = "CURSOR_SECRET is read from the given parameter."
  }
}

run "images_encrypted_with_the_project_key" {
  assert {
    condition     = aws_ecr_repository.this.encryption_configuration[0].encryption_type == "KMS" && aws_ecr_repository.this.encryption_configuration[0].kms_key == var.kms_key_arn
    error_message = "The image repository is encrypted with the project key."
  }
}

run "trusting_the_whole_internet_is_refused" {
  command = plan
  variables {
    trusted_proxy_cidrs = ["0.0.0.0/0"]
  }
  expect_failures = [var.trusted_proxy_cidrs]
}

run "task_runs_the_named_build" {
  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].image == "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/portfolio-api:0123456789abcdef0123456789abcdef01234567"
    error_message = "The task definition runs the image tag it was given, from the service's own repository."
  }
}

run "latest_tag_is_refused" {
  command = plan
  variables {
    image_tag = "latest"
  }
  expect_failures = [var.image_tag]
}

# The lean profile's toggles (issue 16): their defaults leave the service as dev and prod run it, and
# each one changes only what it names.

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
