# What must exist before the environments can be initialised, once per AWS account: the bucket and
# lock table of the Terraform state, the IAM OIDC provider GitHub Actions federates through, and the
# roles the terraform workflow plans and applies with. This configuration keeps its own (small)
# state locally; keep that file safe or re-import.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  state_bucket = coalesce(var.state_bucket_name, "portfolio-tfstate-${data.aws_caller_identity.current.account_id}")

  github_oidc_provider_arn = coalesce(
    one(aws_iam_openid_connect_provider.github[*].arn),
    "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:oidc-provider/token.actions.githubusercontent.com",
  )
}

################################################################################
# State bucket
################################################################################

# Every state version is kept (a bad apply's state can be restored) for state_version_retention_days,
# encrypted with the account's aws/s3 key; TLS only, nothing public (modules/private-bucket).
module "state_bucket" {
  source = "../modules/private-bucket"

  name                    = local.state_bucket
  force_destroy           = var.force_destroy
  sse_algorithm           = "aws:kms"
  versioning              = true
  noncurrent_version_days = var.state_version_retention_days
  lifecycle_rule_id       = "expire-old-state-versions"
}

################################################################################
# Lock table
################################################################################

resource "aws_dynamodb_table" "lock" {
  name         = var.lock_table_name
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "LockID"

  attribute {
    name = "LockID"
    type = "S"
  }

  server_side_encryption {
    enabled = true
  }

  point_in_time_recovery {
    enabled = true
  }
}

################################################################################
# GitHub Actions OIDC provider
################################################################################

resource "aws_iam_openid_connect_provider" "github" {
  count = var.create_github_oidc_provider ? 1 : 0

  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
  # AWS no longer checks these for GitHub's issuer (it trusts its own CA store), but the API still
  # requires a value.
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1", "1c58a3a8518e8759bf075b76b750d4f2df264fcd"]
}

################################################################################
# Terraform workflow roles
################################################################################

# Here rather than in the environments: the roles need the state bucket and lock table, must exist
# before the first CI apply, and must not live in the state that the apply role itself changes.
module "terraform_ci" {
  source = "../modules/terraform-ci"

  oidc_provider_arn  = local.github_oidc_provider_arn
  github_repository  = var.github_repository
  apply_environments = var.terraform_apply_environments
  state_bucket_arn   = module.state_bucket.arn
  lock_table_arn     = aws_dynamodb_table.lock.arn
}
