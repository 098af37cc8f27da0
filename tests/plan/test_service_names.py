"""Planned names of a service's resources: stable, within AWS limits, and the environment handlers read."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from landfall.plan.service_names import FUNCTION_NAME_MAX, ServiceNames, env_var_prefix, name_problems, wired_environment

NAMES = ServiceNames("dev", "orders", "aws", "eu-west-1", "555555555555")


def test_names_and_arns_follow_environment_service_key():
    assert NAMES.function("api") == "dev-orders-api"
    assert NAMES.alias_arn("api") == "arn:aws:lambda:eu-west-1:555555555555:function:dev-orders-api:live"
    assert NAMES.table_arn("orders") == "arn:aws:dynamodb:eu-west-1:555555555555:table/dev-orders-orders"
    assert NAMES.queue_url(NAMES.queue("orders")) == "https://sqs.eu-west-1.amazonaws.com/555555555555/dev-orders-orders"
    assert NAMES.state_machine_arn("fulfillment") == "arn:aws:states:eu-west-1:555555555555:stateMachine:dev-orders-fulfillment"
    assert NAMES.log_group("api") == "/aws/lambda/dev-orders-api"


def test_the_wired_environment_is_what_the_orders_handlers_read():
    env = wired_environment(NAMES, ["orders", "idempotency"], ["orders"], ["fulfillment"])
    from services.orders import settings

    assert {settings.ORDERS_TABLE_ENV, settings.IDEMPOTENCY_TABLE_ENV, settings.ORDERS_QUEUE_URL_ENV,
            settings.FULFILLMENT_STATE_MACHINE_ARN_ENV} == set(env)
    assert env["ORDERS_TABLE"] == "dev-orders-orders"


def test_keys_with_hyphens_become_valid_variable_names():
    assert env_var_prefix("order-events") == "ORDER_EVENTS"


@given(st.from_regex(r"[a-z][a-z0-9_-]{0,39}", fullmatch=True))
def test_a_function_name_over_64_characters_is_always_reported(key):
    names = ServiceNames("production-eu", "order-processing-svc")
    reported = any(kind == "functions" and k == key for kind, k, _ in name_problems(names, [key], [], []))
    too_long = len(names.function(key)) > FUNCTION_NAME_MAX or len(names.failures_queue(key)) > 80
    assert reported == too_long
