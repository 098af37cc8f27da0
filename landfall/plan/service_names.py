"""Physical names and ARNs of a service's resources, derived from stable keys (no pulumi import).

Every name is known before deployment, so environment variables and IAM policies can name a queue or a
state machine without waiting for it to exist, and the config check can reject a name AWS would refuse.
Names are ``<environment>-<service>-<key>``: unique per account and region, readable in the console.

VPC endpoint service names (``com.amazonaws.<region>.<name>``, the ``<name>`` a stack file lists under
``landfall:network.vpcs.*.endpoints``) are checked against botocore's bundled endpoint data
(``botocore/data/endpoints.json`` through ``botocore.loaders``), plus the names of the service models
botocore ships. Why that source: boto3/botocore are already pinned in requirements.txt (the handlers use
them), the data is maintained by AWS and released several times a week, and reading it is offline and
takes ~50 ms once per process; a hand-typed list would go stale silently, and the AWS API that lists
endpoint services (``ec2:DescribeVpcEndpointServices``) needs credentials in every region checked.

Its limit: endpoints.json says which regions serve a service's *API*, and PrivateLink availability is
not exactly API availability. A service with a regional API may offer no interface endpoint in that
region (AWS then rejects it at deploy), a few PrivateLink names serve no API of their own (the short,
commented ``PRIVATELINK_NAMES`` allow-list maps each to the API whose regions it follows), and services
botocore resolves only through endpoint rule sets (e.g. bedrock-runtime) are absent from endpoints.json:
those are accepted by name, without a region check. A region or service AWS launched after the botocore
pin is rejected until the pin moves (the error says so).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

FUNCTION_NAME_MAX = 64  # Lambda
QUEUE_NAME_MAX = 80  # SQS
STATE_MACHINE_NAME_MAX = 80  # Step Functions
TABLE_NAME_MAX = 255  # DynamoDB
EVENTBRIDGE_RULE_NAME_MAX = 64  # PutRule Name: 1-64 of [.\-_A-Za-z0-9]
IAM_ROLE_NAME_MAX = 64  # CreateRole RoleName
SNS_TOPIC_NAME_MAX = 256  # CreateTopic Name: 1-256 of [A-Za-z0-9_-]
SNS_TOPIC_NAME_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}\Z")
LAMBDA_DESCRIPTION_MAX = 256  # CreateFunction Description
ALIAS = "live"  # every function is invoked through this alias (provisioned concurrency lives on it)
DLQ_SUFFIX = "-dlq"
FAILURES_SUFFIX = "-failures"


def env_var_prefix(key: str) -> str:
    """``idempotency`` -> ``IDEMPOTENCY``; ``order-events`` -> ``ORDER_EVENTS``."""
    return re.sub(r"[^A-Za-z0-9]", "_", key).upper()


@dataclass(frozen=True)
class ServiceNames:
    environment: str
    service: str
    partition: str = "aws"
    region: str = "eu-west-1"
    account_id: str = "000000000000"

    def _name(self, key: str) -> str:
        return f"{self.environment}-{self.service}-{key}"

    # -- functions
    def function(self, key: str) -> str:
        return self._name(key)

    def function_arn(self, key: str) -> str:
        return f"arn:{self.partition}:lambda:{self.region}:{self.account_id}:function:{self.function(key)}"

    def alias_arn(self, key: str) -> str:
        return f"{self.function_arn(key)}:{ALIAS}"

    def log_group(self, key: str) -> str:
        return f"/aws/lambda/{self.function(key)}"

    def log_group_arn(self, key: str) -> str:
        return f"arn:{self.partition}:logs:{self.region}:{self.account_id}:log-group:{self.log_group(key)}"

    def failures_queue(self, key: str) -> str:
        return self._name(key) + FAILURES_SUFFIX

    # -- tables, queues, workflows
    def table(self, key: str) -> str:
        return self._name(key)

    def table_arn(self, key: str) -> str:
        return f"arn:{self.partition}:dynamodb:{self.region}:{self.account_id}:table/{self.table(key)}"

    def queue(self, key: str) -> str:
        return self._name(key)

    def dlq(self, key: str) -> str:
        return self._name(key) + DLQ_SUFFIX

    def queue_arn(self, name: str) -> str:
        return f"arn:{self.partition}:sqs:{self.region}:{self.account_id}:{name}"

    def queue_url(self, name: str) -> str:
        return f"https://sqs.{self.region}.amazonaws.com/{self.account_id}/{name}"

    def state_machine(self, key: str) -> str:
        return self._name(key)

    def state_machine_arn(self, key: str) -> str:
        return f"arn:{self.partition}:states:{self.region}:{self.account_id}:stateMachine:{self.state_machine(key)}"

    def workflow_log_group(self, key: str) -> str:
        # The /aws/vendedlogs/ prefix keeps the CloudWatch Logs resource policy small (AWS's advice).
        return f"/aws/vendedlogs/states/{self.state_machine(key)}"

    def schedule_dlq(self, key: str) -> str:
        return self._name(f"schedule-{key}") + DLQ_SUFFIX

    def schedule_rule(self, key: str) -> str:
        """The EventBridge rule of schedule ``key`` (components/app/schedules.py)."""
        return self._name(key)

    def workflow_role(self, key: str) -> str:
        """The IAM role of workflow ``key``'s state machine (components/app/workflow.py)."""
        return f"{self.state_machine(key)}-sfn"

    def alarm_topic(self, topic: str) -> str:
        """The SNS topic the alarms notify, from AlarmsConfig.topic_name (components/app/monitoring.py)."""
        return f"{self.environment}-{topic}"


def wired_environment(names: ServiceNames, tables: list[str], queues: list[str], workflows: list[str]) -> dict[str, str]:
    """The environment variables landfall sets for what a function ``uses`` (so handlers never hard-code names)."""
    env: dict[str, str] = {}
    for key in tables:
        env[f"{env_var_prefix(key)}_TABLE"] = names.table(key)
    for key in queues:
        env[f"{env_var_prefix(key)}_QUEUE_URL"] = names.queue_url(names.queue(key))
    for key in workflows:
        env[f"{env_var_prefix(key)}_STATE_MACHINE_ARN"] = names.state_machine_arn(key)
    return env


def name_problems(names: ServiceNames, functions: list[str], queues: list[str], workflows: list[str]) -> list[tuple[str, str, int]]:
    """(kind, key, length) for every derived name longer than AWS allows."""
    found = []
    for key in functions:
        n = names.function(key)
        if len(n) > FUNCTION_NAME_MAX:
            found.append(("functions", key, len(n)))
        elif len(names.failures_queue(key)) > QUEUE_NAME_MAX:
            found.append(("functions", key, len(names.failures_queue(key))))
    for key in queues:
        if len(names.dlq(key)) > QUEUE_NAME_MAX:
            found.append(("queues", key, len(names.dlq(key))))
    for key in workflows:
        if len(names.state_machine(key)) > STATE_MACHINE_NAME_MAX:
            found.append(("workflows", key, len(names.state_machine(key))))
    return found


def derived_name_problems(names: ServiceNames, schedules: list[str], workflows: list[str]) -> list[tuple[str, str, str, str, int]]:
    """(kind, key, what, AWS name, limit) for the names name_problems does not cover: each schedule's EventBridge
    rule (64) and dead-letter queue (80), and each workflow's IAM role (64, shorter than the state machine's 80)."""
    found = []
    for key in schedules:
        for what, name, limit in (("EventBridge rule", names.schedule_rule(key), EVENTBRIDGE_RULE_NAME_MAX),
                                  ("dead-letter queue", names.schedule_dlq(key), QUEUE_NAME_MAX)):
            if len(name) > limit:
                found.append(("schedules", key, what, name, limit))
    for key in workflows:
        role = names.workflow_role(key)
        if len(role) > IAM_ROLE_NAME_MAX:
            found.append(("workflows", key, "IAM role", role, IAM_ROLE_NAME_MAX))
    return found


# --- VPC endpoint service names -------------------------------------------------------------------------

# PrivateLink names that are not a botocore endpoint prefix -> the endpoint prefix whose regions they follow.
PRIVATELINK_NAMES: dict[str, str] = {
    "ecr.api": "api.ecr",  # ECR's API: botocore spells the host prefix the other way round
    "ecr.dkr": "api.ecr",  # the Docker registry protocol: PrivateLink only, offered wherever ECR is
    "sagemaker.api": "api.sagemaker",
    "sagemaker.runtime": "runtime.sagemaker",
    "kinesis-streams": "kinesis",
    "kinesis-firehose": "firehose",
    "execute-api": "apigateway",  # invoking (private) REST APIs; the SDK only models the management API
    "git-codecommit": "codecommit",  # git over HTTPS: PrivateLink only
    "ssmmessages": "ssm",  # Session Manager channels: PrivateLink only, served with SSM
    "ec2messages": "ssm",  # SSM Agent's message delivery: PrivateLink only, served with SSM
    "ecs-agent": "ecs",  # the ECS container agent's endpoints: PrivateLink only
    "ecs-telemetry": "ecs",
}

# SDK service names (what boto3.client() takes) whose interface endpoint goes by another name: a likely
# mistake, answered with the endpoint's name.
ENDPOINT_NAME_OF_SDK_NAME: dict[str, str] = {
    "ecr": "ecr.api (and ecr.dkr for image pulls)",
    "cloudwatch": "monitoring",
    "stepfunctions": "states",
    "efs": "elasticfilesystem",
    "elb": "elasticloadbalancing",
    "elbv2": "elasticloadbalancing",
    "sagemaker": "sagemaker.api",
    "sagemaker-runtime": "sagemaker.runtime",
    "kinesis": "kinesis-streams",
    "firehose": "kinesis-firehose",
}


@lru_cache(maxsize=None)
def _endpoint_data() -> tuple[dict[str, frozenset[str]], dict[str, dict[str, frozenset[str]]], frozenset[str]]:
    """(partition -> its regions, partition -> endpoint prefix -> regions serving it, SDK service names)."""
    from botocore.loaders import create_loader

    loader = create_loader()
    data = loader.load_data("endpoints")
    regions: dict[str, frozenset[str]] = {}
    services: dict[str, dict[str, frozenset[str]]] = {}
    for partition in data["partitions"]:
        known = frozenset(partition["regions"])
        regions[partition["partition"]] = known
        services[partition["partition"]] = {
            prefix: frozenset(e for e in spec.get("endpoints", {}) if e in known)
            for prefix, spec in partition["services"].items()
        }
    return regions, services, frozenset(loader.list_available_services("service-2"))


def endpoint_service_names(partition: str = "aws") -> tuple[str, ...]:
    """Every short name landfall accepts for an endpoint in the partition, sorted (the did-you-mean pool)."""
    _, services, sdk = _endpoint_data()
    names = {p for p in services.get(partition, {}) if "." not in p} | sdk | set(PRIVATELINK_NAMES)
    return tuple(sorted(names - set(ENDPOINT_NAME_OF_SDK_NAME)))


def endpoint_service_regions(name: str, partition: str = "aws") -> frozenset[str] | None:
    """Regions of the partition that serve `name` (empty for a global service such as iam), or None when
    botocore's endpoint data cannot say (an unknown name, or a service resolved only through rule sets)."""
    _, services, _ = _endpoint_data()
    return services.get(partition, {}).get(PRIVATELINK_NAMES.get(name, name))


def endpoint_service_problem(name: str, region: str, partition: str = "aws") -> tuple[str, str] | None:
    """(message, fix) when com.amazonaws.<region>.<name> is not an endpoint service botocore knows in that
    region, else None. The region itself is judged elsewhere: a region botocore does not know skips the
    region check."""
    partition_regions, services, sdk = _endpoint_data()
    if name in ENDPOINT_NAME_OF_SDK_NAME:
        right = ENDPOINT_NAME_OF_SDK_NAME[name]
        return f"is the SDK's name for the service; its endpoint service is named {right}", f"write {right}"
    prefixes = services.get(partition, {})
    if "." in name and name in prefixes:  # a botocore host prefix such as api.ecr, not the PrivateLink name
        spelled = [n for n, prefix in PRIVATELINK_NAMES.items() if prefix == name]
        if spelled:
            return "is botocore's host prefix, not the endpoint service name", f"write {' or '.join(spelled)}"
    known = name in PRIVATELINK_NAMES or (name in prefixes and "." not in name) or name in sdk
    if not known:
        close = difflib.get_close_matches(name, endpoint_service_names(partition), n=1, cutoff=0.5)
        hint = f"did you mean {close[0]}?" if close else "write the part after com.amazonaws.<region>. of an AWS endpoint service"
        return ("is not an AWS endpoint service",
                f"{hint} (names come from botocore's endpoint data; upgrade boto3 for a service launched after it)")
    regions = endpoint_service_regions(name, partition)
    if regions is None or region not in partition_regions.get(partition, frozenset()) or region in regions:
        return None
    if not regions:
        return ("is a global service: it has no regional endpoint, so com.amazonaws.<region>." + name + " does not exist",
                "remove it; its API is reached through the NAT or the hub's egress")
    return (f"is not offered in {region} (botocore's endpoint data lists it in {len(regions)} other "
            f"region{'' if len(regions) == 1 else 's'})",
            f"remove it, or put the VPC in a region that offers it, e.g. {', '.join(sorted(regions)[:3])}")
