# The module's inputs in its tests (a test file's variables block adds to or overrides them).
cluster_name                    = "portfolio-test"
kms_key_arn                     = "arn:aws:kms:ap-northeast-1:123456789012:key/11111111-2222-3333-4444-555555555555"
vpc_id                          = "vpc-0123456789abcdef0"
private_subnet_ids              = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]
trusted_proxy_cidrs             = ["10.0.1.0/24", "10.0.2.0/24"]
origin_verify_secret            = "0123456789abcdef0123456789abcdef"
load_balancer_security_group_id = "sg-0a1b2c3d4e5f60718"
target_group_arn                = "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/portfolio-test/0123456789abcdef"
image_tag                       = "0123456789abcdef0123456789abcdef01234567"
tables = {
  users   = { name = "portfolio-users", arn = "arn:aws:dynamodb:ap-northeast-1:123456789012:table/portfolio-users" }
  uniques = { name = "portfolio-user-uniques", arn = "arn:aws:dynamodb:ap-northeast-1:123456789012:table/portfolio-user-uniques" }
  metrics = { name = "portfolio-metrics", arn = "arn:aws:dynamodb:ap-northeast-1:123456789012:table/portfolio-metrics" }
  devices = { name = "portfolio-devices", arn = "arn:aws:dynamodb:ap-northeast-1:123456789012:table/portfolio-devices" }
}
