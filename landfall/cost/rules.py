"""Which inventory record types carry a fixed (idle) charge, and which only usage-based charges.

`FIXED` maps a type token to a function `(inputs, context) -> [Line]`; a `Line` is a quantity of one
price-table entry. Types in neither table cost nothing idle and are not listed.

Some charges depend on another record, found through `Context.records`: a Fargate service's task definition, a
serverless instance's cluster, a proxy's targets. A missing record is priced so that finding it can only raise the
total (the smallest Fargate task; the proxy's 8-ACU Serverless v2 floor), with two exceptions that favour the true
figure: a serverless instance whose cluster is missing is priced at 0.5 ACU (its cluster may turn out to auto-pause
at 0), and a proxy whose targets turn out to be provisioned instances is priced per vCPU (at least 2), below the
8-ACU floor. Not modelled: provisioned RDS/Aurora instance hours, Fargate Spot, Fargate ephemeral storage over 20 GB.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Optional

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
    # The other records, for charges that depend on another resource (a service's task definition, a cluster's ACUs).
    records: Records = field(default_factory=lambda: Records(()))


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


# ---- references between records ----------------------------------------------------------------

TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition"
RDS_CLUSTER = "aws:rds/cluster:Cluster"
RDS_CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance"
RDS_INSTANCE = "aws:rds/instance:Instance"
RDS_PROXY_TARGET = "aws:rds/proxyTarget:ProxyTarget"


def _keys(record: dict[str, Any], *inputs_keys: str) -> set[str]:
    """What another record may use to name this one: its id, the given inputs, its logical name."""
    props = record.get("inputs") or {}
    return {str(k) for k in (record.get("id"), record.get("name"), *(props.get(i) for i in inputs_keys))
            if isinstance(k, str) and k}


def _names(value: Any, record: dict[str, Any], *inputs_keys: str) -> bool:
    """A reference (id, name, or an ARN ending in /<id>) names the record."""
    if not isinstance(value, str) or not value:
        return False
    keys = _keys(record, *inputs_keys)
    return value in keys or (isinstance(record.get("id"), str) and value.endswith("/" + record["id"]))


@dataclass(frozen=True)
class Records:
    """The inventory's custom resources, for lookups across records."""

    all: tuple[dict[str, Any], ...]

    def of_type(self, type_: str) -> list[dict[str, Any]]:
        return [r for r in self.all if r.get("type") == type_ and r.get("custom") is not False]

    def task_definition(self, reference: Any) -> Optional[dict[str, Any]]:
        """A service's taskDefinition: the definition's ARN (task-definition/<family>:<revision>), family[:revision] or id."""
        if not isinstance(reference, str) or not reference:
            return None
        family = reference.split("task-definition/", 1)[-1].split(":", 1)[0] if "task-definition/" in reference \
            else reference.split(":", 1)[0]
        for td in self.of_type(TASK_DEFINITION):
            if _names(reference, td) or (td.get("inputs") or {}).get("family") == family:
                return td
        return None

    def cluster(self, reference: Any) -> Optional[dict[str, Any]]:
        return next((c for c in self.of_type(RDS_CLUSTER) if _names(reference, c, "clusterIdentifier")), None)

    def instances_of(self, cluster: dict[str, Any]) -> list[dict[str, Any]]:
        return [i for i in self.of_type(RDS_CLUSTER_INSTANCE)
                if _names((i.get("inputs") or {}).get("clusterIdentifier"), cluster, "clusterIdentifier")]

    def proxy_targets(self, proxy_name: Any) -> list[dict[str, Any]]:
        if not isinstance(proxy_name, str) or not proxy_name:
            return []
        return [t for t in self.of_type(RDS_PROXY_TARGET) if (t.get("inputs") or {}).get("dbProxyName") == proxy_name]

    def db_instance(self, reference: Any) -> Optional[dict[str, Any]]:
        return next((i for i in self.of_type(RDS_INSTANCE) if _names(reference, i, "identifier")), None)


def _number(value: Any) -> Optional[Decimal]:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


# ---- load balancers --------------------------------------------------------------------------------

LB_PRICE = {"application": ("alb_hour", "Application Load Balancer"), "network": ("nlb_hour", "Network Load Balancer")}


def _load_balancer(inputs: dict[str, Any], ctx: Context) -> list[Line]:
    # The hourly charge runs whether or not traffic flows; LCUs/NLCUs are usage (listed, not priced).
    kind = str(inputs.get("loadBalancerType") or "application")
    if kind not in LB_PRICE:
        return []
    price, noun = LB_PRICE[kind]
    return [Line(price, Decimal(1), f"1 {noun}")]


# ---- Fargate ---------------------------------------------------------------------------------------

FARGATE_PRICES = {"ARM64": ("fargate_vcpu_hour_arm64", "fargate_gb_hour_arm64"),
                  "X86_64": ("fargate_vcpu_hour_x86", "fargate_gb_hour_x86")}
# An unresolved task definition is priced as the smallest Fargate task (0.25 vCPU, 0.5 GB, ARM64): any real task
# costs at least that, so resolving it can only raise the total.
FARGATE_MIN = (Decimal("0.25"), Decimal("0.5"), "ARM64")
NOT_FARGATE_LAUNCH_TYPES = ("EC2", "EXTERNAL")
_UNIT = re.compile(r"^\s*([\d.]+)\s*(vcpu|gb)?\s*$", re.IGNORECASE)


def _task_size(value: Any, per_unit: int) -> Optional[Decimal]:
    """Task cpu ("256", "1 vCPU") in vCPU, memory ("512", "2 GB") in GB."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Decimal(str(value)) / per_unit
    match = _UNIT.match(value) if isinstance(value, str) else None
    if not match:
        return None
    amount = Decimal(match.group(1))
    return amount if match.group(2) else amount / per_unit


def _fargate_task(td: Optional[dict[str, Any]]) -> tuple[Decimal, Decimal, str, bool]:
    """(vCPU, GB, architecture, resolved) of one task."""
    if td is None:
        return (*FARGATE_MIN, False)
    props = td.get("inputs") or {}
    cpu, memory = _task_size(props.get("cpu"), 1024), _task_size(props.get("memory"), 1024)
    arch = str((props.get("runtimePlatform") or {}).get("cpuArchitecture") or "X86_64").upper()  # ECS default X86_64
    if cpu is None or memory is None or arch not in FARGATE_PRICES:
        return (*FARGATE_MIN, False)
    return (max(cpu, FARGATE_MIN[0]), max(memory, FARGATE_MIN[1]), arch, True)


def _fargate_service(inputs: dict[str, Any], ctx: Context) -> list[Line]:
    # Fargate bills each running task per vCPU-hour and GB-hour; desiredCount tasks run while idle.
    if str(inputs.get("launchType") or "").upper() in NOT_FARGATE_LAUNCH_TYPES:
        return []
    count = inputs.get("desiredCount")
    if not isinstance(count, int) or isinstance(count, bool) or count <= 0:
        return []  # the provider's default desiredCount is 0
    vcpu, gb, arch, resolved = _fargate_task(ctx.records.task_definition(inputs.get("taskDefinition")))
    vcpu_price, gb_price = FARGATE_PRICES[arch]
    tasks = _plural(count, "task")
    note = "" if resolved else ", task definition not found: smallest task assumed"
    return [Line(vcpu_price, count * vcpu, f"{tasks} × {vcpu.normalize():f} vCPU ({arch}{note})"),
            Line(gb_price, count * gb, f"{tasks} × {gb.normalize():f} GB")]


# ---- Aurora Serverless v2 and RDS Proxy -------------------------------------------------------------

SERVERLESS_CLASS = "db.serverless"
# An instance whose cluster is not on record: the lowest floor a running (not paused) instance can have.
UNRESOLVED_MIN_ACU = Decimal("0.5")
# RDS Proxy bills Aurora Serverless v2 per ACU of the databases behind it, at least 8 ACUs; provisioned databases
# per vCPU, at least 2. See prices.json rds_proxy_acu_hour / rds_proxy_vcpu_hour.
PROXY_MIN_ACU = Decimal(8)
PROXY_MIN_VCPU = Decimal(2)
_CLASS_SIZE = re.compile(r"^db\.[a-z0-9-]+\.(?:(\d+)?xlarge|large|medium|small|micro)$")


def _min_acu(cluster: Optional[dict[str, Any]]) -> Decimal:
    if cluster is None:
        return UNRESOLVED_MIN_ACU
    scaling = (cluster.get("inputs") or {}).get("serverlessv2ScalingConfiguration") or {}
    value = _number(scaling.get("minCapacity") if isinstance(scaling, dict) else None)
    return value if value is not None and value >= 0 else UNRESOLVED_MIN_ACU


def _acu_price(cluster: Optional[dict[str, Any]]) -> str:
    storage = str(((cluster or {}).get("inputs") or {}).get("storageType") or "")
    return "aurora_serverless_v2_acu_hour_io_optimized" if storage == "aurora-iopt1" else "aurora_serverless_v2_acu_hour"


def _serverless_instance(inputs: dict[str, Any], ctx: Context) -> list[Line]:
    # An Aurora Serverless v2 instance never scales below its cluster's minimum ACUs; at minimum 0 it auto-pauses
    # and costs nothing idle (storage and I/O are usage).
    if inputs.get("instanceClass") != SERVERLESS_CLASS:
        return []
    cluster = ctx.records.cluster(inputs.get("clusterIdentifier"))
    acu = _min_acu(cluster)
    if acu == 0:
        return []
    where = "cluster minimum" if cluster is not None else "cluster not found: 0.5 ACU floor assumed"
    return [Line(_acu_price(cluster), acu, f"{acu.normalize():f} ACU ({where})")]


def _vcpus(instance_class: Any) -> Decimal:
    match = _CLASS_SIZE.match(instance_class) if isinstance(instance_class, str) else None
    if not match:
        return PROXY_MIN_VCPU
    if "xlarge" not in instance_class:
        return PROXY_MIN_VCPU  # micro to large: 2 vCPUs
    return Decimal(4) * Decimal(match.group(1) or 1)


def _proxy(inputs: dict[str, Any], ctx: Context) -> list[Line]:
    # Idle capacity behind the proxy: serverless instances at their cluster's minimum ACUs (at least 8 ACUs billed),
    # provisioned ones by vCPU (at least 2). A proxy whose targets are not on record is priced at the 8-ACU floor.
    acus, vcpus, found = Decimal(0), Decimal(0), False
    for target in ctx.records.proxy_targets(inputs.get("name")):
        props = target.get("inputs") or {}
        cluster = ctx.records.cluster(props.get("dbClusterIdentifier"))
        single = ctx.records.db_instance(props.get("dbInstanceIdentifier"))
        for member in (ctx.records.instances_of(cluster) if cluster is not None else []) + ([single] if single else []):
            found = True
            klass = (member.get("inputs") or {}).get("instanceClass")
            if klass == SERVERLESS_CLASS:
                acus += _min_acu(cluster)
            else:
                vcpus += _vcpus(klass)
    if not found:
        return [Line("rds_proxy_acu_hour", PROXY_MIN_ACU, f"RDS Proxy minimum {PROXY_MIN_ACU} ACUs (targets not found)")]
    lines = []
    if acus or not vcpus:
        lines.append(Line("rds_proxy_acu_hour", max(acus, PROXY_MIN_ACU),
                          f"RDS Proxy on {acus.normalize():f} ACU (minimum {PROXY_MIN_ACU} ACUs)"))
    if vcpus:
        lines.append(Line("rds_proxy_vcpu_hour", max(vcpus, PROXY_MIN_VCPU),
                          f"RDS Proxy on {vcpus.normalize():f} vCPUs (minimum {PROXY_MIN_VCPU} vCPUs)"))
    return lines


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
    "aws:lb/loadBalancer:LoadBalancer": _load_balancer,
    "aws:alb/loadBalancer:LoadBalancer": _load_balancer,
    "aws:ecs/service:Service": _fargate_service,
    "aws:rds/clusterInstance:ClusterInstance": _serverless_instance,
    "aws:rds/proxy:Proxy": _proxy,
}

PRICE_KEYS = ("nat_gateway_hour", "public_ipv4_hour", "interface_endpoint_az_hour", "tgw_attachment_hour", "kms_key_month",
              "waf_web_acl_month", "waf_rule_month", *PC_PRICE.values(), "cloudwatch_alarm_month", "secret_month",
              "route53_hosted_zone_month", "alb_hour", "nlb_hour", *[k for pair in FARGATE_PRICES.values() for k in pair],
              "aurora_serverless_v2_acu_hour", "aurora_serverless_v2_acu_hour_io_optimized", "rds_proxy_acu_hour",
              "rds_proxy_vcpu_hour")

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
    "aws:lb/loadBalancer:LoadBalancer": "load balancer capacity units (ALB $0.008 per LCU-hour in eu-west-1) and data",
    "aws:alb/loadBalancer:LoadBalancer": "load balancer capacity units (ALB $0.008 per LCU-hour in eu-west-1) and data",
    "aws:ecs/service:Service": "Fargate tasks above desiredCount (auto scaling) and ephemeral storage over 20 GB",
    "aws:ecr/repository:Repository": "ECR image storage per GB-month and data transfer",
    "aws:rds/cluster:Cluster": "Aurora storage, I/O (Standard), backups beyond the free retention and ACUs above the minimum",
}

# A usage entry that applies only to some records of its type.
USAGE_WHEN: dict[str, Callable[[dict[str, Any]], bool]] = {
    "aws:ec2/vpcEndpoint:VpcEndpoint": lambda inputs: str(inputs.get("vpcEndpointType", "Gateway")).lower() == "interface",
}
