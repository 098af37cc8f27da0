"""landfall policy rules: pure checks over inventory records (see docs/design.md), grouped by capability.

`RULES` check one resource record each; `STACK_RULES` check the whole stack with a context. Nothing here imports
pulumi or pulumi_policy; the CrossGuard adapters live in `policies/controls/pack.py`.
"""

from __future__ import annotations

from . import (
    account_defaults,
    api,
    containers,
    coverage,
    databases,
    edge,
    functions,
    iam,
    identity,
    kms,
    logging,
    messaging,
    network,
    organization,
    recovery,
    storage,
)
from .core import Rule, StackRule

# Order is the pack's order (and the README's): network first, account and organization last.
MODULES = (network, kms, iam, identity, api, edge, functions, messaging, storage, containers, databases, logging, recovery, organization, account_defaults, coverage)

RULES: tuple[Rule, ...] = tuple(rule for module in MODULES for rule in getattr(module, "RULES", ()))
STACK_RULES: tuple[StackRule, ...] = tuple(rule for module in MODULES for rule in getattr(module, "STACK_RULES", ()))

_names = [r.name for r in RULES + STACK_RULES]
assert len(_names) == len(set(_names)), "rule names must be unique"

__all__ = ["RULES", "STACK_RULES", "Rule", "StackRule"]
