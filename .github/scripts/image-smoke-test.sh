#!/usr/bin/env bash
# Runs the service image as production does (read-only root filesystem, tmpfs for /tmp, a fresh
# volume on every VOLUME the image declares), waits for the image's own HEALTHCHECK to report
# healthy, exercises the API through the published port, checks the image size budget, and
# checks that `docker stop` drains and exits cleanly.
#
# usage: image-smoke-test.sh IMAGE
set -euo pipefail

image=${1:?usage: image-smoke-test.sh IMAGE}
name=portfolio-smoke-$$
max_image_bytes=$((50 * 1000 * 1000))
volumes=()

cleanup() {
  docker rm -f "$name" >/dev/null 2>&1 || true
  for volume in "${volumes[@]}"; do docker volume rm -f "$volume" >/dev/null 2>&1 || true; done
}
trap cleanup EXIT

size=$(docker image inspect -f '{{.Size}}' "$image")
echo "image size: $((size / 1000 / 1000)) MB ($size bytes)" >&2
[ "$size" -lt "$max_image_bytes" ] || { echo "image is over the 50 MB budget" >&2; exit 1; }

mounts=()
for path in $(docker image inspect -f '{{range $path, $_ := .Config.Volumes}}{{$path}} {{end}}' "$image"); do
  volume=$(docker volume create)
  volumes+=("$volume")
  mounts+=(--volume "$volume:$path")
done

docker run --detach --name "$name" --read-only --tmpfs /tmp --publish 127.0.0.1::8000 \
  --cpus 0.25 --memory 512m "${mounts[@]}" "$image" >/dev/null

echo "waiting for the container's HEALTHCHECK" >&2
for _ in $(seq 1 60); do
  health=$(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$name")
  case $health in
    healthy) break ;;
    none) echo "the image defines no HEALTHCHECK" >&2; exit 1 ;;
  esac
  [ "$(docker inspect -f '{{.State.Running}}' "$name")" = true ] || { docker logs "$name" >&2; exit 1; }
  sleep 1
done
[ "$health" = healthy ] || { echo "container is $health after 60 s" >&2; docker logs "$name" >&2; exit 1; }

base="http://$(docker port "$name" 8000/tcp | head -n1)"
echo "API at $base" >&2
json=(--header 'Content-Type: application/json')
user=$(curl -fsS "${json[@]}" --data '{"username":"smoke_user","email":"smoke@example.com"}' "$base/api/v1/users")
user_id=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["user_id"])' "$user")
curl -fsS -o /dev/null "$base/api/v1/users/$user_id"
now_ms=$(($(date +%s) * 1000))
curl -fsS -o /dev/null "${json[@]}" --data \
  "{\"device_id\":\"smoke-01\",\"timestamp\":$now_ms,\"temperature\":21.5,\"humidity\":40,\"status\":\"active\"}" \
  "$base/api/v1/metrics"
history=$(curl -fsS "$base/api/v1/metrics/smoke-01")
python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert d["count"] == 1 and d["items"][0]["timestamp"] == int(sys.argv[2]), d' \
  "$history" "$now_ms"
echo "user created and read back; reading ingested and read back" >&2

start=$SECONDS
docker stop --time 30 "$name" >/dev/null
elapsed=$((SECONDS - start))
exit_code=$(docker inspect -f '{{.State.ExitCode}}' "$name")
echo "docker stop took ${elapsed} s, exit code $exit_code" >&2
[ "$exit_code" -eq 0 ] || { echo "the service did not exit cleanly on SIGTERM" >&2; exit 1; }
[ "$elapsed" -le 15 ] || { echo "the service took over 15 s to stop" >&2; exit 1; }
echo "image smoke test passed" >&2
