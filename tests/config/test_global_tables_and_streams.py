"""Global tables and stream consumers in landfall:services: every rule reported with its key path."""

from __future__ import annotations

import copy

import pytest

from landfall.config.errors import ConfigError
from landfall.config.loader import parse, read_stack_file

ORDERS = "landfall:services.orders.tables.orders"


def problems(table_patch: dict, stack: str = "prod") -> list:
    config = {k: v for k, v in copy.deepcopy(read_stack_file(stack, ".")).items() if k.startswith("landfall:")}
    config["landfall:services"]["orders"]["tables"]["orders"].update(table_patch)
    with pytest.raises(ConfigError) as caught:
        parse(stack, config)
    return caught.value.problems


def test_the_prod_sample_is_a_global_table_with_a_stream_consumer():
    config = parse("prod", {k: v for k, v in read_stack_file("prod", ".").items() if k.startswith("landfall:")})
    table = config.services.services["orders"].tables["orders"]
    assert table.replicas == ["eu-central-1"] and table.stream_view.value == "NEW_AND_OLD_IMAGES"
    assert table.stream_consumer.function == "order_events" and table.stream_consumer.bisect_on_error


@pytest.mark.parametrize("replicas, message", [
    (["eu-west-1"], "is the stack's own region"),
    (["us-east-1"], "is not a governed region"),
])
def test_a_replica_must_be_another_governed_region(replicas, message):
    [problem] = problems({"replicas": replicas})
    assert problem.path == f"{ORDERS}.replicas[0]" and message in problem.message and problem.value == replicas[0]


def test_every_replica_problem_is_reported_at_once():
    found = problems({"replicas": ["eu-central-1", "eu-central-1", "eu-west-1"], "stream": "KEYS_ONLY",
                      "billing": "PROVISIONED", "capacity": {"read": {"min": 5, "max": 10}, "write": {"min": 5, "max": 10}}})
    assert sorted(p.path for p in found) == sorted([f"{ORDERS}.replicas[1]", f"{ORDERS}.replicas[2]", f"{ORDERS}.stream",
                                                   f"{ORDERS}.billing"]), [p.render() for p in found]


def test_a_stream_consumer_needs_a_stream_a_known_function_and_limits_in_range():
    found = problems({"replicas": [], "stream_consumer": {"function": "nobody", "batch_size": 0, "batching_window_s": 301,
                                                          "retry_attempts": -2, "max_record_age_s": 30,
                                                          "starting_position": "AT_TIMESTAMP"}})
    paths = sorted(p.path for p in found)
    consumer = f"{ORDERS}.stream_consumer"
    assert paths == sorted([f"{ORDERS}.stream", f"{consumer}.function", f"{consumer}.batch_size", f"{consumer}.batching_window_s",
                            f"{consumer}.retry_attempts", f"{consumer}.max_record_age_s", f"{consumer}.starting_position"]), paths
