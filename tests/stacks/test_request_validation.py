"""Request validation in the recorded inventory (checkov CKV2_AWS_53): one request validator per REST API, one
API Gateway model per body model (the handler's own pydantic model as draft-04), and every method naming the
validator; the POST route's method also maps application/json to its model."""

from __future__ import annotations

import copy
import json
import re

import jsonschema

from landfall.offline.report import report_for
from landfall.offline.synth import synthesize
from landfall.plan.request_models import DRAFT4, to_draft4
from policies.controls.api import check_request_validation
from services.orders.models import CreateOrder
from tests.conftest import stack_values, synthesized

METHOD = "aws:apigateway/method:Method"
VALIDATOR = "aws:apigateway/requestValidator:RequestValidator"
MODEL = "aws:apigateway/model:Model"
REST_API = "aws:apigateway/restApi:RestApi"


def _post_orders(inventory):
    resources = {r.id: r for r in inventory.of_type("aws:apigateway/resource:Resource")}
    posts = [m for m in inventory.of_type(METHOD)
             if m.inputs["httpMethod"] == "POST" and resources[m.inputs["resourceId"]].inputs["pathPart"] == "orders"]
    assert len(posts) == 1, [m.urn for m in posts]
    return posts[0]


def test_the_dev_post_method_names_the_validator_and_the_create_order_model():
    dev = synthesized("dev")
    (api,) = dev.of_type(REST_API)
    (validator,) = dev.of_type(VALIDATOR)
    (model,) = dev.of_type(MODEL)
    post = _post_orders(dev)

    assert validator.inputs["restApi"] == api.id
    assert validator.inputs["validateRequestBody"] is True and validator.inputs["validateRequestParameters"] is True
    assert post.inputs["requestValidatorId"] == validator.id
    assert post.inputs["requestModels"] == {"application/json": "CreateOrder"}
    assert post.inputs["requestParameters"] == {"method.request.header.Idempotency-Key": True}

    assert model.inputs["restApi"] == api.id
    assert model.inputs["name"] == "CreateOrder" and re.fullmatch(r"[A-Za-z0-9]+", model.inputs["name"])
    assert model.inputs["contentType"] == "application/json"
    schema = json.loads(model.inputs["schema"])
    assert schema == to_draft4(CreateOrder.model_json_schema(), "CreateOrder").schema
    assert schema["$schema"] == DRAFT4 and "$defs" not in model.inputs["schema"] and "$ref" not in model.inputs["schema"]
    jsonschema.Draft4Validator.check_schema(schema)
    assert jsonschema.Draft4Validator(schema).is_valid({"items": [{"sku": "A-1", "quantity": 2}]})
    assert not jsonschema.Draft4Validator(schema).is_valid({"items": []})
    # children of the API component, like every other API resource
    assert validator.parent == model.parent == post.parent


def test_every_method_of_every_workload_stack_has_the_validator_and_body_methods_a_model(workload):
    validators = {v.id for v in workload.of_type(VALIDATOR)}
    models = {m.inputs["name"] for m in workload.of_type(MODEL)}
    assert len(validators) == len(workload.of_type(REST_API)) == 1
    methods = workload.of_type(METHOD)
    assert methods
    for method in methods:
        assert method.inputs["requestValidatorId"] in validators, method.urn
        if method.inputs["httpMethod"] in ("POST", "PUT", "PATCH"):
            assert set(method.inputs["requestModels"].values()) <= models, method.urn
        else:
            assert not method.inputs.get("requestModels"), method.urn
    records = [{"type": r.type, "urn": r.urn, "id": r.id, "name": r.name, "custom": r.custom, "inputs": r.inputs} for r in workload.resources]
    assert check_request_validation(records, {}) == []


def test_turning_validation_off_declares_no_validator_or_model_and_fails_the_mandatory_rule(project_copy):
    config = copy.deepcopy(stack_values("dev"))
    config["landfall:services"]["orders"]["api"]["request_validation"] = False
    inventory = synthesize("dev", project_copy({"dev": config}))
    assert not inventory.of_type(VALIDATOR) and not inventory.of_type(MODEL)
    found = [v for v in report_for(inventory).policy.mandatory if v["policy"] == "apigateway-request-validation"]
    assert len(found) == len(inventory.of_type(METHOD)) == 2
    assert all("has no requestValidatorId" in v["message"] for v in found)
