"""Lambda functions of a service: runtime limits, environment, what each function uses."""

from __future__ import annotations

from typing import Optional

from pydantic import Field

from landfall.plan.serverless import committed_concurrency, env_size_bytes

from .. import limits as L
from ..base import StrictModel
from ..errors import Problem
from .common import (
    DEFAULT_EPHEMERAL_STORAGE_MB,
    DEFAULT_LOG_RETENTION_DAYS,
    DEFAULT_MEMORY_MB,
    DEFAULT_TIMEOUT_S,
    HANDLER_PATTERN,
    TableAccess,
    _retention_problem,
)

# --- Lambda -----------------------------------------------------------------------------------------


class UsesConfig(StrictModel):
    """The resources of its service a function touches: its role allows exactly these, and landfall passes
    their names in environment variables (<KEY>_TABLE, <KEY>_QUEUE_URL, <KEY>_STATE_MACHINE_ARN)."""

    tables: dict[str, TableAccess] = Field(default_factory=dict, description="Table key -> read or read_write. Default: none.")
    queues: list[str] = Field(default_factory=list, description="Queue keys the function sends messages to. Default: none (consuming a queue is granted by the queue's consumer setting).")
    workflows: list[str] = Field(default_factory=list, description="Workflow keys whose executions the function starts. Default: none.")


class FunctionConfig(StrictModel):
    handler: str = Field(description="Dotted path of the handler, e.g. services.orders.api.lambda_handler.")
    description: str = Field(default="", description="Shown in the Lambda console. Default: empty (the key names the function).")
    memory_mb: int = Field(default=DEFAULT_MEMORY_MB, description=f"Default: {DEFAULT_MEMORY_MB} (boto3 and Powertools start quickly; CPU grows with memory). {L.LAMBDA_MIN_MEMORY_MB}-{L.LAMBDA_MAX_MEMORY_MB}.")
    timeout_s: int = Field(default=DEFAULT_TIMEOUT_S, description=f"Default: {DEFAULT_TIMEOUT_S} (fail fast). 1-900; at most {L.API_GATEWAY_MAX_INTEGRATION_TIMEOUT_S} for functions behind an API route.")
    ephemeral_storage_mb: int = Field(default=DEFAULT_EPHEMERAL_STORAGE_MB, description="Size of /tmp. Default: 512 (included in the price). 512-10,240.")
    reserved_concurrency: Optional[int] = Field(
        default=None,
        description="Concurrency reserved for (and capping) this function. Default: none (shares the unreserved pool). "
        f"All reservations must leave {L.MIN_UNRESERVED_CONCURRENCY} unreserved of account_concurrency_limit.",
    )
    provisioned_concurrency: int = Field(default=0, description="Pre-initialized environments (no cold starts; billed while idle). Default: 0; production API functions use it.")
    environment: dict[str, str] = Field(default_factory=dict, description=f"Environment variables; at most {L.LAMBDA_ENV_MAX_BYTES} bytes as Lambda measures them.")
    vpc: bool = Field(default=False, description="Place the function in the stack VPC's private subnets. Default: false (no ENI cold starts; DynamoDB, SQS and the rest are reachable without a VPC).")
    log_retention_days: int = Field(default=DEFAULT_LOG_RETENTION_DAYS, description="Default: 365 (a year of evidence, CloudWatch.16; matches flow logs). One of CloudWatch's allowed values.")
    async_on_failure: bool = Field(default=True, description="Send failed asynchronous invocations to an SQS on-failure destination. Default: true (nothing is lost silently).")
    tracing: bool = Field(default=True, description="X-Ray active tracing. Default: true (Powertools Tracer; follow an order across services).")
    uses: UsesConfig = Field(default_factory=UsesConfig, description="Tables, queues and workflows of this service the function uses; its IAM role allows only these. Default: none.")

    @property
    def runtime(self) -> str:
        return L.LAMBDA_RUNTIME

    @property
    def architecture(self) -> str:
        return L.LAMBDA_ARCHITECTURE

    @property
    def committed_concurrency(self) -> int:
        return committed_concurrency(self.reserved_concurrency, self.provisioned_concurrency)

    @property
    def env_size_bytes(self) -> int:
        return env_size_bytes(self.environment)

    def problems(self, path: str) -> list[Problem]:
        found: list[Problem] = []
        if not HANDLER_PATTERN.match(self.handler):
            found.append(Problem(f"{path}.handler", "is not a dotted module path ending in a function", "write it like services.orders.api.lambda_handler", self.handler))
        if not L.LAMBDA_MIN_MEMORY_MB <= self.memory_mb <= L.LAMBDA_MAX_MEMORY_MB:
            found.append(Problem(f"{path}.memory_mb", f"Lambda memory must be {L.LAMBDA_MIN_MEMORY_MB}-{L.LAMBDA_MAX_MEMORY_MB:,} MB", f"use a value in that range, e.g. {DEFAULT_MEMORY_MB}", self.memory_mb))
        if not L.LAMBDA_MIN_TIMEOUT_S <= self.timeout_s <= L.LAMBDA_MAX_TIMEOUT_S:
            found.append(Problem(f"{path}.timeout_s", f"Lambda timeout must be {L.LAMBDA_MIN_TIMEOUT_S}-{L.LAMBDA_MAX_TIMEOUT_S} s (15 minutes)", "use a value in that range; split longer work into a Step Functions workflow", self.timeout_s))
        if not L.LAMBDA_MIN_EPHEMERAL_STORAGE_MB <= self.ephemeral_storage_mb <= L.LAMBDA_MAX_EPHEMERAL_STORAGE_MB:
            found.append(Problem(f"{path}.ephemeral_storage_mb", f"ephemeral storage (/tmp) must be {L.LAMBDA_MIN_EPHEMERAL_STORAGE_MB}-{L.LAMBDA_MAX_EPHEMERAL_STORAGE_MB:,} MB", "use a value in that range, or leave it out for 512", self.ephemeral_storage_mb))
        if self.reserved_concurrency is not None and self.reserved_concurrency < 0:
            found.append(Problem(f"{path}.reserved_concurrency", "must be 0 or more", "remove it to share the unreserved pool", self.reserved_concurrency))
        if self.provisioned_concurrency < 0:
            found.append(Problem(f"{path}.provisioned_concurrency", "must be 0 or more", "use 0 for none", self.provisioned_concurrency))
        elif self.reserved_concurrency is not None and self.provisioned_concurrency > self.reserved_concurrency:
            found.append(Problem(
                f"{path}.provisioned_concurrency",
                f"is more than the function's reserved_concurrency ({self.reserved_concurrency}); Lambda cannot pre-warm more environments than the function may run",
                f"lower provisioned_concurrency to at most {self.reserved_concurrency}, or raise reserved_concurrency",
                self.provisioned_concurrency,
            ))
        size = self.env_size_bytes
        if size > L.LAMBDA_ENV_MAX_BYTES:
            biggest = max(self.environment, key=lambda k: len(k) + len(self.environment[k]))
            found.append(Problem(
                f"{path}.environment",
                f"is {size:,} bytes as Lambda measures it (the JSON of all keys and values); the limit is {L.LAMBDA_ENV_MAX_BYTES:,}",
                f"move large values (the largest is {biggest}) to SSM Parameter Store or AppConfig and pass their names instead",
                size,
            ))
        for key in self.environment:
            if key in L.LAMBDA_RESERVED_ENV_KEYS:
                found.append(Problem(f"{path}.environment.{key}", "is reserved: the Lambda runtime sets it", "remove it or use another name", key))
            elif not L.LAMBDA_ENV_KEY_PATTERN.match(key):
                found.append(Problem(f"{path}.environment.{key}", "environment variable names must start with a letter and hold only letters, digits and _", "rename it, e.g. TABLE_NAME", key))
        if self.log_retention_days not in L.CLOUDWATCH_LOG_RETENTION_DAYS:
            found.append(_retention_problem(f"{path}.log_retention_days", self.log_retention_days))
        return found
