# The network's promises: the specified address plan over two zones, tasks without a route from
# the internet, one NAT gateway in the first zone, and a default security group that allows nothing.
# Without NAT (the lean profile): no gateway, no address, no way out of the private subnets, and the
# free endpoints serving the public subnets.

mock_provider "aws" {
  mock_data "aws_region" {
    defaults = { name = "ap-northeast-1" }
  }
}

variables {
  name                 = "portfolio-test"
  availability_zones   = ["ap-northeast-1a", "ap-northeast-1c"]
  public_subnet_cidrs  = ["10.0.1.0/24", "10.0.2.0/24"]
  private_subnet_cidrs = ["10.0.11.0/24", "10.0.12.0/24"]
}

run "address_plan_as_specified" {
  assert {
    condition     = aws_vpc.this.cidr_block == "10.0.0.0/16"
    error_message = "The VPC is 10.0.0.0/16."
  }
  assert {
    condition = { for k, s in aws_subnet.this : k => [s.cidr_block, s.availability_zone, s.tags.Tier] } == {
      "public-ap-northeast-1a"  = ["10.0.1.0/24", "ap-northeast-1a", "public"]
      "public-ap-northeast-1c"  = ["10.0.2.0/24", "ap-northeast-1c", "public"]
      "private-ap-northeast-1a" = ["10.0.11.0/24", "ap-northeast-1a", "private"]
      "private-ap-northeast-1c" = ["10.0.12.0/24", "ap-northeast-1c", "private"]
    }
    error_message = "Public subnets are 10.0.1.0/24 (1a) and 10.0.2.0/24 (1c), private ones 10.0.11.0/24 (1a) and 10.0.12.0/24 (1c)."
  }
  assert {
    condition = alltrue([for k, a in aws_route_table_association.this :
    a.route_table_id == aws_route_table.this[aws_subnet.this[k].tags.Tier].id])
    error_message = "Each subnet uses its tier's route table."
  }
  assert {
    condition     = output.public_subnet_ids == [aws_subnet.this["public-ap-northeast-1a"].id, aws_subnet.this["public-ap-northeast-1c"].id]
    error_message = "public_subnet_ids lists the public subnets in zone order."
  }
}

run "private_subnets_leave_through_one_nat_gateway_in_the_first_zone" {
  assert {
    condition     = length(aws_nat_gateway.this) == 1 && aws_nat_gateway.this[0].subnet_id == aws_subnet.this["public-ap-northeast-1a"].id
    error_message = "The NAT gateway is in the public subnet of 1a."
  }
  assert {
    condition     = aws_route.private_nat[0].nat_gateway_id == aws_nat_gateway.this[0].id && aws_route.private_nat[0].gateway_id == null
    error_message = "Private subnets reach the internet only through the NAT gateway."
  }
  assert {
    condition     = alltrue([for s in aws_subnet.this : !s.map_public_ip_on_launch])
    error_message = "Nothing gets a public address implicitly."
  }
  assert {
    condition     = aws_vpc_endpoint.gateway["dynamodb"].service_name == "com.amazonaws.ap-northeast-1.dynamodb"
    error_message = "DynamoDB traffic stays off the NAT gateway."
  }
  assert {
    condition     = aws_vpc_endpoint.gateway["dynamodb"].route_table_ids == toset([aws_route_table.this["private"].id])
    error_message = "With NAT, the endpoints serve the private subnets."
  }
}

run "without_nat_the_private_subnets_have_no_way_out" {
  variables {
    nat_gateway_enabled = false
  }
  assert {
    condition     = length(aws_nat_gateway.this) == 0 && length(aws_eip.nat) == 0 && length(aws_route.private_nat) == 0
    error_message = "No NAT gateway, no Elastic IP, no default route for the private subnets."
  }
  assert {
    condition     = output.nat_gateway_id == null
    error_message = "nat_gateway_id is null without NAT."
  }
  assert {
    condition     = aws_vpc_endpoint.gateway["s3"].route_table_ids == toset([aws_route_table.this["private"].id, aws_route_table.this["public"].id])
    error_message = "Without NAT, the free endpoints serve the public subnets as well."
  }
}

run "default_security_group_allows_nothing" {
  assert {
    condition     = length(aws_default_security_group.this.ingress) == 0 && length(aws_default_security_group.this.egress) == 0
    error_message = "The default security group has no rules."
  }
}
