from __future__ import annotations

import json

import pytest

from tests.services.orders.conftest import ALICE, BOB, KNOWN_ORDER_ID, load_event


def call(api, context, event: dict) -> tuple[int, dict]:
    response = api.lambda_handler(event, context)
    return response["statusCode"], json.loads(response["body"])


def assert_nothing_written(aws) -> None:
    assert aws.orders() == []
    assert aws.queue_depth() == 0


def test_creating_an_order_stores_it_pending_and_enqueues_it(api, aws, context):
    status, body = call(api, context, load_event("api_create_ok"))

    assert status == 201
    assert body["owner_id"] == ALICE
    assert body["status"] == "PENDING"
    assert body["items"] == [{"sku": "SKU-1", "quantity": 2}, {"sku": "SKU-2", "quantity": 1}]
    assert body["note"] == "leave at door"
    assert body["created_at"].endswith("Z")
    [item] = aws.orders()
    assert item["order_id"]["S"] == body["order_id"]
    assert item["status"]["S"] == "PENDING"
    [message] = aws.messages()
    assert json.loads(message["Body"]) == {"order_id": body["order_id"], "owner_id": ALICE}


def test_repeating_a_create_with_the_same_idempotency_key_returns_the_same_order_and_writes_once(api, aws, context):
    first_status, first = call(api, context, load_event("api_create_ok"))
    second_status, second = call(api, context, load_event("api_create_ok"))

    assert (first_status, second_status) == (201, 201)
    assert second == first
    assert len(aws.orders()) == 1
    assert len(aws.messages()) == 1
    assert len(aws.idempotency_records()) == 1


def test_the_same_idempotency_key_from_another_user_creates_a_separate_order(api, aws, context):
    _, first = call(api, context, load_event("api_create_ok"))
    event = load_event("api_create_ok")
    event["requestContext"]["authorizer"]["claims"]["sub"] = BOB
    status, second = call(api, context, event)

    assert status == 201
    assert second["owner_id"] == BOB
    assert second["order_id"] != first["order_id"]
    assert len(aws.orders()) == 2


def test_reusing_an_idempotency_key_with_a_different_order_is_rejected_without_writing(api, aws, context):
    call(api, context, load_event("api_create_ok"))
    aws.messages()  # drain the first order's message
    event = load_event("api_create_ok")
    event["body"] = json.dumps({"items": [{"sku": "OTHER", "quantity": 9}]})
    status, body = call(api, context, event)

    assert status == 422
    assert "Idempotency-Key" in body["message"]
    assert len(aws.orders()) == 1
    assert aws.queue_depth() == 0


def test_malformed_json_is_a_400_and_writes_nothing(api, aws, context):
    status, body = call(api, context, load_event("api_create_malformed_json"))

    assert status == 400
    assert "not valid JSON" in body["message"]
    assert_nothing_written(aws)
    assert aws.idempotency_records() == []


def test_missing_fields_are_a_422_listing_the_field_paths_and_write_nothing(api, aws, context):
    status, body = call(api, context, load_event("api_create_missing_fields"))

    assert status == 422
    assert body["message"] == "invalid order"
    assert [error["field"] for error in body["errors"]] == ["items.0.quantity"]
    assert body["errors"][0]["type"] == "missing"
    assert_nothing_written(aws)


def test_an_extra_field_is_a_422_naming_it_and_writes_nothing(api, aws, context):
    status, body = call(api, context, load_event("api_create_extra_field"))

    assert status == 422
    assert body["message"] == "invalid order"
    assert [error["field"] for error in body["errors"]] == ["price"]
    assert body["errors"][0]["type"] == "extra_forbidden"
    assert_nothing_written(aws)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"items": []}, "items"),
        ({"items": [{"sku": "", "quantity": 1}]}, "items.0.sku"),
        ({"items": [{"sku": "A", "quantity": 0}]}, "items.0.quantity"),
        ({"items": [{"sku": "A", "quantity": 101}]}, "items.0.quantity"),
        ({"items": [{"sku": "A" * 65, "quantity": 1}]}, "items.0.sku"),
        ({"items": [{"sku": "A", "quantity": 1}] * 51}, "items"),
        ({"items": [{"sku": "A", "quantity": 1}], "note": "x" * 501}, "note"),
        ([1, 2], "body"),
    ],
)
def test_out_of_range_values_are_a_422_naming_the_field_and_write_nothing(api, aws, context, body, field):
    event = load_event("api_create_ok")
    event["body"] = json.dumps(body)
    status, response = call(api, context, event)

    assert status == 422
    assert response["message"] == "invalid order"
    assert field in [error["field"] for error in response["errors"]]
    assert_nothing_written(aws)


def test_a_missing_idempotency_key_is_a_400_and_writes_nothing(api, aws, context):
    status, body = call(api, context, load_event("api_create_missing_idempotency_key"))

    assert status == 400
    assert "Idempotency-Key" in body["message"]
    assert_nothing_written(aws)


def test_a_request_without_claims_is_a_401_and_writes_nothing(api, aws, context):
    status, body = call(api, context, load_event("api_create_unauthenticated"))

    assert status == 401
    assert body == {"message": "unauthenticated"}
    assert_nothing_written(aws)


def test_a_get_without_claims_is_a_401(api, aws, context):
    event = load_event("api_get_own_order")
    del event["requestContext"]["authorizer"]
    status, body = call(api, context, event)

    assert status == 401
    assert body == {"message": "unauthenticated"}


def test_getting_an_order_created_through_the_api_returns_it(api, aws, context):
    _, created = call(api, context, load_event("api_create_ok"))
    event = load_event("api_get_own_order")
    event["path"] = f"/orders/{created['order_id']}"
    event["pathParameters"] = {"order_id": created["order_id"]}
    status, body = call(api, context, event)

    assert status == 200
    assert body == created


def test_getting_your_own_order_is_a_200(api, aws, context):
    aws.put_order(ALICE, KNOWN_ORDER_ID)
    status, body = call(api, context, load_event("api_get_own_order"))

    assert status == 200
    assert body["order_id"] == KNOWN_ORDER_ID
    assert body["owner_id"] == ALICE
    assert body["items"] == [{"sku": "SKU-1", "quantity": 1}]


def test_getting_another_users_order_is_a_404(api, aws, context):
    aws.put_order(ALICE, KNOWN_ORDER_ID)
    status, body = call(api, context, load_event("api_get_other_users_order"))

    assert status == 404
    assert body == {"message": "order not found"}


def test_getting_an_unknown_order_is_a_404(api, aws, context):
    status, body = call(api, context, load_event("api_get_unknown_order"))

    assert status == 404
    assert body == {"message": "order not found"}


def test_getting_an_order_id_that_is_not_a_uuid_is_a_404(api, aws, context):
    event = load_event("api_get_unknown_order")
    event["path"] = "/orders/not-a-uuid"
    event["pathParameters"] = {"order_id": "not-a-uuid"}
    status, body = call(api, context, event)

    assert status == 404
    assert body == {"message": "order not found"}


def test_the_idempotency_key_header_name_is_case_insensitive(api, aws, context):
    event = load_event("api_create_ok")
    value = event["headers"].pop("Idempotency-Key")
    event["multiValueHeaders"].pop("Idempotency-Key")
    event["headers"]["idempotency-key"] = value
    event["multiValueHeaders"]["idempotency-key"] = [value]
    status, _ = call(api, context, event)

    assert status == 201
    assert len(aws.orders()) == 1
