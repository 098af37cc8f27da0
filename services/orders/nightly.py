"""Nightly sweep (EventBridge schedule): PENDING orders older than STALE_AFTER_HOURS are marked STALE."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import boto3
from aws_lambda_powertools import Logger, Tracer
from botocore.exceptions import ClientError

from services.orders.settings import PARTITION_KEY, SORT_KEY, STATUS_INDEX, load_settings
from services.orders.store import PENDING, STALE, error_code, parse_timestamp, timestamp

logger = Logger()
tracer = Tracer()
settings = load_settings()
ORDERS_TABLE = settings.require("orders_table")
STALE_AFTER_HOURS = settings.stale_after_hours

dynamodb = boto3.client("dynamodb")


def _now(event: Any) -> datetime:
    """The scheduled time of the event (stable if the event is redelivered), else the clock."""
    value = event.get("time") if isinstance(event, dict) else None
    if isinstance(value, str):
        try:
            return parse_timestamp(value)
        except ValueError:
            logger.warning("unparseable event time, using the clock", extra={"time": value})
    return datetime.now(timezone.utc)


def stale_orders(cutoff: str) -> Iterator[dict[str, Any]]:
    """Keys of PENDING orders created before `cutoff`, from the status-created_at index (keys are always projected)."""
    paginator = dynamodb.get_paginator("query")
    pages = paginator.paginate(
        TableName=ORDERS_TABLE,
        IndexName=STATUS_INDEX,
        KeyConditionExpression="#status = :pending AND created_at < :cutoff",
        ExpressionAttributeNames={"#status": "status"},
        ExpressionAttributeValues={":pending": {"S": PENDING}, ":cutoff": {"S": cutoff}},
        ProjectionExpression=f"{PARTITION_KEY}, {SORT_KEY}",
    )
    for page in pages:
        yield from page.get("Items", [])


@tracer.capture_method
def mark_stale(key: dict[str, Any], cutoff: str, now: str) -> bool:
    """Conditional on the order still being an old PENDING one (the index is eventually consistent)."""
    try:
        dynamodb.update_item(
            TableName=ORDERS_TABLE,
            Key=key,
            UpdateExpression="SET #status = :stale, updated_at = :now",
            ConditionExpression="#status = :pending AND created_at < :cutoff",
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues={
                ":stale": {"S": STALE},
                ":pending": {"S": PENDING},
                ":cutoff": {"S": cutoff},
                ":now": {"S": now},
            },
        )
    except ClientError as error:
        if error_code(error) == "ConditionalCheckFailedException":
            return False  # moved on since the index read
        raise
    return True


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    now = _now(event)
    cutoff = timestamp(now - timedelta(hours=STALE_AFTER_HOURS))
    stamp = timestamp(now)
    count = 0
    for item in stale_orders(cutoff):
        if mark_stale({PARTITION_KEY: item[PARTITION_KEY], SORT_KEY: item[SORT_KEY]}, cutoff, stamp):
            count += 1
    logger.info("stale orders marked", extra={"stale": count, "cutoff": cutoff})
    return {"stale": count}
