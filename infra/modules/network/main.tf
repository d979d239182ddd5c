# A two-AZ VPC: public subnets for the load balancer and the NAT gateway, private subnets for the
# tasks. One NAT gateway (in the first AZ) keeps the idle cost down; losing that AZ stops outbound
# traffic from the other one, which the service tolerates (DynamoDB goes through the gateway endpoint).
# With nat_gateway_enabled = false (the lean profile) there is no NAT gateway: the private subnets
# have no route out, and whatever must reach AWS APIs runs in the public subnets with its own address.

locals {
  # Every subnet, keyed "<tier>-<zone>": one resource, one association per subnet.
  subnets = merge(
    { for i, cidr in var.public_subnet_cidrs : "public-${var.availability_zones[i]}" => { tier = "public", az = var.availability_zones[i], cidr = cidr } },
    { for i, cidr in var.private_subnet_cidrs : "private-${var.availability_zones[i]}" => { tier = "private", az = var.availability_zones[i], cidr = cidr } },
  )
  nat_az = var.availability_zones[0]
  # Without a NAT gateway, whatever needs AWS APIs runs in the public subnets: the free gateway
  # endpoints serve those too.
  endpoint_tiers = var.nat_gateway_enabled ? ["private"] : ["private", "public"]
}

data "aws_region" "current" {}

################################################################################
# VPC
################################################################################

resource "aws_vpc" "this" {
  cidr_block           = var.cidr_block
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = merge(var.tags, { Name = var.name })
}

# The default security group allows all traffic between its members; nothing should use it, so it
# is emptied of rules.
resource "aws_default_security_group" "this" {
  vpc_id = aws_vpc.this.id

  tags = merge(var.tags, { Name = "${var.name}-default-unused" })
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id

  tags = merge(var.tags, { Name = var.name })
}

################################################################################
# Subnets and routes
################################################################################

resource "aws_subnet" "this" {
  for_each = local.subnets

  vpc_id            = aws_vpc.this.id
  cidr_block        = each.value.cidr
  availability_zone = each.value.az
  # Nothing gets an address implicitly: the load balancer, the NAT gateway and (without NAT) the
  # tasks get theirs explicitly.
  map_public_ip_on_launch = false

  tags = merge(var.tags, { Name = "${var.name}-${each.key}", Tier = each.value.tier })
}

resource "aws_route_table" "this" {
  for_each = toset(["public", "private"])

  vpc_id = aws_vpc.this.id

  tags = merge(var.tags, { Name = "${var.name}-${each.key}" })
}

resource "aws_route_table_association" "this" {
  for_each = local.subnets

  subnet_id      = aws_subnet.this[each.key].id
  route_table_id = aws_route_table.this[each.value.tier].id
}

resource "aws_route" "public_internet" {
  route_table_id         = aws_route_table.this["public"].id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.this.id
}

################################################################################
# NAT gateway
################################################################################

resource "aws_eip" "nat" {
  count = var.nat_gateway_enabled ? 1 : 0

  domain = "vpc"

  tags = merge(var.tags, { Name = "${var.name}-nat" })
}

resource "aws_nat_gateway" "this" {
  count = var.nat_gateway_enabled ? 1 : 0

  allocation_id = aws_eip.nat[0].id
  subnet_id     = aws_subnet.this["public-${local.nat_az}"].id

  tags = merge(var.tags, { Name = "${var.name}-${local.nat_az}" })

  depends_on = [aws_internet_gateway.this]
}

# Without a NAT gateway the private subnets have no way out at all.
resource "aws_route" "private_nat" {
  count = var.nat_gateway_enabled ? 1 : 0

  route_table_id         = aws_route_table.this["private"].id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.this[0].id
}

################################################################################
# Gateway endpoints
################################################################################

# Gateway endpoints cost nothing and keep DynamoDB and S3 traffic off the NAT gateway, whose
# per-GB processing charge would otherwise grow with every request the service makes.
resource "aws_vpc_endpoint" "gateway" {
  for_each = toset(var.gateway_endpoint_services)

  vpc_id            = aws_vpc.this.id
  service_name      = "com.amazonaws.${data.aws_region.current.name}.${each.key}"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [for tier in local.endpoint_tiers : aws_route_table.this[tier].id]

  tags = merge(var.tags, { Name = "${var.name}-${each.key}" })
}
