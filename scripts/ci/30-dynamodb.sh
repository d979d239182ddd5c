#!/usr/bin/env bash
# The DynamoDB back end against two independent DynamoDB implementations on loopback:
# moto_server (Python) and dynalite (Node.js, LevelDB). Runs every CTest labelled `dynamodb` (the
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

# The service embeds the API documentation assets (as in the C++ stage).
npm ci --prefix tools/api-docs --no-audit --no-fund --loglevel=error >/dev/null
cmake --preset release >/dev/null
cmake --build --preset release

# dynalite lives outside the repository, reused between runs on the same machine.
DYNALITE_DIR=${DYNALITE_DIR:-$HOME/.cache/portfolio-dynalite}
if [ ! -x "$DYNALITE_DIR/node_modules/.bin/dynalite" ]; then
  mkdir -p "$DYNALITE_DIR"
  (cd "$DYNALITE_DIR" && npm install --no-audit --no-fund --loglevel=error dynalite@4.0.0 >/dev/null)
fi

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

export AWS_ACCESS_KEY_ID=local-test-key AWS_SECRET_ACCESS_KEY=local-test-secret AWS_REGION=us-east-1
logs=$(mktemp -d)

moto_port=$(free_port)
moto_server -H 127.0.0.1 -p "$moto_port" >"$logs/moto.log" 2>&1 &
pids+=($!)
dynalite_port=$(free_port)
"$DYNALITE_DIR/node_modules/.bin/dynalite" --host 127.0.0.1 --port "$dynalite_port" >"$logs/dynalite.log" 2>&1 &
pids+=($!)
wait_for_http "http://127.0.0.1:$moto_port/" 60
# dynalite answers 400 to a bare GET, which still proves it listens.
deadline=$((SECONDS + 30))
until curl -s -o /dev/null "http://127.0.0.1:$dynalite_port/"; do
  [ $SECONDS -lt $deadline ] || { echo "dynalite did not start" >&2; cat "$logs/dynalite.log" >&2; exit 1; }
  sleep 0.2
done

stage "DynamoDB tests against moto_server"
DYNAMODB_TEST_ENDPOINT="http://127.0.0.1:$moto_port" ctest --preset release -L dynamodb

# dynalite 4.0.0 implements no transactions (TransactWriteItems answers UnknownOperationException),
# and the user operations are built on them, so the user tests run against moto only.
stage "DynamoDB tests against dynalite (readings; dynalite has no TransactWriteItems)"
DYNAMODB_TEST_ENDPOINT="http://127.0.0.1:$dynalite_port" ctest --preset release -L dynamodb \
  -E 'CreatedUser|UsernameIsUnique|EmailIsUnique|Update|Delete|ParallelCreates|UserPages|ForeignPositionTokens'

# moto_server also emulates S3: the image stores' behavioural suite and the image end-to-end tests
# run on it as on the local folder.
stage "image store tests against moto_server's S3"
S3_TEST_ENDPOINT="http://127.0.0.1:$moto_port" ctest --preset release -R '^S3/ImageStoreBehaviour'
stage "image end-to-end tests on IMAGE_STORE=s3 (moto_server)"
E2E_S3_ENDPOINT="http://127.0.0.1:$moto_port" ctest --preset release -R '^e2e\.test_images$'

if ctest --preset release -N -L e2e 2>/dev/null | grep -q 'Total Tests: [1-9]'; then
  stage "end-to-end tests on the DynamoDB back end (moto_server)"
  E2E_STORAGE=dynamodb DYNAMODB_ENDPOINT="http://127.0.0.1:$moto_port" ctest --preset release -L e2e
fi
