"""Run every landfall rule over an inventory (the offline preview's `resources` list). Pure: no engine, no pulumi."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Optional

from policies.controls import RULES, STACK_RULES
from policies.controls.core import Rule, StackRule, context_with_defaults


@dataclass
class PolicyReport:
    violations: list[dict[str, Any]] = field(default_factory=list)
    rules_run: int = 0
    # Stack rules whose `applies` said no for this stack (e.g. production-only rules on dev); not counted in rules_run.
    skipped: list[str] = field(default_factory=list)
    # Advisory findings the stack waived (landfall:stack.policy_waivers): rule name -> (reason, findings)
    waived: dict[str, tuple[str, int]] = field(default_factory=dict)

    @property
    def mandatory(self) -> list[dict[str, Any]]:
        return [v for v in self.violations if v["enforcement"] == "mandatory"]

    def to_json(self) -> dict[str, Any]:
        return {"violations": [dict(v) for v in self.violations], "rules_run": self.rules_run,
                "skipped": list(self.skipped),
                "waived": [{"policy": k, "reason": r, "findings": n} for k, (r, n) in self.waived.items()]}

    def render(self) -> list[str]:
        lines = [f"Policies: {self.rules_run} rules run, {len(self.violations)} violations "
                 f"({len(self.mandatory)} mandatory)"]
        if self.skipped:
            lines.append(f"Not applicable to this stack: {', '.join(self.skipped)}")
        for name, (reason, findings) in self.waived.items():
            lines.append(f"[waived] {name} ({findings} finding{'s' if findings != 1 else ''}): {reason}")
        for v in self.violations:
            lines.append(f"[{v['enforcement']}] {control_of(v)} {v['type']} {v['name']}: {v['message']}")
        return lines


def control_of(violation: Mapping) -> str:
    """The control a message names (messages start with `<control>: `), else the rule's first control."""
    head = str(violation["message"]).split(":", 1)[0]
    return head if head in violation["controls"] else violation["controls"][0]


def is_checked_resource(record: Mapping) -> bool:
    """Resource rules look at custom resources only: not components, not providers."""
    return bool(record.get("custom")) and not str(record.get("type", "")).startswith("pulumi:providers:")


def _violation(rule: Rule | StackRule, record: Optional[Mapping], urn: str, message: str) -> dict[str, Any]:
    return {
        "policy": rule.name,
        "controls": list(rule.controls),
        "enforcement": rule.enforcement,
        "urn": urn,
        "type": (record or {}).get("type", ""),
        "name": (record or {}).get("name", ""),
        "message": message,
    }


def run_policies(resources: list[dict], context: dict | None = None,
                 rules: tuple[Rule, ...] = RULES, stack_rules: tuple[StackRule, ...] = STACK_RULES,
                 waivers: Optional[Mapping[str, str]] = None) -> PolicyReport:
    """Resource rules over `custom: true` records of their types (providers skipped); stack rules over all records,
    each only when its `applies` holds. `context`: `production` (None: infer from tags) and the SCP quotas."""
    ctx = context_with_defaults(context)
    report = PolicyReport(rules_run=len(rules))
    checked = [r for r in resources if is_checked_resource(r)]
    for rule in rules:
        for record in checked:
            if rule.applies_to(record):
                for message in rule.check(record):
                    report.violations.append(_violation(rule, record, record.get("urn", ""), message))
    by_urn = {r.get("urn"): r for r in resources}
    for stack_rule in stack_rules:
        if not stack_rule.applies_to(list(resources), ctx):
            report.skipped.append(stack_rule.name)
            continue
        report.rules_run += 1
        for urn, message in stack_rule.check(list(resources), ctx):
            report.violations.append(_violation(stack_rule, by_urn.get(urn), urn, message))
    # Only advisory findings can be waived (the config rejects a waiver of a mandatory rule; this holds anyway).
    for name, reason in (waivers or {}).items():
        hits = [v for v in report.violations if v["policy"] == name and v["enforcement"] == "advisory"]
        report.violations = [v for v in report.violations if v not in hits]
        report.waived[name] = (reason, len(hits))
    return report
