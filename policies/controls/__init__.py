"""landfall policy rules: pure checks over inventory records (see docs/design.md), grouped by capability.

`RULES` check one resource record each; `STACK_RULES` check the whole stack with a context. Nothing here imports
pulumi or pulumi_policy; the CrossGuard adapters live in `policies/controls/pack.py`.
"""

from __future__ import annotations

from . import iam, identity, kms, logging, network, organization, serverless, storage
from .core import Rule, StackRule

RULES: tuple[Rule, ...] = (
    network.RULES + kms.RULES + iam.RULES + identity.RULES + serverless.RULES + storage.RULES + logging.RULES
    + organization.RULES
)
STACK_RULES: tuple[StackRule, ...] = (
    network.STACK_RULES + identity.STACK_RULES + serverless.STACK_RULES + storage.STACK_RULES
    + organization.STACK_RULES
)

_names = [r.name for r in RULES + STACK_RULES]
assert len(_names) == len(set(_names)), "rule names must be unique"

__all__ = ["RULES", "STACK_RULES", "Rule", "StackRule"]
