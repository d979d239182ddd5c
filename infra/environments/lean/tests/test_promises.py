"""promises.py can fail: a lean state applied on moto (trimmed to what the checks read) passes, and
each broken promise is named."""

import copy
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import promises  # noqa: E402


def res(address, type_, values):
    return {"address": address, "mode": "managed", "type": type_, "values": values}


GOOD = {"values": {"root_module": {"resources": [
    res("aws_security_group.vpc_link", "aws_security_group", {"ingress": []}),
], "child_modules": [{"resources": [
    res("module.site.aws_s3_bucket.this", "aws_s3_bucket", {"bucket": "site"}),
    res("module.site.aws_s3_bucket_public_access_block.this", "aws_s3_bucket_public_access_block", {
        "bucket": "site", "block_public_acls": True, "block_public_policy": True,
        "ignore_public_acls": True, "restrict_public_buckets": True}),
    res("module.site.aws_s3_bucket_ownership_controls.this", "aws_s3_bucket_ownership_controls",
        {"bucket": "site", "rule": [{"object_ownership": "BucketOwnerEnforced"}]}),
    res("module.site.aws_s3_bucket_server_side_encryption_configuration.this",
        "aws_s3_bucket_server_side_encryption_configuration", {"bucket": "site"}),
    res("module.site.aws_s3_bucket_policy.this", "aws_s3_bucket_policy", {"bucket": "site", "policy": json.dumps({
        "Statement": [{"Effect": "Deny", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]})}),
    res("module.data.aws_dynamodb_table.this", "aws_dynamodb_table", {
        "name": "portfolio-users", "server_side_encryption": [{"enabled": True, "kms_key_arn": "arn:key"}],
        "point_in_time_recovery": [{"enabled": True}]}),
    res("module.service.aws_cloudwatch_log_group.this", "aws_cloudwatch_log_group", {"name": "/x", "kms_key_id": "arn:key"}),
    res('module.service.aws_vpc_security_group_ingress_rule.this["a"]', "aws_vpc_security_group_ingress_rule",
        {"from_port": 8000, "to_port": 8000, "referenced_security_group_id": "sg-1"}),
    res("module.service.aws_iam_role_policy.execution", "aws_iam_role_policy", {"policy": json.dumps({"Statement": [
        {"Effect": "Allow", "Action": ["ecr:GetAuthorizationToken"], "Resource": "*"},
        {"Effect": "Allow", "Action": ["dynamodb:GetItem"], "Resource": ["arn:table"]}]})}),
]}]}}}


def broken(mutate):
    state = copy.deepcopy(GOOD)
    mutate({r["type"]: r["values"] for r in promises.resources(state["values"]["root_module"])})
    return promises.check(state)[1]


class PromisesTest(unittest.TestCase):
    def test_a_good_state_passes(self):
        self.assertEqual(promises.check(GOOD), (10, []))

    def test_each_broken_promise_is_named(self):
        cases = {
            "public access": lambda v: v["aws_s3_bucket_public_access_block"].update(restrict_public_buckets=False),
            "ACLs not off": lambda v: v["aws_s3_bucket_ownership_controls"].update(rule=[{"object_ownership": "ObjectWriter"}]),
            "without TLS": lambda v: v["aws_s3_bucket_policy"].update(policy=json.dumps({"Statement": []})),
            "opens 8000-8000 to the internet": lambda v: v["aws_vpc_security_group_ingress_rule"].update(
                cidr_ipv4="0.0.0.0/0", referenced_security_group_id=None),
            "not encrypted with a customer key": lambda v: v["aws_cloudwatch_log_group"].update(kms_key_id=""),
            "point-in-time": lambda v: v["aws_dynamodb_table"].update(point_in_time_recovery=[{"enabled": False}]),
            "allows dynamodb:*": lambda v: v["aws_iam_role_policy"].update(policy=json.dumps({"Statement": [
                {"Effect": "Allow", "Action": "dynamodb:*", "Resource": "arn:table"}]})),
            "Resource * for dynamodb:GetItem": lambda v: v["aws_iam_role_policy"].update(policy=json.dumps({"Statement": [
                {"Effect": "Allow", "Action": ["dynamodb:GetItem"], "Resource": "*"}]})),
            "inline ingress": lambda v: v["aws_security_group"].update(ingress=[{"from_port": 22}]),
        }
        for words, mutate in cases.items():
            with self.subTest(words):
                found = broken(mutate)
                self.assertEqual(len(found), 1, found)
                self.assertIn(words, found[0])


    def test_only_cloudfronts_log_bucket_may_keep_acls(self):
        preferred = lambda v: v["aws_s3_bucket_ownership_controls"].update(rule=[{"object_ownership": "BucketOwnerPreferred"}])
        self.assertIn("ACLs not off", broken(preferred)[0])
        state = copy.deepcopy(GOOD)
        state["values"]["root_module"]["resources"].append(res(
            "module.site.aws_cloudfront_distribution.this", "aws_cloudfront_distribution",
            {"logging_config": [{"bucket": "site.s3.amazonaws.com", "prefix": "cloudfront/"}]}))
        for r in promises.resources(state["values"]["root_module"]):
            if r["type"] == "aws_s3_bucket_ownership_controls":
                preferred({r["type"]: r["values"]})
        self.assertEqual(promises.check(state)[1], [])


if __name__ == "__main__":
    unittest.main()
