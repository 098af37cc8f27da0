"""DynamoDB stream consumer of the orders table: one metric per order status change (where the workflow
stands, without scanning the table), partial batch failures for records that are not orders."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord

from services.orders.store import ALLOWED_FROM, PENDING

logger = Logger()
tracer = Tracer()
metrics = Metrics(namespace="landfall/orders")
processor = BatchProcessor(event_type=EventType.DynamoDBStreams)
STATUSES = frozenset({PENDING, *ALLOWED_FROM})


class NotAnOrder(ValueError):
    """A stream record without the keys and status of an order (reported as a batch item failure)."""


def status_change(record: DynamoDBRecord) -> tuple[str | None, str | None]:
    """(old status, new status) of one record; None where the image has none (insert, remove)."""
    data = record.dynamodb
    if data is None or not data.keys or "order_id" not in data.keys:
        raise NotAnOrder("the record has no order_id key")
    old = (data.old_image or {}).get("status")
    new = (data.new_image or {}).get("status")
    for status in (old, new):
        if status is not None and status not in STATUSES:
            raise NotAnOrder(f"unknown status {status!r}")
    return old, new


@tracer.capture_method
def record_handler(record: DynamoDBRecord) -> None:
    old, new = status_change(record)
    if new is not None and new != old:
        metrics.add_dimension(name="status", value=new)
        metrics.add_metric(name="OrderStatusChanged", unit=MetricUnit.Count, value=1)
        metrics.flush_metrics()  # one dimension set per record
        logger.info("order status changed", extra={"order_id": record.dynamodb.keys["order_id"], "from": old, "to": new})


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
