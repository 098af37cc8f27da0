"""Pick the composition for the stack's kind. The only entry the program calls."""

from __future__ import annotations

from typing import Any, Callable

from landfall.config.model import StackConfig
from landfall.config.stack import StackKind

from .account_stack import build_account_baseline
from .hub import build_network
from .management import build_management
from .workload import build_workload

BUILDERS: dict[StackKind, Callable[[StackConfig], dict[str, Any]]] = {
    StackKind.MANAGEMENT: build_management,
    StackKind.NETWORK: build_network,
    StackKind.WORKLOAD: build_workload,
    StackKind.BASELINE: build_account_baseline,
}


def compose(config: StackConfig) -> dict[str, Any]:
    """Declare the stack's resources; returns the stack outputs."""
    return BUILDERS[config.kind](config)
