#!/usr/bin/env bash
# Smoke-tests a deployed service: GET /health must be 200 with "status":"healthy" and
# GET /health/db must be 200 with "database":"connected". Retries for a while, because an ALB
# can still route some requests to the old tasks right after a deployment turns stable.
#
# usage: smoke-test.sh BASE_URL [ATTEMPTS=10] [DELAY_SECONDS=6]
# Exits 0 when both checks pass in the same attempt, 1 otherwise.
set -euo pipefail

base_url=${1:?usage: smoke-test.sh BASE_URL [ATTEMPTS] [DELAY_SECONDS]}
attempts=${2:-10}
delay=${3:-6}
base_url=${base_url%/}

# check PATH FIELD VALUE: the endpoint answers 200 and its JSON body has FIELD == VALUE.
check() {
  local path=$1 field=$2 expected=$3 body status
  body=$(mktemp)
  status=$(curl -s -o "$body" -w '%{http_code}' --max-time 10 "$base_url$path") || true
  if [ "$status" != 200 ]; then
    echo "  $path: HTTP ${status:-000} $(head -c 300 "$body" 2>/dev/null)" >&2
    rm -f "$body"
    return 1
  fi
  if ! python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d.get(sys.argv[2]) == sys.argv[3] else 1)' \
      "$body" "$field" "$expected" 2>/dev/null; then
    echo "  $path: 200 but $field is not \"$expected\": $(head -c 300 "$body")" >&2
    rm -f "$body"
    return 1
  fi
  echo "  $path: 200, $field=$expected" >&2
  rm -f "$body"
}

for ((attempt = 1; attempt <= attempts; attempt++)); do
  echo "smoke test $attempt/$attempts against $base_url" >&2
  if check /health status healthy && check /health/db database connected; then
    echo "smoke test passed" >&2
    exit 0
  fi
  [ "$attempt" -lt "$attempts" ] && sleep "$delay"
done
echo "smoke test FAILED after $attempts attempts" >&2
exit 1
