"""Cost model (pure, no pulumi import): price table, idle-cost estimate over an inventory, layout comparison."""

from .estimate import CostReport, estimate, render
from .prices import PriceTable, PriceTableError

__all__ = ["CostReport", "PriceTable", "PriceTableError", "estimate", "render"]
