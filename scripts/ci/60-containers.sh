#!/usr/bin/env bash
# Containers, built and run for real on a local dockerd, from a fresh `git clone` of this checkout's
# HEAD in a temporary folder (nothing installed or built in the checkout reaches them: the newcomer's
# path, `git clone ... && docker build --pull=false .`, is what runs):
#   - base images made with mmdebstrap (cached in /var/cache/portfolio-images and in the engine);
#   - the production image: size under 50 MB, non-root, read-only root filesystem with a tmpfs,
#     the container's own HEALTHCHECK turning healthy, the API through the published port (users,
#     readings, the dashboard), data surviving a new container on the same volume, `docker stop`
#     draining and exiting 0 within a few seconds;
#   - docker-compose.yml up with its resource limits, healthy, down;
#   - the development stack: the API built from the mounted source on STORAGE=dynamodb against the
#     DynamoDB Local emulator, a source change rebuilding and restarting it, then down.
# Everything the run creates (containers, volumes, networks, dangling build images) is removed at
# the end; base images and tagged build caches stay for the next run.
set -euo pipefail
cd "$(dirname "$0")/../.."
checkout=$(pwd -P)
source scripts/lib/common.sh
source docker/ci-checks.sh

# An engine already installed (GitHub's runners have one) is used as it is.
{ command -v dockerd && command -v docker; } >/dev/null || ensure_packages docker.io
command -v docker-compose >/dev/null || ensure_packages docker-compose
ensure_packages mmdebstrap debian-archive-keyring git curl jq ca-certificates

# Compose v1 would otherwise hand builds to a BuildKit that needs the missing buildx plugin.
export DOCKER_BUILDKIT=0 COMPOSE_DOCKER_CLI_BUILD=0
# The images' npm stages reach the npm registry from inside the build: on a machine whose egress
# goes through a TLS-inspecting proxy, its CA certificates (installed locally on the host) go along.
if [ -z "${EXTRA_CA_CERTS:-}" ] && compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
  EXTRA_CA_CERTS=$(cat /usr/local/share/ca-certificates/*.crt)
fi
export EXTRA_CA_CERTS=${EXTRA_CA_CERTS:-}

run_id=ci$$
image=portfolio-api:$run_id
container=portfolio-api-$run_id
volume=portfolio-data-$run_id
prod_project=portfolio-prod-$run_id
dev_project=portfolio-dev-$run_id
reload_probe=src/dev-reload-probe-$run_id.tmp
log_dir=$(mktemp -d /tmp/portfolio-containers.XXXXXX)
clone=$log_dir/clone
dockerd_pid=""

cleanup() {
  local status=$?
  set +e
  cd "$log_dir"
  docker rm --force "$container" >/dev/null 2>&1
  docker volume rm "$volume" >/dev/null 2>&1
  if [ -d "$clone" ]; then
    docker-compose --project-directory "$clone" --project-name "$prod_project" --file "$clone/docker-compose.yml" \
      down --volumes --remove-orphans >/dev/null 2>&1
    docker-compose --project-directory "$clone" --project-name "$dev_project" --file "$clone/docker-compose.dev.yml" \
      down --volumes --remove-orphans >/dev/null 2>&1
  fi
  docker image rm "$image" >/dev/null 2>&1
  docker image prune --force >/dev/null 2>&1
  if [ -n "$dockerd_pid" ]; then
    kill -TERM "$dockerd_pid" 2>/dev/null
    wait "$dockerd_pid" 2>/dev/null
  fi
  rm -rf "$log_dir"
  exit "$status"
}
trap cleanup EXIT

# ---------------------------------------------------------------------------------------------
stage "engine and base images"
if docker info >/dev/null 2>&1; then
  echo "using the Docker engine already running" >&2
else
  dockerd >"$log_dir/dockerd.log" 2>&1 &
  dockerd_pid=$!
  deadline=$((SECONDS + 60))
  until docker info >/dev/null 2>&1; do
    if ! kill -0 "$dockerd_pid" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
      cat "$log_dir/dockerd.log" >&2
      fail "dockerd did not start"
    fi
    sleep 0.5
  done
  echo "dockerd started (pid $dockerd_pid)" >&2
fi
timed "$checkout/docker/make-base-images.sh"

# ---------------------------------------------------------------------------------------------
stage "fresh clone, and the dashboard for the image"
git clone --quiet --no-hardlinks "$checkout" "$clone"
cd "$clone"
echo "building from a clone of $(git rev-parse --short HEAD) in $clone" >&2
# The dashboard is the README's one optional step before `docker build`. The web stage has built it
# from the same commit; otherwise it is built in the clone.
if [ -f "$checkout/web/dist/index.html" ] && [ -z "$(git -C "$checkout" status --porcelain -- web)" ]; then
  cp -a "$checkout/web/dist" web/dist
elif [ -f web/package.json ]; then
  ensure_node
  (cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build) >"$log_dir/web.log" 2>&1 ||
    { cat "$log_dir/web.log" >&2; fail "the dashboard did not build"; }
fi
dashboard_built=false
[ -f web/dist/index.html ] && dashboard_built=true

# ---------------------------------------------------------------------------------------------
stage "production image"
# The build stage is tagged so that its layers (toolchain, compiled service) stay cached between
# runs on one machine instead of being pruned as dangling images.
build_image() {
  local what=$1
  shift
  run_logged "$what" "$log_dir/build.log" docker build --pull=false --force-rm \
    --build-arg EXTRA_CA_CERTS="$EXTRA_CA_CERTS" "$@" .
}
build_image "the build stage" --target build --tag portfolio-api-build:cache
build_image "the production image" --tag "$image" \
  --build-arg REVISION="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  --build-arg CREATED="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
check_image_size "$image" 50000000
check_image_config "$image"

# ---------------------------------------------------------------------------------------------
stage "production container: read-only, health, API round trip"
port=$(free_port)
base_url=http://127.0.0.1:$port
docker volume create "$volume" >/dev/null
run_container() {
  docker run --detach --name "$container" --read-only --tmpfs /tmp:size=16m,mode=1777 \
    --volume "$volume:/data" --publish "127.0.0.1:$port:8000" \
    --cap-drop ALL --security-opt no-new-privileges:true --memory 512m --cpus 0.5 \
    "$image" >/dev/null
}
run_container
wait_healthy "$container" 60
check_runs_unprivileged "$container"
check_health "$base_url" sqlite
user_id=$(create_user "$base_url" container_check container.check@example.com)
ingest_readings "$base_url" container-sensor-1
check_user "$base_url" "$user_id" container_check
check_readings "$base_url" container-sensor-1 4
if [ "$dashboard_built" = true ]; then check_dashboard "$base_url"; fi

# ---------------------------------------------------------------------------------------------
stage "SIGTERM drain and data on the volume"
check_stop_drains "$container" 10
docker rm "$container" >/dev/null
# A new container on the same volume: the data lives in the volume, not in the container.
run_container
wait_healthy "$container" 60
check_user "$base_url" "$user_id" container_check
check_readings "$base_url" container-sensor-1 4
docker rm --force "$container" >/dev/null

# ---------------------------------------------------------------------------------------------
stage "docker-compose.yml (production-like stack)"
prod_port=$(free_port)
export API_PORT=$prod_port IMAGE_TAG=$run_id
docker-compose --project-name "$prod_project" --file docker-compose.yml config --quiet
run_logged "docker-compose.yml up" "$log_dir/prod-up.log" \
  docker-compose --project-name "$prod_project" --file docker-compose.yml up --detach --no-build
prod_container=$(docker-compose --project-name "$prod_project" --file docker-compose.yml ps --quiet api)
wait_healthy "$prod_container" 60
check_compose_limits "$prod_container"
check_health "http://127.0.0.1:$prod_port" sqlite
create_user "http://127.0.0.1:$prod_port" compose_check compose.check@example.com >/dev/null
run_logged "docker-compose.yml down" "$log_dir/prod-down.log" \
  docker-compose --project-name "$prod_project" --file docker-compose.yml down --volumes
unset API_PORT IMAGE_TAG

# ---------------------------------------------------------------------------------------------
stage "development stack: hot-reloading API on STORAGE=dynamodb against DynamoDB Local"
dev_port=$(free_port)
emulator_port=$(free_port)
export API_PORT=$dev_port DYNAMODB_PORT=$emulator_port COMPOSE_PROJECT_NAME=$dev_project
dev_url=http://127.0.0.1:$dev_port
docker-compose --file docker-compose.dev.yml config --quiet
run_logged "dev stack up (images built)" "$log_dir/dev-up.log" docker/dev-stack.sh up
dev_container=$(docker-compose --project-name "$dev_project" --file docker-compose.dev.yml ps --quiet api)
# The first start compiles the service inside the container.
timed wait_healthy "$dev_container" 1200
check_health "$dev_url" dynamodb
dev_user_id=$(create_user "$dev_url" dev_stack_check dev.stack@example.com)
check_user "$dev_url" "$dev_user_id" dev_stack_check
ingest_readings "$dev_url" dev-sensor-1
check_readings "$dev_url" dev-sensor-1 4
check_hot_reload "$dev_container" "$dev_url" "$reload_probe"
run_logged "dev stack down" "$log_dir/dev-down.log" docker/dev-stack.sh down --volumes
unset API_PORT DYNAMODB_PORT COMPOSE_PROJECT_NAME

echo "containers: all checks passed" >&2
