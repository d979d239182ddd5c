#!/usr/bin/env bash
# The DynamoDB back end against three independent DynamoDB implementations on loopback:
# moto_server (Python), dynalite (Node.js, LevelDB) and DynamoDB Local (AWS's own, Java). Runs every CTest labelled `dynamodb` (the
# shared storage suite, fault injection) and, once they exist, the end-to-end tests on DynamoDB.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/common.sh
ensure_packages "${CXX_BUILD_PACKAGES[@]}" curl python3
ensure_node

if ! command -v moto_server >/dev/null; then
  echo "moto_server is not on PATH: this stage needs moto (moto[server]) for the Python first on PATH" >&2
  exit 1
fi

# The release build of the C++ stage (built here when this stage runs on its own).
build_preset release

# dynalite lives outside the repository, reused between runs on the same machine.
DYNALITE_DIR=${DYNALITE_DIR:-$HOME/.cache/portfolio-dynalite}
if [ ! -x "$DYNALITE_DIR/node_modules/.bin/dynalite" ]; then
  mkdir -p "$DYNALITE_DIR"
  (cd "$DYNALITE_DIR" && npm install --no-audit --no-fund --loglevel=error dynalite@4.0.0 >/dev/null)
fi

trap stop_background EXIT

export AWS_ACCESS_KEY_ID=local-test-key AWS_SECRET_ACCESS_KEY=local-test-secret AWS_REGION=us-east-1
logs=$(mktemp -d)

dynalite_port=$(free_port)
"$DYNALITE_DIR/node_modules/.bin/dynalite" --host 127.0.0.1 --port "$dynalite_port" >"$logs/dynalite.log" 2>&1 &
BACKGROUND_PIDS+=($!)
start_moto "$logs/moto.log"
moto=$MOTO_ENDPOINT
# dynalite answers 400 to a bare GET, which still proves it listens.
deadline=$((SECONDS + 30))
until curl -s -o /dev/null "http://127.0.0.1:$dynalite_port/"; do
  [ $SECONDS -lt $deadline ] || { echo "dynalite did not start" >&2; cat "$logs/dynalite.log" >&2; exit 1; }
  sleep 0.2
done

# moto_server answers requests on several threads and applies concurrent conditional writes without
# isolation: two of sixteen racing creates of one username both commit (TransactWriteItems, 2-3
# winners in 7 of 10 runs on a loaded machine), and 8 threads making 40 optimistic increments each
# (UpdateItem conditional on a version) kept 318 of 320. The tests of racing writers (unique
# names, concurrent rollup writers), and the end-to-end users suite that races creates, therefore run
# on DynamoDB Local, below, not here.
stage "DynamoDB tests against moto_server (racing writers excepted)"
DYNAMODB_TEST_ENDPOINT="$moto" ctest --preset release -L dynamodb -E 'ParallelCreates|ConcurrentWritersKeepTheRollupsExact'

# dynalite 4.0.0 implements no transactions (TransactWriteItems answers UnknownOperationException),
# and the user operations are built on them, so the user tests run against moto only. Nor can it
# add an index to an on-demand table (UpdateTable asks for the index's ProvisionedThroughput, which
# AWS forbids there), so the upgrade of an older devices table runs on moto and DynamoDB Local.
stage "DynamoDB tests against dynalite (readings; dynalite has no TransactWriteItems)"
DYNAMODB_TEST_ENDPOINT="http://127.0.0.1:$dynalite_port" ctest --preset release -L dynamodb \
  -E 'CreatedUser|UsernameIsUnique|EmailIsUnique|Update|Delete|ParallelCreates|UserPages|ForeignPositionTokens|ErrorMessages|DynamoDbUpgrade'

# DynamoDB Local, AWS's own implementation, from the npm package the dev stack uses
# (docker/install-npm-assets.sh) on Debian's Java. It has no bind-address option and listens on every
# interface, so it and the tests run in a network namespace that has only loopback. Its access keys
# must be letters and digits only.
ensure_packages default-jre-headless iproute2 util-linux
DYNAMODB_LOCAL_DIR=${DYNAMODB_LOCAL_DIR:-$HOME/.cache/portfolio-dynamodb-local}
if [ ! -f "$DYNAMODB_LOCAL_DIR/emulator/DynamoDBLocal.jar" ]; then
  mkdir -p "$DYNAMODB_LOCAL_DIR"
  (cd "$DYNAMODB_LOCAL_DIR" && tar -xzf "$(npm pack amplify-dynamodb-simulator@2.9.30 --silent)" package/emulator &&
    mv package/emulator emulator && rmdir package)
fi
stage "DynamoDB tests against DynamoDB Local (AWS's own)"
DDB_DIR="$DYNAMODB_LOCAL_DIR/emulator" LOGS="$logs" unshare -n bash -c '
  set -euo pipefail
  ip link set lo up
  java -Djava.library.path="$DDB_DIR/DynamoDBLocal_lib" -jar "$DDB_DIR/DynamoDBLocal.jar" -inMemory \
    -disableTelemetry -port 8000 >"$LOGS/dynamodb-local.log" 2>&1 &
  java_pid=$!
  trap "kill $java_pid 2>/dev/null || true" EXIT
  deadline=$((SECONDS + 60))
  until curl -s -o /dev/null http://127.0.0.1:8000/; do
    [ $SECONDS -lt $deadline ] || { echo "DynamoDB Local did not start" >&2; cat "$LOGS/dynamodb-local.log" >&2; exit 1; }
    sleep 0.5
  done
  AWS_ACCESS_KEY_ID=localtest AWS_SECRET_ACCESS_KEY=localtest DYNAMODB_TEST_ENDPOINT=http://127.0.0.1:8000 \
    ctest --preset release -L dynamodb
  # The end-to-end users suite races sixteen creates of one username, which moto does not isolate.
  if ctest --preset release -N -R "^e2e\.test_users$" 2>/dev/null | grep -q "Total Tests: 1"; then
    echo "==== end-to-end users tests on the DynamoDB back end (DynamoDB Local) ===="
    AWS_ACCESS_KEY_ID=localtest AWS_SECRET_ACCESS_KEY=localtest E2E_STORAGE=dynamodb \
      DYNAMODB_ENDPOINT=http://127.0.0.1:8000 ctest --preset release -R "^e2e\.test_users$"
  fi'

# moto_server also emulates S3: the image stores' behavioural suite and the image end-to-end tests
# run on it as on the local folder.
stage "image store tests against moto_server's S3"
S3_TEST_ENDPOINT="$moto" ctest --preset release -R '^S3/ImageStoreBehaviour'
stage "image end-to-end tests on IMAGE_STORE=s3 (moto_server)"
E2E_S3_ENDPOINT="$moto" ctest --preset release -R '^e2e\.test_images$'

if ctest --preset release -N -L e2e 2>/dev/null | grep -q 'Total Tests: [1-9]'; then
  stage "end-to-end tests on the DynamoDB back end (moto_server; the users suite ran on DynamoDB Local)"
  # moto answers one call at a time: the 500-reading batch of test_metrics takes ~9 s on a loaded
  # machine, at the clients' default 10 s, so the deadlines are scaled.
  E2E_SLOWDOWN=${E2E_SLOWDOWN:-3} E2E_STORAGE=dynamodb DYNAMODB_ENDPOINT="$moto" \
    DYNALITE_ENDPOINT="http://127.0.0.1:$dynalite_port" ctest --preset release -L e2e -E '^e2e\.test_users$'
fi
