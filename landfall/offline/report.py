"""The offline preview report: the inventory plus every check run over it (policies, cost).

A mandatory policy violation makes `make preview` exit non-zero, so a pull request that breaks a
secure default fails before anything reaches AWS.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from landfall.cost.estimate import TOP_LINES, CostReport, estimate
from landfall.cost.estimate import render as render_cost
from landfall.cost.prices import PriceTable
from policies.runner import PolicyReport, run_policies

from .preview import render
from .synth import Inventory, synthesize


@dataclass
class Report:
    inventory: Inventory
    policy: PolicyReport
    cost: CostReport
    sections: list[list[str]] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.policy.mandatory else 0

    def to_json(self) -> dict[str, Any]:
        return {**self.inventory.to_json(), "policy": self.policy.to_json(), "cost": self.cost.to_json()}

    def render(self) -> str:
        return render(self.inventory, self.sections)


def build_report(stack: str, cost_lines: Optional[int] = TOP_LINES) -> Report:
    """`cost_lines`: the dearest resources listed one by one in the text (None: every one; the JSON has all)."""
    return report_for(synthesize(stack), cost_lines)


def report_for(inventory: Inventory, cost_lines: Optional[int] = TOP_LINES) -> Report:
    """Every check over an already synthesized inventory (tests reuse their once-per-session synthesis)."""
    resources = [r.to_json() for r in inventory.resources]
    waivers = inventory.config.stack.policy_waivers if inventory.config is not None else {}
    policy = run_policies(resources, policy_context(inventory), waivers=waivers)
    cost = estimate(resources, PriceTable.load())
    return Report(inventory, policy, cost, sections=[policy.render(), render_cost(cost, top=cost_lines)])


def guardduty_delegated(config) -> bool:
    """Whether the organization's GuardDuty administrator auto-enables members (in every governed region)."""
    if config.organization is not None:
        return "guardduty" in config.organization.delegated_admins
    from landfall.config.org_view import organization_view

    view = organization_view(config.project_dir)
    return view is not None and "guardduty" in view.organization.delegated_admins


def policy_context(inventory: Inventory) -> dict[str, Any]:
    """What stack-level rules need to know: production, and the SCP quotas the config raised."""
    return config_policy_context(inventory.config) if inventory.config is not None else {}


def config_policy_context(config) -> dict[str, Any]:
    """The policy context from the stack config alone (the real engine's pack gets it as its config)."""
    context: dict[str, Any] = {}
    if config is not None:
        context["production"] = config.stack.production
        governed = config.governed_regions()
        context["governed_regions"] = list(governed.regions)
        context["guardduty_organization_regions"] = list(governed.regions) if guardduty_delegated(config) else []
        context["max_aws_providers"] = len(config.accounts)
        organization = config.organization
        if organization is not None:
            context["scp_max_characters"] = organization.quotas.scp_max_characters
            context["scps_per_target"] = organization.quotas.scps_per_target
    return context
