"""The fulfillment state machine (Amazon States Language, Standard workflow) as Python data."""

from __future__ import annotations

import copy
from typing import Any

STEPS = ("ReserveStock", "ChargePayment", "MarkFulfilled", "MarkFailed")

LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke"
RETRY_ON = ["TransientError", "Lambda.ServiceException", "Lambda.TooManyRequestsException"]
RETRY = {"ErrorEquals": RETRY_ON, "IntervalSeconds": 2, "BackoffRate": 2, "MaxAttempts": 3}
SUCCEEDED = "OrderFulfilled"
FAILED = "OrderFailed"
EXECUTION_TIMEOUT_SECONDS = 3600


def _task(function_arn: str, next_state: str, on_error: str) -> dict[str, Any]:
    return {
        "Type": "Task",
        "Resource": LAMBDA_INVOKE,
        "Parameters": {"FunctionName": function_arn, "Payload.$": "$"},
        "OutputPath": "$.Payload",
        "Retry": [copy.deepcopy(RETRY)],
        "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": on_error}],
        "Next": next_state,
    }


def build_definition(task_arns: dict[str, str]) -> dict[str, Any]:
    """`task_arns` maps each name in STEPS to the ARN of the Lambda function implementing it."""
    missing = [step for step in STEPS if not task_arns.get(step)]
    if missing:
        raise KeyError(f"task ARNs missing for steps: {', '.join(missing)}")
    return {
        "Comment": "Order fulfillment: reserve stock, charge payment, mark fulfilled; any failure marks the order FAILED",
        "StartAt": "ReserveStock",
        "TimeoutSeconds": EXECUTION_TIMEOUT_SECONDS,
        "States": {
            "ReserveStock": _task(task_arns["ReserveStock"], "ChargePayment", "MarkFailed"),
            "ChargePayment": _task(task_arns["ChargePayment"], "MarkFulfilled", "MarkFailed"),
            "MarkFulfilled": _task(task_arns["MarkFulfilled"], SUCCEEDED, "MarkFailed"),
            # If marking the order failed itself fails (after retries), the execution still ends failed.
            "MarkFailed": _task(task_arns["MarkFailed"], FAILED, FAILED),
            SUCCEEDED: {"Type": "Succeed"},
            FAILED: {"Type": "Fail", "Error": "OrderFailed", "Cause": "the order could not be fulfilled"},
        },
    }
