# The module's inputs in its tests (a test file's variables block adds to or overrides them).
name                   = "portfolio-test"
api_origin_domain_name = "portfolio-test-123456789.ap-northeast-1.elb.amazonaws.com"
origin_verify_secret   = "0123456789abcdef0123456789abcdef"
web_acl_arn            = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/portfolio-test/11111111-2222-3333-4444-555555555555"
