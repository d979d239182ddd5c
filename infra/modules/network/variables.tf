variable "name" {
  description = "Name prefix of every network resource."
  type        = string
  nullable    = false
}

variable "cidr_block" {
  description = "IPv4 CIDR block of the VPC."
  type        = string
  nullable    = false
  default     = "10.0.0.0/16"

  validation {
    condition     = can(cidrhost(var.cidr_block, 0))
    error_message = "cidr_block must be an IPv4 CIDR block such as 10.0.0.0/16."
  }
}

variable "availability_zones" {
  description = "Availability zones, in the order of the subnet lists. The NAT gateway goes in the first."
  type        = list(string)
  nullable    = false

  validation {
    condition     = length(var.availability_zones) >= 2
    error_message = "At least two availability zones are needed (the load balancer requires two)."
  }
}

variable "public_subnet_cidrs" {
  description = "CIDR blocks of the public subnets, one per availability zone."
  type        = list(string)
  nullable    = false
}

variable "private_subnet_cidrs" {
  description = "CIDR blocks of the private subnets, one per availability zone."
  type        = list(string)
  nullable    = false
}

variable "nat_gateway_enabled" {
  description = "One NAT gateway for the private subnets. False: none (about 49 USD a month less with its address); the private subnets then have no route out."
  type        = bool
  nullable    = false
  default     = true
}

variable "gateway_endpoint_services" {
  description = "AWS services reached through free gateway VPC endpoints (from the private subnets, and the public ones without NAT)."
  type        = list(string)
  nullable    = false
  default     = ["dynamodb", "s3"]
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  nullable    = false
  default     = {}
}
