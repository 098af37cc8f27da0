"""Account baseline stacks, `baseline-<account key>`: their config is generated, not written per account.

One template (`templates/baseline.yaml`) plus what the organization's stack file says about the account:
its key, its id (or none while the management stack is still creating it), the home region, and the
organization's Config bucket. An optional `Pulumi.baseline-<key>.yaml` is merged over the result, so an
account can differ without a file for every account. Pure: reads files, imports no pulumi.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Optional

from landfall.plan.trail import config_bucket_name

from .errors import ConfigError, Problem
from .org_view import OrganizationView, organization_view
from .yaml_text import read_stack_config

PREFIX = "baseline-"
TEMPLATE = Path("templates") / "baseline.yaml"


def account_key_of(stack: str) -> Optional[str]:
    """`baseline-sandbox` -> `sandbox`; None for any other stack name."""
    return stack[len(PREFIX):] if stack.startswith(PREFIX) and len(stack) > len(PREFIX) else None


def baseline_stack_name(account_key: str) -> str:
    return f"{PREFIX}{account_key}"


def template_values(project_dir: Path | str) -> dict[str, Any]:
    path = Path(project_dir) / TEMPLATE
    return dict(read_stack_config(path, TEMPLATE.as_posix()))


def generated_values(stack: str, project_dir: Path | str, view: Optional[OrganizationView] = None) -> dict[str, Any]:
    """The `landfall:*` values of baseline stack `stack` before any override, or ConfigError when the
    organization has no such account."""
    key = account_key_of(stack)
    view = view if view is not None else organization_view(project_dir)
    if key is None:
        raise ValueError(f"{stack} is not a baseline stack name")
    if view is None:
        raise ConfigError([Problem(f"stack {stack}", "is an account baseline stack, but no valid management stack file "
                                   "describes the organization", "add Pulumi.<management>.yaml (kind: management) "
                                   "with landfall:organization, and fix its own errors first")])
    account = view.accounts.get(key)
    if account is None:
        known = ", ".join(view.accounts) or "none"
        raise ConfigError([Problem(f"stack {stack}", f"names account {key!r}, which the organization in "
                                   f"Pulumi.{view.stack}.yaml does not have",
                                   f"use baseline-<key> for one of its accounts ({known}), or add the account to "
                                   "landfall:organization.accounts")])
    values = copy.deepcopy(template_values(project_dir))
    settings = values.setdefault("landfall:stack", {})
    settings.update(region=view.settings.region, partition=view.settings.partition, account=key)
    entry: dict[str, Any] = {"id": account.id}
    if account.key == view.management_account.key:
        entry["role"] = None  # the management account: the credentials the stack runs with
    elif view.organization.ci is not None:
        entry["role"] = view.organization.ci.assume_role  # landfall-deploy once the first run created it
    values["landfall:accounts"] = {key: entry}
    baseline = values.setdefault("landfall:baseline", {})
    trail_account = view.accounts.get(view.organization.trail.account)
    if trail_account is not None and trail_account.id is not None:
        recorder = baseline.setdefault("config_recorder", {})
        recorder.setdefault("delivery_bucket", config_bucket_name(trail_account.id, view.settings.region))
    return values


def merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Override's values over base's, mappings merged key by key (lists and scalars replaced)."""
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out
