from __future__ import annotations

import pytest

from services.orders.errors import InvalidTransition, OrderNotFound
from tests.services.orders.conftest import ALICE, BOB, KNOWN_ORDER_ID

STEP_INPUT = {"order_id": KNOWN_ORDER_ID, "owner_id": ALICE}


def test_the_steps_move_an_order_from_pending_to_fulfilled(fulfillment, aws, context):
    aws.put_order(ALICE, KNOWN_ORDER_ID)

    reserved = fulfillment.reserve_stock(dict(STEP_INPUT), context)
    assert reserved == {**STEP_INPUT, "status": "RESERVED"}
    assert aws.status(ALICE, KNOWN_ORDER_ID) == "RESERVED"

    charged = fulfillment.charge_payment(reserved, context)
    assert charged["status"] == "CHARGED"
    assert aws.status(ALICE, KNOWN_ORDER_ID) == "CHARGED"

    fulfilled = fulfillment.mark_fulfilled(charged, context)
    assert fulfilled == {**STEP_INPUT, "status": "FULFILLED"}
    assert aws.status(ALICE, KNOWN_ORDER_ID) == "FULFILLED"


def test_rerunning_a_step_whose_status_is_already_set_succeeds(fulfillment, aws, context):
    aws.put_order(ALICE, KNOWN_ORDER_ID)

    first = fulfillment.reserve_stock(dict(STEP_INPUT), context)
    again = fulfillment.reserve_stock(dict(STEP_INPUT), context)

    assert first == again == {**STEP_INPUT, "status": "RESERVED"}
    assert aws.status(ALICE, KNOWN_ORDER_ID) == "RESERVED"


def test_a_step_out_of_order_raises_invalid_transition_and_changes_nothing(fulfillment, aws, context):
    aws.put_order(ALICE, KNOWN_ORDER_ID)

    with pytest.raises(InvalidTransition):
        fulfillment.charge_payment(dict(STEP_INPUT), context)
    with pytest.raises(InvalidTransition):
        fulfillment.mark_fulfilled(dict(STEP_INPUT), context)
    assert aws.status(ALICE, KNOWN_ORDER_ID) == "PENDING"


def test_going_back_a_step_raises_invalid_transition(fulfillment, aws, context):
    aws.put_order(ALICE, KNOWN_ORDER_ID, status="CHARGED")

    with pytest.raises(InvalidTransition):
        fulfillment.reserve_stock(dict(STEP_INPUT), context)
    assert aws.status(ALICE, KNOWN_ORDER_ID) == "CHARGED"


def test_a_step_for_a_missing_or_other_owners_order_raises_order_not_found(fulfillment, aws, context):
    aws.put_order(ALICE, KNOWN_ORDER_ID)

    with pytest.raises(OrderNotFound):
        fulfillment.reserve_stock({"order_id": KNOWN_ORDER_ID, "owner_id": BOB}, context)
    with pytest.raises(OrderNotFound):
        fulfillment.mark_failed({"order_id": "00000000-0000-4000-8000-000000000000", "owner_id": ALICE}, context)
    assert aws.status(BOB, KNOWN_ORDER_ID) is None  # no item was created by the update


def test_a_step_input_without_the_order_identity_is_rejected(fulfillment, aws, context):
    with pytest.raises(ValueError):
        fulfillment.reserve_stock({"order_id": KNOWN_ORDER_ID}, context)


@pytest.mark.parametrize("status", ["PENDING", "RESERVED", "CHARGED", "STALE"])
def test_mark_failed_records_the_caught_error_from_any_unfinished_status(fulfillment, aws, context, status):
    aws.put_order(ALICE, KNOWN_ORDER_ID, status=status)
    event = {**STEP_INPUT, "error": {"Error": "InvalidTransition", "Cause": '{"errorMessage": "boom"}'}}

    result = fulfillment.mark_failed(event, context)

    assert result == {**event, "status": "FAILED"}
    item = aws.dynamodb.get_item(
        TableName="orders-test", Key={"owner_id": {"S": ALICE}, "order_id": {"S": KNOWN_ORDER_ID}}
    )["Item"]
    assert item["status"]["S"] == "FAILED"
    assert item["failure"]["M"]["error"]["S"] == "InvalidTransition"
    assert "boom" in item["failure"]["M"]["cause"]["S"]


def test_mark_failed_is_idempotent_and_never_overwrites_a_fulfilled_order(fulfillment, aws, context):
    aws.put_order(ALICE, KNOWN_ORDER_ID)
    fulfillment.mark_failed(dict(STEP_INPUT), context)
    assert fulfillment.mark_failed(dict(STEP_INPUT), context)["status"] == "FAILED"

    aws.put_order(ALICE, KNOWN_ORDER_ID, status="FULFILLED")
    with pytest.raises(InvalidTransition):
        fulfillment.mark_failed(dict(STEP_INPUT), context)
    assert aws.status(ALICE, KNOWN_ORDER_ID) == "FULFILLED"
