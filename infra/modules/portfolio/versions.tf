terraform {
  required_version = ">= 1.7"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.80, < 6.0"
      # us-east-1, where the WAF web ACL of a CloudFront distribution must be created; secrets,
      # which draws CURSOR_SECRET (an ephemeral resource; the roots pass their default provider,
      # and the mocked tests a real one, as mocks cannot do ephemerals).
      configuration_aliases = [aws.us_east_1, aws.secrets]
    }
  }
}
