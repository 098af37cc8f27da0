"""CloudFront controls: HTTPS to viewers and origins, modern TLS, a custom certificate with SNI, a web ACL, and
access logging (standard logging v2 through a log delivery source, or the legacy S3 logging config)."""

from __future__ import annotations

from collections.abc import Mapping

from .core import Rule, StackRule, as_list, by_type, get, inputs

DISTRIBUTION = "aws:cloudfront/distribution:Distribution"
LOG_SOURCE = "aws:cloudwatch/logDeliverySource:LogDeliverySource"
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
)

STACK_RULES = (
    StackRule("cloudfront-access-logs", ("CloudFront.5",), "Every distribution delivers its access logs.", check_logging),
)
