"""The committed price table (`prices.json`): list prices for the fixed (idle) charges a stack can carry.

Amounts are `Decimal` (read with `parse_float=Decimal`) so hand-computed golden totals match exactly.
Units: `hour` (× hours_per_month), `month`, `GB-second` (× hours_per_month × 3600).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

DEFAULT_PATH = Path(__file__).with_name("prices.json")
UNITS = ("hour", "month", "GB-second")
SECONDS_PER_HOUR = 3600


class PriceTableError(ValueError):
    pass


@dataclass(frozen=True)
class Price:
    key: str
    amount: Decimal
    unit: str
    description: str
    confirmed: bool


@dataclass(frozen=True)
class PriceTable:
    region: str
    as_of: str
    currency: str
    hours_per_month: Decimal
    prices: dict[str, Price]

    @classmethod
    def load(cls, path: Path | str = DEFAULT_PATH) -> PriceTable:
        return cls.from_dict(json.loads(Path(path).read_text(), parse_float=Decimal))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PriceTable:
        """Validate and build; every problem found is reported at once."""
        problems = [f"missing top-level key {k!r}" for k in ("region", "as_of", "currency", "hours_per_month", "prices") if k not in data]
        if problems:
            raise PriceTableError("; ".join(problems))
        prices: dict[str, Price] = {}
        for key, entry in data["prices"].items():
            try:
                amount = Decimal(str(entry["price"]))
            except (KeyError, ArithmeticError, TypeError):
                problems.append(f"{key}: price must be a number")
                continue
            if amount < 0:
                problems.append(f"{key}: price must not be negative (got {amount})")
            if entry.get("unit") not in UNITS:
                problems.append(f"{key}: unit must be one of {UNITS} (got {entry.get('unit')!r})")
            prices[key] = Price(key, amount, entry.get("unit", ""), entry.get("description", key), bool(entry.get("confirmed", False)))
        if problems:
            raise PriceTableError("; ".join(problems))
        return cls(str(data["region"]), str(data["as_of"]), str(data["currency"]), Decimal(str(data["hours_per_month"])), prices)

    def require(self, keys: Iterable[str]) -> None:
        missing = sorted(set(keys) - set(self.prices))
        if missing:
            raise PriceTableError(f"price table has no entry for: {', '.join(missing)}")

    def monthly(self, key: str, quantity: Decimal) -> Decimal:
        """`quantity` units of `key` for a whole month (730 h unless the table says otherwise)."""
        price = self.prices[key]
        factor = {"hour": self.hours_per_month, "month": Decimal(1), "GB-second": self.hours_per_month * SECONDS_PER_HOUR}[price.unit]
        return quantity * price.amount * factor
