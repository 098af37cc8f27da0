"""`landfall:accounts`: the accounts a stack may touch, by name.

Every resource is created through an explicit provider for one of these accounts, so a
resource can never land in an account by accident (the default provider is never used).
"""

from __future__ import annotations

import re
from typing import Optional

from pydantic import Field

from landfall.plan.regions import region_problem

from .base import StrictModel
from .errors import Problem

SECTION = "landfall:accounts"

# The role AWS Organizations creates in every member account it vends.
DEFAULT_ROLE = "OrganizationAccountAccessRole"


class AccountConfig(StrictModel):
    id: Optional[str] = Field(
        description="The 12-digit AWS account id. null only in an account baseline stack for an account the "
        "management stack is still creating: the id then comes from its account_ids output."
    )
    role: Optional[str] = Field(
        default=DEFAULT_ROLE,
        description="Role assumed in the account. Default: OrganizationAccountAccessRole (the role "
        "Organizations creates in vended accounts). null: use the credentials the stack runs with "
        "(the management account in the management stack).",
    )
    region: Optional[str] = Field(default=None, description="Region of this account's provider. Default: the stack's region.")

    def problems(self, name: str, partition: str = "aws", pending_allowed: bool = False) -> list[Problem]:
        found: list[Problem] = []
        path = f"{SECTION}.{name}"
        if self.id is None:
            if not pending_allowed:
                found.append(Problem(f"{path}.id", "is required", "give the account's 12-digit id, quoted", None))
        elif not re.fullmatch(r"\d{12}", self.id):
            found.append(Problem(f"{path}.id", "must be a 12-digit AWS account id", "quote it in YAML so leading zeros survive: id: \"012345678901\"", self.id))
        # IAM role names: 1-64 ASCII letters, digits and +=,.@_- (a path before the name may add /).
        if self.role is not None and not re.fullmatch(r"[\w+=,.@/-]{1,64}", self.role, re.ASCII):
            found.append(Problem(f"{path}.role", "is not a valid IAM role name", "use the role's name, not its ARN", self.role))
        bad_region = region_problem(self.region, partition) if self.region is not None else None
        if bad_region is not None:
            found.append(Problem(f"{path}.region", *bad_region, self.region))
        if not re.fullmatch(r"[a-z][a-z0-9-]{0,31}", name):
            found.append(Problem(path, "account names must be lowercase letters, digits or hyphens", "rename the key, e.g. log-archive", name))
        return found


def check_account_ref(name: str, path: str, accounts: dict[str, AccountConfig]) -> list[Problem]:
    """A reference to an account by name must name an entry of landfall:accounts."""
    if name in accounts:
        return []
    known = ", ".join(sorted(accounts)) or "none declared"
    return [Problem(path, "names an unknown account", f"use one of the keys of {SECTION} ({known}) or add the account there", name)]
