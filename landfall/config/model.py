"""The whole stack config: one typed, immutable model used by __main__.py and the offline tools."""

from __future__ import annotations

from typing import Optional

from pydantic import Field

from .accounts import AccountConfig
from .base import StrictModel
from .context import Context
from .errors import Problem
from .network import NetworkConfig
from .stack import StackKind, StackSettings

NAMESPACE = "landfall"


class StackConfig(StrictModel):
    """Every `landfall:<section>` key of a stack file. Field aliases are the keys as written in YAML."""

    stack: StackSettings = Field(alias="landfall:stack")
    accounts: dict[str, AccountConfig] = Field(alias="landfall:accounts")
    network: NetworkConfig = Field(default_factory=NetworkConfig, alias="landfall:network")

    name: str = Field(default="", exclude=True, description="The stack name (from the file name or the engine).")

    @property
    def context(self) -> Context:
        return Context(self.name, self.stack, dict(self.accounts))

    @property
    def kind(self) -> StackKind:
        return self.stack.kind

    def account(self, name: Optional[str] = None):
        return self.accounts[name or self.stack.account]


def section_problems(config: StackConfig) -> list[Problem]:
    """Semantic checks of every section (types already passed)."""
    ctx = config.context
    found: list[Problem] = list(config.stack.problems())
    from .accounts import check_account_ref

    found += check_account_ref(config.stack.account, "landfall:stack.account", config.accounts)
    for name, account in config.accounts.items():
        found += account.problems(name)
    found += config.network.problems(ctx)
    return found
