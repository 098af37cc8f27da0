"""CloudFront in front of a REST API: validation rules, the managed policies used and the CloudFront Function
that answers redirects. Pure: no pulumi."""

from __future__ import annotations

import ast
import io
import json
import re
import sys
import zipfile
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, Iterable, Optional

from .packages import package_members

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


# --- Lambda@Edge --------------------------------------------------------------------------------------------------
# Facts from CloudFront's "Restrictions on Lambda@Edge" and "Quotas on Lambda@Edge" pages (see README, Edge).

class EdgeEvent(str, Enum):
    """The four CloudFront events a Lambda@Edge function can be associated with."""

    VIEWER_REQUEST = "viewer-request"
    VIEWER_RESPONSE = "viewer-response"
    ORIGIN_REQUEST = "origin-request"
    ORIGIN_RESPONSE = "origin-response"

    @property
    def is_viewer(self) -> bool:
        return self in (EdgeEvent.VIEWER_REQUEST, EdgeEvent.VIEWER_RESPONSE)

    @property
    def is_request(self) -> bool:
        return self in (EdgeEvent.VIEWER_REQUEST, EdgeEvent.ORIGIN_REQUEST)


@dataclass(frozen=True)
class EdgeEventLimits:
    max_memory_mb: int
    max_timeout_s: int
    max_package_bytes: int  # the compressed deployment package


MIB = 1024 * 1024
EDGE_EVENT_LIMITS = {
    EdgeEvent.VIEWER_REQUEST: EdgeEventLimits(128, 5, 1 * MIB),
    EdgeEvent.VIEWER_RESPONSE: EdgeEventLimits(128, 5, 1 * MIB),
    EdgeEvent.ORIGIN_REQUEST: EdgeEventLimits(10_240, 30, 50 * MIB),
    EdgeEvent.ORIGIN_RESPONSE: EdgeEventLimits(10_240, 30, 50 * MIB),
}
EDGE_MIN_MEMORY_MB = 128
EDGE_RUNTIME = "python3.12"  # the same Python as the service's regional functions; Lambda@Edge supports it
EDGE_ARCHITECTURE = "x86_64"  # Lambda@Edge does not run arm64 functions
EDGE_TRUST_PRINCIPALS = ("lambda.amazonaws.com", "edgelambda.amazonaws.com")
EDGE_TAG = "landfall:lambda-at-edge"  # value: the event type; the pack's edge rules key on it
MAX_FUNCTION_NAME = 64
EDGE_KEY = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
# What the Lambda runtime itself provides besides the standard library (no layers at the edge).
RUNTIME_PROVIDED = frozenset({"boto3", "botocore", "s3transfer", "jmespath", "dateutil", "urllib3", "six"})


def edge_function_name(prefix: str, key: str) -> str:
    """`prefix` is the service's `<environment>-<service>`."""
    return f"{prefix}-edge-{key}"


def edge_log_group_name(function_name: str) -> str:
    """Lambda@Edge writes to this group in the region of the edge cache that ran the function."""
    return f"/aws/lambda/{EDGE_REGION}.{function_name}"


def edge_log_regions(governed: Iterable[str]) -> tuple[str, ...]:
    """Regions whose edge log group landfall creates (encrypted, with retention): us-east-1 and every governed
    region. The function may only write to those groups (it cannot create others), so an edge cache in an
    ungoverned region keeps no log: the region allow-list denies that region to the account anyway."""
    return tuple(sorted({EDGE_REGION, *governed}))


def edge_role_policy(function_name: str, account_id: str, partition: str = "aws") -> dict[str, Any]:
    """The execution role may write to its own edge log groups, in any region, and do nothing else."""
    group = edge_log_group_name(function_name)
    return {"Version": "2012-10-17", "Statement": [{
        "Sid": "EdgeLogs", "Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
        "Resource": f"arn:{partition}:logs:*:{account_id}:log-group:{group}:log-stream:*"}]}


def edge_trust_policy() -> dict[str, Any]:
    """Lambda and Lambda@Edge's replicator both assume the role; SourceAccount cannot be required: the replicas
    are invoked by CloudFront across regions, and AWS documents the bare trust for edgelambda."""
    return {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": list(EDGE_TRUST_PRINCIPALS)}, "Action": "sts:AssumeRole"}]}


def third_party_imports(source: str, own_package: str) -> list[str]:
    """Top-level modules `source` imports that neither the standard library, the Lambda runtime nor the
    function's own package provides (Lambda@Edge takes no layers, so these would fail at the edge)."""
    tree = ast.parse(source)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top not in sys.stdlib_module_names and top not in RUNTIME_PROVIDED and top != own_package:
                found.add(top)
    return sorted(found)


def _shipped_files(paths: Iterable[Path]) -> list[Path]:
    """The files of these files and directories that a code archive would hold (no bytecode caches)."""
    files = [f for path in sorted(paths) for f in (sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path])]
    return [f for f in files if "__pycache__" not in f.parts]


def package_size(paths: Iterable[Path], root: Path) -> int:
    """Bytes of the zip Lambda would receive for these files and directories (deflated, as Pulumi uploads)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in _shipped_files(paths):
            archive.write(file, file.relative_to(root).as_posix())
    return len(buffer.getvalue())


def edge_package_paths(handler: str, root: Path) -> list[Path]:
    """What an edge function ships: its handler's package, as every function's code archive holds it."""
    return [root / path for path in package_members([handler])]


def edge_function_problems(key: str, fn: Any, has_redirects: bool, environment: str, service: str,
                           root: Optional[Path] = None) -> list[tuple[str, str, str, Any]]:
    """(key path suffix under cdn, problem, fix, value) for one configured Lambda@Edge function."""
    where = f".edge_functions.{key}"
    found: list[tuple[str, str, str, Any]] = []
    if not EDGE_KEY.match(key):
        found.append((where, "keys are 1-40 lowercase letters, digits and '-', starting with a letter", "e.g. mask-errors", key))
    name = edge_function_name(f"{environment}-{service}", key)
    if len(name) > MAX_FUNCTION_NAME:
        found.append((where, f"makes the function name {name} ({len(name)} characters); Lambda allows {MAX_FUNCTION_NAME}",
                      "use a shorter key", key))
    event = EdgeEvent(fn.event)
    limits = EDGE_EVENT_LIMITS[event]
    if not EDGE_MIN_MEMORY_MB <= fn.memory_mb <= limits.max_memory_mb:
        found.append((f"{where}.memory_mb", f"{event.value} functions take {EDGE_MIN_MEMORY_MB}-{limits.max_memory_mb:,} MB",
                      f"use at most {limits.max_memory_mb}", fn.memory_mb))
    if not 1 <= fn.timeout_s <= limits.max_timeout_s:
        found.append((f"{where}.timeout_s", f"{event.value} functions time out after 1-{limits.max_timeout_s} s",
                      f"use at most {limits.max_timeout_s}", fn.timeout_s))
    if fn.include_body and not event.is_request:
        found.append((f"{where}.include_body", f"only request events expose the body; {event.value} has none",
                      "remove include_body", True))
    if has_redirects and event.is_viewer:
        found.append((f"{where}.event", "the redirects CloudFront Function runs on viewer-request, and CloudFront does not "
                      "combine CloudFront Functions with Lambda@Edge on viewer events",
                      "use origin-request or origin-response, or move the redirects into this function", event.value))
    if root is not None and fn.handler.count(".") >= 1:
        module = fn.handler.rsplit(".", 1)[0]
        source = root.joinpath(*module.split(".")).with_suffix(".py")
        if source.is_file():
            paths = edge_package_paths(fn.handler, root)
            outside = sorted({name for path in _shipped_files(paths) if path.suffix == ".py"
                              for name in third_party_imports(path.read_text(), module.split(".")[0])})
            if outside:
                found.append((f"{where}.handler", f"the package of {module} imports {', '.join(outside)}; Lambda@Edge takes no "
                              "layers, so only the standard library, boto3 and the function's own package are there",
                              "use the standard library", fn.handler))
            size = package_size(paths, root)
            if size > limits.max_package_bytes:
                found.append((f"{where}.handler", f"the package is {size:,} bytes compressed; {event.value} functions take "
                              f"{limits.max_package_bytes:,}", "move the handler into a smaller package", fn.handler))
    return found
