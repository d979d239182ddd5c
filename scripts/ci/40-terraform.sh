#!/usr/bin/env bash
# The Terraform estate, proved offline: formatting, init and validate of every root, the mocked
# `terraform test` suites of the modules, then bootstrap + dev applied to moto_server on loopback,
# inspected with the AWS CLI, and destroyed. Works on a copy of infra/ so the tree stays clean.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/common.sh
ensure_packages curl jq openssl

for tool in terraform moto_server aws; do
  command -v "$tool" >/dev/null || { echo "missing $tool (see the platform notes)" >&2; exit 1; }
done
[ -d /opt/tf-plugins/registry.terraform.io/hashicorp/aws ] || { echo "missing /opt/tf-plugins" >&2; exit 1; }

work=$(mktemp -d)
cleanup() {
  stop_background
  rm -rf "$work"
}
trap cleanup EXIT
terraform_offline "$work"

cp -a infra "$work/infra"
find "$work/infra" -name .terraform -prune -exec rm -rf {} +
infra="$work/infra"

tf() { terraform -chdir="$1" "${@:2}"; }

# ---------------------------------------------------------------------------------------------
stage "terraform fmt"
terraform fmt -check -recursive -diff infra

stage "dev and prod compose the same estate"
# Both roots hold one call of modules/portfolio and nothing else of their own; their inputs and
# outputs are the same.
for env in dev prod; do
  own=$(grep -hoE '^(resource|data|module) "[^"]+"( "[^"]+")?' "infra/environments/$env"/*.tf | sort | tr '\n' ' ')
  [ "$own" == 'module "portfolio" ' ] || { echo "environments/$env declares more than the estate: $own" >&2; exit 1; }
  grep -q 'source = "../../modules/portfolio"' "infra/environments/$env/main.tf"
done
for f in outputs.tf variables.tf; do
  diff -u "infra/environments/dev/$f" "infra/environments/prod/$f"
done

# ---------------------------------------------------------------------------------------------
stage "init and validate every root"
for root in bootstrap environments/dev environments/prod environments/lean; do
  echo "--> $root" >&2
  # -lockfile=readonly: the committed lock file must already be complete for the offline mirror.
  tf "$infra/$root" init -backend=false -lockfile=readonly -no-color >"$work/init.log" 2>&1 ||
    { cat "$work/init.log" >&2; exit 1; }
  tf "$infra/$root" validate -no-color
done

# ---------------------------------------------------------------------------------------------
stage "terraform test (mocked AWS provider)"
for module in "$infra"/modules/*/; do
  [ -d "$module/tests" ] || continue
  echo "--> modules/$(basename "$module")" >&2
  tf "$module" init -backend=false -no-color >"$work/init.log" 2>&1 || { cat "$work/init.log" >&2; exit 1; }
  tf "$module" test -no-color
done

echo "--> environments/lean" >&2
tf "$infra/environments/lean" test -no-color

# ---------------------------------------------------------------------------------------------
stage "cost estimator and security promise checks (unit tests)"
python3 -m unittest discover -s infra/cost/tests
(cd infra/environments/lean/tests && python3 -m unittest test_promises)

# ---------------------------------------------------------------------------------------------
stage "moto_server on loopback"

# moto speaks TLS with a throw-away certificate that the provider and the CLI trust through
# AWS_CA_BUNDLE, so nothing runs with certificate checks switched off.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$work/moto.key" -out "$work/moto.crt" 2>/dev/null
export AWS_CA_BUNDLE="$work/moto.crt"
MOTO_IAM_LOAD_MANAGED_POLICIES=true start_moto "$work/moto.log" "$work/moto.crt" "$work/moto.key"
endpoint=$MOTO_ENDPOINT

awsl() { aws --endpoint-url "$endpoint" --output json "$@"; }

stage "cost of lean, dev and prod (plans on moto_server), in step with docs/cost.md"
infra/cost/generate.sh --check "$endpoint"

stage "apply bootstrap and dev on moto_server"
passes=0 failures=0
# expect DESCRIPTION ACTUAL EXPECTED
expect() {
  if [ "$2" == "$3" ]; then
    echo "ok   $1" >&2
    passes=$((passes + 1))
  else
    echo "FAIL $1: got '$2', want '$3'" >&2
    failures=$((failures + 1))
  fi
}

for root in bootstrap environments/dev; do
  sed "s#@ENDPOINT@#$endpoint#g" "$infra/tests/moto/provider_override.tf.in" >"$infra/$root/moto_override.tf"
done
# The environments' us-east-1 provider (CloudFront's WAF web ACL) talks to the same moto.
sed "s#@ENDPOINT@#$endpoint#g" "$infra/tests/moto/provider_us_east_1_override.tf.in" >"$infra/environments/dev/moto_us_east_1_override.tf"

echo "--> bootstrap" >&2
tf "$infra/bootstrap" init -backend=false -lockfile=readonly -no-color >"$work/init.log" 2>&1 ||
  { cat "$work/init.log" >&2; exit 1; }
bootstrap_vars=(-var force_destroy=true -var github_repository=example-org/portfolio)
tf "$infra/bootstrap" apply -auto-approve -no-color "${bootstrap_vars[@]}" >"$work/bootstrap-apply.log" 2>&1 ||
  { cat "$work/bootstrap-apply.log" >&2; exit 1; }
state_bucket=$(tf "$infra/bootstrap" output -raw state_bucket)
lock_table=$(tf "$infra/bootstrap" output -raw lock_table)
expect "state bucket versioned" "$(awsl s3api get-bucket-versioning --bucket "$state_bucket" | jq -r .Status)" Enabled
expect "state bucket encrypted with KMS" \
  "$(awsl s3api get-bucket-encryption --bucket "$state_bucket" |
    jq -r '.ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault.SSEAlgorithm')" aws:kms
expect "state bucket public access blocked" \
  "$(awsl s3api get-public-access-block --bucket "$state_bucket" | jq -c '[.PublicAccessBlockConfiguration[]] | all')" true
expect "lock table key" "$(awsl dynamodb describe-table --table-name "$lock_table" | jq -c '.Table.KeySchema')" \
  '[{"AttributeName":"LockID","KeyType":"HASH"}]'
expect "state bucket refuses plain HTTP" \
  "$(awsl s3api get-bucket-policy --bucket "$state_bucket" | jq -r '.Policy | fromjson | .Statement[0].Condition.Bool["aws:SecureTransport"]')" false
trusted_subjects() {
  awsl iam get-role --role-name "$1" |
    jq -c '.Role.AssumeRolePolicyDocument | if type == "string" then fromjson else . end |
      [.Statement[].Condition.StringEquals["token.actions.githubusercontent.com:sub"]] | flatten'
}
expect "plan role trusted by the repository's pull requests and main" "$(trusted_subjects portfolio-terraform-plan)" \
  '["repo:example-org/portfolio:pull_request","repo:example-org/portfolio:ref:refs/heads/main"]'
expect "apply role trusted by the protected environments only" "$(trusted_subjects portfolio-terraform-apply)" \
  '["repo:example-org/portfolio:environment:dev","repo:example-org/portfolio:environment:production"]'
expect "plan role reads through ReadOnlyAccess" \
  "$(awsl iam list-attached-role-policies --role-name portfolio-terraform-plan | jq -r '[.AttachedPolicies[].PolicyName] | join(" ")')" ReadOnlyAccess
expect "role ARNs in the bootstrap outputs" \
  "$(tf "$infra/bootstrap" output -raw terraform_apply_role_arn)" "$(awsl iam get-role --role-name portfolio-terraform-apply | jq -r .Role.Arn)"
# moto evaluates bucket policies without their conditions, so the TLS-only Deny would deny the
# backend's own (TLS) requests; it was checked above and is lifted for the rest of the run.
awsl s3api delete-bucket-policy --bucket "$state_bucket"

echo "--> dev (state in the bootstrap's bucket, locked by its table)" >&2
dev="$infra/environments/dev"
sed -e "s#@ENDPOINT@#$endpoint#g" -e "s#@BUCKET@#$state_bucket#" -e "s#@LOCK_TABLE@#$lock_table#" \
  "$infra/tests/moto/backend.tfbackend.in" >"$work/moto.s3.tfbackend"
tf "$dev" init -lockfile=readonly -no-color -backend-config="$work/moto.s3.tfbackend" >"$work/init.log" 2>&1 ||
  { cat "$work/init.log" >&2; exit 1; }
# Application Auto Scaling's ListTagsForResource is missing from moto: the override turns the
# scaling target and policy off (the mocked tests cover them) and subscribes an alarm address.
cp "$infra/tests/moto/estate_override.tf" "$dev/estate_override.tf"
dev_vars=(-var github_repository=example-org/portfolio -var image_tag=0123456789abcdef0123456789abcdef01234567)
start=$SECONDS
if ! tf "$dev" apply -auto-approve -no-color "${dev_vars[@]}" >"$work/dev-apply.log" 2>&1; then
  cat "$work/dev-apply.log" >&2
  exit 1
fi
echo "dev applied in $((SECONDS - start)) s: $(grep -o 'Resources: [0-9]* added' "$work/dev-apply.log")" >&2
tf "$dev" output -no-color >&2

# --- what the AWS CLI sees
key_arn=$(awsl kms describe-key --key-id alias/portfolio-dev | jq -r .KeyMetadata.Arn)
declare -A keys=(
  [portfolio-users]='[{"AttributeName":"user_id","KeyType":"HASH"}]'
  [portfolio-user-uniques]='[{"AttributeName":"unique_key","KeyType":"HASH"}]'
  [portfolio-metrics]='[{"AttributeName":"device_id","KeyType":"HASH"},{"AttributeName":"timestamp","KeyType":"RANGE"}]'
  [portfolio-devices]='[{"AttributeName":"device_id","KeyType":"HASH"}]'
)
for table in "${!keys[@]}"; do
  desc=$(awsl dynamodb describe-table --table-name "$table")
  expect "$table key schema" "$(jq -c '.Table.KeySchema' <<<"$desc")" "${keys[$table]}"
  expect "$table on demand" "$(jq -r '.Table.BillingModeSummary.BillingMode' <<<"$desc")" PAY_PER_REQUEST
  expect "$table encrypted with the project key" \
    "$(jq -r '[.Table.SSEDescription.Status, .Table.SSEDescription.SSEType, .Table.SSEDescription.KMSMasterKeyArn] | join(" ")' <<<"$desc")" \
    "ENABLED KMS $key_arn"
  expect "$table point-in-time recovery" \
    "$(awsl dynamodb describe-continuous-backups --table-name "$table" |
      jq -r .ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus)" ENABLED
done
expect "portfolio-devices indexes: by_shard for pages, by_status for a status filter" \
  "$(awsl dynamodb describe-table --table-name portfolio-devices |
    jq -c '[.Table.GlobalSecondaryIndexes[] | [.IndexName, (.KeySchema | map(.AttributeName) | join("+")), .Projection.ProjectionType]] | sort')" \
  '[["by_shard","shard+device_id","ALL"],["by_status","status_shard+device_id","ALL"]]'
expect "metrics timestamp is a number" \
  "$(awsl dynamodb describe-table --table-name portfolio-metrics | jq -r '.Table.AttributeDefinitions[] | select(.AttributeName=="timestamp") | .AttributeType')" N

# A reading written and read back through the real table.
item='{"device_id":{"S":"sensor-ci-1"},"timestamp":{"N":"1767225600000"},"temperature":{"N":"21.5"},"status":{"S":"active"}}'
awsl dynamodb put-item --table-name portfolio-metrics --item "$item"
expect "put/get round trip on portfolio-metrics" \
  "$(awsl dynamodb get-item --table-name portfolio-metrics --consistent-read \
    --key '{"device_id":{"S":"sensor-ci-1"},"timestamp":{"N":"1767225600000"}}' | jq -c '.Item | to_entries | sort_by(.key) | from_entries')" \
  "$(jq -c 'to_entries | sort_by(.key) | from_entries' <<<"$item")"

sg_id() { awsl ec2 describe-security-groups --filters "Name=tag:Name,Values=$1" | jq -r '.SecurityGroups[0].GroupId'; }
task_sg=$(sg_id portfolio-api-task)
alb_sg=$(sg_id portfolio-dev-alb)
ingress() {
  awsl ec2 describe-security-group-rules --filters "Name=group-id,Values=$1" |
    jq -c '[.SecurityGroupRules[] | select(.IsEgress | not) | {p: .IpProtocol, from: .FromPort, to: .ToPort, cidr: .CidrIpv4, sg: .ReferencedGroupInfo.GroupId}] | sort_by(.from)'
}
expect "task security group: only 8000 from the load balancer group" "$(ingress "$task_sg")" \
  "[{\"p\":\"tcp\",\"from\":8000,\"to\":8000,\"cidr\":null,\"sg\":\"$alb_sg\"}]"
cloudfront_pl=$(awsl ec2 describe-managed-prefix-lists --filters Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing |
  jq -r '.PrefixLists[0].PrefixListId')
expect "load balancer security group: only 80 from CloudFront's origin-facing prefix list (no certificate in dev)" \
  "$(awsl ec2 describe-security-group-rules --filters "Name=group-id,Values=$alb_sg" |
    jq -c '[.SecurityGroupRules[] | select(.IsEgress | not) | {from: .FromPort, to: .ToPort, cidr: .CidrIpv4, pl: .PrefixListId}]')" \
  "[{\"from\":80,\"to\":80,\"cidr\":null,\"pl\":\"$cloudfront_pl\"}]"
# The origin header: CloudFront sends it, the listener forwards only with it (403 otherwise), and
# the tasks read the same value from SSM.
origin_secret=$(awsl ssm get-parameter --name /portfolio-dev/portfolio-api/origin-verify-secret --with-decryption | jq -r .Parameter.Value)
lb_arn=$(awsl elbv2 describe-load-balancers --names portfolio-dev | jq -r '.LoadBalancers[0].LoadBalancerArn')
listener_arn=$(awsl elbv2 describe-listeners --load-balancer-arn "$lb_arn" | jq -r '.Listeners[0].ListenerArn')
expect "listener: forward with X-Origin-Verify, 403 without" \
  "$(awsl elbv2 describe-rules --listener-arn "$listener_arn" |
    jq -c --arg s "$origin_secret" '[.Rules[] | [.Priority, ([.Conditions[].HttpHeaderConfig | select(. != null) | .HttpHeaderName, (.Values == [$s])]), .Actions[0].Type, .Actions[0].FixedResponseConfig.StatusCode]]')" \
  '[["1",["X-Origin-Verify",true],"forward",null],["default",[],"fixed-response","403"]]'
distribution_id=$(tf "$dev" output -raw cloudfront_distribution_id)
distribution=$(awsl cloudfront get-distribution-config --id "$distribution_id" | jq -c .DistributionConfig)
expect "CloudFront sends the origin header to the API origin only" \
  "$(jq -c --arg s "$origin_secret" '[.Origins.Items[] | [.Id, ([.CustomHeaders.Items[]? | .HeaderName, (.HeaderValue == $s)])]] | sort' <<<"$distribution")" \
  '[["api-load-balancer",["X-Origin-Verify",true]],["images-bucket",[]],["site-bucket",[]]]'
# The images: read from their private bucket through the Origin Access Control, /images/* only,
# GET and HEAD over HTTPS; the bucket lets this distribution get objects, and the tasks link there.
images_bucket=$(awsl s3api list-buckets | jq -r '[.Buckets[].Name | select(startswith("portfolio-dev-images-"))] | .[0]')
# moto keeps no OriginAccessControlId on the origins (the mocked static-site tests check it).
expect "CloudFront's bucket origins are the two buckets" \
  "$(jq -c '[.Origins.Items[] | select(.Id != "api-load-balancer") | [.Id, .DomainName]] | sort' <<<"$distribution")" \
  "[[\"images-bucket\",\"$images_bucket.s3.ap-northeast-1.amazonaws.com\"],[\"site-bucket\",\"portfolio-dev-site-123456789012.s3.ap-northeast-1.amazonaws.com\"]]"
expect "the images behaviour: /images/*, GET and HEAD over HTTPS, uncompressed" \
  "$(jq -c '[.CacheBehaviors.Items[] | select(.TargetOriginId == "images-bucket") | [.PathPattern, .ViewerProtocolPolicy, (.AllowedMethods.Items | sort), .Compress]]' <<<"$distribution")" \
  '[["/images/*","https-only",["GET","HEAD"],false]]'
# In AWS's form (moto's own ARN leaves out the empty region field; modules/portfolio spells it so).
distribution_arn="arn:aws:cloudfront::123456789012:distribution/$distribution_id"
expect "the images bucket lets this distribution get images, and nothing else in" \
  "$(awsl s3api get-bucket-policy --bucket "$images_bucket" |
    jq -c '[.Policy | fromjson | .Statement[] | select(.Effect == "Allow") | [.Principal.Service, .Action, .Condition.StringEquals["AWS:SourceArn"]]]')" \
  "[[\"cloudfront.amazonaws.com\",\"s3:GetObject\",\"$distribution_arn\"]]"
web_acl_arn=$(awsl wafv2 list-web-acls --scope CLOUDFRONT --region us-east-1 | jq -r '.WebACLs[] | select(.Name == "portfolio-dev-edge") | .ARN')
expect "the WAF web ACL guards the distribution" "$(jq -r .WebACLId <<<"$distribution")" "$web_acl_arn"
expect "the web ACL's rate limits" \
  "$(awsl wafv2 get-web-acl --scope CLOUDFRONT --region us-east-1 --name portfolio-dev-edge --id "${web_acl_arn##*/}" |
    jq -c '[.WebACL.Rules[] | select(.Statement.RateBasedStatement) | [.Name, .Statement.RateBasedStatement.Limit]] | sort')" \
  '[["api-rate",100],["ingest-rate",1000]]'
expect "CloudFront access logs to the logs bucket" "$(jq -r '.Logging | [.Enabled, .Bucket, .Prefix] | join(" ")' <<<"$distribution")" \
  "true portfolio-dev-site-123456789012-logs.s3.amazonaws.com cloudfront/"
expect "dashboard bucket access logged" \
  "$(awsl s3api get-bucket-logging --bucket portfolio-dev-site-123456789012 | jq -r .LoggingEnabled.TargetBucket)" portfolio-dev-site-123456789012-logs
# CURSOR_SECRET: a 64-character SecureString under the project key, whose value is nowhere in the
# state (an ephemeral value written write-only).
cursor=$(awsl ssm get-parameter --name /portfolio-dev/portfolio-api/cursor-secret --with-decryption | jq -c .Parameter)
expect "CURSOR_SECRET parameter: SecureString, 64 characters" "$(jq -r '[.Type, (.Value | length)] | join(" ")' <<<"$cursor")" "SecureString 64"
expect "CURSOR_SECRET parameter under the project key" \
  "$(awsl ssm describe-parameters --parameter-filters Key=Name,Values=/portfolio-dev/portfolio-api/cursor-secret | jq -r '.Parameters[0].KeyId')" "$key_arn"
expect "CURSOR_SECRET never in the state" \
  "$(awsl s3 cp "s3://$state_bucket/portfolio/dev/terraform.tfstate" - | grep -c -F "$(jq -r .Value <<<"$cursor")" || true)" 0
expect "VPC flow logs of all traffic" \
  "$(awsl ec2 describe-flow-logs | jq -r '[.FlowLogs[] | .TrafficType] | join(" ")')" ALL
expect "image repository encrypted with the project key" \
  "$(awsl ecr describe-repositories --repository-names portfolio-api | jq -r '.repositories[0].encryptionConfiguration | [.encryptionType, .kmsKey] | join(" ")')" "KMS $key_arn"

logs=$(awsl logs describe-log-groups --log-group-name-prefix /aws/ecs/portfolio-api | jq -c '.logGroups[0]')
expect "log group kept 30 days, encrypted with the project key" \
  "$(jq -r '[.logGroupName, .retentionInDays, .kmsKeyId] | join(" ")' <<<"$logs")" "/aws/ecs/portfolio-api 30 $key_arn"

taskdef=$(awsl ecs describe-task-definition --task-definition portfolio-api | jq -c .taskDefinition)
expect "task size" "$(jq -r '[.cpu, .memory] | join("/")' <<<"$taskdef")" 256/512
expect "task runs the named build from the service's repository" "$(jq -r '.containerDefinitions[0].image | sub("^[^/]+/"; "")' <<<"$taskdef")" \
  "portfolio-api:0123456789abcdef0123456789abcdef01234567"
expect "task storage settings" \
  "$(jq -r '.containerDefinitions[0].environment | from_entries | [.STORAGE, .DYNAMODB_METRICS_TABLE, .TRUSTED_PROXIES, .PORT] | join(" ")' <<<"$taskdef")" \
  "dynamodb portfolio-metrics 10.0.1.0/24,10.0.2.0/24 8000"
expect "task image settings: S3, linked through the distribution's /images/" \
  "$(jq -r '.containerDefinitions[0].environment | from_entries | [.IMAGE_STORE, .IMAGES_PREFIX, .IMAGES_PUBLIC_BASE_URL] | join(" ")' <<<"$taskdef")" \
  "s3 images/ /images/"
expect "task secrets from SSM" \
  "$(jq -c '[.containerDefinitions[0].secrets[] | [.name, (.valueFrom | sub("^.*:parameter"; ""))]] | sort' <<<"$taskdef")" \
  '[["CURSOR_SECRET","/portfolio-dev/portfolio-api/cursor-secret"],["ORIGIN_VERIFY_SECRET","/portfolio-dev/portfolio-api/origin-verify-secret"]]'
expect "container health check" "$(jq -c '.containerDefinitions[0].healthCheck.command' <<<"$taskdef")" \
  '["CMD","/app/portfolio-api","healthcheck"]'
expect "service behind the load balancer" \
  "$(awsl ecs describe-services --cluster portfolio-dev --services portfolio-api | jq -r '.services[0].loadBalancers[0].containerPort')" 8000
expect "target group health check" \
  "$(awsl elbv2 describe-target-groups --names portfolio-dev | jq -r '.TargetGroups[0] | [.HealthCheckPath, .TargetType] | join(" ")')" "/health ip"
expect "alarms to the topic" \
  "$(awsl cloudwatch describe-alarms --alarm-name-prefix portfolio-dev- | jq '[.MetricAlarms[] | select(.AlarmActions | length == 1)] | length')" 9
expect "dev state stored in the bootstrap bucket" \
  "$(awsl s3api head-object --bucket "$state_bucket" --key portfolio/dev/terraform.tfstate >/dev/null && echo yes)" yes
expect "state checksum recorded in the lock table" \
  "$(awsl dynamodb get-item --table-name "$lock_table" --key "{\"LockID\":{\"S\":\"$state_bucket/portfolio/dev/terraform.tfstate-md5\"}}" | jq -r '.Item.Digest.S | length > 0')" true

tf "$dev" show -json >"$work/dev-state.json"
if python3 infra/environments/lean/tests/promises.py "$work/dev-state.json" >&2; then
  expect "dev keeps the security promises (promises.py)" yes yes
else
  expect "dev keeps the security promises (promises.py)" no yes
fi

start=$SECONDS
tf "$dev" destroy -auto-approve -no-color "${dev_vars[@]}" >"$work/dev-destroy.log" 2>&1 ||
  { cat "$work/dev-destroy.log" >&2; exit 1; }
echo "dev destroyed in $((SECONDS - start)) s" >&2
expect "no service table left after destroy" \
  "$(awsl dynamodb list-tables | jq -c '[.TableNames[] | select(. != "'"$lock_table"'")]')" '[]'
tf "$infra/bootstrap" destroy -auto-approve -no-color "${bootstrap_vars[@]}" >"$work/bootstrap-destroy.log" 2>&1 ||
  { cat "$work/bootstrap-destroy.log" >&2; exit 1; }

stage "apply lean on moto_server"
# Same moto, after dev is gone (the tables have the service's fixed names); local state.
if infra/environments/lean/tests/moto_apply.sh "$infra" "$endpoint" "$work"; then
  expect "lean applies, keeps its promises and destroys" yes yes
else
  expect "lean applies, keeps its promises and destroys" no yes
fi

echo "moto: $passes passed, $failures failed"
[ "$failures" -eq 0 ]
