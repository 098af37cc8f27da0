"""Request validation and signed deployments in the recorded dev, staging and prod inventories (issue 11:
checkov CKV2_AWS_53 and CKV_AWS_272)."""

from __future__ import annotations

import copy
import json

import pytest

from landfall.plan.request_models import to_draft4
from policies.controls import STACK_RULES
from policies.runner import run_policies
from services.orders.models import CreateOrder
from tests.conftest import regional_functions, synthesized

RULE = {r.name: r for r in STACK_RULES}
METHOD = "aws:apigateway/method:Method"
FUNCTION = "aws:lambda/function:Function"
CSC = "aws:lambda/codeSigningConfig:CodeSigningConfig"


def records(inventory) -> list[dict]:
    return copy.deepcopy(inventory.to_json()["resources"])


# --- request validation -------------------------------------------------------------------------------------

def test_every_method_names_a_validator_of_its_own_api(workload):
    validators = {v.id: v for v in workload.of_type("aws:apigateway/requestValidator:RequestValidator")}
    for method in workload.of_type(METHOD):
        validator = validators.get(method.inputs.get("requestValidatorId"))
        assert validator is not None, f"{method.urn} is not validated"
        assert validator.inputs["restApi"] == method.inputs["restApi"], method.urn
        assert validator.inputs["validateRequestParameters"] is True, validator.urn


def test_the_post_route_validates_its_body_with_the_handlers_model_and_requires_its_header(workload):
    post = next(m for m in workload.of_type(METHOD) if m.inputs["httpMethod"] == "POST")
    assert post.inputs["requestModels"] == {"application/json": "CreateOrder"}, post.urn
    assert post.inputs["requestParameters"] == {"method.request.header.Idempotency-Key": True}, post.urn
    (model,) = workload.of_type("aws:apigateway/model:Model")
    assert json.loads(model.inputs["schema"]) == to_draft4(CreateOrder.model_json_schema(), "CreateOrder").schema, model.urn
    validator = next(v for v in workload.of_type("aws:apigateway/requestValidator:RequestValidator") if v.id == post.inputs["requestValidatorId"])
    assert validator.inputs["validateRequestBody"] is True, validator.urn


def test_the_get_route_requires_its_path_parameter_and_takes_no_body_model(workload):
    get = next(m for m in workload.of_type(METHOD) if m.inputs["httpMethod"] == "GET")
    assert get.inputs["requestParameters"] == {"method.request.path.order_id": True}, get.urn
    assert "requestModels" not in get.inputs, get.urn


# --- signed code ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("stack, policy", [("dev", "Warn"), ("staging", "Warn"), ("prod", "Enforce")])
def test_the_code_signing_config_enforces_in_production_and_warns_elsewhere(stack, policy):
    inv = synthesized(stack)
    (config,) = inv.of_type(CSC)
    (profile,) = inv.of_type("aws:signer/signingProfile:SigningProfile")
    assert config.inputs["policies"] == {"untrustedArtifactOnDeployment": policy}, config.urn
    assert config.inputs["allowedPublishers"]["signingProfileVersionArns"] == [profile.state["versionArn"]], config.urn
    assert profile.inputs["platformId"] == "AWSLambda-SHA384-ECDSA" and profile.protect is (stack == "prod"), profile.urn
    assert inv.outputs["code_signing"]["mode"] == policy.lower()


def test_every_function_deploys_the_signed_package_of_its_services_signing_job_under_the_config(workload):
    (config,) = workload.of_type(CSC)
    (job,) = workload.of_type("aws:signer/signingJob:SigningJob")
    (upload,) = workload.of_type("aws:s3/bucketObjectv2:BucketObjectv2")
    signed = job.state["signedObjects"][0]["s3s"][0]
    # the job signs exactly the uploaded version, and writes into the signed prefix
    assert job.inputs["source"]["s3"] == {"bucket": upload.inputs["bucket"], "key": upload.inputs["key"], "version": upload.state["versionId"]}, job.urn
    assert job.inputs["destination"]["s3"]["prefix"] == "signed/orders/" and upload.inputs["key"] == "unsigned/orders/code.zip"
    assert set(upload.inputs["source"]["assets"]) == {"services/__init__.py", "services/orders"}, upload.urn
    functions = regional_functions(workload)
    assert functions
    for fn in functions:
        assert "code" not in fn.inputs, f"{fn.urn} uploads unsigned code"
        assert (fn.inputs["s3Bucket"], fn.inputs["s3Key"]) == (signed["bucket"], signed["key"]), fn.urn
        assert fn.inputs["codeSigningConfigArn"] == config.id, fn.urn


def test_the_upload_waits_for_bucket_versioning(workload):
    (upload,) = workload.of_type("aws:s3/bucketObjectv2:BucketObjectv2")
    versioning = workload.named("code-signing-artifacts", "aws:s3/bucketVersioning:BucketVersioning")
    assert versioning.urn in upload.dependencies, upload.urn


def test_the_artifact_buckets_are_protected_in_production_only():
    for stack in ("dev", "prod"):
        for bucket in synthesized(stack).of_type("aws:s3/bucket:Bucket"):
            assert bucket.protect is (stack == "prod"), bucket.urn
            assert bucket.inputs["forceDestroy"] is (stack != "prod"), bucket.urn


# --- the new rules pass the real inventories and fail them once weakened ---------------------------------------

def test_the_request_validation_rule_passes_every_workload_and_fails_a_method_without_validator(workload):
    rule = RULE["apigateway-request-validation"]
    assert run_policies(records(workload), {"production": False}, rules=(), stack_rules=(rule,)).violations == []
    weakened = records(workload)
    post = next(r for r in weakened if r["type"] == METHOD and r["inputs"]["httpMethod"] == "POST")
    del post["inputs"]["requestModels"]
    report = run_policies(weakened, {"production": False}, rules=(), stack_rules=(rule,))
    assert [v["urn"] for v in report.violations] == [post["urn"]]


def test_the_code_signing_rule_passes_prod_and_fails_it_with_a_warning_config_or_unsigned_code():
    rule = RULE["lambda-code-signing"]
    prod = synthesized("prod")
    assert run_policies(records(prod), {"production": True}, rules=(), stack_rules=(rule,)).violations == []
    warning = records(prod)
    next(r for r in warning if r["type"] == CSC)["inputs"]["policies"]["untrustedArtifactOnDeployment"] = "Warn"
    edge = {f.urn for f in prod.of_type(FUNCTION)} - {f.urn for f in regional_functions(prod)}
    functions = [r["urn"] for r in warning if r["type"] == FUNCTION and r["urn"] not in edge]  # edge: exempt, see policies/README
    assert [v["urn"] for v in run_policies(warning, {"production": True}, rules=(), stack_rules=(rule,)).violations] == functions
    unsigned = records(prod)
    fn = next(r for r in unsigned if r["type"] == FUNCTION and r["urn"] not in edge)
    fn["inputs"] = {k: v for k, v in fn["inputs"].items() if k not in ("s3Bucket", "s3Key")}
    fn["inputs"]["code"] = {"assets": {"services": {"path": "services"}}}
    report = run_policies(unsigned, {"production": True}, rules=(), stack_rules=(rule,))
    assert [(v["urn"], v["message"].split(";")[0]) for v in report.violations] == [
        (fn["urn"], f"LF.LAMBDA.4: the production function {fn['name']} uploads a local code archive, which is unsigned")]


def test_dev_is_not_held_to_the_production_code_signing_rule():
    report = run_policies(records(synthesized("dev")), {"production": False}, rules=(), stack_rules=(RULE["lambda-code-signing"],))
    assert report.skipped == ["lambda-code-signing"] and report.violations == []
