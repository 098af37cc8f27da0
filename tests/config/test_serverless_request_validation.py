"""`landfall:services.<svc>.api` request validation: a route with a body names the pydantic model its handler module
validates it with; a model that does not exist, is not a model, or cannot become a draft-04 API Gateway model is a
config problem on the route's body_model key, found before anything is registered."""

from __future__ import annotations

import pytest

from landfall.config.errors import Problem
from landfall.plan.request_models import to_draft4
from services.orders.models import CreateOrder
from tests.config.fixtures_serverless import context, services, services_data

ORDERS = "landfall:services.orders"
POST = f"{ORDERS}.api.routes[0]"
GET = f"{ORDERS}.api.routes[1]"
SAMPLE_HANDLER = "tests.config.sample_handlers.lambda_handler"


def problems(data: dict) -> list[Problem]:
    return services(data).problems(context("dev"))


def only(data: dict) -> Problem:
    found = problems(data)
    assert len(found) == 1, [p.render() for p in found]
    return found[0]


def route(data: dict, index: int) -> dict:
    return data["orders"]["api"]["routes"][index]


def point_create_order_at_sample_handlers(data: dict) -> None:
    data["orders"]["functions"]["create_order"].update(handler=SAMPLE_HANDLER, uses={})


def test_validation_is_on_by_default_and_the_sample_routes_pass():
    data = services_data()
    assert services(data).services["orders"].api.request_validation is True
    assert problems(data) == []


def test_a_post_route_without_a_body_model_is_rejected_while_validation_is_on():
    data = services_data()
    del route(data, 0)["body_model"]
    problem = only(data)
    assert problem.path == f"{POST}.body_model"
    assert problem.message == "POST /orders takes a request body but names no body_model, so API Gateway would pass malformed bodies to the function"
    assert problem.fix == "name the pydantic model its handler validates the body with, e.g. body_model: CreateOrder"


def test_with_validation_off_a_post_route_needs_no_body_model():
    data = services_data()
    del route(data, 0)["body_model"]
    data["orders"]["api"]["request_validation"] = False
    assert problems(data) == []


def test_a_model_the_handler_module_does_not_define_is_rejected_with_a_did_you_mean():
    data = services_data()
    route(data, 0)["body_model"] = "CreateOrdr"
    problem = only(data)
    assert (problem.path, problem.value) == (f"{POST}.body_model", "CreateOrdr")
    assert problem.message == "module services.orders.api (the route's handler module) has no CreateOrdr"
    assert problem.fix == "did you mean CreateOrder?"


def test_a_missing_model_without_a_close_match_lists_the_modules_models():
    data = services_data()
    route(data, 0)["body_model"] = "Shipment"
    assert only(data).fix == "name one of the models services.orders.api defines or imports: CreateOrder"


def test_a_name_that_is_not_a_pydantic_model_is_rejected():
    data = services_data()
    point_create_order_at_sample_handlers(data)
    route(data, 0)["body_model"] = "NotAModel"
    problem = only(data)
    assert problem.message == "NotAModel in tests.config.sample_handlers is a type, not a pydantic model"


def test_a_recursive_model_is_rejected_as_no_draft_04_model():
    data = services_data()
    point_create_order_at_sample_handlers(data)
    route(data, 0)["body_model"] = "TreeNode"
    problem = only(data)
    assert problem.message.startswith("TreeNode cannot be an API Gateway model (JSON Schema draft-04): ")
    assert "TreeNode refers to itself" in problem.message


def test_a_model_of_another_handler_module_is_found_there():
    data = services_data()
    point_create_order_at_sample_handlers(data)
    route(data, 0)["body_model"] = "SampleOrder"
    assert problems(data) == []
    schemas = services(data).services["orders"].api_body_schemas(_names())
    assert set(schemas) == {"SampleOrder"} and schemas["SampleOrder"]["title"] == "SampleOrder"


def test_a_get_route_with_a_body_model_is_rejected():
    data = services_data()
    route(data, 1)["body_model"] = "CreateOrder"
    problem = only(data)
    assert (problem.path, problem.value) == (f"{GET}.body_model", "CreateOrder")
    assert problem.fix == "remove body_model, or use POST, PUT or PATCH"


@pytest.mark.parametrize("value", ["services.orders.models:CreateOrder", "Create-Order", "1Order"])
def test_a_body_model_is_a_class_name(value):
    data = services_data()
    route(data, 0)["body_model"] = value
    problem = only(data)
    assert (problem.path, problem.message, problem.value) == (f"{POST}.body_model", "is not a Python class name", value)


def test_required_headers_must_be_header_names_listed_once():
    data = services_data()
    route(data, 0)["required_headers"] = ["Idempotency-Key", "idempotency-key", "Bad Header"]
    found = problems(data)
    assert [(p.path, p.value) for p in found] == [
        (f"{POST}.required_headers[1]", "idempotency-key"), (f"{POST}.required_headers[2]", "Bad Header")]


def test_every_problem_of_the_api_is_reported_together():
    data = services_data()
    route(data, 0)["body_model"] = "CreateOrdr"
    route(data, 1)["body_model"] = "CreateOrder"
    assert [p.path for p in problems(data)] == [f"{POST}.body_model", f"{GET}.body_model"]


def test_the_schema_the_plan_gets_is_the_handlers_model_schema():
    schemas = services(services_data()).services["orders"].api_body_schemas(_names())
    assert schemas == {"CreateOrder": CreateOrder.model_json_schema()}
    assert to_draft4(schemas["CreateOrder"]).dropped == ()


def _names():
    from landfall.plan.service_names import ServiceNames

    return ServiceNames("dev", "orders", "aws", "eu-west-1", "000000000000")
