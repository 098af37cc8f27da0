"""Orders REST API (API Gateway REST proxy integration, Cognito/JWT authorizer claims).

POST /orders              create an order (Idempotency-Key header required), enqueue it for fulfillment
GET  /orders/<order_id>   read one of the caller's own orders
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import boto3
from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response, content_types
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyValidationError,
)
from pydantic import ValidationError

from services.orders.models import CreateOrder
from services.orders.settings import OWNER_CLAIM, PARTITION_KEY, SORT_KEY, load_settings
from services.orders.store import PENDING, from_item, timestamp, to_item

IDEMPOTENCY_HEADER = "Idempotency-Key"
MAX_IDEMPOTENCY_KEY_LENGTH = 255
IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60

logger = Logger()
tracer = Tracer()
settings = load_settings()
ORDERS_TABLE = settings.require("orders_table")
ORDERS_QUEUE_URL = settings.require("orders_queue_url")
IDEMPOTENCY_TABLE = settings.require("idempotency_table")

dynamodb = boto3.client("dynamodb")
sqs = boto3.client("sqs")

persistence_layer = DynamoDBPersistenceLayer(table_name=IDEMPOTENCY_TABLE)
idempotency_config = IdempotencyConfig(
    # One order per (caller, Idempotency-Key); a reused key with a different body is rejected.
    event_key_jmespath="[owner_id, idempotency_key]",
    payload_validation_jmespath="order",
    expires_after_seconds=IDEMPOTENCY_TTL_SECONDS,
    raise_on_no_idempotency_key=True,
)

app = APIGatewayRestResolver()


def _json(status_code: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(
        status_code=status_code,
        content_type=content_types.APPLICATION_JSON,
        body=json.dumps(body),
        headers=headers,
    )


def _message(status_code: int, message: str, **extra: Any) -> Response:
    return _json(status_code, {"message": message, **extra})


def _caller() -> str | None:
    claims = app.current_event.request_context.authorizer.claims or {}
    sub = claims.get(OWNER_CLAIM)
    return sub if isinstance(sub, str) and sub else None


def _field_errors(error: ValidationError) -> list[dict[str, str]]:
    return [
        {
            "field": ".".join(str(part) for part in detail["loc"]) or "body",
            "message": detail["msg"],
            "type": detail["type"],
        }
        for detail in error.errors(include_url=False, include_input=False)
    ]


@idempotent_function(
    data_keyword_argument="request",
    config=idempotency_config,
    persistence_store=persistence_layer,
)
def create_order(request: dict[str, Any]) -> dict[str, Any]:
    """Write the order and enqueue it; runs once per (owner_id, idempotency_key), repeats get the stored result."""
    order_request = request["order"]
    order = {
        PARTITION_KEY: request["owner_id"],
        SORT_KEY: str(uuid.uuid4()),
        "status": PENDING,
        "items": order_request["items"],
        "note": order_request.get("note"),
        "created_at": timestamp(),
    }
    order = {name: value for name, value in order.items() if value is not None}  # same shape as a later GET
    dynamodb.put_item(
        TableName=ORDERS_TABLE,
        Item=to_item(order),
        ConditionExpression="attribute_not_exists(order_id)",
    )
    sqs.send_message(
        QueueUrl=ORDERS_QUEUE_URL,
        MessageBody=json.dumps({"order_id": order[SORT_KEY], "owner_id": order[PARTITION_KEY]}),
    )
    logger.info("order created", extra={"order_id": order[SORT_KEY]})
    return order


@app.post("/orders")
@tracer.capture_method
def post_order() -> Response:
    owner_id = _caller()
    if owner_id is None:
        return _message(401, "unauthenticated")

    key = (app.current_event.headers.get(IDEMPOTENCY_HEADER) or "").strip()  # headers are case-insensitive
    if not key:
        return _message(400, f"missing {IDEMPOTENCY_HEADER} header")
    if len(key) > MAX_IDEMPOTENCY_KEY_LENGTH:
        return _message(400, f"{IDEMPOTENCY_HEADER} header is longer than {MAX_IDEMPOTENCY_KEY_LENGTH} characters")

    try:
        body = json.loads(app.current_event.decoded_body or "")
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        return _message(400, f"request body is not valid JSON: {error}")

    try:
        order_request = CreateOrder.model_validate(body)
    except ValidationError as error:
        return _message(422, "invalid order", errors=_field_errors(error))

    try:
        order = create_order(
            request={
                "owner_id": owner_id,
                "idempotency_key": key,
                "order": order_request.model_dump(mode="json"),
            }
        )
    except IdempotencyValidationError:
        return _message(422, f"{IDEMPOTENCY_HEADER} was already used with a different order")
    except IdempotencyAlreadyInProgressError:
        return _message(409, f"an order with this {IDEMPOTENCY_HEADER} is still being created; retry later")

    return _json(201, order, headers={"Location": f"/orders/{order[SORT_KEY]}"})


@app.get("/orders/<order_id>")
@tracer.capture_method
def get_order(order_id: str) -> Response:
    owner_id = _caller()
    if owner_id is None:
        return _message(401, "unauthenticated")
    try:
        uuid.UUID(order_id)
    except ValueError:
        return _message(404, "order not found")  # never a valid key: no lookup needed
    # The key includes the caller, so another user's order is indistinguishable from a missing one.
    response = dynamodb.get_item(
        TableName=ORDERS_TABLE,
        Key=to_item({PARTITION_KEY: owner_id, SORT_KEY: order_id}),
    )
    item = response.get("Item")
    if not item:
        return _message(404, "order not found")
    return _json(200, from_item(item))


@app.exception_handler(Exception)
def unexpected_error(error: Exception) -> Response:
    logger.exception("unhandled error")
    return _message(500, "internal error")


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    idempotency_config.register_lambda_context(context)
    return app.resolve(event, context)
