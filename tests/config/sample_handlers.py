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
