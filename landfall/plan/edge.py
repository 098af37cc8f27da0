"""CloudFront in front of a REST API: validation rules, the managed policies used and the CloudFront Function
that answers redirects. Pure: no pulumi."""

from __future__ import annotations

import json
import re
from typing import Any, Optional

EDGE_REGION = "us-east-1"  # CloudFront's certificates, CLOUDFRONT-scope web ACLs and standard-log sources live here
ACM_ARN = re.compile(r"^arn:aws[a-z-]*:acm:(?P<region>[a-z0-9-]+):\d{12}:certificate/[0-9a-f-]{36}$")
DOMAIN = re.compile(r"^(?=.{1,253}$)(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
PRICE_CLASSES = ("PriceClass_100", "PriceClass_200", "PriceClass_All")
MIN_RATE_LIMIT, MAX_RATE_LIMIT = 10, 2_000_000_000
MAX_ALIASES = 100
ORIGIN_HEADER = "x-origin-verify"  # the secret the API's regional ACL requires (only CloudFront sends it)
MIN_VIEWER_TLS = "TLSv1.2_2021"
# AWS managed policies, by their documented ids.
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"  # an API: nothing cached at the edge
ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac"  # the API needs the Authorization header, not Host
SECURITY_HEADERS = "67f7725c-6f97-4210-82d7-5512b31e9d03"  # HSTS, nosniff, frame and referrer policies
MANAGED_EDGE_RULE_GROUPS = ("AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet",
                            "AWSManagedRulesAmazonIpReputationList")


def cdn_problems(cdn: Any, api_waf: Optional[bool]) -> list[tuple[str, str, str, Any]]:
    """(key path suffix, problem, fix, value) for one API's cdn section."""
    found: list[tuple[str, str, str, Any]] = []
    match = ACM_ARN.match(cdn.certificate_arn)
    if match is None:
        found.append((".certificate_arn", "is not an ACM certificate ARN", "copy it from ACM in us-east-1", cdn.certificate_arn))
    elif match["region"] != EDGE_REGION:
        found.append((".certificate_arn", f"is in {match['region']}; CloudFront only uses certificates in {EDGE_REGION}",
                      f"request or import the certificate in {EDGE_REGION}", cdn.certificate_arn))
    if not cdn.aliases:
        found.append((".aliases", "is empty: without a domain name the certificate is never used", "list the API's domain, e.g. api.example.com", cdn.aliases))
    if len(cdn.aliases) > MAX_ALIASES:
        found.append((".aliases", f"lists {len(cdn.aliases)} names; a distribution takes {MAX_ALIASES} by default", "split them over distributions", len(cdn.aliases)))
    for i, alias in enumerate(cdn.aliases):
        if not DOMAIN.match(alias):
            found.append((f".aliases[{i}]", "is not a lowercase domain name", "e.g. api.example.com", alias))
    if cdn.price_class not in PRICE_CLASSES:
        found.append((".price_class", f"must be one of {', '.join(PRICE_CLASSES)}", "use PriceClass_100", cdn.price_class))
    if not MIN_RATE_LIMIT <= cdn.rate_limit <= MAX_RATE_LIMIT:
        found.append((".rate_limit", f"must be {MIN_RATE_LIMIT}-{MAX_RATE_LIMIT:,} requests per 5 minutes", "use 2000", cdn.rate_limit))
    for path, location in cdn.redirects.items():
        if not path.startswith("/") or any(c in path for c in "\"'\\\n"):
            found.append((f".redirects.{path}", "paths start with / and hold no quotes or backslashes", "e.g. /docs", path))
        if not (location.startswith("https://") or location.startswith("/")) or any(c in location for c in "\"'\\\n"):
            found.append((f".redirects.{path}", "redirects go to an https:// URL or a path, without quotes or backslashes", "e.g. https://docs.example.com/", location))
    if api_waf is False:
        found.append(("", "needs the API's own web ACL, which checks the distribution's secret header; waf is false",
                      "remove waf: false (a fronted API always gets its ACL)", False))
    return found


def redirect_function_code(redirects: dict[str, str]) -> str:
    """A CloudFront Function (cloudfront-js-2.0) answering 301 for the configured paths, passing the rest on."""
    table = json.dumps(dict(sorted(redirects.items())), separators=(",", ":"))
    return (
        "var REDIRECTS = " + table + ";\n"
        "function handler(event) {\n"
        "  var location = REDIRECTS[event.request.uri];\n"
        "  if (location) {\n"
        "    return {statusCode: 301, statusDescription: 'Moved Permanently', headers: {location: {value: location}}};\n"
        "  }\n"
        "  return event.request;\n"
        "}\n"
    )


def api_origin_domain(api_id: str, region: str) -> str:
    return f"{api_id}.execute-api.{region}.amazonaws.com"
