# The estate used to be composed in this root; these keep existing state when Terraform meets the
# same resources under modules/portfolio, instead of destroying and recreating them.

moved {
  from = module.network
  to   = module.portfolio.module.network
}

moved {
  from = module.data
  to   = module.portfolio.module.data
}

moved {
  from = module.alb
  to   = module.portfolio.module.alb
}

moved {
  from = module.service
  to   = module.portfolio.module.service
}

moved {
  from = module.site
  to   = module.portfolio.module.site
}

moved {
  from = module.monitoring
  to   = module.portfolio.module.monitoring
}

moved {
  from = module.ci_access
  to   = module.portfolio.module.ci_access
}
