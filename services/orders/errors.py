"""Typed errors. Class names matter: Step Functions matches Retry/Catch on the Lambda error type (the class name)."""

from __future__ import annotations


class OrderError(Exception):
    """Base class of the service's errors."""


class OrderNotFound(OrderError):
    def __init__(self, owner_id: str, order_id: str):
        super().__init__(f"order {order_id} of owner {owner_id} not found")
        self.owner_id = owner_id
        self.order_id = order_id


class TransientError(OrderError):
    """A temporary failure (throttling, downstream outage); the workflow retries the step."""


class InvalidTransition(OrderError):
    def __init__(self, order_id: str, current: str | None, target: str):
        super().__init__(f"order {order_id}: cannot move from {current} to {target}")
        self.order_id = order_id
        self.current = current
        self.target = target
