"""`landfall:services`: the samples pass; every limit and cross reference is reported with its key
path, the value and a fix, and several problems are reported together."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from landfall.config import limits as L
from landfall.config.errors import Problem
from landfall.config.serverless import (
    DEFAULT_EPHEMERAL_STORAGE_MB,
    DEFAULT_LOG_RETENTION_DAYS,
    DEFAULT_MEMORY_MB,
    DEFAULT_TIMEOUT_S,
    AttributeType,
    FunctionConfig,
    ServicesConfig,
    authorizer_problems,
)
from landfall.plan.serverless import env_size_bytes, plan_api_resources
from tests.config.fixtures_serverless import context, identity, identity_data, patch, services, services_data

ORDERS = "landfall:services.orders"


def problems(data: dict, stack: str = "dev", **kwargs) -> list[Problem]:
    return services(data).problems(context(stack), **kwargs)


def only(data: dict, stack: str = "dev") -> Problem:
    found = problems(data, stack)
    assert len(found) == 1, [p.render() for p in found]
    return found[0]


def fn(data: dict, name: str) -> dict:
    return data["orders"]["functions"][name]


# --- the samples --------------------------------------------------------------------------------------


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_the_dev_and_prod_samples_have_no_problems(stack):
    assert [p.render() for p in problems(services_data(stack), stack)] == []


def test_defaults_are_the_documented_constants():
    f = FunctionConfig(handler="services.orders.api.lambda_handler")
    assert (f.memory_mb, f.timeout_s, f.ephemeral_storage_mb) == (DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_S, DEFAULT_EPHEMERAL_STORAGE_MB) == (256, 10, 512)
    assert f.log_retention_days == DEFAULT_LOG_RETENTION_DAYS == 365
    assert f.provisioned_concurrency == 0 and f.reserved_concurrency is None
    assert f.async_on_failure is True and f.vpc is False
    assert (f.runtime, f.architecture) == ("python3.12", "arm64")
    assert f.runtime in L.LAMBDA_SUPPORTED_RUNTIMES
    assert ServicesConfig().account_concurrency_limit == 1_000


def test_limit_constants_match_the_aws_quotas_the_docs_cite():
    assert (L.LAMBDA_MIN_MEMORY_MB, L.LAMBDA_MAX_MEMORY_MB) == (128, 10_240)
    assert (L.LAMBDA_MIN_TIMEOUT_S, L.LAMBDA_MAX_TIMEOUT_S) == (1, 900)
    assert L.API_GATEWAY_MAX_INTEGRATION_TIMEOUT_S == 29
    assert L.LAMBDA_ENV_MAX_BYTES == 4_096
    assert L.MIN_UNRESERVED_CONCURRENCY == 100
    assert (L.LAMBDA_MIN_EPHEMERAL_STORAGE_MB, L.LAMBDA_MAX_EPHEMERAL_STORAGE_MB) == (512, 10_240)
    assert L.SQS_VISIBILITY_TIMEOUT_FACTOR == 6
    assert (L.SQS_MIN_MAX_RECEIVE_COUNT, L.SQS_MAX_MAX_RECEIVE_COUNT) == (1, 1_000)
    assert 365 in L.CLOUDWATCH_LOG_RETENTION_DAYS and 364 not in L.CLOUDWATCH_LOG_RETENTION_DAYS


def test_the_sample_parses_into_services_with_computed_settings():
    dev, prod = services(services_data("dev")), services(services_data("prod"))
    orders = dev.services["orders"]
    assert set(orders.functions) == {"create_order", "get_order", "queue_worker", "reserve_stock", "charge_payment", "mark_fulfilled", "mark_failed", "nightly"}
    assert [r.key for r in orders.api.routes] == ["POST /orders", "GET /orders/{order_id}"]
    assert orders.queue_visibility_timeout_s("orders") == 6 * 30  # 6 x queue_worker's timeout
    assert orders.api.waf_enabled(production=False) is False
    assert prod.services["orders"].api.waf_enabled(production=True) is True
    table = orders.tables["orders"]
    assert table.point_in_time_recovery is True
    assert table.deletion_protection_enabled(production=False) is False
    assert table.deletion_protection_enabled(production=True) is True
    assert table.key_attributes() == {"owner_id": AttributeType.S, "order_id": AttributeType.S, "status": AttributeType.S, "created_at": AttributeType.S}
    assert dev.table_refs().keys() == {"orders.orders", "orders.idempotency"}
    assert (dev.committed_concurrency, dev.unreserved_concurrency) == (50, 950)
    assert orders.alarms.topic_name("orders") == "orders-alarms"
    workflow = orders.workflows["fulfillment"]
    assert (workflow.definition_module, workflow.definition_function) == ("services.orders.workflow", "build_definition")


def test_an_explicit_visibility_timeout_is_used_as_given():
    data = patch(services_data(), ["orders", "queues", "orders", "visibility_timeout_s"], 600)
    assert services(data).services["orders"].queue_visibility_timeout_s("orders") == 600
    assert problems(data) == []


def test_an_unknown_key_is_a_shape_error_with_its_location():
    data = patch(services_data(), ["orders", "functions", "create_order", "memory"], 512)
    with pytest.raises(ValidationError) as caught:
        services(data)
    [error] = caught.value.errors()
    assert error["loc"] == ("orders", "functions", "create_order", "memory") and error["type"] == "extra_forbidden"


# --- one test per limit ---------------------------------------------------------------------------------


def test_memory_of_64_mb_names_the_key_and_the_range():
    data = services_data()
    fn(data, "create_order")["memory_mb"] = 64
    problem = only(data)
    assert problem.path == f"{ORDERS}.functions.create_order.memory_mb"
    assert problem.value == 64 and "128-10,240 MB" in problem.message


def test_memory_above_10240_mb_is_rejected():
    data = services_data()
    fn(data, "nightly")["memory_mb"] = 10_241
    assert only(data).path == f"{ORDERS}.functions.nightly.memory_mb"


def test_a_timeout_of_1000_s_names_the_key_and_the_15_minute_limit():
    data = services_data()
    fn(data, "nightly")["timeout_s"] = 1_000
    problem = only(data)
    assert problem.path == f"{ORDERS}.functions.nightly.timeout_s"
    assert problem.value == 1_000 and "1-900 s" in problem.message


def test_an_api_function_with_a_60_s_timeout_names_the_route():
    data = services_data()
    fn(data, "get_order")["timeout_s"] = 60
    problem = only(data)
    assert problem.path == f"{ORDERS}.functions.get_order.timeout_s"
    assert problem.value == 60
    assert "GET /orders/{order_id}" in problem.message and f"{ORDERS}.api.routes[1]" in problem.message
    assert "29" in problem.message and "29" in problem.fix


def test_an_api_function_may_use_exactly_29_s():
    data = services_data()
    fn(data, "get_order")["timeout_s"] = 29
    assert problems(data) == []


def test_5_kb_of_environment_variables_names_the_environment_and_its_size():
    data = services_data()
    fn(data, "create_order")["environment"]["BIG"] = "x" * 5_000
    problem = only(data)
    assert problem.path == f"{ORDERS}.functions.create_order.environment"
    assert problem.value > 4_096 and "4,096" in problem.message and "BIG" in problem.fix


def test_environment_size_counts_keys_values_and_json_like_lambda_at_the_boundary():
    overhead = len('{"K":""}')
    exact = {"K": "v" * (L.LAMBDA_ENV_MAX_BYTES - overhead)}
    assert env_size_bytes(exact) == L.LAMBDA_ENV_MAX_BYTES
    data = services_data()
    # Nothing wired: a handler that reads no table at import, so only the config's own variables count.
    fn(data, "create_order").update(handler="tests.config.sample_handlers.lambda_handler", uses={})
    data["orders"]["api"]["routes"][0]["body_model"] = "SampleOrder"  # the body model of that module
    fn(data, "create_order")["environment"] = exact
    assert problems(data) == []
    fn(data, "create_order")["environment"] = {"K": exact["K"] + "v"}
    assert only(data).value == L.LAMBDA_ENV_MAX_BYTES + 1


def test_a_reserved_environment_variable_is_rejected():
    data = services_data()
    fn(data, "create_order")["environment"]["AWS_REGION"] = "eu-west-1"
    assert only(data).path == f"{ORDERS}.functions.create_order.environment.AWS_REGION"


def test_ephemeral_storage_outside_512_to_10240_mb_is_rejected():
    for value in (256, 10_241):
        data = services_data()
        fn(data, "nightly")["ephemeral_storage_mb"] = value
        problem = only(data)
        assert (problem.path, problem.value) == (f"{ORDERS}.functions.nightly.ephemeral_storage_mb", value)


def test_reservations_leaving_fewer_than_100_unreserved_name_the_functions():
    data = services_data()  # dev reserves 20 + 20 + 10
    fn(data, "create_order")["reserved_concurrency"] = 931  # 931 + 20 + 10 = 961: leaves 39
    problem = only(data)
    assert problem.path == "landfall:services.account_concurrency_limit"
    assert "orders.create_order 931" in problem.message and "leaving 39" in problem.message
    assert "61" in problem.fix


def test_reservations_leaving_exactly_100_unreserved_are_accepted():
    data = services_data()
    fn(data, "create_order")["reserved_concurrency"] = 850  # 850 + 20 + 10 = 880 -> 120 left
    fn(data, "reserve_stock")["provisioned_concurrency"] = 20  # no reservation: provisioned counts -> 100 left
    assert problems(data) == []
    fn(data, "reserve_stock")["provisioned_concurrency"] = 21
    assert only(data).path == "landfall:services.account_concurrency_limit"


def test_a_raised_account_concurrency_limit_makes_room_for_reservations():
    data = services_data()
    fn(data, "create_order")["reserved_concurrency"] = 1_500
    assert only(data).path == "landfall:services.account_concurrency_limit"
    data["account_concurrency_limit"] = 3_000
    assert problems(data) == []


def test_provisioned_concurrency_above_reserved_concurrency_is_rejected():
    data = services_data("prod")
    fn(data, "create_order")["provisioned_concurrency"] = 101
    problem = only(data, "prod")
    assert (problem.path, problem.value) == (f"{ORDERS}.functions.create_order.provisioned_concurrency", 101)
    assert "100" in problem.fix


def test_a_route_naming_an_unknown_function_names_the_route():
    data = services_data()
    data["orders"]["api"]["routes"][0]["function"] = "create_ordr"
    problem = only(data)
    assert problem.path == f"{ORDERS}.api.routes[0].function"
    assert problem.value == "create_ordr" and "POST /orders" in problem.message and "create_order" in problem.fix


def test_a_queue_consumer_naming_an_unknown_function_is_rejected():
    data = patch(services_data(), ["orders", "queues", "orders", "consumer"], "worker")
    assert only(data).path == f"{ORDERS}.queues.orders.consumer"


def test_a_schedule_target_naming_an_unknown_function_is_rejected():
    data = patch(services_data(), ["orders", "schedules", "nightly", "function"], "nighty")
    assert only(data).path == f"{ORDERS}.schedules.nightly.function"


def test_a_workflow_task_naming_an_unknown_function_is_rejected():
    data = patch(services_data(), ["orders", "workflows", "fulfillment", "tasks", "ChargePayment"], "charge")
    problem = only(data)
    assert (problem.path, problem.value) == (f"{ORDERS}.workflows.fulfillment.tasks.ChargePayment", "charge")


def test_a_schedule_with_an_invalid_cron_expression_names_the_key_and_the_reason():
    data = patch(services_data(), ["orders", "schedules", "nightly", "expression"], "cron(0 2 * * * *)")
    problem = only(data)
    assert problem.path == f"{ORDERS}.schedules.nightly.expression"
    assert problem.value == "cron(0 2 * * * *)"
    assert "exactly one of day-of-month and day-of-week must be ?" in problem.message


def test_a_five_field_cron_expression_is_told_to_add_the_year():
    data = patch(services_data(), ["orders", "schedules", "nightly", "expression"], "cron(0 2 * * ?)")
    assert "add the year field" in only(data).message


def test_schedule_retry_policy_bounds():
    data = services_data()
    patch(data, ["orders", "schedules", "nightly", "retry_attempts"], 186)
    patch(data, ["orders", "schedules", "nightly", "max_event_age_s"], 59)
    assert [p.path for p in problems(data)] == [f"{ORDERS}.schedules.nightly.retry_attempts", f"{ORDERS}.schedules.nightly.max_event_age_s"]


def test_a_duplicate_route_names_both_routes():
    data = services_data()
    data["orders"]["api"]["routes"].append({"method": "POST", "path": "/orders", "function": "create_order", "body_model": "CreateOrder"})
    problem = only(data)
    assert problem.path == f"{ORDERS}.api.routes[2]"
    assert f"{ORDERS}.api.routes[0]" in problem.message and problem.value == "POST /orders"


def test_an_invalid_http_method_lists_the_allowed_ones():
    data = services_data()
    data["orders"]["api"]["routes"][0]["method"] = "FETCH"
    problem = only(data)
    assert (problem.path, problem.value) == (f"{ORDERS}.api.routes[0].method", "FETCH")
    assert "GET" in problem.fix and "PATCH" in problem.fix


def test_a_lowercase_http_method_is_told_the_uppercase_spelling():
    data = services_data()
    data["orders"]["api"]["routes"][0]["method"] = "post"
    assert only(data).fix == "write POST"


def test_a_path_not_starting_with_a_slash_is_rejected():
    data = services_data()
    data["orders"]["api"]["routes"][0]["path"] = "orders"
    problem = only(data)
    assert problem.path == f"{ORDERS}.api.routes[0].path" and "must start with /" in problem.message


@pytest.mark.parametrize("path", ["/orders/{order id}", "/orders/{order_id", "/orders/{}", "/orders/x{order_id}"])
def test_a_malformed_path_parameter_is_rejected(path):
    data = services_data()
    data["orders"]["api"]["routes"][1]["path"] = path
    problem = only(data)
    assert (problem.path, problem.value) == (f"{ORDERS}.api.routes[1].path", path)
    assert "malformed parameter" in problem.message


@pytest.mark.parametrize(
    "path, reason",
    [("/orders/", "empty segment"), ("/orders//x", "empty segment"), ("/{proxy+}/x", "greedy"), ("/a/{id}/b/{id}", "twice"), ("/orders/a b", "may only hold")],
)
def test_other_malformed_paths_are_rejected_with_the_reason(path, reason):
    data = services_data()
    data["orders"]["api"]["routes"][1]["path"] = path
    assert reason in only(data).message


def test_sibling_path_parameters_with_different_names_are_rejected():
    data = services_data()
    data["orders"]["api"]["routes"].append({"method": "DELETE", "path": "/orders/{id}", "function": "create_order"})
    problem = only(data)
    assert problem.path == f"{ORDERS}.api.routes" and "/orders/{id}" in problem.message and "/orders/{order_id}" in problem.message


def test_stage_throttling_above_the_account_quota_is_rejected():
    data = patch(services_data(), ["orders", "api", "throttle"], {"rate_limit": 20_000, "burst_limit": 6_000})
    assert [p.path for p in problems(data)] == [f"{ORDERS}.api.throttle.rate_limit", f"{ORDERS}.api.throttle.burst_limit"]


def test_a_per_route_throttle_override_is_checked_too():
    data = services_data()
    data["orders"]["api"]["routes"][0]["throttle"] = {"rate_limit": 0, "burst_limit": 10}
    assert only(data).path == f"{ORDERS}.api.routes[0].throttle.rate_limit"


def test_a_visibility_timeout_below_six_times_the_consumer_timeout_gives_the_minimum():
    data = patch(services_data(), ["orders", "queues", "orders", "visibility_timeout_s"], 60)
    problem = only(data)
    assert (problem.path, problem.value) == (f"{ORDERS}.queues.orders.visibility_timeout_s", 60)
    assert "180" in problem.fix and "queue_worker" in problem.message


def test_a_visibility_timeout_of_exactly_six_times_the_consumer_timeout_is_accepted():
    data = patch(services_data(), ["orders", "queues", "orders", "visibility_timeout_s"], 180)
    assert problems(data) == []


@pytest.mark.parametrize("count", [0, 1_001])
def test_a_max_receive_count_outside_1_to_1000_is_rejected(count):
    data = patch(services_data(), ["orders", "queues", "orders", "max_receive_count"], count)
    problem = only(data)
    assert (problem.path, problem.value) == (f"{ORDERS}.queues.orders.max_receive_count", count)


@pytest.mark.parametrize("size", [0, 10_001])
def test_a_batch_size_outside_1_to_10000_is_rejected(size):
    data = patch(services_data(), ["orders", "queues", "orders", "batch_size"], size)
    assert only(data).path == f"{ORDERS}.queues.orders.batch_size"


def test_a_batch_above_10_needs_a_batching_window():
    data = patch(services_data(), ["orders", "queues", "orders", "batch_size"], 100)
    problem = only(data)
    assert problem.path == f"{ORDERS}.queues.orders.batch_size" and "batching_window_s" in problem.fix
    patch(data, ["orders", "queues", "orders", "batching_window_s"], 1)
    assert problems(data) == []


def test_a_batching_window_above_300_s_is_rejected():
    data = patch(services_data(), ["orders", "queues", "orders", "batching_window_s"], 301)
    assert only(data).path == f"{ORDERS}.queues.orders.batching_window_s"


@pytest.mark.parametrize("name", ["", "k" * 256, " owner_id"])
def test_a_bad_key_attribute_name_is_rejected(name):
    data = patch(services_data(), ["orders", "tables", "orders", "partition_key"], name)
    problem = only(data)
    assert (problem.path, problem.value) == (f"{ORDERS}.tables.orders.partition_key", name)


def test_a_key_attribute_name_of_255_bytes_is_accepted():
    data = patch(services_data(), ["orders", "tables", "orders", "partition_key"], "k" * 255)
    assert problems(data) == []


def test_a_sort_key_equal_to_the_partition_key_is_rejected():
    data = patch(services_data(), ["orders", "tables", "orders", "sort_key"], "owner_id")
    assert only(data).path == f"{ORDERS}.tables.orders.sort_key"


def test_an_attribute_type_for_a_non_key_attribute_is_rejected():
    data = patch(services_data(), ["orders", "tables", "orders", "attributes"], {"owner_id": "S", "total": "N"})
    assert only(data).path == f"{ORDERS}.tables.orders.attributes.total"


def test_a_ttl_attribute_that_is_a_string_key_is_rejected():
    data = patch(services_data(), ["orders", "tables", "idempotency", "ttl_attribute"], "id")
    assert only(data).path == f"{ORDERS}.tables.idempotency.ttl_attribute"


def test_provisioned_billing_without_capacity_is_rejected():
    data = patch(services_data(), ["orders", "tables", "orders", "billing"], "PROVISIONED")
    problem = only(data)
    assert problem.path == f"{ORDERS}.tables.orders.capacity" and "DynamoDB.1" in problem.message


def test_provisioned_billing_with_capacity_is_accepted_and_bounds_are_checked():
    data = patch(services_data(), ["orders", "tables", "orders", "billing"], "PROVISIONED")
    patch(data, ["orders", "tables", "orders", "capacity"], {"read": {"min": 5, "max": 50}, "write": {"min": 5, "max": 50}})
    assert problems(data) == []
    patch(data, ["orders", "tables", "orders", "capacity", "write"], {"min": 10, "max": 5})
    assert only(data).path == f"{ORDERS}.tables.orders.capacity.write"


def test_capacity_with_on_demand_billing_is_rejected():
    data = patch(services_data(), ["orders", "tables", "orders", "capacity"], {"read": {"min": 5, "max": 50}, "write": {"min": 5, "max": 50}})
    assert only(data).path == f"{ORDERS}.tables.orders.capacity"


def test_an_include_projection_needs_its_attributes():
    data = patch(services_data(), ["orders", "tables", "orders", "global_secondary_indexes", "status-created_at", "projection"], "INCLUDE")
    assert only(data).path == f"{ORDERS}.tables.orders.global_secondary_indexes.status-created_at.non_key_attributes"


@pytest.mark.parametrize(
    "keys",
    [
        ["orders", "functions", "create_order", "log_retention_days"],
        ["orders", "api", "access_log_retention_days"],
        ["orders", "workflows", "fulfillment", "log_retention_days"],
    ],
)
def test_a_log_retention_cloudwatch_does_not_offer_is_rejected(keys):
    data = patch(services_data(), keys, 42)
    problem = only(data)
    assert (problem.path, problem.value) == (".".join(["landfall:services", *keys]), 42)
    assert "365" in problem.fix


def test_a_bad_handler_path_is_rejected():
    data = services_data()
    fn(data, "create_order")["handler"] = "services/orders/create_order.py"
    assert only(data).path == f"{ORDERS}.functions.create_order.handler"


def test_a_bad_workflow_definition_reference_is_rejected():
    data = patch(services_data(), ["orders", "workflows", "fulfillment", "definition"], "services.orders.workflow.build_definition")
    assert only(data).path == f"{ORDERS}.workflows.fulfillment.definition"


def test_an_alarm_period_cloudwatch_does_not_accept_is_rejected():
    data = patch(services_data(), ["orders", "alarms", "period_s"], 90)
    assert only(data).path == f"{ORDERS}.alarms.period_s"


def test_a_vpc_function_without_private_subnets_is_rejected_when_the_network_is_known():
    data = services_data()
    fn(data, "queue_worker")["vpc"] = True
    assert problems(data) == []  # network unknown: skipped
    [problem] = problems(data, has_private_subnets=False)
    assert problem.path == f"{ORDERS}.functions.queue_worker.vpc"
    assert problems(data, has_private_subnets=True) == []


def test_a_bad_service_name_is_rejected():
    data = {"Orders": services_data()["orders"]}
    assert only(data).path == "landfall:services.Orders"


def test_routes_and_identity_agree_in_the_samples():
    for stack in ("dev", "prod"):
        scopes = identity(identity_data(stack)).custom_scopes
        assert authorizer_problems(services(services_data(stack)), scopes) == []


def test_a_cognito_route_without_an_identity_section_is_rejected():
    found = authorizer_problems(services(services_data()), None)
    assert [p.path for p in found] == [f"{ORDERS}.api.routes[0].authorization", f"{ORDERS}.api.routes[1].authorization"]


def test_a_route_scope_the_resource_server_does_not_define_is_rejected():
    data = services_data()
    data["orders"]["api"]["routes"][1]["scopes"] = ["orders/admin"]
    [problem] = authorizer_problems(services(data), identity(identity_data()).custom_scopes)
    assert (problem.path, problem.value) == (f"{ORDERS}.api.routes[1].scopes[0]", "orders/admin")
    assert "orders/read" in problem.fix


def test_scopes_on_a_route_without_cognito_authorization_are_rejected():
    data = services_data()
    data["orders"]["api"]["routes"][1]["authorization"] = "AWS_IAM"
    problem = only(data)
    assert problem.path == f"{ORDERS}.api.routes[1].scopes"


# --- several at once ------------------------------------------------------------------------------------


def test_several_problems_are_reported_together_each_with_its_path():
    data = services_data()
    fn(data, "create_order")["memory_mb"] = 64
    fn(data, "get_order")["timeout_s"] = 60
    fn(data, "queue_worker")["environment"] = {"PAYLOAD": "x" * 5_000}
    data["orders"]["api"]["routes"][0]["function"] = "nope"
    patch(data, ["orders", "schedules", "nightly", "expression"], "cron(0 25 * * ? *)")
    patch(data, ["orders", "queues", "orders", "max_receive_count"], 0)
    found = problems(data)
    assert sorted(p.path for p in found) == sorted(
        [
            f"{ORDERS}.functions.create_order.memory_mb",
            f"{ORDERS}.functions.get_order.timeout_s",
            f"{ORDERS}.functions.queue_worker.environment",
            f"{ORDERS}.api.routes[0].function",
            f"{ORDERS}.schedules.nightly.expression",
            f"{ORDERS}.queues.orders.max_receive_count",
        ]
    )
    assert all(p.fix for p in found)


# --- pure helpers -----------------------------------------------------------------------------------------


def test_the_api_resource_plan_lists_parents_before_children_keyed_by_path():
    resources, conflicts = plan_api_resources(["/orders/{order_id}/items", "/orders", "/orders/{order_id}"])
    assert [(r.path, r.parent, r.part) for r in resources] == [
        ("/orders", "/", "orders"),
        ("/orders/{order_id}", "/orders", "{order_id}"),
        ("/orders/{order_id}/items", "/orders/{order_id}", "items"),
    ]
    assert conflicts == []


_env_keys = st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,20}", fullmatch=True)
_env = st.dictionaries(_env_keys, st.text(max_size=60), max_size=12)


@given(_env)
def test_env_size_is_the_utf8_size_of_the_compact_json(env):
    expected = len(json.dumps(env, separators=(",", ":"), ensure_ascii=False).encode()) if env else 0
    assert env_size_bytes(env) == expected


@given(_env)
def test_env_size_counts_every_key_and_value_byte(env):
    raw = sum(len(k.encode()) + len(v.encode()) for k, v in env.items())
    assert env_size_bytes(env) >= raw


@given(st.dictionaries(_env_keys, st.from_regex(r"[A-Za-z0-9 ._:/-]{0,40}", fullmatch=True), min_size=1, max_size=12))
def test_env_size_of_plain_ascii_is_keys_values_and_json_punctuation(env):
    # {"K":"V","K2":"V2"}: braces, four quotes and a colon per variable, commas between variables.
    raw = sum(len(k) + len(v) for k, v in env.items())
    assert env_size_bytes(env) == raw + 2 + 5 * len(env) + (len(env) - 1)


@given(_env, _env_keys, st.text(max_size=20))
def test_adding_a_variable_never_shrinks_the_environment(env, key, value):
    if key in env:
        return
    assert env_size_bytes({**env, key: value}) > env_size_bytes(env)
