"""Where the app tier's databases and containers go: every placement problem has a key path."""

from __future__ import annotations

import copy

import pytest

from landfall.config.errors import ConfigError
from landfall.config.loader import parse, read_stack_file
from landfall.config.serverless.databases import database_placement_problems

ORDERS = "landfall:services.orders"


def values() -> dict:
    return {k: v for k, v in copy.deepcopy(read_stack_file("prod", ".")).items() if k.startswith("landfall:")}


def paths(config: dict) -> tuple[str, ...]:
    with pytest.raises(ConfigError) as caught:
        parse("prod", config)
    return caught.value.paths


def test_a_database_outside_the_first_isolated_tier_is_reported():
    config = values()
    config["landfall:services"]["orders"]["databases"]["ledger"]["subnet_tier"] = "transit"
    assert f"{ORDERS}.databases.ledger.subnet_tier" in paths(config)


def test_a_database_in_one_az_or_without_an_isolated_tier_is_reported():
    [single] = database_placement_problems("p", {"data": "isolated"}, 1)
    assert "at least 2" in single.message and single.value == 1
    assert database_placement_problems("p", {"app": "private_with_egress"}, 3)


def test_databases_and_containers_without_a_vpc_are_reported_at_the_service():
    config = values()
    config["landfall:network"]["vpcs"] = {}
    config.pop("landfall:transit", None)
    assert ORDERS in paths(config)


@pytest.mark.parametrize("tier, message", [("nowhere", "names no tier"), ("public", "is a public tier")])
def test_the_function_tier_must_be_a_private_tier_of_the_vpc(tier, message):
    config = values()
    config["landfall:services"]["function_tier"] = tier
    with pytest.raises(ConfigError) as caught:
        parse("prod", config)
    [problem] = [p for p in caught.value.problems if p.path == "landfall:services.function_tier"]
    assert message in problem.message and problem.value == tier
