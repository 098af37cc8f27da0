"""Fixtures for every rule, one module per control module: passing records, failing records with their exact
messages, not-applicable records (another type, or a stack where the rule does not apply)."""

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
from .records import rec

MODULES = (network, kms, iam, identity, api, edge, functions, messaging, storage, containers, databases, logging, recovery, organization, account_defaults, coverage)
RESOURCE_CASES = [case for module in MODULES for case in module.RESOURCE_CASES]
STACK_CASES = [case for module in MODULES for case in module.STACK_CASES]

__all__ = ["RESOURCE_CASES", "STACK_CASES", "rec"]
