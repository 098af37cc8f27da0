"""CloudFront in front of prod's orders API, and the API accepting only CloudFront's requests."""

from __future__ import annotations

import pytest

from landfall.plan.edge import ALL_VIEWER_EXCEPT_HOST, CACHING_DISABLED, ORIGIN_HEADER, SECURITY_HEADERS
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
