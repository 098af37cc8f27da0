"""Alarm planning: one errors and one throttles alarm per function, a depth alarm per DLQ, 5xx per API."""

from __future__ import annotations

from landfall.config.serverless import AlarmsConfig
from landfall.plan.alarms import plan_alarms


def test_alarms_are_keyed_by_what_they_watch_with_the_configured_thresholds():
    cfg = AlarmsConfig.model_validate({"email": ["ops@example.com"]})
    specs = {s.key: s for s in plan_alarms(cfg, {"api": "prod-orders-api"}, {"orders": "prod-orders-orders-dlq"}, ("prod-orders", "v1"))}
    assert set(specs) == {"fn-api-errors", "fn-api-throttles", "dlq-orders-depth", "api-5xx"}
    assert specs["fn-api-errors"].dimensions == {"FunctionName": "prod-orders-api"}
    assert specs["fn-api-errors"].threshold == cfg.function_errors
    depth = specs["dlq-orders-depth"]
    assert (depth.metric, depth.comparison, depth.threshold) == ("ApproximateNumberOfMessagesVisible", "GreaterThanThreshold", cfg.dlq_messages)
    assert specs["api-5xx"].dimensions == {"ApiName": "prod-orders", "Stage": "v1"}


def test_a_service_without_an_api_gets_no_5xx_alarm():
    specs = plan_alarms(AlarmsConfig.model_validate({}), {"worker": "w"}, {}, None)
    assert [s.key for s in specs] == ["fn-worker-errors", "fn-worker-throttles"]
