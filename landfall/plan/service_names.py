"""Physical names and ARNs of a service's resources, derived from stable keys (no pulumi import).

Every name is known before deployment, so environment variables and IAM policies can name a queue or a
state machine without waiting for it to exist, and the config check can reject a name AWS would refuse.
Names are ``<environment>-<service>-<key>``: unique per account and region, readable in the console.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FUNCTION_NAME_MAX = 64  # Lambda
QUEUE_NAME_MAX = 80  # SQS
STATE_MACHINE_NAME_MAX = 80  # Step Functions
TABLE_NAME_MAX = 255  # DynamoDB
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
