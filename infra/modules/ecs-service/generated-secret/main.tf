# An SSM SecureString with a random value that never enters Terraform's plan or state: an
# ephemeral resource draws the value (Secrets Manager's GetRandomPassword, during the run only)
# and the write-only value_wo writes it. Bumping var.value_version writes a new one.
# (A module of its own so that the mocked tests, whose mock provider cannot mock ephemeral
# resources, can stand in for it; the moto run applies it for real.)

variable "name" {
  description = "Name (path) of the parameter."
  type        = string
  nullable    = false
}

variable "description" {
  description = "Description of the parameter."
  type        = string
  nullable    = false
}

variable "kms_key_arn" {
  description = "Customer-managed key that encrypts the parameter."
  type        = string
  nullable    = false
}

variable "length" {
  description = "Characters of the random value (letters and digits)."
  type        = number
  nullable    = false
  default     = 64
}

variable "value_version" {
  description = "Write-only version: a new number writes a new random value."
  type        = number
  nullable    = false
  default     = 1
}

variable "tags" {
  description = "Tags of the parameter."
  type        = map(string)
  nullable    = false
  default     = {}
}

ephemeral "aws_secretsmanager_random_password" "this" {
  password_length     = var.length
  exclude_punctuation = true
}

resource "aws_ssm_parameter" "this" {
  name             = var.name
  description      = var.description
  type             = "SecureString"
  key_id           = var.kms_key_arn
  value_wo         = ephemeral.aws_secretsmanager_random_password.this.random_password
  value_wo_version = var.value_version

  tags = var.tags
}

output "arn" {
  description = "ARN of the parameter (the valueFrom of an ECS secret)."
  value       = aws_ssm_parameter.this.arn
}

output "name" {
  description = "Name of the parameter."
  value       = aws_ssm_parameter.this.name
}
