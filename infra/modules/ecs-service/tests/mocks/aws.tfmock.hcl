# Mocked AWS answers for the module's tests: the attributes its resources read from each other.

mock_data "aws_region" {
  defaults = { name = "ap-northeast-1" }
}
mock_resource "aws_iam_role" {
  defaults = { arn = "arn:aws:iam::123456789012:role/mocked" }
}
mock_resource "aws_ecs_cluster" {
  defaults = { arn = "arn:aws:ecs:ap-northeast-1:123456789012:cluster/mocked" }
}
mock_resource "aws_ecr_repository" {
  defaults = {
    arn            = "arn:aws:ecr:ap-northeast-1:123456789012:repository/portfolio-api"
    repository_url = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/portfolio-api"
  }
}
mock_resource "aws_ssm_parameter" {
  defaults = { arn = "arn:aws:ssm:ap-northeast-1:123456789012:parameter/portfolio-test/portfolio-api/mocked" }
}
mock_resource "aws_cloudwatch_log_group" {
  defaults = { arn = "arn:aws:logs:ap-northeast-1:123456789012:log-group:/aws/ecs/portfolio-api" }
}
