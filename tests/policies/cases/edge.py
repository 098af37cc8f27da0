"""CloudFront rules: passing (what landfall renders), failing (exact messages), not-applicable fixtures."""

from __future__ import annotations

from .records import NONPROD, Case, StackCase, rec

DIST = "aws:cloudfront/distribution:Distribution"
SOURCE = "aws:cloudwatch/logDeliverySource:LogDeliverySource"
GOOD = {
    "defaultCacheBehavior": {"viewerProtocolPolicy": "https-only"},
    "viewerCertificate": {"acmCertificateArn": "arn:aws:acm:us-east-1:1:certificate/x", "sslSupportMethod": "sni-only",
                          "minimumProtocolVersion": "TLSv1.2_2021"},
    "origins": [{"originId": "api", "customOriginConfig": {"originProtocolPolicy": "https-only", "originSslProtocols": ["TLSv1.2"]}}],
    "webAclId": "arn:aws:wafv2:us-east-1:1:global/webacl/edge/1",
}


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
