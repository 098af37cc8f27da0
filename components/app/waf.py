"""WAFv2 rule arguments from the plain rule data of landfall.plan.api.waf_rules: one translation for every web
ACL landfall declares (the REST API's, the ALB's and CloudFront's edge ACL)."""

from __future__ import annotations

from typing import Any

import pulumi_aws as aws


def visibility(metric: str) -> dict[str, Any]:
    return dict(cloudwatch_metrics_enabled=True, metric_name=metric, sampled_requests_enabled=True)


def web_acl_rules(rules: list[dict[str, Any]]) -> list[aws.wafv2.WebAclRuleArgs]:
    """Managed rule groups keep their own actions (override none); the rate rule blocks."""
    out = []
    for rule in rules:
        if "managed_group" in rule:
            statement = aws.wafv2.WebAclRuleStatementArgs(managed_rule_group_statement=aws.wafv2.WebAclRuleStatementManagedRuleGroupStatementArgs(
                name=rule["managed_group"], vendor_name="AWS"))
            extra: dict[str, Any] = dict(override_action=aws.wafv2.WebAclRuleOverrideActionArgs(none=aws.wafv2.WebAclRuleOverrideActionNoneArgs()))
        else:
            statement = aws.wafv2.WebAclRuleStatementArgs(rate_based_statement=aws.wafv2.WebAclRuleStatementRateBasedStatementArgs(
                limit=rule["rate_limit"], aggregate_key_type="IP"))
            extra = dict(action=aws.wafv2.WebAclRuleActionArgs(block=aws.wafv2.WebAclRuleActionBlockArgs()))
        out.append(aws.wafv2.WebAclRuleArgs(name=rule["name"], priority=rule["priority"], statement=statement,
                                            visibility_config=aws.wafv2.WebAclRuleVisibilityConfigArgs(**visibility(rule["metric"])), **extra))
    return out
