#!/usr/bin/env bash
# Rolls an ECS service back to a given task definition and waits until it is stable again.
# Used by the deploy workflow when the post-deploy smoke test fails; also usable by hand
# (docs/operations.md, "Roll back").
#
# usage: rollback.sh CLUSTER SERVICE TASK_DEFINITION_ARN
set -euo pipefail

cluster=${1:?usage: rollback.sh CLUSTER SERVICE TASK_DEFINITION_ARN}
service=${2:?usage: rollback.sh CLUSTER SERVICE TASK_DEFINITION_ARN}
task_definition=${3:?usage: rollback.sh CLUSTER SERVICE TASK_DEFINITION_ARN}

echo "rolling $cluster/$service back to $task_definition" >&2
aws ecs update-service --cluster "$cluster" --service "$service" \
  --task-definition "$task_definition" --query 'service.deployments[0].id' --output text
aws ecs wait services-stable --cluster "$cluster" --services "$service"
echo "rolled back: $cluster/$service runs $task_definition" >&2
