"""Which stack owns each organization account's baseline: one rule, checked across every stack file.

The rule: a stack file that baselines an account (its `landfall:baseline.accounts`, by default its own
`landfall:stack.account`) owns that account's baseline; every other account of the organization is owned
by its generated account baseline stack, `baseline-<key>`. So an account created tomorrow is governed by
adding it to the organization, with no new file. Accounts are matched by id (by key while an account is
pending), so one account under two keys is caught too.

Problems are reported by the stack file they are about, with that file's key paths. Pure: no pulumi.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from .baseline_stack import account_key_of, baseline_stack_name
from .crossstack import stack_file_configs, stamp
from .errors import Problem
from .org_view import OrganizationView, organization_view

if TYPE_CHECKING:
    from .model import StackConfig


@dataclass(frozen=True)
class Claim:
    """Stack `stack` baselines the account it calls `key` (id `account_id`); `path` is where it says so."""

    stack: str
    key: str
    account_id: Optional[str]
    path: str


@dataclass(frozen=True)
class Ownership:
    owners: dict[str, Optional[str]]  # organization account key -> the stack owning its baseline (None: no stack)
    claims: dict[str, list[Claim]]  # organization account key -> every stack file claiming it
    strays: list[Claim]  # claims of accounts the organization does not have
    disabled_overrides: dict[str, str]  # account key -> baseline stack whose file turns its baseline off


def file_claims(stack: str, config: dict) -> list[Claim]:
    """The accounts a stack file baselines, read leniently (malformed sections claim nothing)."""
    settings = config.get("landfall:stack") if isinstance(config.get("landfall:stack"), dict) else {}
    baseline = config.get("landfall:baseline") if isinstance(config.get("landfall:baseline"), dict) else {}
    accounts = config.get("landfall:accounts") if isinstance(config.get("landfall:accounts"), dict) else {}
    if baseline.get("enabled", True) is False:
        return []
    own = account_key_of(stack) if settings.get("kind", "baseline") == "baseline" and account_key_of(stack) else settings.get("account")
    listed = baseline.get("accounts")
    if isinstance(listed, list) and listed:
        keyed = [(str(k), f"landfall:baseline.accounts[{i}]") for i, k in enumerate(listed)]
    elif isinstance(own, str):
        keyed = [(own, "landfall:stack.account")]
    else:
        return []
    out = []
    for key, path in keyed:
        entry = accounts.get(key)
        account_id = str(entry["id"]) if isinstance(entry, dict) and entry.get("id") is not None else None
        out.append(Claim(stack, key, account_id, path))
    return out


def ownership(project_dir: Path | str) -> Optional[Ownership]:
    project_dir = Path(project_dir).resolve()
    return _ownership(str(project_dir), stamp(project_dir))


@lru_cache(maxsize=16)
def _ownership(project_dir: str, _stamp: tuple) -> Optional[Ownership]:
    view = organization_view(project_dir)
    if view is None:
        return None
    configs = stack_file_configs(Path(project_dir))
    claims: dict[str, list[Claim]] = {key: [] for key in view.accounts}
    strays: list[Claim] = []
    disabled: dict[str, str] = {}
    for stack, config in configs.items():
        key = account_key_of(stack)
        baseline = config.get("landfall:baseline")
        if key is not None and isinstance(baseline, dict) and baseline.get("enabled", True) is False:
            disabled[key] = stack
        for claim in file_claims(stack, config):
            matched = match(view, claim)
            (claims[matched] if matched is not None else strays).append(claim)
    owners: dict[str, Optional[str]] = {}
    for key, found in claims.items():
        if found:
            owners[key] = found[0].stack if len(found) == 1 else None
        else:
            owners[key] = None if key in disabled else baseline_stack_name(key)
    return Ownership(owners, claims, strays, disabled)


def match(view: OrganizationView, claim: Claim) -> Optional[str]:
    """The organization account a claim is about: by id, or by key for an account without an id yet."""
    if claim.account_id is not None:
        return view.key_of(claim.account_id)
    account = view.accounts.get(claim.key)
    return claim.key if account is not None and account.id is None else None


def ownership_problems(config: "StackConfig") -> list[Problem]:
    view = organization_view(config.project_dir)
    owned = ownership(config.project_dir)
    if view is None or owned is None:
        return []
    found = _account_id_problems(config, view)
    stack = config.name
    for key, claims in owned.claims.items():
        mine = [c for c in claims if c.stack == stack]
        others = [c.stack for c in claims if c.stack != stack]
        for claim in mine:
            if others:
                found.append(Problem(claim.path, f"baselines account {key!r}, which Pulumi.{others[0]}.yaml baselines too: "
                                     "account-wide settings (password policy, recorders, detectors) are singletons",
                                     "let exactly one stack baseline each account: remove it from one of the two",
                                     claim.key))
    for claim in owned.strays:
        if claim.stack == stack:
            known = ", ".join(view.accounts)
            found.append(Problem(claim.path, f"baselines account {claim.key!r} (id {claim.account_id}), which is not an "
                                 f"account of the organization in Pulumi.{view.stack}.yaml",
                                 f"add it to landfall:organization.accounts there, or baseline one of {known}", claim.key))
    key = account_key_of(stack)
    if key is not None and key in owned.claims:
        claimants = [c.stack for c in owned.claims[key] if c.stack != stack]
        if claimants:
            found.append(Problem(f"stack {stack}", f"would baseline account {key!r}, which Pulumi.{claimants[0]}.yaml "
                                 "already baselines", f"deploy {claimants[0]} for that account, or turn its baseline off "
                                 f"there (landfall:baseline.enabled: false) to hand it to {stack}", key))
        if owned.owners.get(key) is None and not claimants and key in owned.disabled_overrides:
            found.append(Problem("landfall:baseline.enabled", f"leaves account {key!r} with no baseline: no other stack "
                                 "baselines it, so nothing would govern it", "remove enabled: false, or baseline it "
                                 "from another stack file", False))
    return found


def _account_id_problems(config: "StackConfig", view: OrganizationView) -> list[Problem]:
    """Every id in this file agrees with the organization's accounts, and no two keys share one."""
    found: list[Problem] = []
    seen: dict[str, str] = {}
    for key, account in config.accounts.items():
        if account.id is None:
            continue
        path = f"landfall:accounts.{key}.id"
        org_account = view.accounts.get(key)
        owner_of_id = view.key_of(account.id)
        if account.id in seen:
            found.append(Problem(path, f"is also the id of landfall:accounts.{seen[account.id]}: two keys name one "
                                 "account, so resources meant for one land in the other",
                                 "give each account key its own account's id", account.id))
        elif org_account is not None and org_account.id is not None and org_account.id != account.id:
            also = f" (it is {owner_of_id!r}'s id there)" if owner_of_id else ""
            found.append(Problem(path, f"is not the id of account {key!r} in Pulumi.{view.stack}.yaml, which is "
                                 f"{org_account.id}{also}", f"use {org_account.id}", account.id))
        elif owner_of_id is not None and owner_of_id != key:
            found.append(Problem(path, f"is the id of account {owner_of_id!r} in Pulumi.{view.stack}.yaml: every "
                                 f"resource of {key!r} would land in {owner_of_id!r}",
                                 f"use the key {owner_of_id!r} for that account, or {key!r}'s own id", account.id))
        seen.setdefault(account.id, key)
    return found


def region_problems(config: "StackConfig") -> list[Problem]:
    """A member stack deploys only into the organization's governed regions (the SCPs deny the rest)."""
    view = organization_view(config.project_dir)
    if view is None or config.organization is not None:
        return []  # the management stack checks its own governed regions
    governed = view.governed.regions
    fix = f"use one of the governed regions {', '.join(governed)}, or add it to landfall:organization.governed_regions " \
          f"(and scp_parameters.allowed_regions) in Pulumi.{view.stack}.yaml"
    found = []
    if config.stack.region not in governed:
        found.append(Problem("landfall:stack.region", "is not a governed region of the organization: its SCPs deny it "
                             "and no baseline watches it", fix, config.stack.region))
    for key, account in config.accounts.items():
        if account.region is not None and account.region not in governed:
            found.append(Problem(f"landfall:accounts.{key}.region", "is not a governed region of the organization",
                                 fix, account.region))
    return found
