"""Composition of an account baseline stack (`baseline-<account key>`): one account, one provider, every
governed region.

The stack holds exactly one AWS provider, its account's (regions go through the per-resource `region`
input), so it stays one provider-plugin process however large the organization grows: scale comes from
running many such stacks side by side (the deploy workflow's matrix), never from one stack reaching into
many accounts.
"""

from __future__ import annotations

from typing import Any

import pulumi
from pulumi.runtime.sync_await import _sync_await

from landfall.config.model import StackConfig

from .baseline import build_baselines
from .providers import AccountProviders
from .workload import AccountKeys


def resolve_pending_account(config: StackConfig) -> StackConfig:
    """An account the management stack creates has no id in any file until then: read it from the management
    stack's `account_ids` output. The id names the provider's role and allowed account, so it is needed as
    a plain value before any resource is declared (the reference itself is not an AWS resource)."""
    key = config.pending_account()
    if key is None:
        return config
    name = config.management_reference(pulumi.get_organization())
    reference = pulumi.StackReference(name)
    ids = _sync_await(reference.get_output_details("account_ids")).value or {}
    account_id = ids.get(key) if isinstance(ids, dict) else None
    if not account_id:
        raise pulumi.RunError(
            f"account {key!r} has no id yet: stack {name} has not created it "
            f"(its account_ids output has no {key!r}). Run `pulumi up` on the management stack first, or put the "
            "account's id in landfall:organization.accounts of its stack file."
        )
    return config.with_account_id(key, account_id)


def build_account_baseline(config: StackConfig) -> dict[str, Any]:
    config = resolve_pending_account(config)
    providers = AccountProviders(config)
    keys = AccountKeys(config, providers)
    baselines = build_baselines(config, providers, keys)
    ring = keys.ring(config.stack.account)
    baseline = baselines.get(config.stack.account)
    return {
        "account": config.stack.account,
        "account_id": providers.account_id(),
        "regions": list(config.governed_regions().regions),
        "guardduty_detector_ids": {r: d.id for r, d in baseline.detectors.items()} if baseline else {},
        "kms_keys": {p.value: k.arn for p, k in ring.keys.items()},
    }
