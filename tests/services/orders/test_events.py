"""The orders table's stream consumer: a metric per status change, nothing for other changes, and a record
that is not an order reported as the only batch item failure (the mapping's on-failure queue keeps it)."""

from __future__ import annotations

import json

import pytest
from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError

from tests.services.orders.conftest import load_event


def emitted(capsys) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"_aws"' in line]


def test_a_status_change_emits_one_metric_and_a_record_that_is_not_an_order_is_the_only_failure(events, context, capsys, monkeypatch):
    monkeypatch.setenv("POWERTOOLS_METRICS_NAMESPACE", "landfall/orders")
    result = events.lambda_handler(load_event("stream_status_changes"), context)

    assert result == {"batchItemFailures": [{"itemIdentifier": "222"}]}
    metrics = emitted(capsys)
    assert [(m["status"], m["OrderStatusChanged"]) for m in metrics] == [("RESERVED", [1.0])], metrics


def test_an_unknown_status_is_a_batch_item_failure(events, context):
    event = load_event("stream_status_changes")
    event["Records"][0]["dynamodb"]["NewImage"]["status"] = {"S": "SHIPPED?"}
    assert events.lambda_handler(event, context) == {"batchItemFailures": [{"itemIdentifier": "111"}, {"itemIdentifier": "222"}]}


def test_a_batch_whose_every_record_fails_raises_so_lambda_bisects_and_retries_it(events, context):
    event = load_event("stream_status_changes")
    event["Records"] = [event["Records"][1]]
    with pytest.raises(BatchProcessingError):
        events.lambda_handler(event, context)
