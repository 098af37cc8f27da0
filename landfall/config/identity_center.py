"""`landfall:organization.identity_center`: how people get into the accounts. Permission sets, the groups
(looked up by display name where an external IdP provisions them, or created), and assignments of a group and
a permission set to root, OUs or accounts, expanded to accounts from the organization config."""

from __future__ import annotations

import json
from typing import Any, Optional

from pydantic import Field

from landfall.plan.access import (
    AUDIT_MANAGED_POLICIES,
    AUDIT_PERMISSION_SET,
    IDENTITY_STORE_ID,
    INSTANCE_ARN,
    MAX_INLINE_POLICY_CHARS,
    MAX_MANAGED_POLICIES,
    MAX_SESSION_HOURS,
    PERMISSION_SET_NAME,
    ROOT,
    Assignment,
    expand,
)

from .base import StrictModel
from .errors import Problem

SECTION = "landfall:organization.identity_center"


class PermissionSetConfig(StrictModel):
    description: str = Field(default="", description="Shown in the access portal. Default: none.")
    session_hours: int = Field(default=1, description=f"Session length, 1-{MAX_SESSION_HOURS} h. Default: 1 (short sessions limit a stolen one).")
    managed_policies: list[str] = Field(
        default_factory=list,
        description=f"AWS managed policies by name (ReadOnlyAccess) or ARN, at most {MAX_MANAGED_POLICIES} (IAM's default "
        "quota per role). Default: none.",
    )
    inline_policy: Optional[dict[str, Any]] = Field(default=None, description="One inline IAM policy document. Default: none.")
    permissions_boundary: Optional[str] = Field(
        default=None, description="An AWS managed policy (name or ARN) capping what the other policies grant. Default: none.")


class GroupConfig(StrictModel):
    display_name: Optional[str] = Field(default=None, description="The group's display name in the identity store. Default: the key.")
    create: bool = Field(
        default=False,
        description="Create the group in the identity store. Default: false (an external IdP provisions it through SCIM; "
        "landfall looks it up by display name).",
    )


class AssignmentConfig(StrictModel):
    group: str = Field(description="Key of identity_center.groups.")
    permission_set: str = Field(description="Key of identity_center.permission_sets.")
    targets: list[str] = Field(description="root (every account), OU paths (every account in or below) or account keys.")


class IdentityCenterConfig(StrictModel):
    instance_arn: str = Field(description="The organization instance of IAM Identity Center (arn:aws:sso:::instance/ssoins-...).")
    identity_store_id: str = Field(description="Its identity store (d-xxxxxxxxxx).")
    permission_sets: dict[str, PermissionSetConfig] = Field(
        default_factory=dict,
        description=f"Permission sets keyed by name (1-32 characters). {AUDIT_PERMISSION_SET} (SecurityAudit + ViewOnlyAccess, "
        "4 h) is always defined; a key of that name replaces it.",
    )
    groups: dict[str, GroupConfig] = Field(default_factory=dict, description="Groups keyed by a stable name. Default: none.")
    assignments: list[AssignmentConfig] = Field(default_factory=list, description="Who gets which permission set where. Default: none.")

    def all_permission_sets(self) -> dict[str, PermissionSetConfig]:
        defaults = {AUDIT_PERMISSION_SET: PermissionSetConfig(
            description="landfall: read configuration and security state, not data", session_hours=4,
            managed_policies=list(AUDIT_MANAGED_POLICIES))}
        return {**defaults, **self.permission_sets}

    def planned(self, account_ous: dict[str, str], management: str) -> list[Assignment]:
        return expand(((a.group, a.permission_set, a.targets) for a in self.assignments), account_ous, management)

    def problems(self, ou_paths: list[str], accounts: list[str], management: str) -> list[Problem]:
        found: list[Problem] = []
        if not INSTANCE_ARN.match(self.instance_arn):
            found.append(Problem(f"{SECTION}.instance_arn", "is not an IAM Identity Center instance ARN",
                                 "copy it from the Identity Center settings page: arn:aws:sso:::instance/ssoins-<16 characters>", self.instance_arn))
        if not IDENTITY_STORE_ID.match(self.identity_store_id):
            found.append(Problem(f"{SECTION}.identity_store_id", "is not an identity store id", "use d- and 10 hex digits, from the settings page", self.identity_store_id))
        for key, ps in self.permission_sets.items():
            path = f"{SECTION}.permission_sets.{key}"
            if not PERMISSION_SET_NAME.match(key):
                found.append(Problem(path, "permission set names are 1-32 letters, digits or +=,.@_-", "use a shorter key, e.g. platform-admin", key))
            if not 1 <= ps.session_hours <= MAX_SESSION_HOURS:
                found.append(Problem(f"{path}.session_hours", f"must be 1-{MAX_SESSION_HOURS} hours", "use 1 for admins, up to 8 for daily work", ps.session_hours))
            if len(ps.managed_policies) > MAX_MANAGED_POLICIES:
                found.append(Problem(f"{path}.managed_policies", f"lists {len(ps.managed_policies)} policies; a permission set's role takes "
                                     f"{MAX_MANAGED_POLICIES} (IAM quota)", "merge them into the inline policy, or raise the IAM quota in every account first", len(ps.managed_policies)))
            if len(set(ps.managed_policies)) != len(ps.managed_policies):
                found.append(Problem(f"{path}.managed_policies", "repeats a policy", "list each once", ps.managed_policies))
            if ps.inline_policy is not None:
                size = len(json.dumps(ps.inline_policy, separators=(",", ":")))
                if size > MAX_INLINE_POLICY_CHARS:
                    found.append(Problem(f"{path}.inline_policy", f"is {size:,} characters; IAM allows {MAX_INLINE_POLICY_CHARS:,} for a role's inline policy",
                                         "move statements to AWS managed policies", size))
                if "Statement" not in ps.inline_policy:
                    found.append(Problem(f"{path}.inline_policy", "is not an IAM policy document (no Statement)", "give Version and Statement", None))
            if not ps.managed_policies and ps.inline_policy is None:
                found.append(Problem(path, "grants nothing (no managed or inline policy)", "add managed_policies or inline_policy", key))
        permission_sets = self.all_permission_sets()
        known_targets = [ROOT, *ou_paths, management, *accounts]
        for i, a in enumerate(self.assignments):
            path = f"{SECTION}.assignments[{i}]"
            if a.group not in self.groups:
                found.append(Problem(f"{path}.group", "names no group of identity_center.groups",
                                     f"use one of {', '.join(self.groups) or 'none declared'}, or add the group", a.group))
            if a.permission_set not in permission_sets:
                found.append(Problem(f"{path}.permission_set", "names no permission set",
                                     f"use one of {', '.join(permission_sets)}", a.permission_set))
            if not a.targets:
                found.append(Problem(f"{path}.targets", "is empty", "list root, OU paths or account keys", a.targets))
            for j, target in enumerate(a.targets):
                if target not in known_targets:
                    found.append(Problem(f"{path}.targets[{j}]", "names no OU, account or root",
                                         f"use root, an OU path ({', '.join(ou_paths)}) or an account key", target))
        return found
