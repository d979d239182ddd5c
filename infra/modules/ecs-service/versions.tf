terraform {
  required_version = ">= 1.7"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.80, < 6.0"
      # Draws generated secrets (an ephemeral resource): the caller passes its default provider.
      # Its own name lets the mocked tests give it a real provider, as mocks cannot do ephemerals.
      configuration_aliases = [aws.secrets]
    }
  }
}
