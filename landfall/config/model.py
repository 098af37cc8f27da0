"""The whole stack config: one typed, immutable model used by __main__.py and the offline tools."""

from __future__ import annotations

from typing import Optional

from pydantic import Field

from .accounts import AccountConfig
from .base import StrictModel
from .context import Context
from .errors import Problem
from .identity import IdentityConfig
from .network import NetworkConfig
from .serverless import ServicesConfig, authorizer_problems
from .stack import StackKind, StackSettings

NAMESPACE = "landfall"


class StackConfig(StrictModel):
    """Every `landfall:<section>` key of a stack file. Field aliases are the keys as written in YAML."""

    stack: StackSettings = Field(alias="landfall:stack")
    accounts: dict[str, AccountConfig] = Field(alias="landfall:accounts")
    network: NetworkConfig = Field(default_factory=NetworkConfig, alias="landfall:network")
    identity: Optional[IdentityConfig] = Field(default=None, alias="landfall:identity")
    services: ServicesConfig = Field(default_factory=ServicesConfig, alias="landfall:services")

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
    from landfall.plan.addresses import TierType

    private = any(
        v.has_tier_type(TierType.PRIVATE_WITH_EGRESS) or v.has_tier_type(TierType.ISOLATED) for v in config.network.vpcs.values()
    )
    found += config.services.problems(ctx, has_private_subnets=private)
    if config.identity is not None:
        found += config.identity.problems(ctx, tables=config.services.table_refs())
    found += authorizer_problems(config.services, config.identity.custom_scopes if config.identity else None)
    return found
