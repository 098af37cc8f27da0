"""IAM Identity Center planning: which (group, permission set, account) assignments the config asks for, once
each, with stable logical names. Pure: no pulumi.

An assignment's targets are `root` (every account of the organization), an OU path (every account in that OU
or below it, so an account added to the OU later is covered when the stack runs again) or an account key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping

ROOT = "root"
PERMISSION_SET_NAME = re.compile(r"^[\w+=,.@-]{1,32}$")
INSTANCE_ARN = re.compile(r"^arn:aws(-[a-z]{1,5}){0,3}:sso:::instance/(sso)?ins-[a-zA-Z0-9-.]{16}$")
IDENTITY_STORE_ID = re.compile(r"^d-[0-9a-f]{10}$")
MAX_SESSION_HOURS = 12  # the longest session a permission set allows
MAX_MANAGED_POLICIES = 10  # IAM's default quota of managed policies per role (each assignment is a role)
MAX_INLINE_POLICY_CHARS = 10_240  # IAM's limit on a role's inline policies
# What ships by default: auditors can read configuration and security state, not data.
AUDIT_PERMISSION_SET = "audit-read-only"
AUDIT_MANAGED_POLICIES = ("SecurityAudit", "ViewOnlyAccess")


@dataclass(frozen=True, order=True)
class Assignment:
    group: str
    permission_set: str
    account: str  # account key

    @property
    def logical_name(self) -> str:
        return f"sso-{self.group}-{self.permission_set}-{self.account}"


def accounts_in(target: str, account_ous: Mapping[str, str], management: str) -> list[str]:
    """The account keys a target covers. `account_ous`: member account key -> its OU path (or root)."""
    if target == ROOT:
        return [management, *sorted(account_ous)]
    if target == management or target in account_ous:
        return [target]
    prefix = target + "/"
    return sorted(key for key, ou in account_ous.items() if ou == target or ou.startswith(prefix))


def expand(assignments: Iterable[tuple[str, str, list[str]]], account_ous: Mapping[str, str], management: str) -> list[Assignment]:
    """(group, permission set, targets) rows -> one Assignment per account, duplicates merged, sorted."""
    out = {Assignment(group, permission_set, account)
           for group, permission_set, targets in assignments
           for target in targets
           for account in accounts_in(target, account_ous, management)}
    return sorted(out)


def session_duration(hours: int) -> str:
    return f"PT{hours}H"


def managed_policy_arn(name_or_arn: str, partition: str = "aws") -> str:
    """An AWS managed policy by name (`ReadOnlyAccess`, `job-function/ViewOnlyAccess`) or ARN."""
    if name_or_arn.startswith("arn:"):
        return name_or_arn
    job_functions = {"ViewOnlyAccess", "DatabaseAdministrator", "DataScientist", "NetworkAdministrator",
                     "SystemAdministrator", "SupportUser", "Billing"}
    path = f"job-function/{name_or_arn}" if name_or_arn in job_functions else name_or_arn
    return f"arn:{partition}:iam::aws:policy/{path}"
