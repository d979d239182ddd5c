# dev: a throw-away copy of the estate in its own account. It differs from prod only where
# recovery matters less than easy teardown.

module "portfolio" {
  source = "../../modules/portfolio"

  providers = { aws = aws, aws.us_east_1 = aws.us_east_1, aws.secrets = aws }

  environment       = "dev"
  github_repository = var.github_repository
  image_tag         = var.image_tag

  log_level           = "debug"
  github_environments = ["dev"]
  alarm_emails        = var.alarm_emails

  # Nothing here is worth keeping: destroy empties buckets and the image repository.
  deletion_protection      = false
  force_destroy            = true
  kms_deletion_window_days = 7
  cloudtrail_enabled       = false
}
