#!/usr/bin/env bash
# Applies the lean estate to a running moto_server, checks with the AWS CLI what it promises, runs
# the plan/state promise checks (the same ones dev passes), and destroys it. Called by
# scripts/ci/40-terraform.sh with a copy of infra/ and moto's endpoint; works standalone too:
#   infra/environments/lean/tests/moto_apply.sh <copy of infra> <endpoint> <work dir>
# The state stays local (dev's run already proves the S3 backend).
set -euo pipefail
infra=$1 endpoint=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
lean="$infra/environments/lean"

sed "s#@ENDPOINT@#$endpoint#g" "$infra/tests/moto/provider_override.tf.in" >"$lean/moto_override.tf"
# The same endpoints for the provider that draws CURSOR_SECRET (alias secrets, versions.tf).
sed -e "s#@ENDPOINT@#$endpoint#g" -e 's#^provider "aws" {#provider "aws" {\n  alias = "secrets"#' \
  "$infra/tests/moto/provider_override.tf.in" >"$lean/moto_secrets_override.tf"
cp "$here/moto/estate_override.tf" "$lean/estate_override.tf"
printf 'terraform {\n  backend "local" {}\n}\n' >"$lean/backend_override.tf"

tf() { terraform -chdir="$lean" "$@"; }
awsl() { aws --endpoint-url "$endpoint" --output json "$@"; }
vars=(-var github_repository=example-org/portfolio -var image_tag=0123456789abcdef0123456789abcdef01234567)

tf init -lockfile=readonly -no-color >"$work/lean-init.log" 2>&1 || { cat "$work/lean-init.log" >&2; exit 1; }
start=$SECONDS
tf apply -auto-approve -no-color "${vars[@]}" >"$work/lean-apply.log" 2>&1 || { cat "$work/lean-apply.log" >&2; exit 1; }
echo "lean applied in $((SECONDS - start)) s: $(grep -o 'Resources: [0-9]* added' "$work/lean-apply.log")" >&2

passes=0 failures=0
expect() {
  if [ "$2" == "$3" ]; then
    echo "ok   lean: $1" >&2
    passes=$((passes + 1))
  else
    echo "FAIL lean: $1: got '$2', want '$3'" >&2
    failures=$((failures + 1))
  fi
}

tf show -json >"$work/lean-state.json"
if python3 "$here/promises.py" "$work/lean-state.json" >&2; then passes=$((passes + 1)); else failures=$((failures + 1)); fi

sg_id() { awsl ec2 describe-security-groups --filters "Name=tag:Name,Values=$1" | jq -r '.SecurityGroups[0].GroupId'; }
task_sg=$(sg_id portfolio-api-task)
link_sg=$(sg_id portfolio-lean-vpc-link)
rules() {
  awsl ec2 describe-security-group-rules --filters "Name=group-id,Values=$1" |
    jq -c "[.SecurityGroupRules[] | select(.IsEgress == $2) | {p: .IpProtocol, from: .FromPort, to: .ToPort, cidr: .CidrIpv4, sg: .ReferencedGroupInfo.GroupId}] | sort_by(.from)"
}
expect "task security group: only 8000 from the VPC link" "$(rules "$task_sg" false)" \
  "[{\"p\":\"tcp\",\"from\":8000,\"to\":8000,\"cidr\":null,\"sg\":\"$link_sg\"}]"
expect "VPC link security group admits nothing" "$(rules "$link_sg" false)" "[]"
expect "VPC link security group: out only to the tasks' 8000" "$(rules "$link_sg" true)" \
  "[{\"p\":\"tcp\",\"from\":8000,\"to\":8000,\"cidr\":null,\"sg\":\"$task_sg\"}]"
expect "no NAT gateway" "$(awsl ec2 describe-nat-gateways | jq '[.NatGateways[] | select(.State != "deleted")] | length')" 0
vpc=$(awsl ec2 describe-vpcs --filters Name=tag:Name,Values=portfolio-lean | jq -r '.Vpcs[0].VpcId')
expect "no Elastic IP" "$(awsl ec2 describe-addresses | jq '.Addresses | length')" 0
expect "private subnets have no default route" \
  "$(awsl ec2 describe-route-tables --filters "Name=vpc-id,Values=$vpc" "Name=tag:Name,Values=portfolio-lean-private" |
    jq '[.RouteTables[0].Routes[] | select(.DestinationCidrBlock == "0.0.0.0/0")] | length')" 0

service=$(awsl ecs describe-services --cluster portfolio-lean --services portfolio-api | jq -c '.services[0]')
# moto does not echo capacityProviderStrategy: Spot is asserted by the mocked tests of ecs-service.
expect "tasks get a public address" "$(jq -r '.networkConfiguration.awsvpcConfiguration.assignPublicIp' <<<"$service")" ENABLED
expect "service registered in Cloud Map, no load balancer" \
  "$(jq -r '[(.serviceRegistries | length), (.loadBalancers | length)] | join(" ")' <<<"$service")" "1 0"
expect "Container Insights off" \
  "$(awsl ecs describe-clusters --clusters portfolio-lean --include SETTINGS | jq -r '.clusters[0].settings[] | select(.name == "containerInsights") | .value')" disabled

key_arn=$(awsl kms describe-key --key-id alias/portfolio-lean | jq -r .KeyMetadata.Arn)
for table in portfolio-users portfolio-user-uniques portfolio-metrics portfolio-devices; do
  expect "$table encrypted with the project key" \
    "$(awsl dynamodb describe-table --table-name "$table" | jq -r '[.Table.SSEDescription.SSEType, .Table.SSEDescription.KMSMasterKeyArn] | join(" ")')" "KMS $key_arn"
done
expect "log group encrypted with the project key" \
  "$(awsl logs describe-log-groups --log-group-name-prefix /aws/ecs/portfolio-api | jq -r '.logGroups[0].kmsKeyId')" "$key_arn"
api=$(awsl apigatewayv2 get-apis | jq -c '.Items[] | select(.Name == "portfolio-lean")')
api_id=$(jq -r .ApiId <<<"$api")
expect "HTTP API" "$(jq -r .ProtocolType <<<"$api")" HTTP
expect "integration through the VPC link" \
  "$(awsl apigatewayv2 get-integrations --api-id "$api_id" | jq -r '.Items[0] | [.ConnectionType, .IntegrationType] | join(" ")')" "VPC_LINK HTTP_PROXY"
expect "stage throttled" \
  "$(awsl apigatewayv2 get-stages --api-id "$api_id" | jq -r '.Items[0].DefaultRouteSettings | [.ThrottlingRateLimit, .ThrottlingBurstLimit] | map(tostring) | join(" ")')" "50 100"
site_bucket=$(tf output -raw site_bucket_name)
expect "dashboard bucket public access blocked" \
  "$(awsl s3api get-public-access-block --bucket "$site_bucket" | jq -c '[.PublicAccessBlockConfiguration[]] | all')" true

# Black-box: the service with the task definition's own environment, against the tables moto now
# holds (moto runs no containers, so the binary runs here, as the task would).
if [ -n "${PORTFOLIO_BINARY:-}" ] && [ -x "$PORTFOLIO_BINARY" ]; then
  "$here/blackbox.sh" "$endpoint" "$work" && passes=$((passes + 1)) || failures=$((failures + 1))
fi

start=$SECONDS
tf destroy -auto-approve -no-color "${vars[@]}" >"$work/lean-destroy.log" 2>&1 || { cat "$work/lean-destroy.log" >&2; exit 1; }
echo "lean destroyed in $((SECONDS - start)) s" >&2
expect "no lean table left after destroy" "$(awsl dynamodb list-tables | jq -c '[.TableNames[] | select(startswith("portfolio-"))]')" '[]'

echo "lean on moto: $passes passed, $failures failed" >&2
[ "$failures" -eq 0 ]
