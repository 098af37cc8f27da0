"""Small DynamoDB helpers shared by the handlers: (de)serialising items, timestamps, status transitions."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import ClientError

from services.orders.errors import TransientError

# Order statuses and the transitions the workflow may make (target -> statuses it may come from).
PENDING = "PENDING"
RESERVED = "RESERVED"
CHARGED = "CHARGED"
FULFILLED = "FULFILLED"
FAILED = "FAILED"
STALE = "STALE"

ALLOWED_FROM: dict[str, tuple[str, ...]] = {
    RESERVED: (PENDING,),
    CHARGED: (RESERVED,),
    FULFILLED: (CHARGED,),
    # "any -> FAILED", except a FULFILLED order, which is never overwritten.
    FAILED: (PENDING, RESERVED, CHARGED, STALE),
    STALE: (PENDING,),
}

# DynamoDB error codes that are worth retrying (raised as TransientError so the workflow retries them).
TRANSIENT_CODES = frozenset(
    {
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
        "RequestLimitExceeded",
        "InternalServerError",
        "ServiceUnavailable",
        "TransactionConflictException",
    }
)

_serializer = TypeSerializer()
_deserializer = TypeDeserializer()


def timestamp(moment: datetime | None = None) -> str:
    """UTC ISO-8601 with milliseconds and a Z suffix: fixed width, so strings sort like times."""
    moment = (moment or datetime.now(timezone.utc)).astimezone(timezone.utc)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_timestamp(value: str) -> datetime:
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def to_item(data: dict[str, Any]) -> dict[str, Any]:
    return {key: _serializer.serialize(value) for key, value in data.items() if value is not None}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {key: _plain(inner) for key, inner in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(inner) for inner in value]
    if isinstance(value, set):
        return sorted(_plain(inner) for inner in value)
    return value


def from_item(item: dict[str, Any]) -> dict[str, Any]:
    return {key: _plain(_deserializer.deserialize(value)) for key, value in item.items()}


def error_code(error: ClientError) -> str:
    return error.response.get("Error", {}).get("Code", "")


def raise_if_transient(error: ClientError) -> None:
    if error_code(error) in TRANSIENT_CODES:
        raise TransientError(f"{error_code(error)}: {error}") from error
