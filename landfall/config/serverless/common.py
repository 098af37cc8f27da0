"""Constants, naming patterns, modes and shared checks of `landfall:services`."""

from __future__ import annotations

import re
from enum import Enum

from .. import limits as L
from ..errors import Problem

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




def _key_name_problems(path: str, name: str) -> list[Problem]:
    size = len(name.encode("utf-8"))
    if 1 <= size <= L.DYNAMODB_MAX_KEY_ATTRIBUTE_NAME_BYTES and name.strip() == name:
        return []
    return [Problem(path, f"key attribute names are 1-{L.DYNAMODB_MAX_KEY_ATTRIBUTE_NAME_BYTES} bytes without leading or trailing spaces", "use a short name such as owner_id", name)]


def _retention_problem(path: str, value: int) -> Problem:
    return Problem(path, "is not a retention period CloudWatch Logs accepts", f"use one of {', '.join(map(str, L.CLOUDWATCH_LOG_RETENTION_DAYS))}", value)
