"""CodeSigning, signed functions and the REST API's request validation, as small programs under the recording engine."""

from __future__ import annotations

import json

import pytest

from components.app.functions import ServiceFunction, ServiceFunctionArgs, SignedCode, code_archive
from components.app.rest_api import ApiTarget, ServiceApi, ServiceApiArgs
from components.app.signing import CodeSigning, CodeSigningArgs
from landfall.config.serverless import ApiConfig, CodeSigningMode, FunctionConfig
from landfall.plan.grants import FunctionGrants
from landfall.plan.request_models import plan_request_validation
from landfall.plan.service_names import ServiceNames
from services.orders.models import CreateOrder
from tests.conftest import record, unit_provider

NAMES = ServiceNames("test", "orders", "aws", "eu-west-1", "123456789012")
LOG_KEY = "arn:aws:kms:eu-west-1:123456789012:key/logs"
DATA_KEY = "arn:aws:kms:eu-west-1:123456789012:key/data"
PUBLISHER = "arn:aws:signer:eu-west-1:111122223333:/signing-profiles/Publisher/a1b2c3d4e5"
API = ApiConfig.model_validate({"routes": [
    {"method": "POST", "path": "/orders", "function": "api", "scopes": ["orders/write"], "body_model": "CreateOrder",
     "required_headers": ["Idempotency-Key"]},
    {"method": "GET", "path": "/orders/{order_id}", "function": "api", "scopes": ["orders/read"]},
]})


def _function(opts, key: str, **extra) -> ServiceFunction:
    handler = "services.orders.api.lambda_handler"
    return ServiceFunction(f"orders-{key}", ServiceFunctionArgs(
        key=key, config=FunctionConfig.model_validate({"handler": handler, "reserved_concurrency": 1}), names=NAMES,
        log_key_arn=LOG_KEY, data_key_arn=DATA_KEY, grants=FunctionGrants(log_group_arn=NAMES.log_group_arn(key), key_arns=(DATA_KEY,)),
        **extra,
    ), opts)


@pytest.fixture(scope="module")
def inv():
    def program():
        opts = unit_provider()
        signing = CodeSigning("code-signing", CodeSigningArgs(
            environment="test", partition="aws", account_id="123456789012", region="eu-west-1",
            mode=CodeSigningMode.ENFORCE, trusted_publishers=(PUBLISHER,), protect=True), opts)
        target = signing.target
        _function(opts, "signed", code=SignedCode(bucket=target.bucket, key="signed/orders/job-1.zip"),
                  code_signing_config_arn=target.config_arn)
        _function(opts, "plain", code=code_archive(["services.orders.api.lambda_handler"]))
        ServiceApi("orders-api", ServiceApiArgs(
            config=API, names=NAMES, functions={"api": ApiTarget("test-orders-api", "arn:aws:apigateway:x/invocations")},
            log_key_arn=LOG_KEY, waf=False, user_pool_arn="arn:aws:cognito-idp:eu-west-1:123456789012:userpool/p",
            validation=plan_request_validation(API.routes, {"CreateOrder": CreateOrder.model_json_schema()}),
        ), opts)
        ServiceApi("bare-api", ServiceApiArgs(
            config=API, names=NAMES, functions={"api": ApiTarget("test-orders-api", "arn:aws:apigateway:x/invocations")},
            log_key_arn=LOG_KEY, waf=False, user_pool_arn="arn:aws:cognito-idp:eu-west-1:123456789012:userpool/p",
        ), opts)

    return record(program)


# --- code signing -------------------------------------------------------------------------------------------

def test_the_profile_signs_for_lambda_and_the_config_enforces_it_and_the_trusted_publishers(inv):
    profile = inv.named("code-signing", "aws:signer/signingProfile:SigningProfile")
    assert (profile.inputs["platformId"], profile.inputs["name"]) == ("AWSLambda-SHA384-ECDSA", "landfall_test"), profile.urn
    assert profile.inputs["signatureValidityPeriod"] == {"type": "MONTHS", "value": 135} and profile.protect
    config = inv.named("code-signing", "aws:lambda/codeSigningConfig:CodeSigningConfig")
    assert config.inputs["policies"] == {"untrustedArtifactOnDeployment": "Enforce"}, config.urn
    assert config.inputs["allowedPublishers"]["signingProfileVersionArns"] == [profile.state["versionArn"], PUBLISHER]


def test_the_artifact_bucket_is_versioned_encrypted_private_tls_only_and_access_logged(inv):
    bucket = inv.named("code-signing-artifacts", "aws:s3/bucket:Bucket")
    logs = inv.named("code-signing-artifacts-access-logs", "aws:s3/bucket:Bucket")
    assert bucket.inputs["bucket"] == "landfall-artifacts-123456789012-eu-west-1" and bucket.protect
    of = {r.type: r for r in inv.resources if r.custom and r.inputs.get("bucket") == bucket.id and r.name == bucket.name}
    assert of["aws:s3/bucketVersioning:BucketVersioning"].inputs["versioningConfiguration"] == {"status": "Enabled"}
    sse = of["aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"].inputs["rules"][0]
    assert sse["applyServerSideEncryptionByDefault"] == {"sseAlgorithm": "AES256"}
    block = of["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"].inputs
    assert all(block[k] is True for k in ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"))
    deny = json.loads(of["aws:s3/bucketPolicy:BucketPolicy"].inputs["policy"])["Statement"][0]
    assert deny["Effect"] == "Deny" and deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    assert of["aws:s3/bucketOwnershipControls:BucketOwnershipControls"].inputs["rule"] == {"objectOwnership": "BucketOwnerEnforced"}
    assert of["aws:s3/bucketLogging:BucketLogging"].inputs["targetBucket"] == logs.id
    rule = of["aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"].inputs["rules"][0]
    assert "expiration" not in rule and rule["noncurrentVersionExpiration"] == {"noncurrentDays": 30}


def test_a_signed_function_deploys_the_s3_object_under_the_config_and_uploads_no_archive(inv):
    fn = inv.named("orders-signed", "aws:lambda/function:Function")
    config = inv.named("code-signing", "aws:lambda/codeSigningConfig:CodeSigningConfig")
    assert "code" not in fn.inputs, fn.urn
    assert (fn.inputs["s3Bucket"], fn.inputs["s3Key"]) == ("landfall-artifacts-123456789012-eu-west-1", "signed/orders/job-1.zip")
    assert fn.inputs["codeSigningConfigArn"] == config.id == config.state["arn"]


def test_an_archive_function_keeps_its_code_and_has_no_code_signing_config(inv):
    fn = inv.named("orders-plain", "aws:lambda/function:Function")
    assert "code" in fn.inputs and "s3Key" not in fn.inputs and "codeSigningConfigArn" not in fn.inputs, fn.urn


def test_off_declares_no_code_signing_component():
    with pytest.raises(ValueError, match="code signing is off"):
        record(lambda: CodeSigning("code-signing", CodeSigningArgs("t", "aws", "123456789012", "eu-west-1", CodeSigningMode.OFF), unit_provider()))


# --- request validation -------------------------------------------------------------------------------------

def test_the_planned_validator_and_model_are_declared_once_under_the_api(inv):
    api = inv.named("orders-api", "aws:apigateway/restApi:RestApi")
    validators = {v.name: v.inputs for v in inv.of_type("aws:apigateway/requestValidator:RequestValidator")}
    assert validators == {
        "orders-api-validate-request": {"restApi": api.id, "name": "body-and-parameters", "validateRequestBody": True, "validateRequestParameters": True},
    }
    (model,) = inv.of_type("aws:apigateway/model:Model")
    assert (model.name, model.inputs["name"], model.inputs["contentType"]) == ("orders-api-model-createorder", "CreateOrder", "application/json")
    schema = json.loads(model.inputs["schema"])
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#" and schema["required"] == ["items"]


def test_the_post_method_validates_its_body_and_header_and_the_get_method_its_path(inv):
    validator = inv.named("orders-api-validate-request", "aws:apigateway/requestValidator:RequestValidator")
    post = inv.named("orders-api-post-orders", "aws:apigateway/method:Method").inputs
    get = inv.named("orders-api-get-orders-order_id", "aws:apigateway/method:Method").inputs
    assert post["requestValidatorId"] == validator.id
    assert post["requestModels"] == {"application/json": "CreateOrder"}
    assert post["requestParameters"] == {"method.request.header.Idempotency-Key": True}
    assert get["requestValidatorId"] == validator.id and "requestModels" not in get
    assert get["requestParameters"] == {"method.request.path.order_id": True}


def test_the_methods_depend_on_the_validators_and_models_they_name(inv):
    post = inv.named("orders-api-post-orders", "aws:apigateway/method:Method")
    model = inv.named("orders-api-model-createorder", "aws:apigateway/model:Model")
    validator = inv.named("orders-api-validate-request", "aws:apigateway/requestValidator:RequestValidator")
    assert {model.urn, validator.urn} <= set(post.dependencies)


def test_without_a_plan_no_validation_is_declared_and_the_deployment_trigger_differs(inv):
    bare = inv.named("bare-api-post-orders", "aws:apigateway/method:Method").inputs
    assert not {"requestValidatorId", "requestModels", "requestParameters"} & set(bare)
    triggers = {d.name: d.inputs["triggers"]["routes"] for d in inv.of_type("aws:apigateway/deployment:Deployment")}
    assert triggers["bare-api"] != triggers["orders-api"]
