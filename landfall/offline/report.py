"""The offline preview report: the inventory plus every check run over it (cost; policies when present)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from landfall.cost.estimate import CostReport, estimate
from landfall.cost.estimate import render as render_cost
from landfall.cost.prices import PriceTable

from .preview import render
from .synth import Inventory, synthesize


@dataclass
class Report:
    inventory: Inventory
    cost: CostReport
    sections: list[list[str]] = field(default_factory=list)
    exit_code: int = 0

    def to_json(self) -> dict[str, Any]:
        return {**self.inventory.to_json(), "cost": self.cost.to_json()}

    def render(self) -> str:
        return render(self.inventory, self.sections)


def build_report(stack: str) -> Report:
    return report_for(synthesize(stack))


def report_for(inventory: Inventory) -> Report:
    """Every check over an already synthesized inventory (tests reuse their once-per-session synthesis)."""
    resources = [r.to_json() for r in inventory.resources]
    cost = estimate(resources, PriceTable.load())
    return Report(inventory, cost, sections=[render_cost(cost)])
