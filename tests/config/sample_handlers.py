"""Handler modules for the config tests of handler checks (imported by the check, never called)."""

from __future__ import annotations

import os

NOT_A_FUNCTION = "a string"
REGION_AT_IMPORT = os.environ.get("AWS_REGION")  # what the check's import saw


def lambda_handler(event, context):
    return {"region": REGION_AT_IMPORT}


def takes_only_the_event(event):
    return event


def handle_order(event, context):
    return event


# Request-body models for the body_model checks (looked up in this module, like a handler module's own).
from pydantic import BaseModel, Field  # noqa: E402


class SampleOrder(BaseModel):
    sku: str = Field(min_length=1)
    quantity: int = Field(gt=0, le=10)


class TreeNode(BaseModel):
    """Refers to itself: no single draft-04 API Gateway model can hold it."""

    name: str
    children: list["TreeNode"] = []


class NotAModel:
    pass
