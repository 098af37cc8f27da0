from __future__ import annotations

from tests.services.orders.conftest import ALICE, BOB, load_event

# The canned scheduled event fires at 2024-05-02T03:00:00Z; with STALE_AFTER_HOURS=24 the cutoff is 2024-05-01T03:00Z.
OLD = "2024-05-01T02:59:59.000Z"
RECENT = "2024-05-01T03:00:01.000Z"


def test_only_pending_orders_older_than_the_cutoff_are_marked_stale(nightly, aws, context):
    aws.put_order(ALICE, "a0000000-0000-4000-8000-000000000001", created_at=OLD)
    aws.put_order(BOB, "b0000000-0000-4000-8000-000000000002", created_at="2024-04-01T00:00:00.000Z")
    aws.put_order(ALICE, "a0000000-0000-4000-8000-000000000003", created_at=RECENT)
    aws.put_order(ALICE, "a0000000-0000-4000-8000-000000000004", status="RESERVED", created_at=OLD)
    aws.put_order(ALICE, "a0000000-0000-4000-8000-000000000005", status="FULFILLED", created_at=OLD)

    result = nightly.lambda_handler(load_event("scheduled_nightly"), context)

    assert result == {"stale": 2}
    assert aws.status(ALICE, "a0000000-0000-4000-8000-000000000001") == "STALE"
    assert aws.status(BOB, "b0000000-0000-4000-8000-000000000002") == "STALE"
    assert aws.status(ALICE, "a0000000-0000-4000-8000-000000000003") == "PENDING"
    assert aws.status(ALICE, "a0000000-0000-4000-8000-000000000004") == "RESERVED"
    assert aws.status(ALICE, "a0000000-0000-4000-8000-000000000005") == "FULFILLED"


def test_a_second_run_marks_nothing_more(nightly, aws, context):
    aws.put_order(ALICE, "a0000000-0000-4000-8000-000000000001", created_at=OLD)

    assert nightly.lambda_handler(load_event("scheduled_nightly"), context) == {"stale": 1}
    assert nightly.lambda_handler(load_event("scheduled_nightly"), context) == {"stale": 0}


def test_the_stale_window_comes_from_stale_after_hours(aws, context, monkeypatch):
    import importlib

    monkeypatch.setenv("STALE_AFTER_HOURS", "48")
    nightly = importlib.reload(importlib.import_module("services.orders.nightly"))
    aws.put_order(ALICE, "a0000000-0000-4000-8000-000000000001", created_at=OLD)  # 24h old: not stale at 48h
    aws.put_order(ALICE, "a0000000-0000-4000-8000-000000000002", created_at="2024-04-29T00:00:00.000Z")

    assert nightly.lambda_handler(load_event("scheduled_nightly"), context) == {"stale": 1}
    assert aws.status(ALICE, "a0000000-0000-4000-8000-000000000002") == "STALE"


def test_orders_created_through_the_api_use_the_same_sortable_timestamp_format(aws):
    from services.orders.store import parse_timestamp, timestamp

    stamp = timestamp()
    assert stamp.endswith("Z") and len(stamp) == len(OLD)
    assert timestamp(parse_timestamp(OLD)) == OLD
