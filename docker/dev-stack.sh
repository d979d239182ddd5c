#!/usr/bin/env bash
# Runs the development stack (docker-compose.dev.yml) under one project name.
#   docker/dev-stack.sh up       build the images and start the emulator and the hot-reloading API
#                                (the images fetch their npm content themselves: nothing to install first)
#   docker/dev-stack.sh down     stop and remove the containers (add -v to drop the build volumes)
#   docker/dev-stack.sh logs -f  any other docker-compose command, passed through
# API_PORT (8000) and DYNAMODB_PORT (8001) choose the loopback ports; COMPOSE_PROJECT_NAME the
# project (portfolio-dev).
set -euo pipefail
cd "$(dirname "$0")/.."

# The classic builder builds every image here; Compose v1 would otherwise hand builds to BuildKit,
# which needs a buildx plugin that Debian's docker.io lacks.
export DOCKER_BUILDKIT=${DOCKER_BUILDKIT:-0} COMPOSE_DOCKER_CLI_BUILD=${COMPOSE_DOCKER_CLI_BUILD:-0}
compose=(docker-compose --project-name "${COMPOSE_PROJECT_NAME:-portfolio-dev}" --file docker-compose.dev.yml)

command=${1:-up}
[ $# -gt 0 ] && shift
case $command in
  up)
    "${compose[@]}" up --build --detach "$@"
    echo "API: http://127.0.0.1:${API_PORT:-8000}/  (first build takes a few minutes: $0 logs -f api)" >&2
    ;;
  *)
    "${compose[@]}" "$command" "$@"
    ;;
esac
