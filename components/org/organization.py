"""The organization itself, its OU tree and its member accounts: everything here is protected.

Deleting an OU or an account is never something a diff should do by accident: an OU deletion fails while
it holds accounts, and an account removed from the organization loses its SCPs. `protect` makes the engine
refuse; removing one on purpose takes `pulumi state unprotect` first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import pulumi
import pulumi_aws as aws

from landfall.config.organization import OrganizationConfig
from landfall.plan.org import ROOT, OuNode, PolicyTarget, TargetKind, account_logical_name


@dataclass(frozen=True)
class OrganizationArgs:
    config: OrganizationConfig
    ous: list[OuNode]  # parents before children (flatten_ous)


class Organization(pulumi.ComponentResource):
    """`landfall:organization:Organization`: the organization, OUs named `ou-<path>`, accounts `acct-<key>`."""

    organization: aws.organizations.Organization
    ous: dict[str, aws.organizations.OrganizationalUnit]
    accounts: dict[str, aws.organizations.Account]

    def __init__(self, name: str, args: OrganizationArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:organization:Organization", name, None, opts)
        cfg = args.config
        self.organization = aws.organizations.Organization(
            name,
            feature_set=cfg.feature_set.value,
            enabled_policy_types=cfg.enabled_policy_types(),
            # Trusted access for the trail and every delegated service: sorted so reordering config is no diff.
            aws_service_access_principals=cfg.all_service_access_principals(),
            opts=pulumi.ResourceOptions(parent=self, protect=True, import_=cfg.id),
        )
        self.root_id = self.organization.roots.apply(lambda roots: roots[0]["id"])

        self.ous = {}
        for node in args.ous:
            parent_id = self.root_id if node.parent is None else self.ous[node.parent].id
            self.ous[node.path] = aws.organizations.OrganizationalUnit(
                node.logical_name,
                name=node.name,
                parent_id=parent_id,
                # an adopted OU (config id) is imported: the preview shows `= import`, no duplicate is created
                opts=pulumi.ResourceOptions(parent=self, protect=True, import_=node.id),
            )

        self.accounts = {}
        for key, account in cfg.accounts.items():
            self.accounts[key] = aws.organizations.Account(
                account_logical_name(key),
                name=account.name or key,
                email=account.email,
                parent_id=self.root_id if account.ou == ROOT else self.ous[account.ou].id,
                role_name=account.role_name,
                close_on_deletion=account.close_on_deletion,
                opts=pulumi.ResourceOptions(
                    parent=self,
                    protect=True,
                    import_=account.id,
                    # AWS never returns the role name (it is only used at creation) or the billing setting,
                    # so an adopted account would otherwise show a permanent diff.
                    ignore_changes=["roleName", "iamUserAccessToBilling"],
                ),
            )

        self.register_outputs({
            "organization_id": self.organization.id,
            "root_id": self.root_id,
            "ou_ids": {path: ou.id for path, ou in self.ous.items()},
            "account_ids": {key: acct.id for key, acct in self.accounts.items()},
        })

    def target_id(self, target: PolicyTarget) -> pulumi.Output[str]:
        """The id a policy attaches to: the root, an OU (by path) or an account (by key)."""
        if target.kind is TargetKind.ROOT:
            return self.root_id
        if target.kind is TargetKind.OU:
            return self.ous[target.name].id
        return self.accounts[target.name].id
