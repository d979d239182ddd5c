output "dns_name" {
  description = "DNS name of the load balancer."
  value       = aws_lb.this.dns_name
}

output "url" {
  description = "Base URL of the load balancer (HTTPS when a certificate is set). It answers 403 to anything but the distribution."
  value       = "${local.https_enabled ? "https" : "http"}://${aws_lb.this.dns_name}"
}

output "listener_port" {
  description = "Port CloudFront reaches the load balancer on (443 with a certificate, 80 without)."
  value       = local.listener_port
}

output "arn" {
  description = "ARN of the load balancer."
  value       = aws_lb.this.arn
}

output "arn_suffix" {
  description = "ARN suffix of the load balancer (the LoadBalancer dimension of its CloudWatch metrics)."
  value       = aws_lb.this.arn_suffix
}

output "security_group_id" {
  description = "Security group of the load balancer: the only source the tasks accept traffic from."
  value       = aws_security_group.this.id
}

output "target_group_arn" {
  description = "ARN of the target group the service registers its tasks in (known only once a listener forwards to it, as ECS requires)."
  value       = aws_lb_target_group.this.arn

  depends_on = [aws_lb_listener.this, aws_lb_listener_rule.from_cloudfront]
}

output "target_group_arn_suffix" {
  description = "ARN suffix of the target group (the TargetGroup dimension of its CloudWatch metrics)."
  value       = aws_lb_target_group.this.arn_suffix
}

output "access_logs_bucket" {
  description = "Bucket holding the access logs."
  value       = module.logs_bucket.id
}

output "listener_arns" {
  description = "ARNs of the listeners: the service must wait for them before registering targets."
  value       = [aws_lb_listener.this.arn]
}
