"""Pure pieces of a REST API: logical keys of routes, permission source ARNs, method-settings paths, the access
log format and the WAF rules (no pulumi import)."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any, Iterable

# Every field an incident responder asks for; $context variables API Gateway documents for access logs.
ACCESS_LOG_FORMAT = json.dumps({
    "requestId": "$context.requestId",
    "extendedRequestId": "$context.extendedRequestId",
    "ip": "$context.identity.sourceIp",
    "caller": "$context.identity.caller",
    "user": "$context.authorizer.claims.sub",
    "requestTime": "$context.requestTime",
    "httpMethod": "$context.httpMethod",
    "resourcePath": "$context.resourcePath",
    "status": "$context.status",
    "protocol": "$context.protocol",
    "responseLength": "$context.responseLength",
    "integrationLatency": "$context.integration.latency",
    "integrationError": "$context.integration.error",
    "wafResponse": "$context.wafResponseCode",
    "xrayTraceId": "$context.xrayTraceId",
}, separators=(",", ":"))

# AWS managed rule groups every public API gets (no extra subscription cost beyond WAF's per-rule price).
MANAGED_RULE_GROUPS = (
    "AWSManagedRulesCommonRuleSet",  # OWASP-style common exploits
    "AWSManagedRulesKnownBadInputsRuleSet",  # Log4Shell and other known-bad payloads
    "AWSManagedRulesAmazonIpReputationList",  # bots and sources Amazon threat intelligence flags
)
RATE_LIMIT_PER_5_MIN = 2_000  # per client IP; far above a person's use, well below a scraper's


def route_key(method: str, path: str) -> str:
    """`POST /orders/{order_id}` -> `post-orders-order_id`: a stable logical-name part (no list index)."""
    parts = [p.strip("{}") for p in path.strip("/").split("/") if p]
    return "-".join([method.lower(), *parts]) if parts else f"{method.lower()}-root"


def permission_path(method: str, path: str) -> str:
    """The part of a permission's source ARN after `<execution ARN>/<stage>/`: parameters become `*`."""
    return method + re.sub(r"\{[^/]+\}", "*", path)


def method_settings_path(method: str, path: str) -> str:
    """MethodSettings methodPath: the resource path with every slash, the leading one included, escaped as ~1,
    then the method. The provider passes it unchanged into UpdateStage's patch path, where an unescaped
    slash would split the path (`/orders/{id}` -> `~1orders~1{id}/GET`; the root -> `~1/GET`)."""
    return path.replace("/", "~1") + "/" + method


def deployment_trigger(routes: Iterable[Any]) -> str:
    """A digest of everything a deployment snapshots: a changed route redeploys, an unchanged one does not."""
    canonical = json.dumps(sorted(json.dumps(r, sort_keys=True, default=str) for r in routes))
    return hashlib.sha256(canonical.encode()).hexdigest()


def waf_rules(metric_prefix: str, groups: tuple[str, ...] = MANAGED_RULE_GROUPS,
              rate_limit: int = RATE_LIMIT_PER_5_MIN) -> list[dict[str, Any]]:
    """The web ACL's rules as plain data: managed groups first (priority order), then the rate limit."""
    rules: list[dict[str, Any]] = []
    for priority, group in enumerate(groups):
        rules.append({"name": group, "priority": priority, "managed_group": group, "metric": f"{metric_prefix}-{group}"})
    rules.append({"name": "rate-limit-per-ip", "priority": len(groups), "rate_limit": rate_limit,
                  "metric": f"{metric_prefix}-rate-limit"})
    return rules
