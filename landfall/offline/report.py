"""The offline preview report: the inventory plus every check run over it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .preview import render
from .synth import Inventory, synthesize


@dataclass
class Report:
    inventory: Inventory
    sections: list[list[str]] = field(default_factory=list)
    exit_code: int = 0

    def to_json(self) -> dict[str, Any]:
        return self.inventory.to_json()

    def render(self) -> str:
        return render(self.inventory, self.sections)


def build_report(stack: str) -> Report:
    inventory = synthesize(stack)
    return Report(inventory)
