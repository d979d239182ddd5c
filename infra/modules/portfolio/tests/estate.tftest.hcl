# The estate as one module (mocked provider): the modules are wired to each other as the README
# says, the names follow the environment, the outputs the deploy workflow reads are the modules'
# own, and inputs that would break the naming or widen access are refused.

mock_provider "aws" {
  source = "./tests/mocks"
}

# CloudFront's WAF web ACL is made through the us-east-1 provider.
mock_provider "aws" {
  alias  = "us_east_1"
  source = "./tests/mocks"
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
  outputs = { arn = "arn:aws:ssm:ap-northeast-1:123456789012:parameter/portfolio-test/portfolio-api/cursor-secret", name = "/portfolio-test/portfolio-api/cursor-secret" }
}

variables {
  environment       = "test"
  github_repository = "example-org/portfolio"
  image_tag         = "0123456789abcdef0123456789abcdef01234567"
}

run "names_follow_the_environment" {
  assert {
    condition     = output.ecs_cluster_name == "portfolio-test" && output.ecs_service_name == "portfolio-api" && output.task_definition_family == "portfolio-api"
    error_message = "Cluster portfolio-<environment>; the service and its task family are portfolio-api."
  }
  assert {
    condition = output.table_names == {
      users = "portfolio-users", uniques = "portfolio-user-uniques", metrics = "portfolio-metrics", devices = "portfolio-devices"
    }
    error_message = "The four tables have the service's fixed names."
  }
  assert {
    condition     = output.log_group_name == "/aws/ecs/portfolio-api"
    error_message = "The service logs to /aws/ecs/portfolio-api."
  }
}

run "outputs_are_the_modules_own" {
  assert {
    condition     = output.alb_url == module.alb.url && output.cloudfront_url == module.site.url && startswith(output.cloudfront_url, "https://")
    error_message = "The URLs are the load balancer's and the distribution's (HTTPS)."
  }
  assert {
    condition     = output.ecr_repository_url == module.service.ecr_repository_url && output.deploy_role_arn == module.ci_access.role_arn
    error_message = "The deploy workflow reads the repository and the role of the service and ci-access modules."
  }
  assert {
    condition     = output.site_bucket_name == module.site.bucket_name && output.cloudfront_distribution_id == module.site.distribution_id
    error_message = "The dashboard's bucket and distribution come from the static-site module."
  }
  assert {
    condition     = output.alarm_topic_arn == module.monitoring.alarm_topic_arn
    error_message = "The alarm topic is the monitoring module's."
  }
}

run "wiring_between_modules" {
  assert {
    condition     = module.network.vpc_cidr_block == var.vpc_cidr && length(module.network.public_subnet_ids) == 2 && length(module.network.private_subnet_ids) == 2
    error_message = "One VPC of vpc_cidr with a public and a private subnet per zone."
  }
  assert {
    condition     = module.network.nat_gateway_id != null
    error_message = "The estate's tasks leave through the NAT gateway."
  }
}

run "images_are_read_through_this_distribution_only" {
  assert {
    condition     = module.images.cloudfront_reader.distribution_arn == module.site.distribution_arn
    error_message = "The images bucket policy lets the estate's own distribution read, and no other."
  }
  assert {
    condition     = jsonencode(module.images.cloudfront_reader.actions) == jsonencode(["s3:GetObject"])
    error_message = "CloudFront may only get the images."
  }
  assert {
    condition     = module.site.images_path == "/${module.images.prefix}"
    error_message = "The distribution serves the images at /<IMAGES_PREFIX>, the keys the service writes."
  }
}

run "an_environment_name_that_breaks_the_naming_is_refused" {
  command = plan
  variables {
    environment = "Prod_1"
  }
  expect_failures = [var.environment]
}
