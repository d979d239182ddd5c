# Mocked AWS answers for the module's tests: the attributes its resources read from each other.

mock_data "aws_caller_identity" {
  defaults = { account_id = "123456789012", arn = "arn:aws:iam::123456789012:root", user_id = "123456789012" }
}
mock_resource "aws_s3_bucket" {
  defaults = {
    arn                         = "arn:aws:s3:::portfolio-test-site-123456789012"
    bucket_regional_domain_name = "portfolio-test-site-123456789012.s3.ap-northeast-1.amazonaws.com"
    bucket_domain_name          = "portfolio-test-site-123456789012-logs.s3.amazonaws.com"
  }
}
mock_resource "aws_cloudfront_distribution" {
  defaults = {
    arn         = "arn:aws:cloudfront::123456789012:distribution/E1234567890ABC"
    domain_name = "d111111abcdef8.cloudfront.net"
  }
}
mock_resource "aws_cloudfront_origin_request_policy" {
  defaults = { id = "a1b2c3d4-5678-90ab-cdef-111111111111" }
}
mock_resource "aws_cloudfront_cache_policy" {
  defaults = { id = "b2c3d4e5-6789-0abc-def1-222222222222" }
}
mock_resource "aws_cloudfront_origin_access_control" {
  defaults = { id = "E2QWRUHAPOMQZL" }
}
