terraform {
  required_version = ">= 1.7"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }
}

provider "aws" {
  region = "ap-northeast-1"

  default_tags {
    tags = {
      Project     = "portfolio"
      Environment = "dev"
      ManagedBy   = "terraform"
    }
  }
}

# CloudFront's WAF web ACL must be made in us-east-1.
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"

  default_tags {
    tags = {
      Project     = "portfolio"
      Environment = "dev"
      ManagedBy   = "terraform"
    }
  }
}
