output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "vpc_cidr_block" {
  description = "CIDR block of the VPC (the load balancer's addresses are in it: the service trusts it as a proxy)."
  value       = aws_vpc.this.cidr_block
}

output "public_subnet_ids" {
  description = "IDs of the public subnets, in availability-zone order."
  value       = [for az in var.availability_zones : aws_subnet.this["public-${az}"].id]
}

output "private_subnet_ids" {
  description = "IDs of the private subnets, in availability-zone order."
  value       = [for az in var.availability_zones : aws_subnet.this["private-${az}"].id]
}

output "nat_gateway_id" {
  description = "ID of the NAT gateway (null without one)."
  value       = one(aws_nat_gateway.this[*].id)
}
