"""What every stack may know about the organization, read from the management stack's file.

Member stacks need the organization's governed regions, its accounts (key, id, OU) and its baseline owners
before anything is deployed; all of it is in `Pulumi.<management>.yaml` in the same project. Read leniently:
a management file that does not validate yields no view here (its own validation reports why).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from pydantic import ValidationError

from landfall.plan.regions import GovernedRegions

from .ci import ci_role_arn
from .crossstack import stack_file_configs, stamp
from .organization import OrganizationConfig
from .references import full_reference
from .stack import StackKind, StackSettings


@dataclass(frozen=True)
class OrgAccount:
    key: str
    id: Optional[str]  # None: the management stack creates it (pending until its first `pulumi up`)
    ou: str  # OU path, or "root"; the management account is at the root


@dataclass(frozen=True)
class OrganizationView:
    stack: str  # the management stack's name
    settings: StackSettings
    organization: OrganizationConfig
    management_account: OrgAccount
    members: dict[str, OrgAccount]
    governed: GovernedRegions

    @property
    def accounts(self) -> dict[str, OrgAccount]:
        """Every account of the organization, the management account first, then members in key order."""
        return {self.management_account.key: self.management_account, **dict(sorted(self.members.items()))}

    def reference(self, organization: Optional[str] = None) -> str:
        """The full name member stacks read the management stack by, in `organization`."""
        return full_reference(self.stack, organization)

    def ci_role_arn(self) -> Optional[str]:
        """The landfall-ci role (landfall:organization.ci), or None."""
        ci = self.organization.ci
        if ci is None:
            return None
        account = self.accounts.get(ci.account or self.management_account.key)
        return ci_role_arn(self.settings.partition, account.id) if account is not None and account.id else None

    def key_of(self, account_id: str) -> Optional[str]:
        return next((a.key for a in self.accounts.values() if a.id == account_id), None)


def organization_view(project_dir: Path | str) -> Optional[OrganizationView]:
    """The organization of the project's (first) management stack file, or None."""
    project_dir = Path(project_dir).resolve()
    return _view(str(project_dir), stamp(project_dir))


@lru_cache(maxsize=16)
def _view(project_dir: str, _stamp: tuple) -> Optional[OrganizationView]:
    for stack, config in stack_file_configs(Path(project_dir)).items():
        raw_settings = config.get("landfall:stack")
        if not isinstance(raw_settings, dict) or raw_settings.get("kind") != StackKind.MANAGEMENT.value:
            continue
        try:
            settings = StackSettings.model_validate(raw_settings)
            org = OrganizationConfig.model_validate(config.get("landfall:organization") or {})
        except ValidationError:
            return None
        accounts = config.get("landfall:accounts") or {}
        own = accounts.get(settings.account) if isinstance(accounts, dict) else None
        management = OrgAccount(settings.account, str(own["id"]) if isinstance(own, dict) and own.get("id") else None, "root")
        members = {key: OrgAccount(key, a.id, a.ou) for key, a in org.accounts.items()}
        governed = GovernedRegions(settings.region, org.governed_regions or org.scp_parameters.allowed_regions or [settings.region])
        return OrganizationView(stack, settings, org, management, members, governed)
    return None
