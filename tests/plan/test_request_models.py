"""Request validation planning: pydantic (2020-12) schemas become self-contained draft-04 API Gateway models, and
routes get validators, models and required parameters keyed by route."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Optional

import jsonschema
import pytest
from pydantic import BaseModel, ConfigDict, Field

from landfall.plan.request_models import (
    DRAFT4,
    REQUEST_VALIDATOR,
    SchemaConversionError,
    model_name,
    model_name_clashes,
    plan_request_validation,
    request_parameters,
    to_draft4,
)
from services.orders.models import CreateOrder

EVENTS = Path(__file__).resolve().parents[1] / "events" / "orders"


# --- conversion, keyword by keyword --------------------------------------------------------------------------

@pytest.mark.parametrize("given, expected, dropped", [
    # inlined references, the $ref's sibling keywords kept over the definition's
    ({"$defs": {"Item": {"type": "object", "title": "Item"}}, "properties": {"i": {"$ref": "#/$defs/Item", "description": "one"}}},
     {"properties": {"i": {"type": "object", "description": "one"}}}, ()),
    ({"definitions": {"Item": {"type": "string"}}, "items": {"$ref": "#/definitions/Item"}}, {"items": {"type": "string"}}, ()),
    # const -> a one-value enum
    ({"const": "pending"}, {"enum": ["pending"]}, ()),
    # numeric exclusive bounds -> draft-04's boolean form; the stricter bound wins when both are given
    ({"type": "integer", "exclusiveMinimum": 0}, {"type": "integer", "minimum": 0, "exclusiveMinimum": True}, ()),
    ({"exclusiveMaximum": 10, "maximum": 20}, {"maximum": 10, "exclusiveMaximum": True}, ()),
    ({"exclusiveMinimum": 0, "minimum": 5}, {"minimum": 5}, ()),
    ({"minimum": 1, "exclusiveMinimum": True}, {"minimum": 1, "exclusiveMinimum": True}, ()),
    # tuples: prefixItems -> items array, a closing items: false -> additionalItems: false
    ({"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}], "items": False},
     {"type": "array", "items": [{"type": "string"}, {"type": "integer"}], "additionalItems": False}, ()),
    # boolean subschemas
    ({"properties": {"any": True, "never": False}}, {"properties": {"any": {}, "never": {"not": {}}}}, ()),
    # pydantic's `T | None` collapses to a type list; other unions stay anyOf
    ({"anyOf": [{"type": "string", "maxLength": 5}, {"type": "null"}], "default": None},
     {"type": ["string", "null"], "maxLength": 5}, ()),
    ({"anyOf": [{"type": "string"}, {"type": "integer"}]}, {"anyOf": [{"type": "string"}, {"type": "integer"}]}, ()),
    ({"anyOf": [{"enum": ["a"]}, {"type": "null"}]}, {"anyOf": [{"enum": ["a"]}, {"type": "null"}]}, ()),
    # annotations go silently; draft-04 formats stay, others are dropped and listed
    ({"properties": {"a": {"title": "A", "examples": ["x"], "readOnly": True, "type": "string", "format": "email"}}},
     {"properties": {"a": {"type": "string", "format": "email"}}}, ()),
    ({"type": "string", "format": "uuid"}, {"type": "string"}, ("$.format: uuid",)),
    # validation keywords draft-04 lacks: dropped (the API gets less strict, never stricter) and listed
    ({"type": "object", "propertyNames": {"pattern": "^a"}}, {"type": "object"}, ("$.propertyNames",)),
    ({"type": "array", "contains": {"type": "integer"}}, {"type": "array"}, ("$.contains",)),
])
def test_each_2020_12_keyword_gets_its_draft_04_form(given, expected, dropped):
    converted = to_draft4(given)
    assert {k: v for k, v in converted.schema.items() if k != "$schema"} == expected
    assert converted.schema["$schema"] == DRAFT4
    assert converted.dropped == dropped


def test_a_recursive_model_is_refused_rather_than_truncated():
    class Node(BaseModel):
        children: list["Node"] = []

    with pytest.raises(SchemaConversionError, match="Node refers to itself"):
        to_draft4(Node.model_json_schema())


def test_a_reference_outside_the_model_is_refused():
    with pytest.raises(SchemaConversionError, match="not a definition of the model"):
        to_draft4({"properties": {"a": {"$ref": "https://example.com/other.json"}}})


class Shipment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mode: Literal["air", "sea"]
    weight_kg: float = Field(gt=0, le=1000)
    tags: set[str] = set()
    reference: Optional[str] = Field(default=None, pattern=r"^[A-Z]{3}-\d+$")


@pytest.mark.parametrize("model", [CreateOrder, Shipment], ids=lambda m: m.__name__)
def test_converted_models_are_valid_draft_04_and_titled_by_the_model(model):
    converted = to_draft4(model.model_json_schema(), title=model.__name__)
    jsonschema.Draft4Validator.check_schema(converted.schema)
    assert converted.schema["title"] == model.__name__
    assert "$defs" not in json.dumps(converted.schema) and "$ref" not in json.dumps(converted.schema)


@pytest.mark.parametrize("body, valid", [
    ({"mode": "air", "weight_kg": 12.5, "tags": ["fragile"]}, True),
    ({"mode": "air", "weight_kg": 12.5, "reference": "ABC-12"}, True),
    ({"mode": "air", "weight_kg": 12.5, "reference": None}, True),
    ({"mode": "rail", "weight_kg": 1}, False),  # Literal -> enum
    ({"mode": "sea", "weight_kg": 0}, False),  # gt=0 -> exclusive minimum
    ({"mode": "sea", "weight_kg": 1, "reference": "abc"}, False),  # pattern
    ({"mode": "sea", "weight_kg": 1, "extra": 1}, False),  # extra="forbid" -> additionalProperties false
])
def test_the_draft_04_schema_accepts_and_rejects_what_the_pydantic_model_does(body, valid):
    validator = jsonschema.Draft4Validator(to_draft4(Shipment.model_json_schema()).schema)
    assert validator.is_valid(body) is valid
    try:
        Shipment.model_validate(body)
        accepted = True
    except ValueError:
        accepted = False
    assert accepted is valid


def test_where_pydantic_is_lenient_the_api_follows_the_published_schema():
    # Lax mode coerces "2" to 2 and dedupes a set; the model's JSON Schema (its contract, and so the API) does not.
    validator = jsonschema.Draft4Validator(to_draft4(Shipment.model_json_schema()).schema)
    for body in ({"mode": "sea", "weight_kg": "2"}, {"mode": "sea", "weight_kg": 1, "tags": ["a", "a"]}):
        Shipment.model_validate(body)
        assert not validator.is_valid(body), body


def test_the_top_level_title_is_the_model_name():
    assert to_draft4({"title": "Internal", "type": "object"}, title="CreateOrder").schema == {
        "$schema": DRAFT4, "title": "CreateOrder", "type": "object"}


@pytest.mark.parametrize("event, valid", [
    ("api_create_ok.json", True),
    ("api_create_missing_fields.json", False),
    ("api_create_extra_field.json", False),
])
def test_the_orders_model_judges_the_canned_api_events_like_the_handler(event, valid):
    body = json.loads(json.loads((EVENTS / event).read_text())["body"])
    validator = jsonschema.Draft4Validator(to_draft4(CreateOrder.model_json_schema()).schema)
    assert validator.is_valid(body) is valid


# --- the plan -----------------------------------------------------------------------------------------------

@dataclass
class Route:
    method: str
    path: str
    body_model: Optional[str] = None
    required_headers: list[str] = field(default_factory=list)


SCHEMAS = {"CreateOrder": CreateOrder.model_json_schema()}


def test_every_route_gets_the_one_validator_and_body_routes_their_model():
    plan = plan_request_validation([
        Route("POST", "/orders", "CreateOrder", ["Idempotency-Key"]),
        Route("GET", "/orders/{order_id}"),
    ], SCHEMAS)
    assert [m.name for m in plan.models] == ["CreateOrder"]
    assert plan.validators == (REQUEST_VALIDATOR,)
    assert (REQUEST_VALIDATOR.validate_body, REQUEST_VALIDATOR.validate_parameters) == (True, True)
    post, get = plan.methods["post-orders"], plan.methods["get-orders-order_id"]
    assert (post.validator, dict(post.request_models)) == (REQUEST_VALIDATOR, {"application/json": "CreateOrder"})
    assert dict(post.request_parameters) == {"method.request.header.Idempotency-Key": True}
    assert (get.validator, dict(get.request_models)) == (REQUEST_VALIDATOR, {})
    assert dict(get.request_parameters) == {"method.request.path.order_id": True}
    assert json.loads(plan.models[0].schema) == to_draft4(SCHEMAS["CreateOrder"], "CreateOrder").schema


def test_a_model_shared_by_routes_is_declared_once():
    plan = plan_request_validation([Route("POST", "/orders", "CreateOrder"), Route("PUT", "/orders/{id}", "CreateOrder")], SCHEMAS)
    assert len(plan.models) == 1 and plan.validators == (REQUEST_VALIDATOR,)
    assert set(plan.methods) == {"post-orders", "put-orders-id"}


def test_an_api_without_routes_plans_no_validator():
    assert plan_request_validation([], SCHEMAS).validators == ()


def test_the_plan_does_not_depend_on_route_order():
    routes = [Route("POST", "/orders", "CreateOrder"), Route("GET", "/orders/{order_id}")]
    assert plan_request_validation(routes, SCHEMAS) == plan_request_validation(routes[::-1], SCHEMAS)


def test_the_fingerprint_changes_with_a_model_schema_and_only_then():
    base = plan_request_validation([Route("POST", "/orders", "CreateOrder")], SCHEMAS)
    again = plan_request_validation([Route("POST", "/orders", "CreateOrder")], SCHEMAS)
    stricter = {"CreateOrder": {**SCHEMAS["CreateOrder"], "maxProperties": 2}}
    changed = plan_request_validation([Route("POST", "/orders", "CreateOrder")], stricter)
    assert base.fingerprint() == again.fingerprint() != changed.fingerprint()


@pytest.mark.parametrize("path, headers, expected", [
    ("/orders", [], {}),
    ("/orders/{order_id}", [], {"method.request.path.order_id": True}),
    ("/a/{b}/c/{proxy+}", ["X-Trace"], {"method.request.path.b": True, "method.request.path.proxy": True,
                                        "method.request.header.X-Trace": True}),
])
def test_every_path_parameter_and_required_header_is_a_required_request_parameter(path, headers, expected):
    assert request_parameters(path, headers) == expected


@pytest.mark.parametrize("reference, name", [("CreateOrder", "CreateOrder"), ("Create_Order", "CreateOrder"), ("V2Body", "V2Body")])
def test_model_names_keep_letters_and_digits_only(reference, name):
    assert model_name(reference) == name


def test_two_body_models_with_one_api_gateway_name_clash():
    assert model_name_clashes(["CreateOrder", "Create_Order", "Other"]) == [("CreateOrder", "Create_Order")]
    with pytest.raises(ValueError, match="same API Gateway model name"):
        plan_request_validation([Route("POST", "/a", "CreateOrder"), Route("POST", "/b", "Create_Order")],
                                {"CreateOrder": {}, "Create_Order": {}})
