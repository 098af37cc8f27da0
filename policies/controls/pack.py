"""CrossGuard adapters: turn landfall rules into pulumi_policy policies.

Only this module and `policies/__main__.py` import pulumi_policy. A `ResourceValidationPolicy` per `Rule` turns
`args` into an inventory record; a `StackValidationPolicy` per `StackRule` turns `args.resources` into records.
Props are passed on as the engine's unknown-checking proxies, so a rule that reads a value unknown during preview
raises `UnknownValueError`, which the framework reports instead of a false pass or fail.

Context: `production` (and the SCP quotas) come from the policy config, e.g. `--policy-pack-config config.json`
with `{"all": {"production": true}}`; defaults in `core.DEFAULT_CONTEXT`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

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

CONFIG_SCHEMA = PolicyConfigSchema(properties={
    "production": {"type": "boolean", "default": DEFAULT_CONTEXT["production"]},
    "scp_max_characters": {"type": "integer", "default": DEFAULT_CONTEXT["scp_max_characters"]},
    "scps_per_target": {"type": "integer", "default": DEFAULT_CONTEXT["scps_per_target"]},
})


def _is_custom(resource_type: str) -> bool:
    return not resource_type.startswith("pulumi:")


def _id_of(props: Mapping) -> Any:
    """Bridged AWS resources carry `id` among their output properties; unknown (new resource in preview) -> ""."""
    try:
        return props.get("id", "") or ""
    except UnknownValueError:
        return ""


def record_of(resource_type: str, props: Mapping, urn: str, name: str) -> dict[str, Any]:
    return {"urn": urn, "type": resource_type, "name": name, "custom": _is_custom(resource_type),
            "provider": "", "inputs": props, "id": _id_of(props)}


def context_of(args: Any) -> dict[str, Any]:
    config = args.get_config() or {}
    return context_with_defaults({k: config[k] for k in DEFAULT_CONTEXT if k in config})


def _description(rule: Rule | StackRule) -> str:
    text = f"[{', '.join(rule.controls)}] {rule.description}"
    return f"{text} Advisory: {rule.reason}" if rule.enforcement == "advisory" else text


def resource_policy(rule: Rule) -> ResourceValidationPolicy:
    def validate(args: ResourceValidationArgs, report_violation) -> None:
        if args.resource_type not in rule.resource_types:
            return
        record = record_of(args.resource_type, args.props, args.urn, args.name)
        for message in rule.check(record):
            report_violation(message, None)

    return ResourceValidationPolicy(name=rule.name, description=_description(rule), validate=validate,
                                    enforcement_level=ENFORCEMENT[rule.enforcement], config_schema=CONFIG_SCHEMA)


def stack_policy(rule: StackRule) -> StackValidationPolicy:
    def validate(args: StackValidationArgs, report_violation) -> None:
        records = [record_of(r.resource_type, r.props, r.urn, r.name) for r in args.resources]
        for urn, message in rule.check(records, context_of(args)):
            report_violation(message, urn)

    return StackValidationPolicy(name=rule.name, description=_description(rule), validate=validate,
                                 enforcement_level=ENFORCEMENT[rule.enforcement], config_schema=CONFIG_SCHEMA)


def build_policies() -> list:
    return [resource_policy(r) for r in RULES] + [stack_policy(r) for r in STACK_RULES]
