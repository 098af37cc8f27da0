"""What section validators may know about the rest of the stack config."""

from __future__ import annotations

from dataclasses import dataclass, field

from .accounts import AccountConfig
from .stack import StackSettings


@dataclass(frozen=True)
class Context:
    stack_name: str
    settings: StackSettings
    accounts: dict[str, AccountConfig] = field(default_factory=dict)

    @property
    def production(self) -> bool:
        return self.settings.production

    @property
    def region(self) -> str:
        return self.settings.region
