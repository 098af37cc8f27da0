"""Which inventory record types carry a fixed (idle) charge, and which only usage-based charges.

`FIXED` maps a type token to a function `(inputs, context) -> [Line]`; a `Line` is a quantity of one
price-table entry. Types in neither table cost nothing idle and are not listed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .prices import PriceTable

LAMBDA_DEFAULT_MEMORY_MB = 128  # AWS default and minimum for a function without memorySize
LAMBDA_DEFAULT_ARCH = "arm64"   # landfall builds arm64 only (landfall.config.limits.LAMBDA_ARCHITECTURE)
PC_PRICE = {"arm64": "lambda_provisioned_concurrency_gb_second_arm64", "x86_64": "lambda_provisioned_concurrency_gb_second_x86"}


@dataclass(frozen=True)
class Line:
    price: str          # price-table key
    quantity: Decimal   # how many of the price's units run all month (gateways, AZs, GB, ...)
    what: str           # the quantity in words, for the formula


@dataclass(frozen=True)
class Context:
    prices: PriceTable
    # Function lookup key (name input, mock id, logical name) -> [(memory MB, architecture)].
    functions: dict[str, list[tuple[int, str]]]


Rule = Callable[[dict[str, Any], Context], list[Line]]


def _each(price: str, noun: str) -> Rule:
    return lambda inputs, ctx: [Line(price, Decimal(1), f"1 {noun}")]


def _count(value: Any) -> int:
    return len(value) if isinstance(value, list) else 0


def _plural(n: Any, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _interface_endpoint(inputs: dict[str, Any], ctx: Context) -> list[Line]:
    # Billed per AZ: one ENI per subnet in subnetIds. Gateway endpoints are free.
    if str(inputs.get("vpcEndpointType", "Gateway")).lower() != "interface":
        return []
    azs = _count(inputs.get("subnetIds"))
    return [Line("interface_endpoint_az_hour", Decimal(azs), f"1 interface endpoint × {_plural(azs, 'AZ')}")] if azs else []


def _web_acl_rules(inputs: dict[str, Any]) -> int:
    if isinstance(inputs.get("rules"), list):
        return len(inputs["rules"])
    try:
        return _count(json.loads(inputs.get("ruleJson") or "[]"))
    except (TypeError, ValueError):
        return 0


def _web_acl(inputs: dict[str, Any], ctx: Context) -> list[Line]:
    rules = _web_acl_rules(inputs)  # a managed rule group is one entry, billed as one rule
    lines = [Line("waf_web_acl_month", Decimal(1), "1 web ACL")]
    return lines + ([Line("waf_rule_month", Decimal(rules), _plural(rules, "rule"))] if rules else [])


def function_key(value: Any) -> str | None:
    """The function name in a functionName input: a name, or the name inside a (qualified) ARN."""
    if not isinstance(value, str) or not value:
        return None
    return value.split(":function:", 1)[1].split(":")[0] if ":function:" in value else value


def _provisioned_concurrency(inputs: dict[str, Any], ctx: Context) -> list[Line]:
    executions = inputs.get("provisionedConcurrentExecutions")
    if not isinstance(executions, int) or isinstance(executions, bool) or executions <= 0:
        return []
    # An unmatched or ambiguous function is priced as the dearest candidate (never under-estimate);
    # keeping the default candidate makes "adding a resource never lowers the total" hold.
    matched = ctx.functions.get(function_key(inputs.get("functionName")) or "", [])
    candidates = [(LAMBDA_DEFAULT_MEMORY_MB, LAMBDA_DEFAULT_ARCH)] + matched
    memory, arch = max(candidates, key=lambda c: ctx.prices.monthly(PC_PRICE[c[1]], Decimal(c[0])))
    gb = Decimal(memory) / 1024
    what = f"{_plural(executions, 'environment')} × {gb.normalize():f} GB ({memory} MB, {arch})"
    return [Line(PC_PRICE[arch], executions * gb, what)]


FIXED: dict[str, Rule] = {
    "aws:ec2/natGateway:NatGateway": _each("nat_gateway_hour", "NAT gateway"),
    "aws:ec2/eip:Eip": _each("public_ipv4_hour", "public IPv4 address"),
    "aws:ec2/vpcEndpoint:VpcEndpoint": _interface_endpoint,
    "aws:ec2transitgateway/vpcAttachment:VpcAttachment": _each("tgw_attachment_hour", "TGW VPC attachment"),
    "aws:ec2transitgateway/peeringAttachment:PeeringAttachment": _each("tgw_attachment_hour", "TGW peering attachment"),
    "aws:kms/key:Key": _each("kms_key_month", "KMS key"),
    "aws:kms/replicaKey:ReplicaKey": _each("kms_key_month", "KMS replica key"),
    "aws:wafv2/webAcl:WebAcl": _web_acl,
    "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig": _provisioned_concurrency,
    "aws:cloudwatch/metricAlarm:MetricAlarm": _each("cloudwatch_alarm_month", "alarm"),
    "aws:secretsmanager/secret:Secret": _each("secret_month", "secret"),
    "aws:route53/zone:Zone": _each("route53_hosted_zone_month", "hosted zone"),
}

PRICE_KEYS = ("nat_gateway_hour", "public_ipv4_hour", "interface_endpoint_az_hour", "tgw_attachment_hour", "kms_key_month",
              "waf_web_acl_month", "waf_rule_month", *PC_PRICE.values(), "cloudwatch_alarm_month", "secret_month",
              "route53_hosted_zone_month")

# Charges that depend on traffic or data volume: listed when present, never guessed.
USAGE_BASED: dict[str, str] = {
    "aws:ec2/natGateway:NatGateway": "NAT gateway data processing $/GB",
    "aws:ec2/vpcEndpoint:VpcEndpoint": "interface endpoint data processing per GB",
    "aws:ec2transitgateway/vpcAttachment:VpcAttachment": "TGW data processing per GB",
    "aws:ec2transitgateway/peeringAttachment:PeeringAttachment": "TGW data processing and inter-Region transfer per GB",
    "aws:ec2/flowLog:FlowLog": "flow-log ingestion into CloudWatch Logs",
    "aws:cloudwatch/logGroup:LogGroup": "CloudWatch Logs ingestion/storage",
    "aws:lambda/function:Function": "Lambda requests and duration",
    "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig": "Lambda requests and provisioned duration",
    "aws:dynamodb/table:Table": "DynamoDB on-demand requests and storage (and PITR storage)",
    "aws:cognito/userPool:UserPool": "Cognito MAU / threat protection per MAU",
    "aws:apigateway/restApi:RestApi": "API Gateway requests",
    "aws:apigatewayv2/api:Api": "API Gateway requests",
    "aws:sqs/queue:Queue": "SQS requests",
    "aws:sns/topic:Topic": "SNS requests and deliveries",
    "aws:sfn/stateMachine:StateMachine": "Step Functions state transitions",
    "aws:s3/bucket:Bucket": "S3 storage/requests",
    "aws:s3/bucketV2:BucketV2": "S3 storage/requests",
    "aws:kms/key:Key": "KMS requests beyond the free tier",
    "aws:wafv2/webAcl:WebAcl": "WAF requests inspected",
    "aws:secretsmanager/secret:Secret": "Secrets Manager API calls",
    "aws:cloudtrail/trail:Trail": "CloudTrail data events and extra copies (first management copy free)",
    "aws:guardduty/detector:Detector": "GuardDuty events and data analysed",
    "aws:cfg/recorder:Recorder": "AWS Config items recorded and rule evaluations",
    "aws:securityhub/account:Account": "Security Hub checks and findings",
    "aws:cloudwatch/eventBus:EventBus": "EventBridge events",
    "aws:route53/zone:Zone": "Route 53 DNS queries",
    "aws:backup/vault:Vault": "AWS Backup storage per GB-month and copies to other Regions or accounts",
}

# A usage entry that applies only to some records of its type.
USAGE_WHEN: dict[str, Callable[[dict[str, Any]], bool]] = {
    "aws:ec2/vpcEndpoint:VpcEndpoint": lambda inputs: str(inputs.get("vpcEndpointType", "Gateway")).lower() == "interface",
}
