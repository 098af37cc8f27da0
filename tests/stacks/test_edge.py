"""CloudFront in front of prod's orders API, and the API accepting only CloudFront's requests."""

from __future__ import annotations

import json

import pytest

from landfall.plan.edge import ALL_VIEWER_EXCEPT_HOST, CACHING_DISABLED, EDGE_TAG, ORIGIN_HEADER, SECURITY_HEADERS
from tests.conftest import synthesized


@pytest.fixture(scope="module")
def prod():
    return synthesized("prod")


def test_the_distribution_serves_the_api_over_tls_1_2_only_without_caching(prod):
    dist = prod.named("orders-cdn", "aws:cloudfront/distribution:Distribution")
    i = dist.inputs
    assert i["viewerCertificate"]["minimumProtocolVersion"] == "TLSv1.2_2021" and i["viewerCertificate"]["sslSupportMethod"] == "sni-only"
    assert i["viewerCertificate"]["acmCertificateArn"].startswith("arn:aws:acm:us-east-1:"), dist.urn
    [origin] = i["origins"]
    api = prod.named("orders-api", "aws:apigateway/restApi:RestApi")
    assert origin["domainName"] == f"{api.id}.execute-api.eu-west-1.amazonaws.com" and origin["originPath"] == "/v1"
    assert origin["customOriginConfig"]["originProtocolPolicy"] == "https-only" and origin["customOriginConfig"]["originSslProtocols"] == ["TLSv1.2"]
    behavior = i["defaultCacheBehavior"]
    assert behavior["viewerProtocolPolicy"] == "https-only"
    assert (behavior["cachePolicyId"], behavior["originRequestPolicyId"], behavior["responseHeadersPolicyId"]) == (
        CACHING_DISABLED, ALL_VIEWER_EXCEPT_HOST, SECURITY_HEADERS)
    assert behavior["functionAssociations"][0]["eventType"] == "viewer-request"


def test_the_edge_acl_is_cloudfront_scoped_in_us_east_1_and_attached(prod):
    acl = prod.named("orders-cdn-edge", "aws:wafv2/webAcl:WebAcl")
    assert (acl.inputs["scope"], acl.inputs["region"]) == ("CLOUDFRONT", "us-east-1"), acl.urn
    assert prod.named("orders-cdn", "aws:cloudfront/distribution:Distribution").inputs["webAclId"] == acl.state["arn"]
    assert [r["name"] for r in acl.inputs["rules"]][-1] == "rate-limit-per-ip"


def test_the_origin_carries_the_secret_the_apis_own_acl_requires(prod):
    secret = prod.named("orders-cdn-origin-secret", "random:index/randomPassword:RandomPassword")
    [origin] = prod.named("orders-cdn", "aws:cloudfront/distribution:Distribution").inputs["origins"]
    [header] = origin["customHeaders"]
    assert header["name"] == ORIGIN_HEADER and header["value"] == secret.state["result"]
    regional = prod.named("orders-api", "aws:wafv2/webAcl:WebAcl")
    rule = next(r for r in regional.inputs["rules"] if r["name"] == "require-cloudfront")
    match = rule["statement"]["notStatement"]["statement"]["byteMatchStatement"]
    assert match["searchString"] == secret.state["result"] and match["fieldToMatch"]["singleHeader"]["name"] == ORIGIN_HEADER
    assert "block" in rule["action"] and rule["priority"] == len(regional.inputs["rules"]) - 1


def test_access_logs_are_delivered_to_an_encrypted_log_group_in_us_east_1(prod):
    logs = prod.named("orders-cdn-access-logs", "aws:cloudwatch/logGroup:LogGroup")
    key = prod.named("keys-prod-us-east-1-edge-logs", "aws:kms/key:Key")
    assert logs.inputs["region"] == "us-east-1" and logs.inputs["kmsKeyId"] == key.state["arn"] and logs.protect
    source = prod.named("orders-cdn-access-logs", "aws:cloudwatch/logDeliverySource:LogDeliverySource")
    dist = prod.named("orders-cdn", "aws:cloudfront/distribution:Distribution")
    assert source.inputs["resourceArn"] == dist.state["arn"] and source.inputs["logType"] == "ACCESS_LOGS"
    delivery = prod.named("orders-cdn-access-logs", "aws:cloudwatch/logDelivery:LogDelivery")
    destination = prod.named("orders-cdn-access-logs", "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination")
    assert delivery.inputs["deliveryDestinationArn"] == destination.state["arn"]


EDGE_FN = "aws:lambda/function:Function"


def edge_function(prod):
    return prod.named("orders-cdn-mask-errors", EDGE_FN)


def test_the_edge_function_is_a_published_x86_python_function_in_us_east_1_without_regional_features(prod):
    fn = edge_function(prod)
    i = fn.inputs
    assert (i["region"], i["architectures"], i["runtime"], i["publish"]) == ("us-east-1", ["x86_64"], "python3.12", True), fn.urn
    assert i["name"] == "prod-orders-edge-mask-errors" and i["handler"] == "services.edge.errors.handler", fn.urn
    assert i["tags"][EDGE_TAG] == "origin-response" and (i["memorySize"], i["timeout"]) == (128, 5), fn.urn
    for unsupported in ("environment", "vpcConfig", "layers", "deadLetterConfig", "kmsKeyArn", "tracingConfig", "reservedConcurrentExecutions"):
        assert unsupported not in i, f"{fn.urn} sets {unsupported}, which Lambda@Edge does not take"
    assert set(i["code"]["assets"]) == {"services/__init__.py", "services/edge"}, fn.urn
    assert fn.parent == prod.named("orders-cdn-mask-errors", "landfall:edge:EdgeFunction").urn


def test_the_distribution_runs_the_functions_numbered_version_on_its_event(prod):
    fn = edge_function(prod)
    behavior = prod.named("orders-cdn", "aws:cloudfront/distribution:Distribution").inputs["defaultCacheBehavior"]
    [association] = behavior["lambdaFunctionAssociations"]
    assert association["eventType"] == "origin-response" and association["lambdaArn"] == fn.state["qualifiedArn"], fn.urn
    assert association["lambdaArn"].startswith("arn:aws:lambda:us-east-1:777777777777:function:prod-orders-edge-mask-errors:")
    assert association["lambdaArn"].rsplit(":", 1)[1].isdigit() and "includeBody" not in association


def test_the_edge_role_is_assumed_by_lambda_and_the_edge_replicator_and_may_only_write_its_logs(prod):
    fn = edge_function(prod)
    role = prod.named("orders-cdn-mask-errors", "aws:iam/role:Role")
    assert fn.inputs["role"] == role.state["arn"], fn.urn
    [statement] = json.loads(role.inputs["assumeRolePolicy"])["Statement"]
    assert sorted(statement["Principal"]["Service"]) == ["edgelambda.amazonaws.com", "lambda.amazonaws.com"], role.urn
    [grant] = json.loads(prod.named("orders-cdn-mask-errors", "aws:iam/rolePolicy:RolePolicy").inputs["policy"])["Statement"]
    assert sorted(grant["Action"]) == ["logs:CreateLogStream", "logs:PutLogEvents"]
    assert grant["Resource"] == "arn:aws:logs:*:777777777777:log-group:/aws/lambda/us-east-1.prod-orders-edge-mask-errors:log-stream:*"


def test_the_edge_logs_exist_encrypted_and_protected_in_us_east_1_and_every_governed_region(prod):
    groups = {g.inputs["region"]: g for g in prod.of_type("aws:cloudwatch/logGroup:LogGroup")
              if g.inputs["name"] == "/aws/lambda/us-east-1.prod-orders-edge-mask-errors"}
    assert sorted(groups) == sorted({"us-east-1", *prod.config.governed_regions().regions}) == ["eu-central-1", "eu-west-1", "us-east-1"]
    keys = {k.inputs["region"] if "region" in k.inputs else "eu-west-1": k for k in prod.of_type("aws:kms/key:Key")
            if k.name in ("keys-prod-logs", "keys-prod-us-east-1-edge-logs", "keys-prod-eu-central-1-edge-logs")}
    for region, group in groups.items():
        assert group.inputs["kmsKeyId"] == keys[region].state["arn"] and group.protect, group.urn
        assert group.inputs["retentionInDays"] == 365, group.urn
    assert {g.urn for g in groups.values()} <= set(edge_function(prod).dependencies)


def test_removing_the_edge_function_from_config_leaves_it_for_cloudfront_to_release(prod):
    fn = edge_function(prod)
    assert fn.inputs.get("skipDestroy") is True, fn.urn
