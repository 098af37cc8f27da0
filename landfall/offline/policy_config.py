"""The CrossGuard policy-pack config of a stack (`landfall policy-config <stack>`), so the real engine's pack
judges the stack as the offline preview does: the stack's waived advisory rules are disabled, and every stack
rule gets the context values it reads (production, governed regions, quotas) from the stack file instead of
inferring them from tags. The workflows pass it with `--policy-pack-config` (pulumi/actions
`policyPackConfigs`)."""

from __future__ import annotations

from typing import Any

from policies.controls import STACK_RULES

DISABLED = "disabled"


def policy_pack_config(config) -> dict[str, Any]:
    from landfall.offline.report import config_policy_context

    context = config_policy_context(config)
    out: dict[str, Any] = {}
    for rule in STACK_RULES:
        values = {key: context[key] for key in rule.context_keys if context.get(key) is not None}
        if values:
            out[rule.name] = {"enforcementLevel": rule.enforcement, **values}
    for name in sorted(config.stack.policy_waivers):
        out[name] = DISABLED  # validated: only advisory rules can be waived
    return dict(sorted(out.items()))
