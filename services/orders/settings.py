"""Table layout constants and the environment the handlers read (every variable is read here, nowhere else)."""

from __future__ import annotations

import os
from dataclasses import dataclass

PARTITION_KEY = "owner_id"
# The caller's user pool claim the partition key holds. The identity pool maps the same claim to the session
# tag the row-level role condition reads (landfall/plan/identity.py ROW_KEY_CLAIM; a test keeps them equal).
OWNER_CLAIM = "sub"
SORT_KEY = "order_id"
STATUS_INDEX = "status-created_at"  # GSI: partition key `status`, sort key `created_at` (both strings)
STATUS_ATTRIBUTE = "status"
CREATED_AT_ATTRIBUTE = "created_at"
IDEMPOTENCY_KEY_ATTRIBUTE = "id"  # partition key of the idempotency table (Powertools default)

ORDERS_TABLE_ENV = "ORDERS_TABLE"
IDEMPOTENCY_TABLE_ENV = "IDEMPOTENCY_TABLE"
ORDERS_QUEUE_URL_ENV = "ORDERS_QUEUE_URL"
FULFILLMENT_STATE_MACHINE_ARN_ENV = "FULFILLMENT_STATE_MACHINE_ARN"
STALE_AFTER_HOURS_ENV = "STALE_AFTER_HOURS"
DEFAULT_STALE_AFTER_HOURS = 24

ENV_VARS = (
    ORDERS_TABLE_ENV,
    IDEMPOTENCY_TABLE_ENV,
    ORDERS_QUEUE_URL_ENV,
    FULFILLMENT_STATE_MACHINE_ARN_ENV,
    STALE_AFTER_HOURS_ENV,
)


class MissingSetting(RuntimeError):
    """A handler was started without an environment variable it needs (a deployment error)."""


@dataclass(frozen=True)
class Settings:
    orders_table: str | None
    idempotency_table: str | None
    orders_queue_url: str | None
    fulfillment_state_machine_arn: str | None
    stale_after_hours: int

    def require(self, field: str) -> str:
        value = getattr(self, field)
        if not value:
            raise MissingSetting(f"environment variable {field.upper()} is not set")
        return value


def _stale_after_hours(raw: str | None) -> int:
    if raw is None or raw.strip() == "":
        return DEFAULT_STALE_AFTER_HOURS
    try:
        hours = int(raw)
    except ValueError:
        raise MissingSetting(f"{STALE_AFTER_HOURS_ENV} must be a whole number of hours, got {raw!r}") from None
    if hours < 1:
        raise MissingSetting(f"{STALE_AFTER_HOURS_ENV} must be at least 1, got {hours}")
    return hours


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    return Settings(
        orders_table=env.get(ORDERS_TABLE_ENV) or None,
        idempotency_table=env.get(IDEMPOTENCY_TABLE_ENV) or None,
        orders_queue_url=env.get(ORDERS_QUEUE_URL_ENV) or None,
        fulfillment_state_machine_arn=env.get(FULFILLMENT_STATE_MACHINE_ARN_ENV) or None,
        stale_after_hours=_stale_after_hours(env.get(STALE_AFTER_HOURS_ENV)),
    )
