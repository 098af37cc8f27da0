"""`landfall:services`: the serverless app tier, one entry per service (Lambda, REST API, DynamoDB,
SQS, EventBridge schedules, Step Functions, alarms).

Shape and types are pydantic's; every AWS limit and cross reference is checked in ``problems`` so a
stack file with five mistakes reports five problems, each with its full key path
(``landfall:services.orders.functions.create_order.memory_mb``), the value and the fix.

The section maps service names to services; the two other keys are ``account_concurrency_limit``, the
account's Lambda concurrency quota that all services share, and ``code_signing``.

The models are split by capability (`functions`, `api`, `tables`, `messaging`, `service`, with the
shared constants and modes in `common`); this package re-exports them.
"""

from __future__ import annotations

from .api import (  # noqa: F401
    ApiConfig,
    RouteConfig,
    Throttle,
)
from .common import (  # noqa: F401
    BUILDER_PATTERN,
    DEFAULT_ALARM_PERIOD_S,
    DEFAULT_BATCH_SIZE,
    DEFAULT_EPHEMERAL_STORAGE_MB,
    DEFAULT_LOG_RETENTION_DAYS,
    DEFAULT_MAX_RECEIVE_COUNT,
    DEFAULT_MEMORY_MB,
    DEFAULT_QUEUE_RETENTION_S,
    DEFAULT_SCHEDULE_MAX_EVENT_AGE_S,
    DEFAULT_SCHEDULE_RETRY_ATTEMPTS,
    DEFAULT_STAGE_BURST_LIMIT,
    DEFAULT_STAGE_NAME,
    DEFAULT_STAGE_RATE_LIMIT,
    DEFAULT_TIMEOUT_S,
    DLQ_RETENTION_S,
    EMAIL_PATTERN,
    GSI_NAME_PATTERN,
    HANDLER_PATTERN,
    NAME_PATTERN,
    SECTION,
    SERVICE_NAME_PATTERN,
    AttributeType,
    Authorization,
    Billing,
    ExecutionLogLevel,
    Projection,
    StreamView,
    TableAccess,
    WorkflowLogLevel,
    WorkflowType,
)
from .functions import (  # noqa: F401
    FunctionConfig,
    UsesConfig,
)
from .messaging import (  # noqa: F401
    AlarmsConfig,
    QueueConfig,
    ScheduleConfig,
    WorkflowConfig,
)
from .service import (  # noqa: F401
    SECTION_SETTINGS,
    ServiceConfig,
    ServicesConfig,
    authorizer_problems,
)
from .signing import (  # noqa: F401
    CodeSigningConfig,
    CodeSigningMode,
)
from .tables import (  # noqa: F401
    CapacityConfig,
    IndexConfig,
    ScalingRange,
    StreamConsumerConfig,
    TableConfig,
)
