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
      Environment = "lean"
      ManagedBy   = "terraform"
    }
  }
}

# CURSOR_SECRET is drawn by an ephemeral resource (Secrets Manager's GetRandomPassword) through this
# provider: the same account and region as the default, under a name of its own so that the mocked
# tests can give it a real provider (mocks cannot do ephemerals) and the moto run its endpoints.
provider "aws" {
  alias  = "secrets"
  region = "ap-northeast-1"
}
