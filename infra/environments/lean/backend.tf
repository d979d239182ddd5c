# Partial configuration: the bucket and the lock table come from infra/bootstrap's outputs at init,
#   terraform init -backend-config=bucket=<state_bucket> -backend-config=dynamodb_table=<lock_table>
terraform {
  backend "s3" {
    key     = "portfolio/lean/terraform.tfstate"
    region  = "ap-northeast-1"
    encrypt = true
  }
}
