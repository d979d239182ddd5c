"""How each priced resource type is billed: the dimensions of prices.csv and their monthly quantity.

PER_RESOURCE rules price every resource of their type (fixed charges, and usage each instance sees).
ESTATE_USAGE rules price the load profile's estate-wide usage once, on the first resource of the type
(the tables share the writes, the log groups the ingestion). A type is priced if it has either.
"""

from dataclasses import dataclass


@dataclass
class Line:
    dimension: str
    quantity: float
    note: str = ""


class Unpriced(Exception):
    """A resource of a priced type whose configuration the rules do not know (named in the output)."""


def _one(block):
    if isinstance(block, list):
        return block[0] if block else {}
    return block or {}


# ------------------------------------------------------------------ per resource

def nat_gateway(r, plan, profile, hours):
    return [Line("nat_gateway_hour", hours)]


def eip(r, plan, profile, hours):
    return [Line("public_ipv4_hour", hours, "Elastic IP")]


def load_balancer(r, plan, profile, hours):
    if r.get("load_balancer_type", "application") != "application":
        raise Unpriced(f"load_balancer_type {r.get('load_balancer_type')}")
    lines = [Line("alb_hour", hours), Line("alb_lcu_hour", profile["alb_lcu"] * hours, f"{profile['alb_lcu']:g} LCU on average")]
    if not r.get("internal", False):
        nodes = max(2, len(plan.zones()))
        lines.append(Line("public_ipv4_hour", nodes * hours, f"one public address per node, {nodes} zones"))
    return lines


def ecs_service(r, plan, profile, hours):
    definitions = plan.of_type("aws_ecs_task_definition", r.module)
    if len(definitions) != 1:
        raise Unpriced(f"{len(definitions)} task definitions beside the service")
    definition = definitions[0]
    if definition.get("requires_compatibilities") and "FARGATE" not in definition.get("requires_compatibilities"):
        raise Unpriced("not a Fargate task")
    tasks = r.get("desired_count", 1)
    fraction, schedule_note = plan.running_fraction(r)
    task_hours = tasks * hours * fraction
    vcpu = int(definition.get("cpu")) / 1024
    gb = int(definition.get("memory")) / 1024

    strategy = r.get("capacity_provider_strategy") or []
    weights = {s.get("capacity_provider"): s.get("weight", 0) for s in strategy}
    total = sum(weights.values())
    if r.get("launch_type") == "FARGATE" or not strategy:
        spot_share = 0.0
    elif total == 0 or set(weights) - {"FARGATE", "FARGATE_SPOT"}:
        raise Unpriced(f"capacity providers {sorted(weights)}")
    else:
        spot_share = weights.get("FARGATE_SPOT", 0) / total

    size = f"{tasks} x {vcpu:g} vCPU / {gb:g} GB"
    if schedule_note:
        size += f"; {schedule_note}"
    lines = []
    if spot_share < 1:
        lines += [Line("fargate_vcpu_hour", task_hours * vcpu * (1 - spot_share), size),
                  Line("fargate_gb_hour", task_hours * gb * (1 - spot_share), size)]
    if spot_share > 0:
        lines += [Line("fargate_spot_vcpu_hour", task_hours * vcpu * spot_share, size + ", Spot"),
                  Line("fargate_spot_gb_hour", task_hours * gb * spot_share, size + ", Spot")]
    if _one(r.get("network_configuration")).get("assign_public_ip"):
        lines.append(Line("public_ipv4_hour", task_hours, "each task's public address"))
    # The service's own EMF metrics are billed for the hours they carry data.
    lines.append(Line("cw_metric_month", profile["emf_metrics"] * fraction, "the service's EMF metrics"))
    return lines


def ecs_cluster(r, plan, profile, hours):
    insights = {s.get("name"): s.get("value") for s in r.get("setting") or []}.get("containerInsights", "disabled")
    if insights == "disabled":
        return []
    return [Line("cw_metric_month", profile["container_insights_metrics_per_cluster"], "Container Insights metrics"),
            Line("cw_logs_ingest_gb", profile["container_insights_log_gb_per_cluster"], "Container Insights performance events")]


def kms_key(r, plan, profile, hours):
    return [Line("kms_key_month", 1)]


def metric_alarm(r, plan, profile, hours):
    queries = r.get("metric_query") or []
    metrics = sum(1 for q in queries if q.get("metric")) if queries else 1
    return [Line("cw_alarm_metric_month", metrics, f"{metrics} metric(s)")]


def dashboard(r, plan, profile, hours):
    return [Line("cw_dashboard_month", 1)]


def web_acl(r, plan, profile, hours):
    rules = len(r.get("rule") or [])
    return [Line("waf_acl_month", 1), Line("waf_rule_month", rules, f"{rules} rules"),
            Line("waf_million_requests", profile["requests"] / 1e6)]


def flow_log(r, plan, profile, hours):
    destination = r.get("log_destination_type", "cloud-watch-logs")
    dimension = {"cloud-watch-logs": "vended_logs_cw_gb", "s3": "vended_logs_s3_gb"}.get(destination)
    if dimension is None:
        raise Unpriced(f"log_destination_type {destination}")
    return [Line(dimension, profile["flow_log_gb"], destination)]


def secret(r, plan, profile, hours):
    return [Line("secret_month", 1)]


def ssm_parameter(r, plan, profile, hours):
    if r.get("tier", "Standard") == "Advanced":
        return [Line("ssm_advanced_parameter_month", 1)]
    return [Line("ssm_advanced_parameter_month", 0, "standard tier: free")]


def hosted_zone(r, plan, profile, hours):
    return [Line("route53_zone_month", 1, "its Route 53 hosted zone" if r.type != "aws_route53_zone" else "")]


def discovery_service(r, plan, profile, hours):
    services = [s for s in plan.of_type("aws_ecs_service") if s.get("service_registries")]
    instances = sum(s.get("desired_count", 1) * plan.running_fraction(s)[0] for s in services) or 1
    lookups = profile["requests"] * profile["cloudmap_lookups_per_request"] / 1e6
    return [Line("cloudmap_instance_month", instances, "registered tasks"),
            Line("cloudmap_million_lookups", lookups, "one lookup per request at most")]


def http_api(r, plan, profile, hours):
    if r.get("protocol_type") != "HTTP":
        raise Unpriced(f"protocol_type {r.get('protocol_type')}")
    return [Line("apigw_http_million", profile["requests"] / 1e6)]


def vpc_endpoint(r, plan, profile, hours):
    kind = r.get("vpc_endpoint_type", "Gateway")
    if kind == "Gateway":
        return [Line("interface_endpoint_hour", 0, "gateway endpoint: free")]
    if kind != "Interface":
        raise Unpriced(f"vpc_endpoint_type {kind}")
    zones = len(r.get("subnet_ids") or []) or len(plan.zones())
    return [Line("interface_endpoint_hour", zones * hours, f"{zones} zones")]


def cloudtrail(r, plan, profile, hours):
    first = plan.of_type("aws_cloudtrail")[0].address == r.address
    if first:
        return [Line("cloudtrail_100k_events", 0, "first copy of management events: free")]
    return [Line("cloudtrail_100k_events", profile["trail_events"] / 1e5, "a second trail")]


def cloudfront_function(r, plan, profile, hours):
    return [Line("cloudfront_function_million", profile["cloudfront_requests"] / 1e6, "one run per viewer request")]


def s3_bucket(r, plan, profile, hours):
    """The images bucket (modules/images) has usage of its own; the others share the estate's."""
    if not str(r.get("bucket_prefix") or "").endswith("-images-"):
        return []
    return [Line("s3_standard_gb_month", profile["images_storage_gb"], "device photos and avatars, replaced ones 30 days more"),
            Line("s3_put_1k", profile["images_put_requests"] / 1000, "uploads, and the index's one LIST a minute per task"),
            Line("s3_get_1k", profile["images_get_requests"] / 1000, "ranged 1 MiB GETs: the API's, and CloudFront's misses"),
            Line("kms_request_10k", profile["images_kms_requests"] / 1e4, "SSE-KMS through the bucket key")]


PER_RESOURCE = {
    "aws_nat_gateway": nat_gateway,
    "aws_eip": eip,
    "aws_lb": load_balancer,
    "aws_ecs_service": ecs_service,
    "aws_ecs_cluster": ecs_cluster,
    "aws_kms_key": kms_key,
    "aws_cloudwatch_metric_alarm": metric_alarm,
    "aws_cloudwatch_dashboard": dashboard,
    "aws_wafv2_web_acl": web_acl,
    "aws_flow_log": flow_log,
    "aws_secretsmanager_secret": secret,
    "aws_ssm_parameter": ssm_parameter,
    "aws_route53_zone": hosted_zone,
    "aws_service_discovery_private_dns_namespace": hosted_zone,
    "aws_service_discovery_public_dns_namespace": hosted_zone,
    "aws_service_discovery_service": discovery_service,
    "aws_apigatewayv2_api": http_api,
    "aws_vpc_endpoint": vpc_endpoint,
    "aws_cloudtrail": cloudtrail,
    "aws_cloudfront_function": cloudfront_function,
    "aws_s3_bucket": s3_bucket,
}

# ------------------------------------------------------------------ estate-wide usage, once


def _nat_usage(plan, p):
    return [Line("nat_gateway_gb", p["nat_processed_gb"], "logs, metrics, image pulls")]


def _log_usage(plan, p):
    return [Line("cw_logs_ingest_gb", p["log_ingest_gb"], "service logs"),
            Line("cw_logs_storage_gb_month", p["log_stored_gb"])]


def _table_usage(plan, p):
    lines = [Line("dynamodb_million_wru", p["dynamodb_million_wru"]),
             Line("dynamodb_million_rru", p["dynamodb_million_rru"]),
             Line("dynamodb_storage_gb_month", p["dynamodb_storage_gb"])]
    if any(_one(t.get("point_in_time_recovery")).get("enabled") for t in plan.of_type("aws_dynamodb_table")):
        lines.append(Line("dynamodb_pitr_gb_month", p["dynamodb_storage_gb"], "point-in-time recovery"))
    return lines


def _bucket_usage(plan, p):
    return [Line("s3_standard_gb_month", p["s3_storage_gb"], "all buckets"),
            Line("s3_put_1k", p["s3_put_requests"] / 1000),
            Line("s3_get_1k", p["s3_get_requests"] / 1000)]


def _cdn_usage(plan, p):
    return [Line("cloudfront_gb", p["cloudfront_gb"]),
            Line("cloudfront_10k_https", p["cloudfront_requests"] / 1e4)]


def _image_usage(plan, p):
    return [Line("ecr_storage_gb_month", p["ecr_storage_gb"])]


def _key_usage(plan, p):
    return [Line("kms_request_10k", p["kms_requests"] / 1e4)]


ESTATE_USAGE = {
    "aws_nat_gateway": _nat_usage,
    "aws_cloudwatch_log_group": _log_usage,
    "aws_dynamodb_table": _table_usage,
    "aws_s3_bucket": _bucket_usage,
    "aws_cloudfront_distribution": _cdn_usage,
    "aws_ecr_repository": _image_usage,
    "aws_kms_key": _key_usage,
}
