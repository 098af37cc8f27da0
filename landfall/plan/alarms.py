"""Pure alarm planning for a service (no pulumi import): which CloudWatch alarms, on which metrics.

Dimension values are passed through untouched: a component may hand in the engine's deferred values
(a function's name Output) so each alarm depends on what it watches.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Optional

from landfall.config.serverless import AlarmsConfig


@dataclass(frozen=True)
class MetricAlarmSpec:
    """One alarm, planned from config: `key` is the stable part of its logical name."""

    key: str
    namespace: str
    metric: str
    dimensions: Mapping[str, Any]
    statistic: str
    comparison: str
    threshold: int
    description: str


def plan_alarms(cfg: AlarmsConfig, functions: Mapping[str, Any], dlqs: Mapping[str, Any],
                api: Optional[tuple[Any, str]]) -> list[MetricAlarmSpec]:
    specs = []
    for key, fn in functions.items():
        specs.append(MetricAlarmSpec(f"fn-{key}-errors", "AWS/Lambda", "Errors", {"FunctionName": fn}, "Sum",
                                     "GreaterThanOrEqualToThreshold", cfg.function_errors, f"function {key} raised errors"))
        specs.append(MetricAlarmSpec(f"fn-{key}-throttles", "AWS/Lambda", "Throttles", {"FunctionName": fn}, "Sum",
                                     "GreaterThanOrEqualToThreshold", cfg.function_throttles, f"function {key} was throttled"))
    for key, queue in dlqs.items():
        specs.append(MetricAlarmSpec(f"dlq-{key}-depth", "AWS/SQS", "ApproximateNumberOfMessagesVisible", {"QueueName": queue},
                                     "Maximum", "GreaterThanThreshold", cfg.dlq_messages, f"dead letters in {key}"))
    if api is not None:
        api_name, stage = api
        specs.append(MetricAlarmSpec("api-5xx", "AWS/ApiGateway", "5XXError", {"ApiName": api_name, "Stage": stage}, "Sum",
                                     "GreaterThanOrEqualToThreshold", cfg.api_5xx, "the API returned 5xx responses"))
    return specs
