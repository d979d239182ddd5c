#!/usr/bin/env python3
"""The estate's security promises, checked on every resource of an applied state (`terraform show
-json`): the same checks for lean and dev, so the lean profile cannot quietly drop one.

    promises.py state.json        exit 1 and one line per broken promise

- no public data: every bucket blocks public access, has ACLs off (but a bucket CloudFront
  delivers standard logs to, which that delivery needs as BucketOwnerPreferred), is encrypted and
  denies requests without TLS; nothing but 80/443 is open to the internet, and every other ingress rule
  names a security group;
- encryption: every table, log group and topic uses a KMS key, and every table has point-in-time
  recovery;
- least privilege: no inline role policy allows `*` or `service:*` actions, and `Resource: "*"`
  only for the actions that take no resource.
"""

import json
import sys

# Actions IAM cannot scope to a resource (the AWS service authorization reference lists them so).
NO_RESOURCE_ACTIONS = {
    "ecr:GetAuthorizationToken", "ecs:RegisterTaskDefinition", "ecs:DescribeTaskDefinition",
    "ecs:DeregisterTaskDefinition", "ecs:ListTaskDefinitions", "ecs:DescribeTaskDefinitions",
}
INTERNET = {"0.0.0.0/0", "::/0"}


def resources(module):
    yield from module.get("resources", [])
    for child in module.get("child_modules", []):
        yield from resources(child)


def listify(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def check(state):
    found = [r for r in resources(state.get("values", {}).get("root_module", {})) if r.get("mode") == "managed"]
    by_type = {}
    for r in found:
        by_type.setdefault(r["type"], []).append(r)
    broken = []

    def of(type_, bucket):
        return [r["values"] for r in by_type.get(type_, []) if r["values"].get("bucket") == bucket]

    # CloudFront's standard logs are written through the bucket ACL: their bucket alone may keep ACLs.
    cloudfront_log_buckets = {
        c["bucket"].split(".s3.")[0]
        for d in by_type.get("aws_cloudfront_distribution", [])
        for c in d["values"].get("logging_config") or [] if c.get("bucket")
    }
    for bucket in by_type.get("aws_s3_bucket", []):
        name = bucket["values"]["bucket"]
        allowed_owners = {"BucketOwnerEnforced"} | ({"BucketOwnerPreferred"} if name in cloudfront_log_buckets else set())
        blocks = of("aws_s3_bucket_public_access_block", name)
        if not blocks or not all(blocks[0].get(k) for k in (
                "block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets")):
            broken.append(f"bucket {name}: public access not fully blocked")
        owners = of("aws_s3_bucket_ownership_controls", name)
        if not owners or owners[0]["rule"][0]["object_ownership"] not in allowed_owners:
            broken.append(f"bucket {name}: ACLs not off (BucketOwnerEnforced)")
        if not of("aws_s3_bucket_server_side_encryption_configuration", name):
            broken.append(f"bucket {name}: no encryption configuration")
        policies = of("aws_s3_bucket_policy", name)
        statements = json.loads(policies[0]["policy"])["Statement"] if policies else []
        if not any(s.get("Effect") == "Deny" and s.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport") == "false"
                   for s in statements):
            broken.append(f"bucket {name}: requests without TLS are not denied")

    for rule in by_type.get("aws_vpc_security_group_ingress_rule", []):
        v = rule["values"]
        if v.get("cidr_ipv4") in INTERNET or v.get("cidr_ipv6") in INTERNET:
            if (v.get("from_port"), v.get("to_port")) not in ((80, 80), (443, 443)):
                broken.append(f"{rule['address']}: opens {v.get('from_port')}-{v.get('to_port')} to the internet")
        elif not v.get("referenced_security_group_id") and not v.get("prefix_list_id"):
            broken.append(f"{rule['address']}: admits a CIDR, not a security group")
    for group in by_type.get("aws_security_group", []) + by_type.get("aws_default_security_group", []):
        if group["values"].get("ingress"):
            broken.append(f"{group['address']}: inline ingress rules")

    for table in by_type.get("aws_dynamodb_table", []):
        v = table["values"]
        sse = (v.get("server_side_encryption") or [{}])[0]
        if not sse.get("enabled") or not sse.get("kms_key_arn"):
            broken.append(f"table {v['name']}: not encrypted with a customer key")
        if not (v.get("point_in_time_recovery") or [{}])[0].get("enabled"):
            broken.append(f"table {v['name']}: no point-in-time recovery")
    for group in by_type.get("aws_cloudwatch_log_group", []):
        if not group["values"].get("kms_key_id"):
            broken.append(f"log group {group['values']['name']}: not encrypted with a customer key")
    for topic in by_type.get("aws_sns_topic", []):
        if not topic["values"].get("kms_master_key_id"):
            broken.append(f"topic {topic['values']['name']}: not encrypted")

    for policy in by_type.get("aws_iam_role_policy", []):
        for statement in json.loads(policy["values"]["policy"]).get("Statement", []):
            if statement.get("Effect") != "Allow":
                continue
            actions = listify(statement.get("Action"))
            wild = [a for a in actions if a == "*" or a.endswith(":*")]
            if wild:
                broken.append(f"{policy['address']}: allows {', '.join(wild)}")
            if "*" in listify(statement.get("Resource")) and set(actions) - NO_RESOURCE_ACTIONS:
                broken.append(f"{policy['address']}: Resource * for {', '.join(sorted(set(actions) - NO_RESOURCE_ACTIONS))}")
    return len(found), broken


def main(argv):
    with open(argv[1], encoding="utf-8") as f:
        count, broken = check(json.load(f))
    for line in broken:
        print(f"FAIL promise: {line}")
    if count == 0:
        print("FAIL promise: the state holds no resources")
        return 1
    print(f"promises: {count} resources checked, {len(broken)} broken")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
