# The API service on Fargate: image repository, cluster, log group, IAM roles, task definition,
# service behind the load balancer and CPU-based auto scaling.

data "aws_region" "current" {}

locals {
  region = data.aws_region.current.name

  # The service's configuration (the shared settings of the README), in the form ECS wants.
  environment = merge(
    {
      PORT                     = tostring(var.container_port)
      HOST                     = "0.0.0.0"
      STORAGE                  = "dynamodb"
      AWS_REGION               = local.region
      DYNAMODB_USERS_TABLE     = var.tables.users.name
      DYNAMODB_UNIQUES_TABLE   = var.tables.uniques.name
      DYNAMODB_METRICS_TABLE   = var.tables.metrics.name
      DYNAMODB_DEVICES_TABLE   = var.tables.devices.name
      TRUSTED_PROXIES          = join(",", var.trusted_proxy_cidrs)
      LOG_LEVEL                = var.log_level
      RATE_LIMIT_ENABLED       = "true"
      METRICS_FLUSH_SECONDS    = "60"
      SHUTDOWN_GRACE_SECONDS   = "5"
      SHUTDOWN_TIMEOUT_SECONDS = "25"
    },
    var.extra_environment,
  )

  # ECS reads both from SSM when it starts a task; neither is in the task definition.
  secrets = [
    { name = "CURSOR_SECRET", valueFrom = local.cursor_secret_parameter_arn },
    { name = "ORIGIN_VERIFY_SECRET", valueFrom = aws_ssm_parameter.origin_verify_secret.arn },
  ]
}

################################################################################
# Image repository
################################################################################

resource "aws_ecr_repository" "this" {
  name                 = var.name
  image_tag_mutability = "IMMUTABLE"
  force_delete         = var.force_destroy

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = var.kms_key_arn
  }

  tags = var.tags
}

resource "aws_ecr_lifecycle_policy" "this" {
  repository = aws_ecr_repository.this.name
  policy = jsonencode({
    rules = [
      {
        rulePriority = 1
        description  = "Drop untagged layers after a week"
        selection    = { tagStatus = "untagged", countType = "sinceImagePushed", countUnit = "days", countNumber = 7 }
        action       = { type = "expire" }
      },
      {
        rulePriority = 2
        description  = "Keep the last ${var.images_to_keep} images (enough to roll back)"
        selection    = { tagStatus = "any", countType = "imageCountMoreThan", countNumber = var.images_to_keep }
        action       = { type = "expire" }
      },
    ]
  })
}

################################################################################
# Cluster and logs
################################################################################

resource "aws_ecs_cluster" "this" {
  name = var.cluster_name

  setting {
    name  = "containerInsights"
    value = var.container_insights ? "enabled" : "disabled"
  }

  tags = var.tags
}

# Fargate Spot needs the cluster to offer it; on-demand Fargate needs nothing here.
resource "aws_ecs_cluster_capacity_providers" "this" {
  count = var.capacity_provider == "FARGATE_SPOT" ? 1 : 0

  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = ["FARGATE", "FARGATE_SPOT"]
}

resource "aws_cloudwatch_log_group" "this" {
  name              = var.log_group_name
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}

################################################################################
# Security group
################################################################################

resource "aws_security_group" "this" {
  name_prefix = "${var.name}-task-"
  description = "${var.name} tasks: the container port from the load balancer only"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-task" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "this" {
  for_each = {
    from_load_balancer = { port = var.container_port, source = var.load_balancer_security_group_id }
  }

  security_group_id            = aws_security_group.this.id
  description                  = "Container port from the load balancer"
  ip_protocol                  = "tcp"
  from_port                    = each.value.port
  to_port                      = each.value.port
  referenced_security_group_id = each.value.source

  tags = var.tags
}

# HTTPS out: DynamoDB (through the gateway endpoint), ECR, CloudWatch Logs and the credentials
# endpoint. Nothing the service calls speaks anything else.
resource "aws_vpc_security_group_egress_rule" "https" {
  security_group_id = aws_security_group.this.id
  description       = "HTTPS to AWS APIs"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"

  tags = var.tags
}

################################################################################
# Task definition
################################################################################

resource "aws_ecs_task_definition" "this" {
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  container_definitions = jsonencode([
    {
      name                   = var.name
      image                  = "${aws_ecr_repository.this.repository_url}:${var.image_tag}"
      essential              = true
      readonlyRootFilesystem = true
      portMappings           = [{ containerPort = var.container_port, protocol = "tcp" }]
      environment            = [for k in sort(keys(local.environment)) : { name = k, value = local.environment[k] }]
      secrets                = local.secrets
      # SHUTDOWN_GRACE_SECONDS + SHUTDOWN_TIMEOUT_SECONDS: the service drains before SIGKILL.
      stopTimeout = 30
      healthCheck = {
        command     = var.health_check_command
        interval    = 15
        timeout     = 5
        retries     = 3
        startPeriod = 10
      }
      ulimits = [{ name = "nofile", softLimit = 65536, hardLimit = 65536 }]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.this.name
          awslogs-region        = local.region
          awslogs-stream-prefix = var.name
          mode                  = "non-blocking"
          max-buffer-size       = "4m"
        }
      }
    }
  ])

  tags = var.tags
}

################################################################################
# Service
################################################################################

resource "aws_ecs_service" "this" {
  name                              = var.name
  cluster                           = aws_ecs_cluster.this.id
  task_definition                   = aws_ecs_task_definition.this.arn
  launch_type                       = var.capacity_provider == "FARGATE" ? "FARGATE" : null
  platform_version                  = "LATEST"
  desired_count                     = var.min_capacity
  health_check_grace_period_seconds = var.target_group_arn == null ? null : 30
  propagate_tags                    = "SERVICE"
  enable_execute_command            = false

  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  dynamic "capacity_provider_strategy" {
    for_each = var.capacity_provider == "FARGATE" ? [] : [var.capacity_provider]
    content {
      capacity_provider = capacity_provider_strategy.value
      weight            = 1
    }
  }

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [aws_security_group.this.id]
    assign_public_ip = var.assign_public_ip
  }

  dynamic "load_balancer" {
    for_each = var.target_group_arn == null ? [] : [var.target_group_arn]
    content {
      target_group_arn = load_balancer.value
      container_name   = var.name
      container_port   = var.container_port
    }
  }

  # SRV records: the front door (an API Gateway VPC link) learns each task's address and port.
  dynamic "service_registries" {
    for_each = var.service_registry_arn == null ? [] : [var.service_registry_arn]
    content {
      registry_arn   = service_registries.value
      container_name = var.name
      container_port = var.container_port
    }
  }

  tags = var.tags

  lifecycle {
    # Auto scaling owns the task count, and the deploy pipeline registers new task definition
    # revisions (from the latest one, so changes made here still roll out with the next deploy).
    ignore_changes = [desired_count, task_definition]
  }
}

################################################################################
# Auto scaling
################################################################################

resource "aws_appautoscaling_target" "this" {
  count = var.autoscaling_enabled || var.schedule != null ? 1 : 0

  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${aws_ecs_service.this.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.min_capacity
  # An apply while a schedule has scaled the service to zero restores these bounds (one task runs
  # until the next stop action).
  max_capacity = var.autoscaling_enabled ? var.max_capacity : var.min_capacity
}

# Scale to zero outside working hours, and back at the start of the day.
resource "aws_appautoscaling_scheduled_action" "this" {
  for_each = var.schedule == null ? {} : {
    start = { cron = var.schedule.start, min = var.min_capacity, max = aws_appautoscaling_target.this[0].max_capacity }
    stop  = { cron = var.schedule.stop, min = 0, max = 0 }
  }

  name               = "${var.name}-${each.key}"
  service_namespace  = aws_appautoscaling_target.this[0].service_namespace
  resource_id        = aws_appautoscaling_target.this[0].resource_id
  scalable_dimension = aws_appautoscaling_target.this[0].scalable_dimension
  schedule           = each.value.cron
  timezone           = var.schedule.timezone

  scalable_target_action {
    min_capacity = each.value.min
    max_capacity = each.value.max
  }
}

resource "aws_appautoscaling_policy" "cpu" {
  count = var.autoscaling_enabled ? 1 : 0

  name               = "${var.name}-cpu-target"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this[0].service_namespace
  resource_id        = aws_appautoscaling_target.this[0].resource_id
  scalable_dimension = aws_appautoscaling_target.this[0].scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = var.cpu_target_percent
    scale_out_cooldown = 60
    scale_in_cooldown  = 300

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}
