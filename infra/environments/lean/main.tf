# lean: the estate for development and demos inside the reference design's budget (at most 20 USD
# a month idle, measured by infra/cost). The same service, tables, key, dashboard and deploy role as
# dev, with cheaper equivalents where the cost is:
#   - no NAT gateway: the tasks run in the public subnets with their own public address, and their
#     security group admits only the API's VPC link (nothing from the internet);
#   - an API Gateway HTTP API with a VPC link and Cloud Map in place of the load balancer;
#   - Fargate Spot, Container Insights off, one task, stopped outside working hours (08-20 Tokyo,
#     Monday to Friday).
# What it gives up against prod is in README.md.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  name = "portfolio-lean"

  # The VPC link's interfaces live here: the tasks trust X-Forwarded-For from these addresses only.
  private_subnet_cidrs = ["10.0.11.0/24", "10.0.12.0/24"]

  github_oidc_provider_arn = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:oidc-provider/token.actions.githubusercontent.com"
}

################################################################################
# Network
################################################################################

module "network" {
  source = "../../modules/network"

  name                 = local.name
  cidr_block           = "10.0.0.0/16"
  availability_zones   = ["ap-northeast-1a", "ap-northeast-1c"]
  public_subnet_cidrs  = ["10.0.1.0/24", "10.0.2.0/24"]
  private_subnet_cidrs = local.private_subnet_cidrs
  nat_gateway_enabled  = false
}

################################################################################
# Data
################################################################################

module "data" {
  source = "../../modules/data"

  name                     = local.name
  deletion_protection      = false
  kms_deletion_window_days = 7
}

################################################################################
# Service
################################################################################

module "service" {
  source = "../../modules/ecs-service"

  # CURSOR_SECRET is drawn by an ephemeral resource of the default provider.
  providers = { aws = aws, aws.secrets = aws.secrets }

  cluster_name        = local.name
  kms_key_arn         = module.data.kms_key_arn
  vpc_id              = module.network.vpc_id
  private_subnet_ids  = module.network.public_subnet_ids
  assign_public_ip    = true
  trusted_proxy_cidrs = local.private_subnet_cidrs
  # The header CloudFront adds (front_door.tf): the tasks trust CloudFront-Viewer-Address with it.
  origin_verify_secret = terraform_data.origin_verify_secret.output
  # The VPC link is the front door: the only source the task's security group admits.
  load_balancer_security_group_id = aws_security_group.vpc_link.id
  target_group_arn                = null
  service_registry_arn            = aws_service_discovery_service.api.arn
  tables = {
    for role, name in module.data.table_names : role => { name = name, arn = module.data.table_arns[role] }
  }
  image_tag           = var.image_tag
  log_level           = "debug"
  autoscaling_enabled = false
  min_capacity        = 1
  capacity_provider   = "FARGATE_SPOT"
  container_insights  = false
  schedule = {
    start    = "cron(0 8 ? * MON-FRI *)"
    stop     = "cron(0 20 ? * MON-FRI *)"
    timezone = "Asia/Tokyo"
  }
  force_destroy = true
}

################################################################################
# Dashboard
################################################################################

module "site" {
  source = "../../modules/static-site"

  name                   = local.name
  api_origin_domain_name = replace(aws_apigatewayv2_api.this.api_endpoint, "https://", "")
  api_origin_https       = true
  origin_verify_secret   = terraform_data.origin_verify_secret.output
  # No WAF (its web ACL costs more than lean's whole budget): the HTTP API's throttling stands in.
  web_acl_arn   = null
  force_destroy = true
}

################################################################################
# Delivery
################################################################################

module "ci_access" {
  source = "../../modules/ci-access"

  name                = local.name
  oidc_provider_arn   = local.github_oidc_provider_arn
  github_repository   = var.github_repository
  github_branches     = ["main"]
  github_environments = ["lean"]
  ecr_repository_arn  = module.service.ecr_repository_arn
  ecs_service_arn     = module.service.service_arn
  task_role_arns      = [module.service.task_role_arn, module.service.execution_role_arn]
  site_bucket_arn     = module.site.bucket_arn
  distribution_arn    = module.site.distribution_arn
}
