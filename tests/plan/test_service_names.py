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


# --- endpoint service names ---------------------------------------------------------------------------

from landfall.plan.service_names import (  # noqa: E402
    ENDPOINT_NAME_OF_SDK_NAME,
    PRIVATELINK_NAMES,
    endpoint_service_names,
    endpoint_service_problem,
    endpoint_service_regions,
)


def test_every_endpoint_service_the_committed_stacks_list_is_known_in_eu_west_1():
    from tests.conftest import stack_values

    for stack in ("dev", "staging", "prod"):
        for vpc in stack_values(stack)["landfall:network"]["vpcs"].values():
            endpoints = vpc.get("endpoints", {})
            for name in endpoints.get("gateway", []) + endpoints.get("interface", []):
                assert endpoint_service_problem(name, "eu-west-1") is None, (stack, name)


def test_each_privatelink_only_name_follows_an_endpoint_prefix_botocore_ships():
    # If botocore renames one of these prefixes, the allow-list must be corrected, not silently accept all regions.
    assert {name: endpoint_service_regions(name) is not None for name in PRIVATELINK_NAMES} == {name: True for name in PRIVATELINK_NAMES}


def test_sdk_names_with_another_endpoint_name_are_never_suggested():
    assert set(ENDPOINT_NAME_OF_SDK_NAME).isdisjoint(endpoint_service_names())


def test_a_service_botocore_resolves_only_through_rule_sets_is_accepted_without_a_region_check():
    assert endpoint_service_regions("bedrock-runtime") is None
    assert endpoint_service_problem("bedrock-runtime", "eu-west-1") is None


def test_a_region_botocore_does_not_know_skips_the_region_check():
    assert endpoint_service_problem("ssm-contacts", "eu-nowhere-9") is None


def test_an_unknown_name_without_a_close_match_says_what_to_write():
    message, fix = endpoint_service_problem("xyzzy", "eu-west-1")
    assert message == "is not an AWS endpoint service"
    assert fix.startswith("write the part after com.amazonaws.<region>. of an AWS endpoint service")
