"""Queues, schedules, workflows and alarms of a service."""

from __future__ import annotations

from typing import Optional

from pydantic import Field

from .. import limits as L
from ..base import StrictModel
from .common import (
    DEFAULT_ALARM_PERIOD_S,
    DEFAULT_BATCH_SIZE,
    DEFAULT_LOG_RETENTION_DAYS,
    DEFAULT_MAX_RECEIVE_COUNT,
    DEFAULT_QUEUE_RETENTION_S,
    DEFAULT_SCHEDULE_MAX_EVENT_AGE_S,
    DEFAULT_SCHEDULE_RETRY_ATTEMPTS,
    WorkflowLogLevel,
    WorkflowType,
)

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
