# Checks used by scripts/ci/60-containers.sh against images, containers and the API they serve.
# Each check prints what it saw and exits the stage with a message on the first mismatch.
# shellcheck shell=bash

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# Runs a command and reports how long it took.
timed() {
  local started=$SECONDS
  "$@"
  echo "  ($* took $((SECONDS - started)) s)" >&2
}

# Runs a command with its output in a log file, reports how long it took, and on failure shows
# the end of the log and fails with the given description.
run_logged() {
  local what=$1 log=$2 started=$SECONDS
  shift 2
  "$@" >"$log" 2>&1 || { tail -n 60 "$log" >&2; fail "$what failed"; }
  echo "  ($what: $((SECONDS - started)) s)" >&2
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# Calls the API: sets $http_status and $http_body.
call() {
  local method=$1 url=$2 body=${3:-}
  local args=(--silent --show-error --max-time 10 --request "$method" --output /tmp/portfolio-ci-body.$$
    --write-out '%{http_code}')
  [ -n "$body" ] && args+=(--header 'Content-Type: application/json' --data "$body")
  http_status=$(curl "${args[@]}" "$url") || fail "$method $url: no answer"
  http_body=$(cat /tmp/portfolio-ci-body.$$)
  rm -f /tmp/portfolio-ci-body.$$
}

expect_status() {
  local expected=$1 what=$2
  [ "$http_status" = "$expected" ] || fail "$what: HTTP $http_status, expected $expected: $http_body"
}

# Compares one jq expression over the last response with an expected value.
expect_json() {
  local filter=$1 expected=$2 what=$3 actual
  actual=$(jq -r "$filter" <<<"$http_body") || fail "$what: not JSON: $http_body"
  [ "$actual" = "$expected" ] || fail "$what: $filter is '$actual', expected '$expected'"
}

check_image_size() {
  local image=$1 limit=$2 size
  size=$(docker image inspect --format '{{.Size}}' "$image")
  awk -v image="$image" -v size="$size" -v limit="$limit" \
    'BEGIN { printf "image %s: %d bytes (%.1f MB; limit %.1f MB)\n", image, size, size / 1e6, limit / 1e6 }' >&2
  [ "$size" -lt "$limit" ] || fail "image $image is $size bytes, not under $limit"
}

# The image's own settings: unprivileged user, health check, port, data volume, OCI labels.
check_image_config() {
  local image=$1 config
  config=$(docker image inspect --format '{{json .Config}}' "$image")
  local user
  user=$(jq -r '.User' <<<"$config")
  case $user in "" | root | 0 | 0:*) fail "image $image runs as root ('$user')" ;; esac
  jq -e '.Healthcheck.Test | index("healthcheck")' <<<"$config" >/dev/null ||
    fail "image $image has no HEALTHCHECK running the binary's healthcheck"
  jq -e '.ExposedPorts | has("8000/tcp")' <<<"$config" >/dev/null || fail "image $image does not expose 8000"
  jq -e '.Volumes | has("/data")' <<<"$config" >/dev/null || fail "image $image has no /data volume"
  local label
  for label in title version revision created; do
    jq -e --arg key "org.opencontainers.image.$label" '.Labels[$key] // empty' <<<"$config" >/dev/null ||
      fail "image $image lacks the label org.opencontainers.image.$label"
  done
  # Nothing to run but the service: no shell for an intruder, no curl.
  if docker run --rm --entrypoint /bin/sh "$image" -c true >/dev/null 2>&1; then
    fail "image $image contains a shell"
  fi
  echo "image $image: user $user, HEALTHCHECK, port 8000, /data volume, OCI labels, no shell" >&2
}

# Waits for the container's own HEALTHCHECK to report healthy.
wait_healthy() {
  local container=$1 timeout=$2 deadline=$((SECONDS + $2)) state
  while true; do
    state=$(docker inspect --format '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}' \
      "$container" 2>/dev/null) || fail "container $container is gone"
    case $state in
      "running healthy") break ;;
      "running unhealthy" | exited* | dead*)
        docker logs --tail 50 "$container" >&2
        fail "container $container is '$state'"
        ;;
    esac
    if [ $SECONDS -ge $deadline ]; then
      docker logs --tail 50 "$container" >&2
      fail "container $container not healthy after ${timeout} s ('$state')"
    fi
    sleep 1
  done
  echo "container $container healthy" >&2
}

check_runs_unprivileged() {
  local container=$1 uids
  uids=$(docker top "$container" -eo pid,uid | awk 'NR > 1 { print $2 }' | sort -u | tr '\n' ' ')
  [ -n "$uids" ] || fail "no process in $container"
  case " $uids" in *" 0 "*) fail "a process of $container runs as root (uids: $uids)" ;; esac
  [ "$(docker inspect --format '{{.HostConfig.ReadonlyRootfs}}' "$container")" = true ] ||
    fail "$container does not have a read-only root filesystem"
  echo "container $container: processes run as uid $uids on a read-only root filesystem" >&2
}

check_health() {
  local url=$1 backend=$2
  call GET "$url/health"
  expect_status 200 "GET /health"
  expect_json .status healthy "GET /health"
  call GET "$url/health/db"
  expect_status 200 "GET /health/db"
  expect_json .backend "$backend" "GET /health/db"
  expect_json .database connected "GET /health/db"
  echo "health: healthy, $backend connected" >&2
}

# Creates a user and prints its id.
create_user() {
  local url=$1 username=$2 email=$3
  call POST "$url/api/v1/users" "{\"username\":\"$username\",\"email\":\"$email\"}"
  expect_status 201 "POST /api/v1/users"
  expect_json .username "$username" "POST /api/v1/users"
  jq -r .user_id <<<"$http_body"
}

check_user() {
  local url=$1 user_id=$2 username=$3
  call GET "$url/api/v1/users/$user_id"
  expect_status 200 "GET /api/v1/users/{user_id}"
  expect_json .username "$username" "GET /api/v1/users/{user_id}"
  expect_json .status active "GET /api/v1/users/{user_id}"
  echo "user $username read back" >&2
}

# One reading alone and three in a batch, 21.0 .. 24.0 °C, a second apart, oldest first.
ingest_readings() {
  local url=$1 device=$2 start
  start=$(($(now_ms) - 60000))
  call POST "$url/api/v1/metrics" \
    "{\"device_id\":\"$device\",\"timestamp\":$start,\"temperature\":21.0,\"humidity\":40.0,\"status\":\"active\"}"
  expect_status 201 "POST /api/v1/metrics"
  local batch i
  batch='{"readings":['
  for i in 1 2 3; do
    [ "$i" -gt 1 ] && batch+=','
    batch+="{\"device_id\":\"$device\",\"timestamp\":$((start + i * 1000)),\"temperature\":$((21 + i)).0,"
    batch+="\"humidity\":40.0,\"status\":\"active\",\"battery_level\":90.0}"
  done
  batch+=']}'
  call POST "$url/api/v1/metrics/batch" "$batch"
  expect_status 200 "POST /api/v1/metrics/batch"
  expect_json .accepted 3 "POST /api/v1/metrics/batch"
  expect_json .rejected 0 "POST /api/v1/metrics/batch"
  echo "4 readings of $device ingested" >&2
}

check_readings() {
  local url=$1 device=$2 count=$3
  call GET "$url/api/v1/metrics/$device?order=asc"
  expect_status 200 "GET /api/v1/metrics/{device_id}"
  expect_json .count "$count" "GET /api/v1/metrics/{device_id}"
  expect_json '[.items[].temperature] | map(floor) | join(",")' "21,22,23,24" "GET /api/v1/metrics/{device_id}"
  echo "$count readings of $device read back in order" >&2
}

check_dashboard() {
  local url=$1 type
  type=$(curl --silent --show-error --max-time 10 --fail --output /dev/null --write-out '%{content_type}' "$url/") ||
    fail "GET / (dashboard) failed"
  case $type in text/html*) ;; *) fail "GET / answered $type, expected text/html" ;; esac
  echo "dashboard served at /" >&2
}

# `docker stop` must end with the service's own clean exit (0), not the SIGKILL docker sends after
# its timeout, and within the given number of seconds.
check_stop_drains() {
  local container=$1 limit=$2 started elapsed code
  started=$(date +%s%N)
  docker stop --time 30 "$container" >/dev/null
  elapsed=$((($(date +%s%N) - started) / 1000000))
  code=$(docker inspect --format '{{.State.ExitCode}}' "$container")
  echo "docker stop took ${elapsed} ms, exit code $code" >&2
  [ "$code" = 0 ] || { docker logs --tail 20 "$container" >&2; fail "the service exited $code on SIGTERM"; }
  [ "$elapsed" -lt $((limit * 1000)) ] || fail "docker stop took ${elapsed} ms, limit ${limit} s"
}

# docker-compose.yml gives the container the Fargate task's size and the hardening flags.
check_compose_limits() {
  local container=$1 host
  host=$(docker inspect --format '{{json .HostConfig}}' "$container")
  jq -e '.NanoCpus == 250000000 and .Memory == 536870912 and .ReadonlyRootfs == true
         and (.CapDrop | index("ALL")) != null' <<<"$host" >/dev/null ||
    fail "compose container limits: $(jq -c '{NanoCpus, Memory, ReadonlyRootfs, CapDrop}' <<<"$host")"
  echo "compose container: 0.25 CPU, 512 MiB, read-only, all capabilities dropped" >&2
}

# A change under src/ makes the dev container rebuild and restart the service.
check_hot_reload() {
  local container=$1 url=$2 probe=$3 before after deadline
  before=$(docker logs "$container" 2>&1 | grep -c 'service started')
  date >"$probe"
  deadline=$((SECONDS + 300))
  while true; do
    after=$(docker logs "$container" 2>&1 | grep -c 'service started')
    [ "$after" -gt "$before" ] && break
    [ $SECONDS -lt $deadline ] || { docker logs --tail 30 "$container" >&2; fail "no restart after a source change"; }
    sleep 1
  done
  rm -f "$probe"
  wait_for_http "$url/health" 60 || fail "the service did not come back after the reload"
  echo "hot reload: a source change rebuilt and restarted the service" >&2
}
