"""SQS worker: starts one fulfillment workflow execution per queued order (partial batch failures reported)."""

from __future__ import annotations

import json
from typing import Any

import boto3
from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from pydantic import BaseModel, ConfigDict, Field

from services.orders.settings import load_settings

logger = Logger()
tracer = Tracer()
settings = load_settings()
STATE_MACHINE_ARN = settings.require("fulfillment_state_machine_arn")

stepfunctions = boto3.client("stepfunctions")
processor = BatchProcessor(event_type=EventType.SQS)


class OrderMessage(BaseModel):
    model_config = ConfigDict(extra="ignore")

    # order ids are uuid4 strings (36 chars), so "order-<id>" is a valid execution name (<= 80 chars).
    order_id: str = Field(pattern=r"^[0-9a-fA-F-]{1,64}$")
    owner_id: str = Field(min_length=1, max_length=256)


def execution_name(order_id: str) -> str:
    return f"order-{order_id}"


@tracer.capture_method
def record_handler(record: SQSRecord) -> str:
    """Raises on a bad message so its messageId is reported in batchItemFailures."""
    message = OrderMessage.model_validate_json(record.body)
    name = execution_name(message.order_id)
    try:
        response = stepfunctions.start_execution(
            stateMachineArn=STATE_MACHINE_ARN,
            name=name,
            input=json.dumps({"order_id": message.order_id, "owner_id": message.owner_id}),
        )
    except stepfunctions.exceptions.ExecutionAlreadyExists:
        # Redelivery of a message whose workflow already started: nothing to do.
        logger.info("execution already exists", extra={"order_id": message.order_id, "execution_name": name})
        return name
    logger.info("execution started", extra={"order_id": message.order_id, "execution_arn": response["executionArn"]})
    return response["executionArn"]


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
