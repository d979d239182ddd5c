"""The estimator against hand-made plans: every priced type once, an unknown type, a changed price."""

import csv
import io
import json
import os
import sys
import tempfile
import unittest
from contextlib import redirect_stderr, redirect_stdout

HERE = os.path.dirname(os.path.abspath(__file__))
COST = os.path.dirname(HERE)
sys.path.insert(0, COST)

import estimate  # noqa: E402
from plan_model import Plan, parse_cron  # noqa: E402
from rules import ESTATE_USAGE, PER_RESOURCE  # noqa: E402

PRICES = os.path.join(COST, "prices.csv")
FREE = os.path.join(COST, "free_types.csv")

PROFILE = {
    "name": "test", "requests": 2_000_000, "emf_metrics": 10, "log_ingest_gb": 5, "log_stored_gb": 5,
    "ecr_storage_gb": 2, "container_insights_metrics_per_cluster": 20, "container_insights_log_gb_per_cluster": 1,
    "alb_lcu": 1, "nat_processed_gb": 10, "dynamodb_million_wru": 10, "dynamodb_million_rru": 10,
    "dynamodb_storage_gb": 2, "s3_storage_gb": 4, "s3_put_requests": 10_000, "s3_get_requests": 100_000,
    "cloudfront_gb": 1500, "cloudfront_requests": 20_000_000, "flow_log_gb": 2, "kms_requests": 100_000,
    "cloudmap_lookups_per_request": 1, "trail_events": 0,
    "images_storage_gb": 2, "images_put_requests": 50_000, "images_get_requests": 200_000, "images_kms_requests": 20_000,
}


def change(address, type_, after):
    return {"address": address, "mode": "managed", "type": type_, "change": {"actions": ["create"], "after": after}}


def every_priced_type():
    svc = "module.svc"
    return {"resource_changes": [
        change("aws_nat_gateway.this", "aws_nat_gateway", {}),
        change("aws_eip.nat", "aws_eip", {"domain": "vpc"}),
        change("aws_lb.this", "aws_lb", {"load_balancer_type": "application", "internal": False}),
        change('aws_subnet.public["a"]', "aws_subnet", {"availability_zone": "ap-northeast-1a"}),
        change('aws_subnet.public["c"]', "aws_subnet", {"availability_zone": "ap-northeast-1c"}),
        change(f"{svc}.aws_ecs_service.this", "aws_ecs_service", {
            "desired_count": 2, "launch_type": None,
            "capacity_provider_strategy": [{"capacity_provider": "FARGATE_SPOT", "weight": 1, "base": 0}],
            "network_configuration": [{"assign_public_ip": True}],
            "service_registries": [{"container_port": 8000}]}),
        change(f"{svc}.aws_ecs_task_definition.this", "aws_ecs_task_definition",
               {"cpu": "512", "memory": "1024", "requires_compatibilities": ["FARGATE"]}),
        change(f'{svc}.aws_appautoscaling_scheduled_action.this["start"]', "aws_appautoscaling_scheduled_action",
               {"schedule": "cron(0 8 ? * * *)", "scalable_target_action": [{"min_capacity": "2", "max_capacity": "2"}]}),
        change(f'{svc}.aws_appautoscaling_scheduled_action.this["stop"]', "aws_appautoscaling_scheduled_action",
               {"schedule": "cron(0 20 ? * * *)", "scalable_target_action": [{"min_capacity": "0", "max_capacity": "0"}]}),
        change(f"{svc}.aws_ecs_cluster.this", "aws_ecs_cluster", {"setting": [{"name": "containerInsights", "value": "enabled"}]}),
        change("aws_kms_key.this", "aws_kms_key", {}),
        change("aws_cloudwatch_metric_alarm.rate", "aws_cloudwatch_metric_alarm", {"metric_query": [
            {"id": "a", "metric": [{"metric_name": "A"}]}, {"id": "b", "metric": [{"metric_name": "B"}]},
            {"id": "r", "expression": "a / b", "metric": []}]}),
        change("aws_cloudwatch_dashboard.this", "aws_cloudwatch_dashboard", {}),
        change("aws_wafv2_web_acl.this", "aws_wafv2_web_acl", {"rule": [{}, {}, {}]}),
        change("aws_flow_log.this", "aws_flow_log", {"log_destination_type": "cloud-watch-logs"}),
        change("aws_secretsmanager_secret.this", "aws_secretsmanager_secret", {}),
        change("aws_ssm_parameter.this", "aws_ssm_parameter", {"tier": "Advanced"}),
        change("aws_route53_zone.this", "aws_route53_zone", {}),
        change("aws_service_discovery_private_dns_namespace.this", "aws_service_discovery_private_dns_namespace", {}),
        change("aws_service_discovery_public_dns_namespace.this", "aws_service_discovery_public_dns_namespace", {}),
        change("aws_service_discovery_service.this", "aws_service_discovery_service", {}),
        change("aws_apigatewayv2_api.this", "aws_apigatewayv2_api", {"protocol_type": "HTTP"}),
        change("aws_vpc_endpoint.logs", "aws_vpc_endpoint", {"vpc_endpoint_type": "Interface", "subnet_ids": ["s1", "s2"]}),
        change("aws_cloudtrail.this", "aws_cloudtrail", {}),
        change("aws_cloudwatch_log_group.this", "aws_cloudwatch_log_group", {}),
        change("aws_dynamodb_table.this", "aws_dynamodb_table", {"point_in_time_recovery": [{"enabled": True}]}),
        change("aws_s3_bucket.this", "aws_s3_bucket", {}),
        change("module.images.aws_s3_bucket.this", "aws_s3_bucket", {"bucket_prefix": "portfolio-test-images-"}),
        change("aws_cloudfront_distribution.this", "aws_cloudfront_distribution", {}),
        change("aws_cloudfront_function.this", "aws_cloudfront_function", {}),
        change("aws_ecr_repository.this", "aws_ecr_repository", {}),
        change("aws_iam_role.task", "aws_iam_role", {}),
    ]}


# Worked out by hand from prices.csv, one term per billed dimension (730 hours a month; the service
# runs 12 h of 24 every day, so 2 tasks x 730 h x 0.5 = 730 task-hours).
HAND_CHECKED = [
    730 * 0.062, 10 * 0.062,                       # NAT gateway hours, GB processed
    730 * 0.005,                                   # the Elastic IP
    730 * 0.0243, 730 * 1 * 0.008, 2 * 730 * 0.005,  # ALB hours, 1 LCU, two nodes' addresses
    730 * 0.5 * 0.015168, 730 * 1 * 0.001659,      # Spot vCPU-hours, GB-hours
    730 * 0.005, 10 * 0.5 * 0.30,                  # task public addresses, EMF metrics half the time
    20 * 0.30, 1 * 0.76,                           # Container Insights metrics and events
    1.00, 10 * 0.03,                               # KMS key, 100,000 requests
    2 * 0.10,                                      # alarm on two metrics (the expression is free)
    3.00 - 3.00,                                   # dashboard, inside the 3 free ones
    5.00 + 3 * 1.00 + 2 * 0.60,                    # web ACL, 3 rules, 2 M requests
    2 * 0.76,                                      # flow logs to CloudWatch Logs
    0.40, 0.05, 0.50, 0.50, 0.50,                  # secret, advanced parameter, zone, two namespaces' zones
    1 * 0.10, 2 * 1.00,                            # Cloud Map instance (2 tasks half the time), lookups
    2 * 1.29,                                      # HTTP API requests
    2 * 730 * 0.014,                               # interface endpoint in two zones
    0,                                             # first trail
    5 * 0.76, 5 * 0.033,                           # log ingestion and storage
    10 * 0.715, 10 * 0.1425, 2 * 0.285, 2 * 0.228,  # DynamoDB writes, reads, storage, PITR
    4 * 0.025, 10 * 0.0047, 100 * 0.00037,         # S3 storage, PUTs, GETs
    2 * 0.025, 50 * 0.0047, 200 * 0.00037, 2 * 0.03,  # the images bucket: storage, PUTs, GETs, KMS requests
    (1500 - 1000) * 0.114, (2000 - 1000) * 0.012,  # CloudFront beyond the free 1 TB and 10 M requests
    20 * 0.10,                                     # a CloudFront Function on 20 M requests
    2 * 0.10,                                      # ECR storage
]


def run(document, prices=PRICES, profile=PROFILE):
    return estimate.estimate(Plan(document), estimate.load_prices(prices), estimate.load_free_types(FREE), profile)


class EstimateTest(unittest.TestCase):
    def test_every_priced_type_gives_the_hand_checked_total(self):
        result = run(every_priced_type())
        self.assertAlmostEqual(result.total, sum(HAND_CHECKED), places=6)
        self.assertEqual(result.unpriced, {})
        self.assertEqual(dict(result.free), {"aws_appautoscaling_scheduled_action": 2, "aws_ecs_task_definition": 1,
                                             "aws_iam_role": 1, "aws_subnet": 2})

    def test_the_fixture_covers_every_rule(self):
        types = {c["type"] for c in every_priced_type()["resource_changes"]}
        self.assertEqual((set(PER_RESOURCE) | set(ESTATE_USAGE)) - types, set())

    def test_an_unknown_type_is_named_and_fails_strict_runs(self):
        document = every_priced_type()
        document["resource_changes"].append(change("aws_quantum_ledger.this", "aws_quantum_ledger", {}))
        result = run(document)
        self.assertEqual(result.unpriced, {"aws_quantum_ledger": ["aws_quantum_ledger.this"]})
        self.assertIn("Not priced: `aws_quantum_ledger` (1)", estimate.markdown(result))
        with tempfile.TemporaryDirectory() as tmp:
            plan, profile = os.path.join(tmp, "plan.json"), os.path.join(tmp, "profile.json")
            for path, data in ((plan, document), (profile, PROFILE)):
                with open(path, "w", encoding="utf-8") as f:
                    json.dump(data, f)
            out, err = io.StringIO(), io.StringIO()
            with redirect_stdout(out), redirect_stderr(err):
                self.assertEqual(estimate.main([plan, "--profile", profile, "--strict"]), 2)
                self.assertEqual(estimate.main([plan, "--profile", profile]), 0)
            self.assertIn("aws_quantum_ledger", err.getvalue())

    def test_a_known_type_in_an_unknown_shape_is_named(self):
        document = {"resource_changes": [change("aws_lb.nlb", "aws_lb", {"load_balancer_type": "network"})]}
        self.assertEqual(list(run(document).unpriced), ["aws_lb (load_balancer_type network)"])

    def test_a_changed_price_table_changes_the_total(self):
        with open(PRICES, encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        for row in rows:
            if row["dimension"] == "nat_gateway_hour":
                row["usd"] = "0.124"
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        try:
            changed = run(every_priced_type(), prices=f.name)
        finally:
            os.unlink(f.name)
        self.assertAlmostEqual(changed.total - run(every_priced_type()).total, 730 * 0.062, places=6)

    def test_every_price_has_a_dated_source_and_every_rule_a_price(self):
        prices = estimate.load_prices(PRICES)
        for price in prices.values():
            self.assertRegex(price.as_of, r"^\d{4}-\d{2}-\d{2}$", price.dimension)
            self.assertTrue(price.source.startswith("http") or "convention" in price.source, price.dimension)
        result = run(every_priced_type())
        self.assertLessEqual({r.dimension for r in result.rows}, set(prices))

    def test_free_and_priced_types_do_not_overlap(self):
        self.assertEqual(set(estimate.load_free_types(FREE)) & (set(PER_RESOURCE) | set(ESTATE_USAGE)), set())

    def test_schedules(self):
        self.assertEqual(parse_cron("cron(30 9 ? * MON-FRI *)"), ({"MON", "TUE", "WED", "THU", "FRI"}, 9.5))
        self.assertEqual(parse_cron("cron(0 21 ? * SAT,SUN *)")[0], {"SAT", "SUN"})
        with self.assertRaises(ValueError):
            parse_cron("rate(5 minutes)")


if __name__ == "__main__":
    unittest.main()
