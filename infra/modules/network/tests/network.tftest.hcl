# The network's promises: the specified address plan over two zones, tasks without a route from
# the internet, one NAT gateway in the first zone, and a default security group that allows nothing.

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
    condition = { for az, s in aws_subnet.public : az => s.cidr_block } == {
      "ap-northeast-1a" = "10.0.1.0/24", "ap-northeast-1c" = "10.0.2.0/24"
    }
    error_message = "Public subnets are 10.0.1.0/24 (1a) and 10.0.2.0/24 (1c)."
  }
  assert {
    condition = { for az, s in aws_subnet.private : az => s.cidr_block } == {
      "ap-northeast-1a" = "10.0.11.0/24", "ap-northeast-1c" = "10.0.12.0/24"
    }
    error_message = "Private subnets are 10.0.11.0/24 (1a) and 10.0.12.0/24 (1c)."
  }
}

run "private_subnets_leave_through_one_nat_gateway_in_the_first_zone" {
  assert {
    condition     = aws_nat_gateway.this.subnet_id == aws_subnet.public["ap-northeast-1a"].id
    error_message = "The NAT gateway is in the public subnet of 1a."
  }
  assert {
    condition     = aws_route.private_nat.nat_gateway_id == aws_nat_gateway.this.id && aws_route.private_nat.gateway_id == null
    error_message = "Private subnets reach the internet only through the NAT gateway."
  }
  assert {
    condition     = alltrue([for s in aws_subnet.private : !s.map_public_ip_on_launch])
    error_message = "Nothing in the private subnets gets a public address."
  }
  assert {
    condition     = aws_vpc_endpoint.gateway["dynamodb"].service_name == "com.amazonaws.ap-northeast-1.dynamodb"
    error_message = "DynamoDB traffic stays off the NAT gateway."
  }
}

run "default_security_group_allows_nothing" {
  assert {
    condition     = length(aws_default_security_group.this.ingress) == 0 && length(aws_default_security_group.this.egress) == 0
    error_message = "The default security group has no rules."
  }
}
