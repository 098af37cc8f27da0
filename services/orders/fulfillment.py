"""Step handlers of the fulfillment workflow (Step Functions tasks, `lambda:invoke` with the state as payload).

Each step moves the order's status one step along PENDING -> RESERVED -> CHARGED -> FULFILLED (or any
non-fulfilled status -> FAILED) with a conditional UpdateItem. Re-running a step whose target status is
already set succeeds without writing (Step Functions retries are therefore safe).
"""

from __future__ import annotations

from typing import Any

import boto3
from aws_lambda_powertools import Logger, Tracer
from botocore.exceptions import ClientError

from services.orders.errors import InvalidTransition, OrderNotFound
from services.orders.settings import PARTITION_KEY, SORT_KEY, load_settings
from services.orders.store import (
    ALLOWED_FROM,
    CHARGED,
    FAILED,
    FULFILLED,
    RESERVED,
    error_code,
    raise_if_transient,
    timestamp,
    to_item,
)

MAX_CAUSE_LENGTH = 2000

logger = Logger()
tracer = Tracer()
settings = load_settings()
ORDERS_TABLE = settings.require("orders_table")

dynamodb = boto3.client("dynamodb")


def _identity(event: dict[str, Any]) -> tuple[str, str]:
    try:
        owner_id, order_id = event[PARTITION_KEY], event[SORT_KEY]
    except (KeyError, TypeError):
        raise ValueError(f"step input must contain {PARTITION_KEY} and {SORT_KEY}") from None
    if not isinstance(owner_id, str) or not owner_id or not isinstance(order_id, str) or not order_id:
        raise ValueError(f"{PARTITION_KEY} and {SORT_KEY} must be non-empty strings")
    return owner_id, order_id


def _current_status(owner_id: str, order_id: str) -> str | None:
    item = dynamodb.get_item(
        TableName=ORDERS_TABLE,
        Key=to_item({PARTITION_KEY: owner_id, SORT_KEY: order_id}),
        ConsistentRead=True,
        ProjectionExpression="#status",
        ExpressionAttributeNames={"#status": "status"},
    ).get("Item")
    if item is None:
        raise OrderNotFound(owner_id, order_id)
    return item.get("status", {}).get("S")


@tracer.capture_method
def transition(event: dict[str, Any], target: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    owner_id, order_id = _identity(event)
    sources = ALLOWED_FROM[target]
    values: dict[str, Any] = {":to": target, ":now": timestamp()}
    values.update({f":from{i}": status for i, status in enumerate(sources)})
    update = "SET #status = :to, updated_at = :now"
    for name, value in (extra or {}).items():
        values[f":{name}"] = value
        update += f", {name} = :{name}"
    try:
        dynamodb.update_item(
            TableName=ORDERS_TABLE,
            Key=to_item({PARTITION_KEY: owner_id, SORT_KEY: order_id}),
            UpdateExpression=update,
            ConditionExpression="attribute_exists(order_id) AND #status IN ("
            + ", ".join(f":from{i}" for i in range(len(sources)))
            + ")",
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues=to_item(values),
        )
    except ClientError as error:
        raise_if_transient(error)
        if error_code(error) != "ConditionalCheckFailedException":
            raise
        current = _current_status(owner_id, order_id)  # raises OrderNotFound
        if current != target:
            raise InvalidTransition(order_id, current, target) from None
        logger.info("status already set", extra={"order_id": order_id, "status": target})
    else:
        logger.info("status changed", extra={"order_id": order_id, "status": target})
    return {**event, "status": target}


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def reserve_stock(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return transition(event, RESERVED)


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def charge_payment(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return transition(event, CHARGED)


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def mark_fulfilled(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return transition(event, FULFILLED)


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def mark_failed(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Input is the failed state's input with the caught error at `$.error` ({"Error": ..., "Cause": ...})."""
    raw = event.get("error") if isinstance(event, dict) else None
    raw = raw if isinstance(raw, dict) else {"Error": str(raw) if raw else "Unknown", "Cause": ""}
    failure = {
        "error": str(raw.get("Error") or "Unknown"),
        "cause": str(raw.get("Cause") or "")[:MAX_CAUSE_LENGTH],
    }
    return transition(event, FAILED, extra={"failure": failure})
