"""Monthly idle cost of an inventory (the offline preview's resource records), from the committed price table.

Only fixed charges are priced: what a resource costs while nothing uses it, for 730 hours. Charges that
depend on traffic or volume are listed by resource type, never guessed.

`CostReport.to_json()` is the preview JSON key `"cost"` (keep stable)::

    {
      "currency": "USD",
      "region": "eu-west-1",
      "as_of": "2026-11-23",                 # date of the price table
      "monthly_fixed_total": 123.45,         # exact sum of every fixed charge, rounded once to cents
      "by_resource": [                       # resources with a fixed charge, dearest first, then by urn
        {"urn": "...", "type": "aws:ec2/natGateway:NatGateway", "name": "main-nat-euw1-az1",
         "monthly_usd": 35.04,               # rounded to cents (so rows may not add up to the total exactly)
         "formula": "1 NAT gateway × 730 h × $0.048",
         "unconfirmed_prices": []}           # price keys not confirmed for the region (the text's `*`)
      ],
      "monthly_unconfirmed": 12.34,          # the part of the total resting on unconfirmed prices
      "unconfirmed_share": 0.1,              # monthly_unconfirmed / monthly_fixed_total
      "usage_based": [                       # charges present but not estimated, by resource type
        {"type": "aws:ec2/natGateway:NatGateway", "charge": "NAT gateway data processing $/GB", "resources": 1}
      ]
    }
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Optional

from .prices import PriceTable
from .rules import (
    FIXED,
    LAMBDA_DEFAULT_MEMORY_MB,
    PRICE_KEYS,
    USAGE_BASED,
    USAGE_WHEN,
    Context,
    Line,
    Records,
)

CENT = Decimal("0.01")
TOP_LINES = 10  # text renderer: the dearest lines shown one by one


@dataclass(frozen=True)
class ResourceCost:
    urn: str
    type: str
    name: str
    monthly: Decimal
    formula: str
    unconfirmed: tuple[str, ...]  # price keys used whose value is not confirmed for the region


@dataclass(frozen=True)
class UsageCharge:
    type: str
    charge: str
    resources: int


@dataclass(frozen=True)
class CostReport:
    currency: str
    region: str
    as_of: str
    hours_per_month: Decimal
    by_resource: list[ResourceCost]
    usage_based: list[UsageCharge]

    @property
    def monthly_fixed_total(self) -> Decimal:
        return sum((r.monthly for r in self.by_resource), Decimal(0))

    @property
    def monthly_unconfirmed(self) -> Decimal:
        """What rests on a price not confirmed for the region (a resource with any unconfirmed line, whole)."""
        return sum((r.monthly for r in self.by_resource if r.unconfirmed), Decimal(0))

    @property
    def unconfirmed_share(self) -> float:
        total = self.monthly_fixed_total
        return round(float(self.monthly_unconfirmed / total), 4) if total else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "currency": self.currency,
            "region": self.region,
            "as_of": self.as_of,
            "monthly_fixed_total": _usd(self.monthly_fixed_total),
            "by_resource": [
                {"urn": r.urn, "type": r.type, "name": r.name, "monthly_usd": _usd(r.monthly), "formula": r.formula,
                 "unconfirmed_prices": list(r.unconfirmed)}
                for r in self.by_resource
            ],
            "monthly_unconfirmed": _usd(self.monthly_unconfirmed),
            "unconfirmed_share": self.unconfirmed_share,
            "usage_based": [{"type": u.type, "charge": u.charge, "resources": u.resources} for u in self.usage_based],
        }


def _usd(amount: Decimal) -> float:
    return float(amount.quantize(CENT, rounding=ROUND_HALF_UP))


def _money(amount: Decimal) -> str:
    return f"${amount.normalize():f}"


def _function_index(resources: Iterable[dict[str, Any]]) -> dict[str, list[tuple[int, str]]]:
    """Each Lambda function under every key a functionName can resolve to: name input, mock id, logical name."""
    index: dict[str, list[tuple[int, str]]] = {}
    for r in resources:
        if r.get("type") != "aws:lambda/function:Function":
            continue
        inputs = r.get("inputs") or {}
        memory = inputs.get("memorySize")
        memory = max(memory, LAMBDA_DEFAULT_MEMORY_MB) if isinstance(memory, int) and not isinstance(memory, bool) else LAMBDA_DEFAULT_MEMORY_MB
        archs = inputs.get("architectures")
        arch = "arm64" if isinstance(archs, list) and "arm64" in archs else "x86_64"  # AWS default is x86_64
        for key in {inputs.get("name"), r.get("id"), r.get("name")}:
            if isinstance(key, str) and key:
                index.setdefault(key, []).append((memory, arch))
    return index


def _formula(line: Line, prices: PriceTable) -> str:
    price = prices.prices[line.price]
    hours = f"{prices.hours_per_month.normalize():f} h"
    if price.unit == "month":
        return f"{line.what} × {_money(price.amount)}/month"
    time = f" × {hours}" + (" × 3600 s" if price.unit == "GB-second" else "")
    return f"{line.what}{time} × {_money(price.amount)}"


def estimate(resources: list[dict[str, Any]], prices: PriceTable) -> CostReport:
    prices.require(PRICE_KEYS)
    ctx = Context(prices, _function_index(resources), Records(tuple(resources)))
    rows: list[ResourceCost] = []
    usage: Counter[str] = Counter()
    for r in resources:
        type_, inputs = r.get("type", ""), r.get("inputs") or {}
        if r.get("custom") is False:
            continue
        lines = [line for line in FIXED[type_](inputs, ctx) if line.quantity > 0] if type_ in FIXED else []
        if lines:
            rows.append(ResourceCost(
                urn=r.get("urn", ""), type=type_, name=r.get("name", ""),
                monthly=sum((prices.monthly(line.price, line.quantity) for line in lines), Decimal(0)),
                formula=" + ".join(_formula(line, prices) for line in lines),
                unconfirmed=tuple(sorted({line.price for line in lines if not prices.prices[line.price].confirmed})),
            ))
        if type_ in USAGE_BASED and USAGE_WHEN.get(type_, lambda _: True)(inputs):
            usage[type_] += 1
    rows.sort(key=lambda row: (-row.monthly, row.urn))
    return CostReport(
        currency=prices.currency, region=prices.region, as_of=prices.as_of, hours_per_month=prices.hours_per_month,
        by_resource=rows,
        usage_based=[UsageCharge(t, USAGE_BASED[t], n) for t, n in sorted(usage.items())],
    )


def render(report: CostReport, top: Optional[int] = TOP_LINES) -> list[str]:
    """A compact table for the offline preview: the dearest lines (every line when `top` is None), the total,
    the part resting on unconfirmed prices, and what is not estimated."""
    top = len(report.by_resource) if top is None else top
    title = (f"Idle cost ({report.region} list prices as of {report.as_of}, {report.currency}/month, "
             f"{report.hours_per_month.normalize():f} h; * = price not confirmed for the region):")
    lines = [title]
    width = max([len(r.name) for r in report.by_resource[:top]] + [4])
    for r in report.by_resource[:top]:
        mark = "*" if r.unconfirmed else " "
        lines.append(f"  {_usd(r.monthly):>9,.2f}{mark} {r.name:<{width}}  {r.formula}")
    rest = report.by_resource[top:]
    if rest:
        lines.append(f"  {_usd(sum((r.monthly for r in rest), Decimal(0))):>9,.2f}  ... {len(rest)} more resources (--cost all lists them)")
    lines.append(f"  {_usd(report.monthly_fixed_total):>9,.2f}  total fixed per month")
    if report.monthly_unconfirmed:
        lines.append(f"  {_usd(report.monthly_unconfirmed):>9,.2f}* of it ({report.unconfirmed_share:.0%}) rests on prices not confirmed for the region")
    if report.usage_based:
        lines.append("usage-based (not estimated): " + "; ".join(
            f"{u.charge} ({u.resources})" for u in report.usage_based))
    return lines
