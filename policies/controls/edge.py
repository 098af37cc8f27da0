"""CloudFront controls: HTTPS to viewers and origins, modern TLS, a custom certificate with SNI, a web ACL, and
access logging (standard logging v2 through a log delivery source, or the legacy S3 logging config); Lambda@Edge
functions that CloudFront will accept (us-east-1, a numbered version, none of the Lambda features the edge
rules out, within the event's memory and timeout quotas)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from landfall.plan.edge import EDGE_ARCHITECTURE, EDGE_EVENT_LIMITS, EDGE_REGION, EDGE_TAG, EdgeEvent

from .core import Rule, StackRule, as_list, by_type, get, inputs
from .functions import FUNCTION, is_edge_function

DISTRIBUTION = "aws:cloudfront/distribution:Distribution"
LOG_SOURCE = "aws:cloudwatch/logDeliverySource:LogDeliverySource"
# A numbered version of a function in us-east-1: CloudFront takes no $LATEST, alias or other region.
EDGE_VERSION_ARN = re.compile(rf"^arn:aws[a-z-]*:lambda:{EDGE_REGION}:\d{{12}}:function:[A-Za-z0-9_-]+:\d+$")
MAX_EDGE_EPHEMERAL_MB = 512
REQUEST_EVENTS = tuple(e.value for e in EdgeEvent if e.is_request)
DEPRECATED_ORIGIN_PROTOCOLS = ("SSLv3", "TLSv1", "TLSv1.1")
MODERN_VIEWER_TLS = ("TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025")


def _behaviors(record: Mapping) -> list:
    return [b for b in [get(inputs(record), "defaultCacheBehavior"), *as_list(get(inputs(record), "orderedCacheBehaviors"))] if b]


def check_viewer_https(record: Mapping) -> list[str]:
    return [f"CloudFront.3: a cache behavior allows plain HTTP to viewers (viewerProtocolPolicy {get(b, 'viewerProtocolPolicy')!r}); "
            "use https-only or redirect-to-https" for b in _behaviors(record)
            if get(b, "viewerProtocolPolicy") not in ("https-only", "redirect-to-https")]


def check_custom_certificate(record: Mapping) -> list[str]:
    cert = get(inputs(record), "viewerCertificate") or {}
    messages = []
    if not (get(cert, "acmCertificateArn") or get(cert, "iamCertificateId")):
        messages.append("CloudFront.7: the distribution uses the default *.cloudfront.net certificate; give acmCertificateArn")
    elif get(cert, "sslSupportMethod") != "sni-only":
        messages.append("CloudFront.8: the custom certificate is served without SNI (dedicated IPs); set sslSupportMethod to sni-only")
    if get(cert, "minimumProtocolVersion") not in MODERN_VIEWER_TLS:
        messages.append(f"LF.CF.1: viewers may negotiate {get(cert, 'minimumProtocolVersion')!r}; set minimumProtocolVersion to TLSv1.2_2021")
    return messages


def check_origin_tls(record: Mapping) -> list[str]:
    messages = []
    for origin in as_list(get(inputs(record), "origins")):
        custom = get(origin, "customOriginConfig")
        if not custom:
            continue
        name = get(origin, "originId")
        if get(custom, "originProtocolPolicy") != "https-only":
            messages.append(f"CloudFront.9: origin {name} is reached with {get(custom, 'originProtocolPolicy')!r}; use https-only")
        old = sorted(set(as_list(get(custom, "originSslProtocols"))) & set(DEPRECATED_ORIGIN_PROTOCOLS))
        if old:
            messages.append(f"CloudFront.10: origin {name} allows {', '.join(old)}; list only TLSv1.2 in originSslProtocols")
    return messages


def check_web_acl(record: Mapping) -> list[str]:
    if get(inputs(record), "webAclId"):
        return []
    return ["CloudFront.6: no web ACL protects the distribution; set webAclId to a CLOUDFRONT-scope web ACL"]


def check_edge_function(record: Mapping) -> list[str]:
    """What CloudFront's "Restrictions on Lambda@Edge" and "Quotas on Lambda@Edge" pages require of the function
    itself; the association is judged on the distribution (check_edge_associations)."""
    if not is_edge_function(record):
        return []
    props = inputs(record)
    messages = []
    region = get(props, "region")
    if region != EDGE_REGION:
        messages.append(f"LF.EDGE.1: the edge function is in {region or 'the provider region'}; Lambda@Edge runs "
                        f"functions from {EDGE_REGION}: set region {EDGE_REGION}")
    if get(props, "publish") is not True:
        messages.append("LF.EDGE.1: publish is not true; CloudFront runs a numbered version, so every change must publish one")
    unsupported = [name for name, present in (
        ("environment variables", get(props, "environment", "variables")),
        ("a VPC", get(props, "vpcConfig", "subnetIds")),
        ("layers", get(props, "layers")),
        ("a dead-letter queue", get(props, "deadLetterConfig", "targetArn")),
        ("a container image", get(props, "packageType") == "Image" or get(props, "imageUri")),
        ("a customer managed key for the package", get(props, "kmsKeyArn")),
    ) if present]
    if unsupported:
        messages.append(f"LF.EDGE.1: the edge function uses {', '.join(unsupported)}, which Lambda@Edge does not support; remove them")
    architectures = as_list(get(props, "architectures")) or [EDGE_ARCHITECTURE]
    if architectures != [EDGE_ARCHITECTURE]:
        messages.append(f"LF.EDGE.1: architectures {architectures}; Lambda@Edge runs {EDGE_ARCHITECTURE} only")
    ephemeral = get(props, "ephemeralStorage", "size")
    if ephemeral is not None and int(ephemeral) > MAX_EDGE_EPHEMERAL_MB:
        messages.append(f"LF.EDGE.1: ephemeral storage is {ephemeral} MB; Lambda@Edge allows {MAX_EDGE_EPHEMERAL_MB}")
    tag = str(get(props, "tags", EDGE_TAG, default=""))
    try:
        limits = EDGE_EVENT_LIMITS[EdgeEvent(tag)]
    except ValueError:
        messages.append(f"LF.EDGE.1: the {EDGE_TAG} tag is {tag!r}; it names the event: one of "
                        f"{', '.join(e.value for e in EdgeEvent)}")
        return messages
    memory, timeout = int(get(props, "memorySize", default=128)), int(get(props, "timeout", default=3))
    if memory > limits.max_memory_mb:
        messages.append(f"LF.EDGE.1: memorySize {memory} MB is over the {limits.max_memory_mb} MB {tag} functions take")
    if timeout > limits.max_timeout_s:
        messages.append(f"LF.EDGE.1: timeout {timeout} s is over the {limits.max_timeout_s} s {tag} functions take")
    return messages


def check_edge_associations(record: Mapping) -> list[str]:
    messages = []
    for behavior in _behaviors(record):
        events = [get(a, "eventType") for a in as_list(get(behavior, "lambdaFunctionAssociations"))]
        for association in as_list(get(behavior, "lambdaFunctionAssociations")):
            arn = str(get(association, "lambdaArn", default=""))
            if not EDGE_VERSION_ARN.match(arn):
                messages.append(f"LF.EDGE.2: the {get(association, 'eventType')} association names {arn!r}; CloudFront "
                                f"takes a numbered version of a function in {EDGE_REGION} (the function's qualifiedArn with publish)")
            if get(association, "includeBody") and get(association, "eventType") not in REQUEST_EVENTS:
                messages.append(f"LF.EDGE.2: includeBody on {get(association, 'eventType')}; only request events carry a body")
        clashes = sorted({e for e in events if events.count(e) > 1})
        if clashes:
            messages.append(f"LF.EDGE.2: {', '.join(clashes)} carries more than one Lambda@Edge function; a cache "
                            "behavior takes one function per event type")
        viewer_edge = sorted({e for e in events if e in (EdgeEvent.VIEWER_REQUEST.value, EdgeEvent.VIEWER_RESPONSE.value)})
        if viewer_edge and as_list(get(behavior, "functionAssociations")):
            messages.append(f"LF.EDGE.2: a Lambda@Edge function on {', '.join(viewer_edge)} shares the behavior with a "
                            "CloudFront Function; CloudFront does not combine the two on viewer events: use an origin event")
    return messages


def check_logging(records: list, context: dict) -> list[tuple[str, str]]:
    sources = [str(get(inputs(s), "resourceArn", default="")) for s in by_type(records, LOG_SOURCE)
               if get(inputs(s), "logType") == "ACCESS_LOGS"]
    found = []
    for dist in by_type(records, DISTRIBUTION):
        legacy = get(inputs(dist), "loggingConfig", "bucket")
        rid = str(dist.get("id") or "")
        if legacy or any(rid and s.endswith(f"/{rid}") for s in sources):
            continue
        found.append((dist["urn"], f"CloudFront.5: distribution {dist.get('name')} has no access logging; add a log delivery "
                                   "source of type ACCESS_LOGS for it (standard logging v2) or loggingConfig"))
    return found


RULES = (
    Rule("cloudfront-viewer-https", ("CloudFront.3",), "Every cache behavior requires HTTPS from viewers.", (DISTRIBUTION,), check_viewer_https),
    Rule("cloudfront-custom-certificate", ("CloudFront.7", "CloudFront.8", "LF.CF.1"),
         "A custom certificate served with SNI and TLS 1.2_2021 at least.", (DISTRIBUTION,), check_custom_certificate),
    Rule("cloudfront-origin-tls", ("CloudFront.9", "CloudFront.10"), "Custom origins are reached over TLS 1.2 only.",
         (DISTRIBUTION,), check_origin_tls),
    Rule("cloudfront-waf", ("CloudFront.6",), "A web ACL protects every distribution.", (DISTRIBUTION,), check_web_acl),
    Rule("lambda-at-edge-function", ("LF.EDGE.1",),
         "Lambda@Edge functions are in us-east-1, publish versions, use no feature the edge rules out and stay within "
         "their event's memory and timeout.", (FUNCTION,), check_edge_function),
    Rule("cloudfront-edge-associations", ("LF.EDGE.2",),
         "Distributions associate numbered us-east-1 function versions, one function per event type, a body only "
         "on request events.", (DISTRIBUTION,), check_edge_associations),
)

STACK_RULES = (
    StackRule("cloudfront-access-logs", ("CloudFront.5",), "Every distribution delivers its access logs.", check_logging),
)
