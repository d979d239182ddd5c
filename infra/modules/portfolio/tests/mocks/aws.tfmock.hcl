# Realistic values for what a mocked AWS provider would otherwise fill with random strings that the
# real provider's argument validation (ARNs, URLs) rejects. Shared by the tests of modules/portfolio
# and environments/lean (mock_provider "aws" { source = ... }).

mock_data "aws_region" {
  defaults = { name = "ap-northeast-1" }
}
mock_data "aws_caller_identity" {
  defaults = { account_id = "123456789012" }
}
mock_data "aws_partition" {
  defaults = { partition = "aws", dns_suffix = "amazonaws.com" }
}
mock_data "aws_elb_service_account" {
  defaults = { arn = "arn:aws:iam::582318560864:root" }
}

mock_resource "aws_iam_role" {
  defaults = { arn = "arn:aws:iam::123456789012:role/mocked" }
}
mock_resource "aws_kms_key" {
  defaults = { arn = "arn:aws:kms:ap-northeast-1:123456789012:key/11111111-2222-3333-4444-555555555555" }
}
mock_resource "aws_ecs_cluster" {
  defaults = { arn = "arn:aws:ecs:ap-northeast-1:123456789012:cluster/mocked" }
}
mock_resource "aws_ecs_service" {
  defaults = { id = "arn:aws:ecs:ap-northeast-1:123456789012:service/mocked/portfolio-api" }
}
mock_resource "aws_ecr_repository" {
  defaults = {
    arn            = "arn:aws:ecr:ap-northeast-1:123456789012:repository/portfolio-api"
    repository_url = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/portfolio-api"
  }
}
mock_resource "aws_cloudwatch_log_group" {
  defaults = { arn = "arn:aws:logs:ap-northeast-1:123456789012:log-group:/aws/ecs/portfolio-api" }
}
mock_resource "aws_s3_bucket" {
  defaults = {
    arn                         = "arn:aws:s3:::portfolio-mocked"
    bucket_regional_domain_name = "portfolio-mocked.s3.ap-northeast-1.amazonaws.com"
  }
}
mock_resource "aws_cloudfront_distribution" {
  defaults = {
    id          = "EMOCKED"
    arn         = "arn:aws:cloudfront::123456789012:distribution/EMOCKED"
    domain_name = "dmocked.cloudfront.net"
  }
}
mock_resource "aws_lb" {
  defaults = {
    arn        = "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/portfolio/0123456789abcdef"
    arn_suffix = "app/portfolio/0123456789abcdef"
    dns_name   = "portfolio-123.ap-northeast-1.elb.amazonaws.com"
  }
}
mock_resource "aws_lb_target_group" {
  defaults = {
    arn        = "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/portfolio/0123456789abcdef"
    arn_suffix = "targetgroup/portfolio/0123456789abcdef"
  }
}
mock_resource "aws_sns_topic" {
  defaults = { arn = "arn:aws:sns:ap-northeast-1:123456789012:portfolio-alarms" }
}
mock_resource "aws_apigatewayv2_api" {
  defaults = { api_endpoint = "https://abcdef1234.execute-api.ap-northeast-1.amazonaws.com" }
}
mock_resource "aws_service_discovery_service" {
  defaults = { arn = "arn:aws:servicediscovery:ap-northeast-1:123456789012:service/srv-0123456789abcdef" }
}

# The edge (issue 13) and the images bucket (issue 15).
mock_resource "aws_lb_listener" {
  defaults = { arn = "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:listener/app/portfolio-test/0123456789abcdef/0123456789abcdef" }
}
mock_data "aws_iam_policy_document" {
  defaults = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}" }
}
mock_resource "aws_cloudfront_cache_policy" {
  defaults = { id = "b2c3d4e5-6789-0abc-def1-222222222222" }
}
