"""CrossGuard adapters: turn landfall rules into pulumi_policy policies.

Only this module and `policies/__main__.py` import pulumi_policy. A `ResourceValidationPolicy` per `Rule` turns
`args` into an inventory record; a `StackValidationPolicy` per `StackRule` turns `args.resources` into records.
Props are passed on as the engine's unknown-checking proxies, so a rule that reads a value unknown during preview
raises `UnknownValueError`, which the framework reports instead of a false pass or fail.

Context: a stack rule's `context_keys` become its config schema, set per policy with `--policy-pack-config`
(the pack-wide `"all"` key only carries an enforcement level, so `{"all": {"production": true}}` does nothing).
`production` has no schema default: left unset, it is inferred from the stack's `environment` tag.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Optional

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.proxy import UnknownValueError

from policies.controls import RULES, STACK_RULES
from policies.controls.core import DEFAULT_CONTEXT, Rule, StackRule, context_with_defaults

ENFORCEMENT = {"mandatory": EnforcementLevel.MANDATORY, "advisory": EnforcementLevel.ADVISORY}

CONFIG_PROPERTIES: dict[str, dict[str, Any]] = {
    # No default on purpose: unset means "infer from the environment tag" (core.is_production).
    "production": {"type": "boolean", "description": "Treat the stack as production (default: environment tag)."},
    "scp_max_characters": {"type": "integer", "default": DEFAULT_CONTEXT["scp_max_characters"],
                           "description": "Organizations quota: characters per SCP document."},
    "scps_per_target": {"type": "integer", "default": DEFAULT_CONTEXT["scps_per_target"],
                        "description": "Organizations quota: SCPs attached per root, OU or account."},
    "governed_regions": {"type": "array", "items": {"type": "string"},
                         "description": "The organization's governed regions (default: those the stack's baseline uses)."},
    "guardduty_organization_regions": {"type": "array", "items": {"type": "string"},
                                       "description": "Regions where the GuardDuty administrator auto-enables members."},
    "max_aws_providers": {"type": "integer", "description": "Accounts the stack reaches (default: not checked)."},
}


def config_schema(rule: StackRule) -> Optional[PolicyConfigSchema]:
    if not rule.context_keys:
        return None
    return PolicyConfigSchema(properties={k: CONFIG_PROPERTIES[k] for k in rule.context_keys})


def _is_custom(resource_type: str) -> bool:
    return not resource_type.startswith("pulumi:")


def _id_of(props: Mapping) -> Any:
    """Bridged AWS resources carry `id` among their output properties; unknown (new resource in preview) -> ""."""
    try:
        return props.get("id", "") or ""
    except UnknownValueError:
        return ""


def _provider_of(resource: Any) -> str:
    provider = getattr(resource, "provider", None)
    return str(getattr(provider, "urn", "") or "")


def record_of(resource_type: str, props: Mapping, urn: str, name: str, provider: str = "") -> dict[str, Any]:
    return {"urn": urn, "type": resource_type, "name": name, "custom": _is_custom(resource_type),
            "provider": provider, "inputs": props, "id": _id_of(props)}


def context_of(args: Any, rule: Optional[StackRule] = None) -> dict[str, Any]:
    """The rule's context: its configured keys over the defaults (all known keys when no rule is given)."""
    config = args.get_config() or {}
    keys = rule.context_keys if rule is not None else tuple(DEFAULT_CONTEXT)
    return context_with_defaults({k: config[k] for k in keys if k in config})


def _description(rule: Rule | StackRule) -> str:
    text = f"[{', '.join(rule.controls)}] {rule.description}"
    return f"{text} Advisory: {rule.reason}" if rule.enforcement == "advisory" else text


def resource_policy(rule: Rule) -> ResourceValidationPolicy:
    def validate(args: ResourceValidationArgs, report_violation) -> None:
        if args.resource_type not in rule.resource_types:
            return
        record = record_of(args.resource_type, args.props, args.urn, args.name, _provider_of(args))
        for message in rule.check(record):
            report_violation(message, None)

    return ResourceValidationPolicy(name=rule.name, description=_description(rule), validate=validate,
                                    enforcement_level=ENFORCEMENT[rule.enforcement])


def provider_records(resources: list) -> list[dict[str, Any]]:
    """The providers the resources name, as records (the engine passes them beside, not among, the resources):
    rules such as S3.6 read an account from a provider's allowedAccountIds."""
    found: dict[str, dict[str, Any]] = {}
    for resource in resources:
        provider = getattr(resource, "provider", None)
        urn = str(getattr(provider, "urn", "") or "")
        if urn and urn not in found:
            found[urn] = {"urn": urn, "type": str(getattr(provider, "resource_type", "")), "name": str(getattr(provider, "name", "")),
                          "custom": True, "provider": "", "inputs": getattr(provider, "props", None) or {}, "id": ""}
    return list(found.values())


def stack_policy(rule: StackRule) -> StackValidationPolicy:
    def validate(args: StackValidationArgs, report_violation) -> None:
        records = [record_of(r.resource_type, r.props, r.urn, r.name, _provider_of(r)) for r in args.resources]
        known = {r["urn"] for r in records}
        records += [p for p in provider_records(args.resources) if p["urn"] not in known]
        context = context_of(args, rule)
        if not rule.applies_to(records, context):
            return
        for urn, message in rule.check(records, context):
            report_violation(message, urn)

    return StackValidationPolicy(name=rule.name, description=_description(rule), validate=validate,
                                 enforcement_level=ENFORCEMENT[rule.enforcement], config_schema=config_schema(rule))


def build_policies() -> list:
    return [resource_policy(r) for r in RULES] + [stack_policy(r) for r in STACK_RULES]
