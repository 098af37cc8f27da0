"""CloudFront rules: passing (what landfall renders), failing (exact messages), not-applicable fixtures."""

from __future__ import annotations

from .records import FUNCTION, NONPROD, Case, StackCase, rec

DIST = "aws:cloudfront/distribution:Distribution"
SOURCE = "aws:cloudwatch/logDeliverySource:LogDeliverySource"
GOOD = {
    "defaultCacheBehavior": {"viewerProtocolPolicy": "https-only"},
    "viewerCertificate": {"acmCertificateArn": "arn:aws:acm:us-east-1:1:certificate/x", "sslSupportMethod": "sni-only",
                          "minimumProtocolVersion": "TLSv1.2_2021"},
    "origins": [{"originId": "api", "customOriginConfig": {"originProtocolPolicy": "https-only", "originSslProtocols": ["TLSv1.2"]}}],
    "webAclId": "arn:aws:wafv2:us-east-1:1:global/webacl/edge/1",
}


EDGE_TAG = "landfall:lambda-at-edge"
VERSION = "arn:aws:lambda:us-east-1:111111111111:function:prod-orders-edge-mask-errors:3"
EDGE = {"runtime": "python3.12", "region": "us-east-1", "publish": True, "architectures": ["x86_64"], "memorySize": 128,
        "timeout": 5, "tags": {EDGE_TAG: "viewer-request"}}


def edge_fn(**changes) -> dict:
    return rec(FUNCTION, "edge", {**EDGE, **changes})


def with_lambdas(*associations: dict, functions: list | None = None) -> dict:
    return dist(defaultCacheBehavior={"viewerProtocolPolicy": "https-only", "lambdaFunctionAssociations": list(associations),
                                      **({"functionAssociations": functions} if functions else {})})


def dist(**changes) -> dict:
    return rec(DIST, "cdn", {**GOOD, **changes}, id="E2ABCDEF")


RESOURCE_CASES = [
    Case("cloudfront-viewer-https",
         passes=[dist(), dist(orderedCacheBehaviors=[{"viewerProtocolPolicy": "redirect-to-https"}])],
         fails=[(dist(orderedCacheBehaviors=[{"viewerProtocolPolicy": "allow-all"}]),
                 ["CloudFront.3: a cache behavior allows plain HTTP to viewers (viewerProtocolPolicy 'allow-all'); use https-only or redirect-to-https"])],
         not_applicable=[rec(SOURCE, "s", {})]),
    Case("cloudfront-custom-certificate",
         passes=[dist()],
         fails=[(dist(viewerCertificate={"cloudfrontDefaultCertificate": True}),
                 ["CloudFront.7: the distribution uses the default *.cloudfront.net certificate; give acmCertificateArn",
                  "LF.CF.1: viewers may negotiate None; set minimumProtocolVersion to TLSv1.2_2021"]),
                (dist(viewerCertificate={"acmCertificateArn": "arn:x", "sslSupportMethod": "vip", "minimumProtocolVersion": "TLSv1"}),
                 ["CloudFront.8: the custom certificate is served without SNI (dedicated IPs); set sslSupportMethod to sni-only",
                  "LF.CF.1: viewers may negotiate 'TLSv1'; set minimumProtocolVersion to TLSv1.2_2021"])],
         not_applicable=[rec(SOURCE, "s", {})]),
    Case("cloudfront-origin-tls",
         passes=[dist(), dist(origins=[{"originId": "s3", "s3OriginConfig": {}}])],
         fails=[(dist(origins=[{"originId": "api", "customOriginConfig": {"originProtocolPolicy": "match-viewer",
                                                                           "originSslProtocols": ["TLSv1", "TLSv1.2"]}}]),
                 ["CloudFront.9: origin api is reached with 'match-viewer'; use https-only",
                  "CloudFront.10: origin api allows TLSv1; list only TLSv1.2 in originSslProtocols"])],
         not_applicable=[rec(SOURCE, "s", {})]),
    Case("cloudfront-waf",
         passes=[dist()],
         fails=[(dist(webAclId=None), ["CloudFront.6: no web ACL protects the distribution; set webAclId to a CLOUDFRONT-scope web ACL"])],
         not_applicable=[rec(SOURCE, "s", {})]),
    Case("lambda-at-edge-function",
         passes=[edge_fn(), edge_fn(tags={EDGE_TAG: "origin-response"}, memorySize=1024, timeout=30),
                 edge_fn(architectures=None, ephemeralStorage={"size": 512}),
                 # a regional function is not judged here
                 rec(FUNCTION, "regional", {"region": "eu-west-1", "environment": {"variables": {"A": "1"}}, "memorySize": 2048})],
         fails=[(edge_fn(region="eu-west-1", publish=False),
                 ["LF.EDGE.1: the edge function is in eu-west-1; Lambda@Edge runs functions from us-east-1: set region us-east-1",
                  "LF.EDGE.1: publish is not true; CloudFront runs a numbered version, so every change must publish one"]),
                (edge_fn(region=None, environment={"variables": {"STAGE": "prod"}}, vpcConfig={"subnetIds": ["subnet-1"]},
                         layers=["arn:aws:lambda:us-east-1:1:layer:x:1"], deadLetterConfig={"targetArn": "arn:aws:sqs:x"},
                         kmsKeyArn="arn:aws:kms:us-east-1:1:key/x"),
                 ["LF.EDGE.1: the edge function is in the provider region; Lambda@Edge runs functions from us-east-1: set region us-east-1",
                  "LF.EDGE.1: the edge function uses environment variables, a VPC, layers, a dead-letter queue, a customer managed "
                  "key for the package, which Lambda@Edge does not support; remove them"]),
                (edge_fn(architectures=["arm64"], ephemeralStorage={"size": 1024}, memorySize=256, timeout=10),
                 ["LF.EDGE.1: architectures ['arm64']; Lambda@Edge runs x86_64 only",
                  "LF.EDGE.1: ephemeral storage is 1024 MB; Lambda@Edge allows 512",
                  "LF.EDGE.1: memorySize 256 MB is over the 128 MB viewer-request functions take",
                  "LF.EDGE.1: timeout 10 s is over the 5 s viewer-request functions take"]),
                (edge_fn(tags={EDGE_TAG: "on-error"}),
                 ["LF.EDGE.1: the landfall:lambda-at-edge tag is 'on-error'; it names the event: one of viewer-request, "
                  "viewer-response, origin-request, origin-response"])],
         not_applicable=[dist()]),
    Case("cloudfront-edge-associations",
         passes=[dist(), with_lambdas({"eventType": "origin-response", "lambdaArn": VERSION}),
                 with_lambdas({"eventType": "origin-request", "lambdaArn": VERSION, "includeBody": True},
                              functions=[{"eventType": "viewer-request", "functionArn": "arn:aws:cloudfront::1:function/r"}])],
         fails=[(with_lambdas({"eventType": "origin-response", "lambdaArn": VERSION.rsplit(":", 1)[0] + ":$LATEST"},
                              {"eventType": "viewer-response", "lambdaArn": VERSION.replace("us-east-1", "eu-west-1"),
                               "includeBody": True}),
                 ["LF.EDGE.2: the origin-response association names 'arn:aws:lambda:us-east-1:111111111111:function:"
                  "prod-orders-edge-mask-errors:$LATEST'; CloudFront takes a numbered version of a function in us-east-1 "
                  "(the function's qualifiedArn with publish)",
                  "LF.EDGE.2: the viewer-response association names 'arn:aws:lambda:eu-west-1:111111111111:function:"
                  "prod-orders-edge-mask-errors:3'; CloudFront takes a numbered version of a function in us-east-1 "
                  "(the function's qualifiedArn with publish)",
                  "LF.EDGE.2: includeBody on viewer-response; only request events carry a body"]),
                (with_lambdas({"eventType": "viewer-request", "lambdaArn": VERSION}, {"eventType": "viewer-request", "lambdaArn": VERSION},
                              functions=[{"eventType": "viewer-request", "functionArn": "arn:aws:cloudfront::1:function/r"}]),
                 ["LF.EDGE.2: viewer-request carries more than one Lambda@Edge function; a cache behavior takes one function "
                  "per event type",
                  "LF.EDGE.2: a Lambda@Edge function on viewer-request shares the behavior with a CloudFront Function; "
                  "CloudFront does not combine the two on viewer events: use an origin event"])],
         not_applicable=[edge_fn()]),
]

STACK_CASES = [
    StackCase("cloudfront-access-logs",
              passes=[([dist(), rec(SOURCE, "logs", {"logType": "ACCESS_LOGS",
                                                      "resourceArn": "arn:aws:cloudfront::1:distribution/E2ABCDEF"})], NONPROD),
                      ([dist(loggingConfig={"bucket": "logs.s3.amazonaws.com"})], NONPROD)],
              fails=[([dist(), rec(SOURCE, "other", {"logType": "ACCESS_LOGS", "resourceArn": "arn:aws:cloudfront::1:distribution/EOTHER"})],
                      NONPROD, [(dist()["urn"], "CloudFront.5: distribution cdn has no access logging; add a log delivery source of "
                                                "type ACCESS_LOGS for it (standard logging v2) or loggingConfig")])],
              not_applicable=[([rec(SOURCE, "s", {})], NONPROD)]),
]
