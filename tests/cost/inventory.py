"""Hand-built inventory records (the offline preview's shape) and a fixed price table for golden tests.

The table is a literal copy of the committed eu-west-1 prices, so `make prices` never moves these totals.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from landfall.cost.prices import PriceTable

PRICES = PriceTable.from_dict({
    "region": "eu-west-1", "as_of": "2026-11-23", "currency": "USD", "hours_per_month": 730,
    "prices": {
        "nat_gateway_hour": {"price": Decimal("0.048"), "unit": "hour", "confirmed": True},
        "public_ipv4_hour": {"price": Decimal("0.005"), "unit": "hour", "confirmed": True},
        "interface_endpoint_az_hour": {"price": Decimal("0.011"), "unit": "hour", "confirmed": False},
        "tgw_attachment_hour": {"price": Decimal("0.05"), "unit": "hour"},
        "kms_key_month": {"price": Decimal(1), "unit": "month"},
        "waf_web_acl_month": {"price": Decimal(5), "unit": "month"},
        "waf_rule_month": {"price": Decimal(1), "unit": "month"},
        "lambda_provisioned_concurrency_gb_second_arm64": {"price": Decimal("0.0000033334"), "unit": "GB-second"},
        "lambda_provisioned_concurrency_gb_second_x86": {"price": Decimal("0.0000041667"), "unit": "GB-second"},
        "cloudwatch_alarm_month": {"price": Decimal("0.10"), "unit": "month"},
        "secret_month": {"price": Decimal("0.40"), "unit": "month"},
        "route53_hosted_zone_month": {"price": Decimal("0.50"), "unit": "month"},
        "alb_hour": {"price": Decimal("0.0252"), "unit": "hour", "confirmed": True},
        "nlb_hour": {"price": Decimal("0.0252"), "unit": "hour", "confirmed": True},
        "fargate_vcpu_hour_arm64": {"price": Decimal("0.03238"), "unit": "hour", "confirmed": True},
        "fargate_gb_hour_arm64": {"price": Decimal("0.00356"), "unit": "hour", "confirmed": True},
        "fargate_vcpu_hour_x86": {"price": Decimal("0.04048"), "unit": "hour", "confirmed": True},
        "fargate_gb_hour_x86": {"price": Decimal("0.004445"), "unit": "hour", "confirmed": True},
        "aurora_serverless_v2_acu_hour": {"price": Decimal("0.14"), "unit": "hour", "confirmed": True},
        "aurora_serverless_v2_acu_hour_io_optimized": {"price": Decimal("0.19"), "unit": "hour", "confirmed": True},
        "rds_proxy_acu_hour": {"price": Decimal("0.018"), "unit": "hour", "confirmed": True},
        "rds_proxy_vcpu_hour": {"price": Decimal("0.016"), "unit": "hour", "confirmed": True},
    },
})


def rec(type_: str, name: str, inputs: dict[str, Any] | None = None, id_: str | None = None, custom: bool = True) -> dict[str, Any]:
    return {"urn": f"urn:pulumi:test::landfall::{type_}::{name}", "id": id_ or f"{name}-id", "type": type_, "name": name,
            "parent": "", "provider": "urn:pulumi:test::landfall::pulumi:providers:aws::p::p-id" if custom else "",
            "custom": custom, "protect": False, "dependencies": [], "inputs": inputs or {}}


SUBNETS_3AZ = ["subnet-a", "subnet-b", "subnet-c"]


def vpc_basics(azs: int) -> list[dict[str, Any]]:
    """What every VPC carries that costs nothing idle."""
    return [
        rec("pulumi:providers:aws", "dev-account", {"region": "eu-west-1"}),
        rec("landfall:network:Vpc", "main", custom=False),
        rec("aws:ec2/vpc:Vpc", "main", {"cidrBlock": "10.0.0.0/16"}),
        *[rec("aws:ec2/subnet:Subnet", f"main-app-az{i}", {"cidrBlock": f"10.0.{i}.0/24"}) for i in range(azs)],
        rec("aws:ec2/internetGateway:InternetGateway", "main"),
        rec("aws:ec2/vpcEndpoint:VpcEndpoint", "main-endpoints-s3", {"vpcEndpointType": "Gateway", "serviceName": "com.amazonaws.eu-west-1.s3"}),
        rec("aws:ec2/vpcEndpoint:VpcEndpoint", "main-endpoints-dynamodb", {"vpcEndpointType": "Gateway", "serviceName": "com.amazonaws.eu-west-1.dynamodb"}),
        rec("aws:ec2/flowLog:FlowLog", "main-flow-log", {"trafficType": "ALL"}),
        rec("aws:cloudwatch/logGroup:LogGroup", "main-flow-logs", {"retentionInDays": 365}),
    ]


def nat(az: str) -> list[dict[str, Any]]:
    return [rec("aws:ec2/eip:Eip", f"main-nat-{az}", {"domain": "vpc"}, id_=f"eipalloc-{az}"),
            rec("aws:ec2/natGateway:NatGateway", f"main-nat-{az}", {"allocationId": f"eipalloc-{az}", "subnetId": f"subnet-public-{az}"})]


def interface_endpoint(service: str, subnets: list[str]) -> dict[str, Any]:
    return rec("aws:ec2/vpcEndpoint:VpcEndpoint", f"main-endpoints-{service}",
               {"vpcEndpointType": "Interface", "serviceName": f"com.amazonaws.eu-west-1.{service}", "subnetIds": subnets})


def dev_like() -> list[dict[str, Any]]:
    """Two AZs, one NAT gateway with its EIP, gateway endpoints only."""
    return vpc_basics(2) + nat("euw1-az1")


INTERFACE_SERVICES = ["ec2messages", "ecr.api", "ecr.dkr", "kms", "lambda", "logs", "monitoring", "sqs", "ssm", "sts"]  # N = 10
KMS_KEYS = 4  # K


def prod_like() -> list[dict[str, Any]]:
    """Three AZs: 3 NATs + 3 EIPs, N interface endpoints, 1 TGW attachment, K keys, a WAF ACL with 3 rules,
    provisioned concurrency 2 on a 512 MB arm64 function (matched by the function's mock id)."""
    return [
        *vpc_basics(3),
        *[r for az in ("euw1-az1", "euw1-az2", "euw1-az3") for r in nat(az)],
        *[interface_endpoint(s, SUBNETS_3AZ) for s in INTERFACE_SERVICES],
        rec("aws:ec2transitgateway/vpcAttachment:VpcAttachment", "main-tgw", {"subnetIds": SUBNETS_3AZ, "transitGatewayId": "tgw-1"}),
        *[rec("aws:kms/key:Key", f"keys-prod-{i}", {"enableKeyRotation": True}) for i in range(KMS_KEYS)],
        rec("aws:wafv2/webAcl:WebAcl", "orders-api", {"scope": "REGIONAL", "rules": [
            {"name": "common", "statement": {"managedRuleGroupStatement": {"name": "AWSManagedRulesCommonRuleSet", "vendorName": "AWS"}}},
            {"name": "bad-inputs", "statement": {"managedRuleGroupStatement": {"name": "AWSManagedRulesKnownBadInputsRuleSet", "vendorName": "AWS"}}},
            {"name": "rate", "statement": {"rateBasedStatement": {"limit": 2000}}},
        ]}),
        rec("aws:lambda/function:Function", "create-order", {"memorySize": 512, "architectures": ["arm64"], "runtime": "python3.12"},
            id_="create-order-3f2a9c1b"),
        rec("aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig", "create-order-live",
            {"functionName": "create-order-3f2a9c1b", "qualifier": "live", "provisionedConcurrentExecutions": 2}),
        rec("aws:dynamodb/table:Table", "orders", {"billingMode": "PAY_PER_REQUEST", "pointInTimeRecovery": {"enabled": True}}),
        rec("aws:cloudtrail/trail:Trail", "org-trail", {"isOrganizationTrail": True}),
    ]
