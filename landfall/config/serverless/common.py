"""Constants, naming patterns, modes and shared checks of `landfall:services`."""

from __future__ import annotations

import difflib
import os
import pkgutil
import re
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Iterator, Mapping, Optional

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


# --- importing the service's own code at config time ------------------------------------------------

# What an import at config time must not see: credentials and profiles, so a module that calls AWS while it
# is imported fails at once (NoCredentialsError) instead of reaching an account from a preview.
_AWS_CREDENTIAL_ENV = (
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN",
)


_ISOLATED_SESSIONS: dict[int, object] = {}


def _isolated_session(boto3) -> object:
    """One boto3 session for every isolated import (per boto3 module object): created with no credentials or
    profiles in sight, only ever used inside isolated_import, and it keeps botocore's loaded service models, so
    the modules' clients cost ~1 ms instead of reloading each model."""
    key = id(boto3)
    if key not in _ISOLATED_SESSIONS:
        _ISOLATED_SESSIONS[key] = boto3.session.Session()
    return _ISOLATED_SESSIONS[key]


@contextmanager
def isolated_import(top_package: str, environment: Mapping[str, str], region: str) -> Iterator[None]:
    """Run imports of `top_package` (e.g. ``services``) the way Lambda starts a function, and leave nothing behind.

    Inside: the function's environment plus the region Lambda sets (AWS_REGION, AWS_DEFAULT_REGION), no AWS
    credentials, profiles or instance metadata, Powertools tracing off (so the preview process's botocore is
    never patched by X-Ray), a boto3 default session created without credentials, and a fresh copy of the package's modules so the
    module-level code runs with this environment. Afterwards os.environ, boto3's default session and
    sys.modules (for the package) are exactly what they were.
    """
    saved_env = dict(os.environ)
    saved_modules = {k: m for k, m in sys.modules.items() if k == top_package or k.startswith(top_package + ".")}
    boto3 = sys.modules.get("boto3")
    saved_session = getattr(boto3, "DEFAULT_SESSION", None)
    try:
        for key in _AWS_CREDENTIAL_ENV:
            os.environ.pop(key, None)
        os.environ.update({
            "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull, "AWS_EC2_METADATA_DISABLED": "true",
            "POWERTOOLS_TRACE_DISABLED": "true", "AWS_REGION": region, "AWS_DEFAULT_REGION": region,
        })
        os.environ.update(environment)
        for key in saved_modules:
            del sys.modules[key]
        if boto3 is not None:
            boto3.DEFAULT_SESSION = _isolated_session(boto3)
        yield
    finally:
        for key in [k for k in os.environ if k not in saved_env]:
            del os.environ[key]
        for key, value in saved_env.items():
            if os.environ.get(key) != value:
                os.environ[key] = value
        for key in [k for k in sys.modules if k == top_package or k.startswith(top_package + ".")]:
            del sys.modules[key]
        sys.modules.update(saved_modules)
        boto3 = sys.modules.get("boto3")
        if boto3 is not None:
            boto3.DEFAULT_SESSION = saved_session


def missing_module_fix(error: ModuleNotFoundError, module: str) -> Optional[str]:
    """When `module` itself (or a package on its path) does not exist: a did-you-mean among the modules
    that do exist next to it. None when the missing module is something the code imports."""
    missing = error.name or ""
    if not (module == missing or module.startswith(missing + ".")):
        return None
    parent, _, leaf = missing.rpartition(".")
    if parent:
        package = sys.modules.get(parent)
        places = list(getattr(package, "__path__", []))
    else:
        places = [str(Path.cwd())]
    siblings = sorted({m.name for m in pkgutil.iter_modules(places)})
    close = difflib.get_close_matches(leaf, siblings, n=1, cutoff=0.6)
    if close:
        return f"did you mean {'.'.join([p for p in (parent, close[0]) if p])}?"
    where = f"package {parent}" if parent else "the project directory"
    return f"use a module of {where}" + (f" ({', '.join(siblings[:8])})" if siblings else "")
