"""Handlers are checked by importing their module as Lambda would (never calling them): a module or function
that does not exist, or a module that fails at import, is a config problem with the handler's key path."""

from __future__ import annotations

import os
import sys

import pytest

from landfall.config.serverless.common import isolated_import
from landfall.config.serverless.functions import handler_problem
from tests.config.fixtures_serverless import context, services, services_data

ORDERS = "landfall:services.orders"
PATH = f"{ORDERS}.functions.nightly.handler"
ENV = {"ORDERS_TABLE": "dev-orders-orders"}


def check(handler: str, environment: dict | None = None):
    return handler_problem(PATH, handler, ENV if environment is None else environment, "eu-west-1")


def test_a_handler_module_that_does_not_exist_is_rejected_with_a_did_you_mean():
    problem = check("services.orders.nighlty.lambda_handler")
    assert (problem.path, problem.value) == (PATH, "services.orders.nighlty.lambda_handler")
    assert problem.message == "module services.orders.nighlty does not exist"
    assert problem.fix == "did you mean services.orders.nightly?"


def test_a_handler_package_that_does_not_exist_is_rejected():
    problem = check("services.ordres.nightly.lambda_handler")
    assert problem.message == "module services.ordres.nightly does not exist"
    assert problem.fix == "did you mean services.orders?"


def test_a_handler_function_the_module_does_not_define_is_rejected_with_a_did_you_mean():
    problem = check("services.orders.nightly.lambda_handlr")
    assert problem.message == "module services.orders.nightly has no lambda_handlr"
    assert problem.fix == "did you mean services.orders.nightly.lambda_handler?"


def test_a_handler_that_is_not_a_function_is_rejected():
    problem = check("tests.config.sample_handlers.NOT_A_FUNCTION")
    assert problem.message == "NOT_A_FUNCTION in tests.config.sample_handlers is a str, not a function"


def test_a_handler_that_cannot_take_event_and_context_is_rejected():
    problem = check("tests.config.sample_handlers.takes_only_the_event")
    assert problem.message == "takes_only_the_event(event) cannot be called as handler(event, context), the way Lambda calls it"
    assert problem.fix == "give the function the parameters (event, context)"


def test_a_module_whose_import_fails_is_rejected_with_the_error():
    problem = check("tests.config.sample_broken_handler.lambda_handler", {})
    assert problem.message == "importing tests.config.sample_broken_handler fails: KeyError: 'SAMPLE_TABLE'"
    assert problem.fix.startswith("make the module importable with only the environment landfall gives the function")


def test_the_module_is_imported_with_the_functions_environment():
    assert check("tests.config.sample_broken_handler.lambda_handler", {"SAMPLE_TABLE": "t"}) is None


def test_a_function_that_does_not_use_what_its_module_reads_at_import_is_rejected():
    data = services_data()
    data["orders"]["functions"]["nightly"]["uses"] = {}
    [problem] = services(data).problems(context("dev"))
    assert (problem.path, problem.value) == (PATH, "services.orders.nightly.lambda_handler")
    assert problem.message == "importing services.orders.nightly fails: MissingSetting: environment variable ORDERS_TABLE is not set"


def test_every_problem_of_every_handler_is_reported_at_once():
    data = services_data()
    data["orders"]["functions"]["nightly"]["handler"] = "services.orders.nighlty.lambda_handler"
    data["orders"]["functions"]["reserve_stock"]["handler"] = "services.orders.fulfillment.reserve"
    paths = [p.path for p in services(data).problems(context("dev"))]
    assert sorted(paths) == [PATH, f"{ORDERS}.functions.reserve_stock.handler"]


def test_the_import_sees_the_region_and_no_credentials_and_leaves_nothing_behind(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE")
    monkeypatch.setenv("AWS_PROFILE", "someone")
    monkeypatch.delenv("AWS_REGION", raising=False)
    before_env = dict(os.environ)
    before_modules = {k: v for k, v in sys.modules.items() if k.startswith("tests.config")}
    with isolated_import("tests", {"SAMPLE_TABLE": "t"}, "eu-west-2"):
        import tests.config.sample_handlers as fresh

        seen = {k: os.environ.get(k) for k in ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID", "AWS_PROFILE", "SAMPLE_TABLE")}
    assert seen == {"AWS_REGION": "eu-west-2", "AWS_DEFAULT_REGION": "eu-west-2", "AWS_ACCESS_KEY_ID": None, "AWS_PROFILE": None, "SAMPLE_TABLE": "t"}
    assert fresh.REGION_AT_IMPORT == "eu-west-2"
    assert dict(os.environ) == before_env
    assert {k: v for k, v in sys.modules.items() if k.startswith("tests.config")} == before_modules


@pytest.mark.parametrize("stack", ["dev", "staging", "prod"])
def test_every_committed_handler_imports(stack):
    from landfall.config.loader import load_stack_file

    config = load_stack_file(stack)  # raises ConfigError listing any handler problem
    assert config.services.function_refs()
