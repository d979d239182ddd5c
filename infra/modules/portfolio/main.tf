# The whole estate of one environment: every module wired to the others. The environment roots
# (infra/environments/*) call this with their own settings, so dev and prod cannot drift apart in
# shape, only in the values they choose.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  name = "portfolio-${var.environment}"

  # Created once per account by infra/bootstrap.
  github_oidc_provider_arn = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:oidc-provider/token.actions.githubusercontent.com"
}

################################################################################
# Network
################################################################################

module "network" {
  source = "../network"

  name                 = local.name
  cidr_block           = var.vpc_cidr
  availability_zones   = var.availability_zones
  public_subnet_cidrs  = var.public_subnet_cidrs
  private_subnet_cidrs = var.private_subnet_cidrs
}

################################################################################
# Data
################################################################################

module "data" {
  source = "../data"

  name                     = local.name
  deletion_protection      = var.deletion_protection
  kms_deletion_window_days = var.kms_deletion_window_days
}

################################################################################
# Load balancer
################################################################################

module "alb" {
  source = "../alb"

  name                = local.name
  vpc_id              = module.network.vpc_id
  vpc_cidr_block      = module.network.vpc_cidr_block
  public_subnet_ids   = module.network.public_subnet_ids
  certificate_arn     = var.alb_certificate_arn
  deletion_protection = var.deletion_protection
  # edge.tf: the header CloudFront adds; the listener forwards nothing without it.
  origin_verify_secret = terraform_data.origin_verify_secret.output
  force_destroy        = var.force_destroy
}

################################################################################
# Service
################################################################################

module "service" {
  source = "../ecs-service"

  providers = { aws = aws, aws.secrets = aws.secrets }

  cluster_name                    = local.name
  kms_key_arn                     = module.data.kms_key_arn
  vpc_id                          = module.network.vpc_id
  private_subnet_ids              = module.network.private_subnet_ids
  trusted_proxy_cidrs             = var.public_subnet_cidrs
  origin_verify_secret            = terraform_data.origin_verify_secret.output
  load_balancer_security_group_id = module.alb.security_group_id
  target_group_arn                = module.alb.target_group_arn
  tables = {
    for role, name in module.data.table_names : role => { name = name, arn = module.data.table_arns[role] }
  }
  # image_url points at the distribution's images path (IMAGES_PUBLIC_BASE_URL), not the API's.
  extra_environment           = merge(module.images.service_environment, { IMAGES_PUBLIC_BASE_URL = module.site.images_path })
  image_tag                   = var.image_tag
  log_level                   = var.log_level
  cursor_secret_parameter_arn = var.cursor_secret_parameter_arn
  autoscaling_enabled         = var.autoscaling_enabled
  force_destroy               = var.force_destroy
}

################################################################################
# Images (device photos and user avatars)
################################################################################

module "images" {
  source = "../images"

  name                     = local.name
  task_role_name           = element(split("/", module.service.task_role_arn), length(split("/", module.service.task_role_arn)) - 1)
  kms_deletion_window_days = var.kms_deletion_window_days
  # Server access logs into the edge's logs bucket, with the dashboard's and the trail's.
  access_logs = { bucket = module.site.access_logs_bucket }
  # The bucket policy lets this distribution, and nothing else, get the images (Origin Access
  # Control). The policy is the images module's own resource, not the bucket's: the distribution
  # needs the bucket's domain name and the policy the distribution's ARN, which is no cycle. The ARN
  # is spelt from the ID in AWS's form (arn:<partition>:cloudfront::<account>:distribution/<id>),
  # which is what CloudFront puts in AWS:SourceArn; moto's own ARN leaves out the empty region field.
  cloudfront_distribution_arn = "arn:${data.aws_partition.current.partition}:cloudfront::${data.aws_caller_identity.current.account_id}:distribution/${module.site.distribution_id}"
  force_destroy               = var.force_destroy
}

################################################################################
# Dashboard
################################################################################

module "site" {
  source = "../static-site"

  name                   = local.name
  api_origin_domain_name = coalesce(var.api_domain_name, module.alb.dns_name)
  api_origin_https       = var.api_domain_name != null && var.alb_certificate_arn != null
  origin_verify_secret   = terraform_data.origin_verify_secret.output
  web_acl_arn            = one(module.waf[*].web_acl_arn)
  # null: the module's own policy, which sends CloudFront-Viewer-Address.
  api_origin_request_policy_id = var.api_origin_request_policy_id
  # /images/* is read from the images bucket through Origin Access Control.
  images_origin = {
    bucket_regional_domain_name = module.images.bucket_regional_domain_name
    prefix                      = module.images.prefix
  }
  images_cache_policy_id = var.images_cache_policy_id
  force_destroy          = var.force_destroy
}

################################################################################
# Monitoring
################################################################################

module "monitoring" {
  source = "../monitoring"

  name                      = local.name
  alarm_emails              = var.alarm_emails
  alarm_subscriber_required = var.environment == "prod"
  vpc_id                    = module.network.vpc_id
  access_logs_bucket        = module.site.access_logs_bucket
  kms_deletion_window_days  = var.kms_deletion_window_days
  kms_key_arn               = module.data.kms_key_arn
  cluster_name              = module.service.cluster_name
  service_name              = module.service.service_name
  load_balancer_arn_suffix  = module.alb.arn_suffix
  target_group_arn_suffix   = module.alb.target_group_arn_suffix
  table_names               = values(module.data.table_names)
  cloudtrail_enabled        = var.cloudtrail_enabled
  force_destroy             = var.force_destroy
}

################################################################################
# Delivery
################################################################################

module "ci_access" {
  source = "../ci-access"

  name                = local.name
  oidc_provider_arn   = local.github_oidc_provider_arn
  github_repository   = var.github_repository
  github_branches     = var.github_branches
  github_environments = var.github_environments
  ecr_repository_arn  = module.service.ecr_repository_arn
  ecs_service_arn     = module.service.service_arn
  task_role_arns      = [module.service.task_role_arn, module.service.execution_role_arn]
  site_bucket_arn     = module.site.bucket_arn
  distribution_arn    = module.site.distribution_arn
}
