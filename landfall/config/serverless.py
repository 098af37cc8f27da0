"""`landfall:services`: the serverless app tier, one entry per service (Lambda, REST API, DynamoDB,
SQS, EventBridge schedules, Step Functions, alarms).

Shape and types are pydantic's; every AWS limit and cross reference is checked in ``problems`` so a
stack file with five mistakes reports five problems, each with its full key path
(``landfall:services.orders.functions.create_order.memory_mb``), the value and the fix.

The section maps service names to services; the one other key, ``account_concurrency_limit``, is the
account's Lambda concurrency quota that all services share.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Any, Collection, Optional

from pydantic import ConfigDict, Field, model_validator

from landfall.plan.schedule import schedule_problems
from landfall.plan.serverless import committed_concurrency, env_size_bytes, parse_route_path, plan_api_resources
from landfall.plan.service_names import FUNCTION_NAME_MAX, ServiceNames, name_problems, wired_environment

from . import limits as L
from .base import StrictModel
from .context import Context
from .errors import Problem, format_path

SECTION = "landfall:services"

# Defaults (each one's reason is in its Field description too).
DEFAULT_MEMORY_MB = 256  # boto3 + Powertools import in well under a second; CPU scales with memory
DEFAULT_TIMEOUT_S = 10  # fail fast; far below the 29 s API Gateway integration cap
DEFAULT_EPHEMERAL_STORAGE_MB = L.LAMBDA_MIN_EPHEMERAL_STORAGE_MB  # 512 MB of /tmp is included in the price
DEFAULT_LOG_RETENTION_DAYS = 365  # a year of evidence (CloudWatch.16 asks >= 1 year); same as flow logs
DEFAULT_STAGE_NAME = "v1"
DEFAULT_STAGE_RATE_LIMIT = 100.0  # requests/s: far below the 10,000 account quota, so one API cannot starve others
DEFAULT_STAGE_BURST_LIMIT = 200
DEFAULT_BATCH_SIZE = 10  # the event source mapping's own default; larger batches need a batching window
DEFAULT_MAX_RECEIVE_COUNT = 5  # a poison message reaches the DLQ after 5 tries, not after retention runs out
DEFAULT_QUEUE_RETENTION_S = 345_600  # 4 days, the SQS default
DLQ_RETENTION_S = L.SQS_MAX_RETENTION_S  # 14 days: dead letters outlive the source messages
DEFAULT_SCHEDULE_RETRY_ATTEMPTS = 2
DEFAULT_SCHEDULE_MAX_EVENT_AGE_S = 3_600  # a nightly job that cannot start within an hour should alarm, not run at noon
DEFAULT_ALARM_PERIOD_S = 300

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")  # keys of functions, tables, queues, ...
SERVICE_NAME_PATTERN = re.compile(r"^[a-z][a-z0-9-]{0,23}$")
HANDLER_PATTERN = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$")
BUILDER_PATTERN = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*:[A-Za-z_]\w*$")
GSI_NAME_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{3,255}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class Authorization(str, Enum):
    """API Gateway method authorization types."""

    COGNITO_USER_POOLS = "COGNITO_USER_POOLS"  # the landfall:identity user pool's JWTs
    AWS_IAM = "AWS_IAM"  # SigV4, e.g. identity-pool credentials or service-to-service
    # No NONE: every method is authorized (APIGateway.8 / LF.API.2); a public health check is a CloudWatch
    # synthetic canary's job, not an open method.


class ExecutionLogLevel(str, Enum):
    """API Gateway execution logging; APIGateway.1 passes with ERROR or INFO."""

    ERROR = "ERROR"
    INFO = "INFO"


class Billing(str, Enum):
    ON_DEMAND = "ON_DEMAND"  # PAY_PER_REQUEST: scales with demand (DynamoDB.1), no capacity to plan
    PROVISIONED = "PROVISIONED"  # needs capacity with auto scaling (DynamoDB.1)


class AttributeType(str, Enum):
    S = "S"
    N = "N"
    B = "B"


class StreamView(str, Enum):
    KEYS_ONLY = "KEYS_ONLY"
    NEW_IMAGE = "NEW_IMAGE"
    OLD_IMAGE = "OLD_IMAGE"
    NEW_AND_OLD_IMAGES = "NEW_AND_OLD_IMAGES"


class Projection(str, Enum):
    ALL = "ALL"
    KEYS_ONLY = "KEYS_ONLY"
    INCLUDE = "INCLUDE"


class WorkflowLogLevel(str, Enum):
    """StepFunctions.1 passes with any level but OFF."""

    ALL = "ALL"
    ERROR = "ERROR"
    FATAL = "FATAL"


class WorkflowType(str, Enum):
    STANDARD = "STANDARD"  # exactly-once steps, up to a year: right for payments
    EXPRESS = "EXPRESS"  # at-least-once, up to 5 minutes, cheaper at high volume


class TableAccess(str, Enum):
    """What a function may do to a table's items (never Scan, never table management)."""

    READ = "read"  # GetItem, BatchGetItem, Query, ConditionCheckItem
    READ_WRITE = "read_write"  # read + PutItem, UpdateItem, DeleteItem, BatchWriteItem


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


# --- API Gateway ------------------------------------------------------------------------------------


class Throttle(StrictModel):
    rate_limit: float = Field(description="Steady-state requests per second.")
    burst_limit: int = Field(description="Requests allowed in a burst above the rate.")

    def problems(self, path: str) -> list[Problem]:
        found = []
        if not 0 < self.rate_limit <= L.API_GATEWAY_ACCOUNT_RATE_LIMIT:
            found.append(Problem(f"{path}.rate_limit", f"must be above 0 and at most the account quota of {L.API_GATEWAY_ACCOUNT_RATE_LIMIT:,} requests/s", "use a value in that range", self.rate_limit))
        if not 0 < self.burst_limit <= L.API_GATEWAY_ACCOUNT_BURST_LIMIT:
            found.append(Problem(f"{path}.burst_limit", f"must be 1-{L.API_GATEWAY_ACCOUNT_BURST_LIMIT:,} (the account burst quota)", "use a value in that range", self.burst_limit))
        return found


class RouteConfig(StrictModel):
    method: str = Field(description=f"HTTP method: one of {', '.join(L.API_GATEWAY_HTTP_METHODS)}.")
    path: str = Field(description="Resource path starting with /, parameters as {name}, e.g. /orders/{order_id}.")
    function: str = Field(description="Key of the function (in this service) that serves the route.")
    authorization: Authorization = Field(default=Authorization.COGNITO_USER_POOLS, description="Default: COGNITO_USER_POOLS (the landfall:identity user pool).")
    scopes: list[str] = Field(default_factory=list, description="OAuth scopes the access token must carry, e.g. orders/write. Only with COGNITO_USER_POOLS.")
    throttle: Optional[Throttle] = Field(default=None, description="Per-route throttling override. Default: the stage's.")

    @property
    def key(self) -> str:
        """API Gateway's route key, e.g. ``POST /orders``."""
        return f"{self.method} {self.path}"


class ApiConfig(StrictModel):
    routes: list[RouteConfig] = Field(description="The REST API's routes; each one a Lambda proxy integration.")
    stage_name: str = Field(default=DEFAULT_STAGE_NAME, description="Default: v1 (a later v2 stage can run beside it).")
    throttle: Throttle = Field(
        default_factory=lambda: Throttle(rate_limit=DEFAULT_STAGE_RATE_LIMIT, burst_limit=DEFAULT_STAGE_BURST_LIMIT),
        description="Stage throttling. Default: 100 requests/s, burst 200 (well under the account quota, so one API cannot starve the others).",
    )
    waf: Optional[bool] = Field(default=None, description="Attach a WAF web ACL to the stage (APIGateway.4). Default: on in production, off elsewhere (WAF bills per ACL and request).")
    access_log_retention_days: int = Field(default=DEFAULT_LOG_RETENTION_DAYS, description="Default: 365 (a year of evidence).")
    execution_log_level: ExecutionLogLevel = Field(default=ExecutionLogLevel.ERROR, description="Default: ERROR (passes APIGateway.1 without logging every request body).")

    def waf_enabled(self, production: bool) -> bool:
        return self.waf if self.waf is not None else production


# --- DynamoDB ---------------------------------------------------------------------------------------


class ScalingRange(StrictModel):
    min: int = Field(description="Lowest provisioned capacity units.")
    max: int = Field(description="Highest provisioned capacity units.")


class CapacityConfig(StrictModel):
    read: ScalingRange
    write: ScalingRange
    target_utilization: int = Field(default=70, description="Auto scaling target, percent. Default: 70 (the console's default).")


class IndexConfig(StrictModel):
    partition_key: str = Field(description="Partition key attribute of the index.")
    sort_key: Optional[str] = Field(default=None, description="Sort key attribute of the index. Default: none.")
    projection: Projection = Field(default=Projection.ALL, description="Default: ALL (queries never need a second read).")
    non_key_attributes: list[str] = Field(default_factory=list, description="Attributes projected with projection: INCLUDE. Default: none.")


class TableConfig(StrictModel):
    partition_key: str = Field(description="Partition key attribute name.")
    sort_key: Optional[str] = Field(default=None, description="Sort key attribute name. Default: none (a key-value table).")
    attributes: dict[str, AttributeType] = Field(
        default_factory=dict,
        description="Types of key attributes (table and index keys). Default for a key not listed: S. "
        "List only key attributes: DynamoDB rejects definitions no key uses.",
    )
    ttl_attribute: Optional[str] = Field(default=None, description="Attribute holding an epoch-seconds expiry. Default: none (items live until deleted).")
    billing: Billing = Field(default=Billing.ON_DEMAND, description="Default: ON_DEMAND (scales with demand, DynamoDB.1; no idle cost).")
    capacity: Optional[CapacityConfig] = Field(default=None, description="Required with PROVISIONED billing: auto scaling bounds (DynamoDB.1).")
    stream: Optional[StreamView] = Field(default=None, description="DynamoDB stream view type. Default: none (nothing consumes it; stream reads are billed).")
    global_secondary_indexes: dict[str, IndexConfig] = Field(default_factory=dict, description="GSIs keyed by index name. Default: none (each index doubles write cost).")
    deletion_protection: Optional[bool] = Field(default=None, description="DynamoDB.6. Default: on in production, off elsewhere (dev tables can be torn down).")

    @property
    def point_in_time_recovery(self) -> bool:
        """Always on (DynamoDB.2): the cheapest insurance there is."""
        return True

    def deletion_protection_enabled(self, production: bool) -> bool:
        return self.deletion_protection if self.deletion_protection is not None else production

    def key_attributes(self) -> dict[str, AttributeType]:
        """Every attribute some key of the table or an index uses, with its type (the AttributeDefinitions)."""
        names = [self.partition_key, self.sort_key]
        for index in self.global_secondary_indexes.values():
            names += [index.partition_key, index.sort_key]
        return {n: self.attributes.get(n, AttributeType.S) for n in dict.fromkeys(names) if n}

    def problems(self, path: str) -> list[Problem]:
        found: list[Problem] = []
        found += _key_name_problems(f"{path}.partition_key", self.partition_key)
        if self.sort_key is not None:
            found += _key_name_problems(f"{path}.sort_key", self.sort_key)
            if self.sort_key == self.partition_key:
                found.append(Problem(f"{path}.sort_key", "is the same attribute as the partition key", "use a different attribute, or remove sort_key", self.sort_key))
        used = self.key_attributes()
        for name in self.attributes:
            if name not in used:
                found.append(Problem(f"{path}.attributes.{name}", "is not a key of the table or of an index; DynamoDB rejects attribute definitions no key uses", "remove it: non-key attributes need no declaration", name))
        if self.ttl_attribute is not None:
            found += _key_name_problems(f"{path}.ttl_attribute", self.ttl_attribute)
            if self.ttl_attribute in used and used[self.ttl_attribute] != AttributeType.N:
                found.append(Problem(f"{path}.ttl_attribute", "is a key attribute that is not a number; TTL needs epoch seconds (N)", "use a separate number attribute such as expiration", self.ttl_attribute))
        if self.billing == Billing.PROVISIONED and self.capacity is None:
            found.append(Problem(f"{path}.capacity", "PROVISIONED billing needs read and write capacity with auto scaling (DynamoDB.1)", "add capacity: {read: {min: 5, max: 50}, write: {min: 5, max: 50}}, or use billing: ON_DEMAND"))
        if self.billing == Billing.ON_DEMAND and self.capacity is not None:
            found.append(Problem(f"{path}.capacity", "only applies to PROVISIONED billing", "remove capacity, or set billing: PROVISIONED"))
        if self.capacity is not None:
            for kind, rng in (("read", self.capacity.read), ("write", self.capacity.write)):
                if rng.min < 1 or rng.max < rng.min:
                    found.append(Problem(f"{path}.capacity.{kind}", "needs 1 <= min <= max", "e.g. {min: 5, max: 50}", {"min": rng.min, "max": rng.max}))
            if not L.DYNAMODB_MIN_TARGET_UTILIZATION <= self.capacity.target_utilization <= L.DYNAMODB_MAX_TARGET_UTILIZATION:
                found.append(Problem(f"{path}.capacity.target_utilization", f"must be {L.DYNAMODB_MIN_TARGET_UTILIZATION}-{L.DYNAMODB_MAX_TARGET_UTILIZATION} percent", "use e.g. 70", self.capacity.target_utilization))
        if len(self.global_secondary_indexes) > L.DYNAMODB_MAX_GSIS:
            found.append(Problem(f"{path}.global_secondary_indexes", f"a table has at most {L.DYNAMODB_MAX_GSIS} global secondary indexes (default quota)", "drop or merge indexes", len(self.global_secondary_indexes)))
        projected: set[str] = set()
        for name, index in self.global_secondary_indexes.items():
            where = f"{path}.global_secondary_indexes.{name}"
            if not GSI_NAME_PATTERN.match(name):
                found.append(Problem(where, "index names are 3-255 letters, digits, '_', '-' or '.'", "rename the index, e.g. status-created_at", name))
            found += _key_name_problems(f"{where}.partition_key", index.partition_key)
            if index.sort_key is not None:
                found += _key_name_problems(f"{where}.sort_key", index.sort_key)
                if index.sort_key == index.partition_key:
                    found.append(Problem(f"{where}.sort_key", "is the same attribute as the index's partition key", "use a different attribute, or remove sort_key", index.sort_key))
            if index.projection == Projection.INCLUDE and not index.non_key_attributes:
                found.append(Problem(f"{where}.non_key_attributes", "projection INCLUDE needs the attributes to include", "list them, or use projection: ALL or KEYS_ONLY", index.non_key_attributes))
            if index.projection != Projection.INCLUDE and index.non_key_attributes:
                found.append(Problem(f"{where}.non_key_attributes", "only applies to projection: INCLUDE", "remove it, or set projection: INCLUDE", index.non_key_attributes))
            projected |= set(index.non_key_attributes)
        if len(projected) > L.DYNAMODB_MAX_PROJECTED_ATTRIBUTES:
            found.append(Problem(f"{path}.global_secondary_indexes", f"project {len(projected)} distinct non-key attributes; DynamoDB allows {L.DYNAMODB_MAX_PROJECTED_ATTRIBUTES} over all indexes", "use projection: ALL on the wide indexes", len(projected)))
        return found


# --- SQS, schedules, workflows, alarms --------------------------------------------------------------


class QueueConfig(StrictModel):
    consumer: str = Field(description="Key of the function that consumes the queue (event source mapping).")
    batch_size: int = Field(default=DEFAULT_BATCH_SIZE, description=f"Default: {DEFAULT_BATCH_SIZE}. 1-10,000; above 10 needs batching_window_s >= 1.")
    batching_window_s: int = Field(default=0, description="Seconds to gather a batch. Default: 0 (invoke as soon as messages arrive). 0-300.")
    max_receive_count: int = Field(default=DEFAULT_MAX_RECEIVE_COUNT, description="Receives before a message moves to the DLQ. Default: 5. 1-1,000.")
    visibility_timeout_s: Optional[int] = Field(
        default=None,
        description=f"Default: {L.SQS_VISIBILITY_TIMEOUT_FACTOR} x the consumer's timeout (AWS's advice: room for retries while throttled). Explicit values below that are an error.",
    )
    retention_s: int = Field(default=DEFAULT_QUEUE_RETENTION_S, description="Message retention. Default: 4 days (the SQS default; the DLQ keeps 14).")
    max_concurrency: Optional[int] = Field(default=None, description="Cap on concurrent consumer invocations (2-1,000). Default: none (the consumer's reserved_concurrency caps it).")

    def effective_visibility_timeout_s(self, consumer_timeout_s: int) -> int:
        if self.visibility_timeout_s is not None:
            return self.visibility_timeout_s
        return min(L.SQS_VISIBILITY_TIMEOUT_FACTOR * consumer_timeout_s, L.SQS_MAX_VISIBILITY_TIMEOUT_S)


class ScheduleConfig(StrictModel):
    expression: str = Field(description="EventBridge schedule: cron(min hour day-of-month month day-of-week year) in UTC, or rate(n unit).")
    function: str = Field(description="Key of the function the schedule invokes.")
    retry_attempts: int = Field(default=DEFAULT_SCHEDULE_RETRY_ATTEMPTS, description="Target retries. Default: 2 (then the function's on-failure queue). 0-185.")
    max_event_age_s: int = Field(default=DEFAULT_SCHEDULE_MAX_EVENT_AGE_S, description="Give up retrying after this long. Default: 3,600 (an hour). 60-86,400.")
    enabled: bool = Field(default=True, description="Default: true (pausing a schedule is a deliberate change).")


class WorkflowConfig(StrictModel):
    definition: str = Field(description="Python builder of the state machine definition, module:function, e.g. services.orders.workflow:build_definition.")
    tasks: dict[str, str] = Field(default_factory=dict, description="Step name -> key of the function the step invokes.")
    type: WorkflowType = Field(default=WorkflowType.STANDARD, description="Default: STANDARD (exactly-once steps; right for charging payments).")
    log_level: WorkflowLogLevel = Field(default=WorkflowLogLevel.ERROR, description="Default: ERROR (passes StepFunctions.1; ALL logs every state's payload).")
    tracing: bool = Field(default=True, description="X-Ray tracing. Default: true (follow an order through every step).")
    log_retention_days: int = Field(default=DEFAULT_LOG_RETENTION_DAYS, description="Default: 365 (a year of evidence).")

    @property
    def definition_module(self) -> str:
        return self.definition.partition(":")[0]

    @property
    def definition_function(self) -> str:
        return self.definition.partition(":")[2]


class AlarmsConfig(StrictModel):
    enabled: bool = Field(default=True, description="Default: true (a service nobody is paged for fails silently).")
    topic: Optional[str] = Field(default=None, description="SNS topic name for alarm actions. Default: <service>-alarms, created by the stack.")
    email: list[str] = Field(default_factory=list, description="Email addresses subscribed to the topic. Default: none (subscribe a pager or chat integration to the topic instead).")
    function_errors: int = Field(default=1, description="Alarm when a function has at least this many errors in a period. Default: 1 (every error is worth a look).")
    function_throttles: int = Field(default=1, description="Alarm when a function is throttled at least this often in a period. Default: 1 (throttling drops or delays requests).")
    dlq_messages: int = Field(default=0, description="Alarm when a dead-letter queue holds more than this many messages. Default: 0 (any dead letter).")
    api_5xx: int = Field(default=1, description="Alarm when the API returns at least this many 5xx in a period. Default: 1 (a 5xx is our fault, never the caller's).")
    period_s: int = Field(default=DEFAULT_ALARM_PERIOD_S, description="Evaluation period. Default: 300 (Lambda and SQS metrics are per minute; 5 minutes smooths noise). 10, 30 or a multiple of 60.")
    evaluation_periods: int = Field(default=1, description="Periods over threshold before alarming. Default: 1 (alarm on the first bad period).")

    def topic_name(self, service: str) -> str:
        return self.topic or f"{service}-alarms"


# --- Service and section ----------------------------------------------------------------------------


class ServiceConfig(StrictModel):
    functions: dict[str, FunctionConfig] = Field(description="Lambda functions keyed by a stable name.")
    api: Optional[ApiConfig] = Field(default=None, description="REST API in front of the functions. Default: none (internal services have no API).")
    tables: dict[str, TableConfig] = Field(default_factory=dict, description="DynamoDB tables keyed by name.")
    queues: dict[str, QueueConfig] = Field(default_factory=dict, description="SQS queues (each with a DLQ) keyed by name.")
    schedules: dict[str, ScheduleConfig] = Field(default_factory=dict, description="EventBridge schedules keyed by name.")
    workflows: dict[str, WorkflowConfig] = Field(default_factory=dict, description="Step Functions state machines keyed by name.")
    alarms: AlarmsConfig = Field(default_factory=AlarmsConfig, description="CloudWatch alarms and where they go.")

    def api_routes_by_function(self) -> dict[str, list[tuple[int, RouteConfig]]]:
        """function key -> [(route index, route)] for every function an API route integrates."""
        out: dict[str, list[tuple[int, RouteConfig]]] = {}
        for i, route in enumerate(self.api.routes if self.api else []):
            out.setdefault(route.function, []).append((i, route))
        return out

    def queue_visibility_timeout_s(self, queue: str) -> int:
        """The visibility timeout the queue gets: explicit, or 6 x its consumer's timeout."""
        cfg = self.queues[queue]
        consumer = self.functions.get(cfg.consumer)
        return cfg.effective_visibility_timeout_s(consumer.timeout_s if consumer else DEFAULT_TIMEOUT_S)

    def problems(self, name: str, ctx: Context) -> list[Problem]:
        base = f"{SECTION}.{name}"
        found: list[Problem] = []
        if not SERVICE_NAME_PATTERN.match(name):
            found.append(Problem(base, "service names are 1-24 lowercase letters, digits or hyphens, starting with a letter", "rename the key, e.g. orders", name))
        for kind in ("functions", "tables", "queues", "schedules", "workflows"):
            for key in getattr(self, kind):
                if not NAME_PATTERN.match(key):
                    found.append(Problem(f"{base}.{kind}.{key}", "names are 1-40 lowercase letters, digits, '_' or '-', starting with a letter", "rename the key, e.g. create_order", key))
        if not self.functions:
            found.append(Problem(f"{base}.functions", "a service needs at least one function", "add a function", {}))
        names = ServiceNames(ctx.settings.environment, name, ctx.settings.partition, ctx.region, getattr(ctx.accounts.get(ctx.settings.account), "id", None) or "000000000000")
        for fn_name, fn in self.functions.items():
            found += fn.problems(f"{base}.functions.{fn_name}")
            found += self._uses_problems(f"{base}.functions.{fn_name}.uses", fn.uses)
            deployed = {**wired_environment(names, list(fn.uses.tables), fn.uses.queues, fn.uses.workflows), **fn.environment}
            if fn.env_size_bytes <= L.LAMBDA_ENV_MAX_BYTES < env_size_bytes(deployed):
                found.append(Problem(f"{base}.functions.{fn_name}.environment", f"with the names landfall adds for uses ({', '.join(sorted(set(deployed) - set(fn.environment)))}) is {env_size_bytes(deployed):,} bytes; the limit is {L.LAMBDA_ENV_MAX_BYTES:,}", "move large values to SSM Parameter Store and pass their names instead", env_size_bytes(deployed)))
        for kind, key, length in name_problems(names, list(self.functions), list(self.queues), list(self.workflows)):
            found.append(Problem(f"{base}.{kind}.{key}", f"gives the AWS name {names.function(key)!r}-style names of {length} characters, over the limit ({FUNCTION_NAME_MAX} for functions, 80 for queues and state machines)", "use a shorter key, service name or environment", key))
        found += self._api_problems(base)
        for table_name, table in self.tables.items():
            found += table.problems(f"{base}.tables.{table_name}")
        found += self._queue_problems(base)
        found += self._schedule_problems(base)
        found += self._workflow_problems(base)
        found += self._alarm_problems(base)
        return found

    def _uses_problems(self, path: str, uses: UsesConfig) -> list[Problem]:
        found: list[Problem] = []
        for kind, refs in (("tables", list(uses.tables)), ("queues", uses.queues), ("workflows", uses.workflows)):
            declared = getattr(self, kind)
            for i, ref in enumerate(refs):
                if ref not in declared:
                    where = f"{path}.{kind}.{ref}" if kind == "tables" else format_path([f"{path}.{kind}", i])
                    known = ", ".join(sorted(declared)) or "none declared"
                    found.append(Problem(where, f"names no {kind[:-1]} of this service", f"use one of {known}, or add it under {kind}", ref))
        return found

    def _function_ref(self, path: str, ref: str, what: str) -> list[Problem]:
        if ref in self.functions:
            return []
        known = ", ".join(sorted(self.functions)) or "none declared"
        return [Problem(path, f"names an unknown function: {what} must name a key of this service's functions", f"use one of {known}, or add the function", ref)]

    def _api_problems(self, base: str) -> list[Problem]:
        if self.api is None:
            return []
        api, path = self.api, f"{base}.api"
        found: list[Problem] = []
        if not api.routes:
            found.append(Problem(f"{path}.routes", "an API needs at least one route", "add a route or remove api", []))
        if not L.API_GATEWAY_STAGE_NAME_PATTERN.match(api.stage_name):
            found.append(Problem(f"{path}.stage_name", "stage names are 1-128 letters, digits, '_' or '-'", "e.g. v1", api.stage_name))
        found += api.throttle.problems(f"{path}.throttle")
        if api.access_log_retention_days not in L.CLOUDWATCH_LOG_RETENTION_DAYS:
            found.append(_retention_problem(f"{path}.access_log_retention_days", api.access_log_retention_days))
        seen: dict[tuple[str, str], int] = {}
        for i, route in enumerate(api.routes):
            where = format_path([path, "routes", i])
            if route.method not in L.API_GATEWAY_HTTP_METHODS:
                upper = route.method.upper()
                fix = f"write {upper}" if upper in L.API_GATEWAY_HTTP_METHODS else f"use one of {', '.join(L.API_GATEWAY_HTTP_METHODS)}"
                found.append(Problem(f"{where}.method", "is not an HTTP method API Gateway accepts", fix, route.method))
            _, path_problems = parse_route_path(route.path)
            for reason in path_problems:
                found.append(Problem(f"{where}.path", f"is not a valid resource path: {reason}", "write it like /orders/{order_id}", route.path))
            found += self._function_ref(f"{where}.function", route.function, f"route {route.key}")
            key = (route.method, route.path)
            if key in seen:
                found.append(Problem(where, f"duplicates route {format_path([path, 'routes', seen[key]])} ({route.key})", "remove one of them; one method and path has one integration", route.key))
            else:
                seen[key] = i
            if route.scopes and route.authorization != Authorization.COGNITO_USER_POOLS:
                found.append(Problem(f"{where}.scopes", "OAuth scopes are only checked with COGNITO_USER_POOLS authorization", "remove scopes, or set authorization: COGNITO_USER_POOLS", route.scopes))
            if route.throttle is not None:
                found += route.throttle.problems(f"{where}.throttle")
        _, conflicts = plan_api_resources(r.path for r in api.routes)
        for first, second in conflicts:
            found.append(Problem(f"{path}.routes", f"{second} and {first} are sibling path parameters; API Gateway allows one variable part per level", "use the same parameter name at that level in both paths", second))
        for fn_name, routes in self.api_routes_by_function().items():
            fn = self.functions.get(fn_name)
            if fn is not None and fn.timeout_s > L.API_GATEWAY_MAX_INTEGRATION_TIMEOUT_S:
                listed = ", ".join(f"{r.key} ({format_path([path, 'routes', i])})" for i, r in routes)
                found.append(Problem(
                    f"{base}.functions.{fn_name}.timeout_s",
                    f"is above API Gateway's {L.API_GATEWAY_MAX_INTEGRATION_TIMEOUT_S} s integration timeout, and route {listed} waits for this function",
                    f"set timeout_s to at most {L.API_GATEWAY_MAX_INTEGRATION_TIMEOUT_S}, or hand the slow work to a queue or workflow and return 202",
                    fn.timeout_s,
                ))
        return found

    def _queue_problems(self, base: str) -> list[Problem]:
        found: list[Problem] = []
        for name, queue in self.queues.items():
            where = f"{base}.queues.{name}"
            found += self._function_ref(f"{where}.consumer", queue.consumer, f"queue {name}'s consumer")
            if not L.SQS_MIN_BATCH_SIZE <= queue.batch_size <= L.SQS_MAX_BATCH_SIZE:
                found.append(Problem(f"{where}.batch_size", f"must be {L.SQS_MIN_BATCH_SIZE}-{L.SQS_MAX_BATCH_SIZE:,}", f"use e.g. {DEFAULT_BATCH_SIZE}", queue.batch_size))
            elif queue.batch_size > L.SQS_MAX_BATCH_SIZE_WITHOUT_WINDOW and queue.batching_window_s < 1:
                found.append(Problem(f"{where}.batch_size", f"batches above {L.SQS_MAX_BATCH_SIZE_WITHOUT_WINDOW} need a batching window of at least 1 s", f"set batching_window_s: 1 or more, or batch_size: {L.SQS_MAX_BATCH_SIZE_WITHOUT_WINDOW}", queue.batch_size))
            if not 0 <= queue.batching_window_s <= L.SQS_MAX_BATCHING_WINDOW_S:
                found.append(Problem(f"{where}.batching_window_s", f"must be 0-{L.SQS_MAX_BATCHING_WINDOW_S} s", "use a value in that range", queue.batching_window_s))
            if not L.SQS_MIN_MAX_RECEIVE_COUNT <= queue.max_receive_count <= L.SQS_MAX_MAX_RECEIVE_COUNT:
                found.append(Problem(f"{where}.max_receive_count", f"the DLQ redrive count must be {L.SQS_MIN_MAX_RECEIVE_COUNT}-{L.SQS_MAX_MAX_RECEIVE_COUNT:,}", f"use e.g. {DEFAULT_MAX_RECEIVE_COUNT}", queue.max_receive_count))
            if not L.SQS_MIN_RETENTION_S <= queue.retention_s <= L.SQS_MAX_RETENTION_S:
                found.append(Problem(f"{where}.retention_s", f"must be {L.SQS_MIN_RETENTION_S}-{L.SQS_MAX_RETENTION_S:,} s (14 days)", "use e.g. 345600 (4 days)", queue.retention_s))
            if queue.max_concurrency is not None and not L.SQS_MIN_MAX_CONCURRENCY <= queue.max_concurrency <= L.SQS_MAX_MAX_CONCURRENCY:
                found.append(Problem(f"{where}.max_concurrency", f"must be {L.SQS_MIN_MAX_CONCURRENCY}-{L.SQS_MAX_MAX_CONCURRENCY:,}", "use a value in that range, or remove it", queue.max_concurrency))
            consumer = self.functions.get(queue.consumer)
            if queue.visibility_timeout_s is not None:
                if queue.visibility_timeout_s > L.SQS_MAX_VISIBILITY_TIMEOUT_S:
                    found.append(Problem(f"{where}.visibility_timeout_s", f"must be at most {L.SQS_MAX_VISIBILITY_TIMEOUT_S:,} s (12 hours)", "lower it, or leave it out for the computed default", queue.visibility_timeout_s))
                elif consumer is not None:
                    needed = L.SQS_VISIBILITY_TIMEOUT_FACTOR * consumer.timeout_s
                    if queue.visibility_timeout_s < needed:
                        found.append(Problem(
                            f"{where}.visibility_timeout_s",
                            f"is below {L.SQS_VISIBILITY_TIMEOUT_FACTOR} x the consumer {queue.consumer}'s timeout_s ({consumer.timeout_s} s); messages would reappear while still being processed",
                            f"set it to at least {needed}, or leave it out to get {needed}",
                            queue.visibility_timeout_s,
                        ))
        return found

    def _schedule_problems(self, base: str) -> list[Problem]:
        found: list[Problem] = []
        for name, schedule in self.schedules.items():
            where = f"{base}.schedules.{name}"
            reasons = schedule_problems(schedule.expression)
            if reasons:
                found.append(Problem(f"{where}.expression", "is not a valid EventBridge schedule: " + "; ".join(reasons), "e.g. cron(0 2 * * ? *) for 02:00 UTC daily, or rate(5 minutes)", schedule.expression))
            found += self._function_ref(f"{where}.function", schedule.function, f"schedule {name}'s target")
            if not 0 <= schedule.retry_attempts <= L.EVENTBRIDGE_MAX_RETRY_ATTEMPTS:
                found.append(Problem(f"{where}.retry_attempts", f"must be 0-{L.EVENTBRIDGE_MAX_RETRY_ATTEMPTS}", f"use e.g. {DEFAULT_SCHEDULE_RETRY_ATTEMPTS}", schedule.retry_attempts))
            if not L.EVENTBRIDGE_MIN_EVENT_AGE_S <= schedule.max_event_age_s <= L.EVENTBRIDGE_MAX_EVENT_AGE_S:
                found.append(Problem(f"{where}.max_event_age_s", f"must be {L.EVENTBRIDGE_MIN_EVENT_AGE_S}-{L.EVENTBRIDGE_MAX_EVENT_AGE_S:,} s", f"use e.g. {DEFAULT_SCHEDULE_MAX_EVENT_AGE_S}", schedule.max_event_age_s))
        return found

    def _workflow_problems(self, base: str) -> list[Problem]:
        found: list[Problem] = []
        for name, workflow in self.workflows.items():
            where = f"{base}.workflows.{name}"
            if not BUILDER_PATTERN.match(workflow.definition):
                found.append(Problem(f"{where}.definition", "is not a module:function reference", "write it like services.orders.workflow:build_definition", workflow.definition))
            else:
                reason = _builder_problem(workflow)
                if reason:
                    found.append(Problem(f"{where}.definition", reason, "fix the builder, or list every step it needs under tasks", workflow.definition))
            for step, fn_name in workflow.tasks.items():
                if not 1 <= len(step) <= L.STEP_FUNCTIONS_MAX_STATE_NAME:
                    found.append(Problem(f"{where}.tasks.{step}", f"state names are 1-{L.STEP_FUNCTIONS_MAX_STATE_NAME} characters", "shorten the step name", step))
                found += self._function_ref(f"{where}.tasks.{step}", fn_name, f"workflow {name}'s step {step}")
            if workflow.log_retention_days not in L.CLOUDWATCH_LOG_RETENTION_DAYS:
                found.append(_retention_problem(f"{where}.log_retention_days", workflow.log_retention_days))
        return found

    def _alarm_problems(self, base: str) -> list[Problem]:
        alarms, where = self.alarms, f"{base}.alarms"
        found: list[Problem] = []
        for i, address in enumerate(alarms.email):
            if not EMAIL_PATTERN.match(address):
                found.append(Problem(format_path([where, "email", i]), "is not an email address", "e.g. oncall@example.com", address))
        for key in ("function_errors", "function_throttles", "dlq_messages", "api_5xx"):
            if getattr(alarms, key) < 0:
                found.append(Problem(f"{where}.{key}", "thresholds are counts: 0 or more", "use e.g. 1", getattr(alarms, key)))
        if not (alarms.period_s in L.CLOUDWATCH_ALARM_SHORT_PERIODS_S or (alarms.period_s >= 60 and alarms.period_s % 60 == 0)):
            found.append(Problem(f"{where}.period_s", "CloudWatch alarm periods are 10, 30 or a multiple of 60 seconds", "use e.g. 300", alarms.period_s))
        if alarms.evaluation_periods < 1:
            found.append(Problem(f"{where}.evaluation_periods", "must be at least 1", "use 1", alarms.evaluation_periods))
        return found


class ServicesConfig(StrictModel):
    """The section: ``account_concurrency_limit`` plus one key per service (``orders: {...}``)."""

    # Every key except account_concurrency_limit is a service; typed extras keep paths as users
    # write them (landfall:services.orders.functions...) and the JSON schema exact.
    model_config = ConfigDict(extra="allow")
    __pydantic_extra__: dict[str, ServiceConfig] = Field(init=False)

    account_concurrency_limit: int = Field(
        default=L.LAMBDA_DEFAULT_ACCOUNT_CONCURRENCY,
        description="The account's Lambda concurrency quota in this region. Default: 1,000 (the default quota); "
        "raise it only after Service Quotas has.",
    )

    @model_validator(mode="before")
    @classmethod
    def _no_null_services(cls, data: Any) -> Any:
        # `orders:` with nothing under it is None; say "needs functions" rather than "not a dict".
        if isinstance(data, dict):
            return {k: ({} if v is None and k != "account_concurrency_limit" else v) for k, v in data.items()}
        return data

    @property
    def services(self) -> dict[str, ServiceConfig]:
        return dict(self.__pydantic_extra__ or {})

    def function_refs(self) -> dict[str, FunctionConfig]:
        """``service.function`` -> function, across every service."""
        return {f"{s}.{f}": fn for s, svc in self.services.items() for f, fn in svc.functions.items()}

    def table_refs(self) -> dict[str, TableConfig]:
        """``service.table`` -> table, across every service (what landfall:identity row-level access names)."""
        return {f"{s}.{t}": table for s, svc in self.services.items() for t, table in svc.tables.items()}

    @property
    def committed_concurrency(self) -> int:
        return sum(fn.committed_concurrency for fn in self.function_refs().values())

    @property
    def unreserved_concurrency(self) -> int:
        return self.account_concurrency_limit - self.committed_concurrency

    def problems(self, ctx: Context, *, has_private_subnets: Optional[bool] = None) -> list[Problem]:
        """Every problem of every service, then the account-wide concurrency budget.

        ``has_private_subnets``: whether landfall:network gives functions with ``vpc: true`` private
        subnets to live in; None skips that cross-section check.
        """
        found: list[Problem] = []
        for name, service in self.services.items():
            found += service.problems(name, ctx)
        if self.account_concurrency_limit < L.MIN_UNRESERVED_CONCURRENCY:
            found.append(Problem(f"{SECTION}.account_concurrency_limit", f"must be at least {L.MIN_UNRESERVED_CONCURRENCY} (Lambda keeps that many unreserved)", f"use your account's quota, by default {L.LAMBDA_DEFAULT_ACCOUNT_CONCURRENCY:,}", self.account_concurrency_limit))
        elif self.unreserved_concurrency < L.MIN_UNRESERVED_CONCURRENCY:
            takers = sorted(((ref, fn.committed_concurrency) for ref, fn in self.function_refs().items() if fn.committed_concurrency), key=lambda t: -t[1])
            listed = ", ".join(f"{ref} {n}" for ref, n in takers)
            found.append(Problem(
                f"{SECTION}.account_concurrency_limit",
                f"functions reserve {self.committed_concurrency:,} of the account's {self.account_concurrency_limit:,} concurrent executions ({listed}), "
                f"leaving {self.unreserved_concurrency:,}; Lambda requires at least {L.MIN_UNRESERVED_CONCURRENCY} unreserved",
                f"lower reserved_concurrency (or provisioned_concurrency of functions without a reservation) by {L.MIN_UNRESERVED_CONCURRENCY - self.unreserved_concurrency:,}, "
                "or raise account_concurrency_limit after a Service Quotas increase",
                self.account_concurrency_limit,
            ))
        if has_private_subnets is False:
            for ref, fn in self.function_refs().items():
                if fn.vpc:
                    service, function = ref.split(".", 1)
                    found.append(Problem(f"{SECTION}.{service}.functions.{function}.vpc", "the stack has no VPC with private_with_egress or isolated subnets for the function", "add such a tier to landfall:network, or set vpc: false", True))
        return found


def authorizer_problems(services: ServicesConfig, identity_scopes: Optional[Collection[str]]) -> list[Problem]:
    """Cross-section check of routes against landfall:identity.

    ``identity_scopes``: IdentityConfig.custom_scopes, or None when the stack has no landfall:identity.
    Routes with COGNITO_USER_POOLS authorization need the user pool; each scope a route requires must
    be one the resource server defines, or no access token could ever carry it.
    """
    found: list[Problem] = []
    for name, service in services.services.items():
        for i, route in enumerate(service.api.routes if service.api else []):
            if route.authorization != Authorization.COGNITO_USER_POOLS:
                continue
            where = format_path([f"{SECTION}.{name}.api", "routes", i])
            if identity_scopes is None:
                found.append(Problem(f"{where}.authorization", "COGNITO_USER_POOLS needs a user pool, but the stack has no landfall:identity section", "add landfall:identity, or use AWS_IAM", route.authorization.value))
                continue
            for j, scope in enumerate(route.scopes):
                if scope not in identity_scopes:
                    known = ", ".join(sorted(identity_scopes)) or "none defined"
                    found.append(Problem(format_path([where, "scopes", j]), "is not a scope landfall:identity's resource server defines", f"use one of {known}, or add it to landfall:identity.resource_server.scopes", scope))
    return found


def _builder_problem(workflow: WorkflowConfig) -> Optional[str]:
    """Build the definition once with placeholder ARNs: a missing module, function or step fails here, at
    config time, not halfway through a deployment."""
    import importlib

    try:
        builder = getattr(importlib.import_module(workflow.definition_module), workflow.definition_function)
    except (ImportError, AttributeError) as exc:
        return f"cannot be imported ({exc})"
    placeholder = "arn:aws:lambda:eu-west-1:000000000000:function:placeholder:live"
    try:
        definition = builder({step: placeholder for step in workflow.tasks})
    except Exception as exc:  # the user's builder: any failure is a config problem to report, not a crash
        return f"failed with the configured tasks: {type(exc).__name__}: {exc}"
    if not isinstance(definition, dict) or "StartAt" not in definition or "States" not in definition:
        return "did not return an Amazon States Language document (a dict with StartAt and States)"
    return None


def _key_name_problems(path: str, name: str) -> list[Problem]:
    size = len(name.encode("utf-8"))
    if 1 <= size <= L.DYNAMODB_MAX_KEY_ATTRIBUTE_NAME_BYTES and name.strip() == name:
        return []
    return [Problem(path, f"key attribute names are 1-{L.DYNAMODB_MAX_KEY_ATTRIBUTE_NAME_BYTES} bytes without leading or trailing spaces", "use a short name such as owner_id", name)]


def _retention_problem(path: str, value: int) -> Problem:
    return Problem(path, "is not a retention period CloudWatch Logs accepts", f"use one of {', '.join(map(str, L.CLOUDWATCH_LOG_RETENTION_DAYS))}", value)
