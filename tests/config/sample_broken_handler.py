"""A handler module whose module-level code fails, as one reading a missing setting at import does."""

from __future__ import annotations

import os

TABLE = os.environ["SAMPLE_TABLE"]  # KeyError unless the function's environment sets it


def lambda_handler(event, context):
    return TABLE
