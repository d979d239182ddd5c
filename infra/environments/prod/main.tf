# prod: the module's defaults are production's (deletion protection, buckets kept on destroy,
# 30-day key deletion window); set here what this account adds.

module "portfolio" {
  source = "../../modules/portfolio"

  providers = { aws = aws, aws.us_east_1 = aws.us_east_1, aws.secrets = aws }

  environment       = "prod"
  github_repository = var.github_repository
  image_tag         = var.image_tag

  github_environments = ["production"]
  alarm_emails        = var.alarm_emails

  # Set both to serve the API over HTTPS (and CloudFront to reach it over HTTPS).
  alb_certificate_arn = null
  api_domain_name     = null

  # An SSM SecureString holding CURSOR_SECRET made by hand; null: the estate makes one whose random
  # value never enters state.
  cursor_secret_parameter_arn = null

  # A multi-region trail of the account's management events (off if the account has one).
  cloudtrail_enabled = true
}
