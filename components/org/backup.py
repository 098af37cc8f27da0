"""AWS Backup across the organization, from the management stack:

* the backup policy floor (BACKUP_POLICY) attached to its targets, so every account it reaches, including the
  one created tomorrow, backs up what is tagged landfall:backup-plan=org-floor in every governed Region (the
  vault and role it names are created by every account baseline);
* with a central account: cross-account backup turned on (global settings, a management-account call) and
  the central vault there, encrypted with its own key, admitting copies from the organization only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Optional

import pulumi
import pulumi_aws as aws

from landfall.config.organization import OrgBackupConfig
from landfall.plan.account_defaults import minified
from landfall.plan.kms import KEY_DELETION_WINDOW_DAYS, KeyPolicyInputs, KeyPurpose, key_policy
from landfall.plan.org import PolicyTarget
from landfall.plan.recovery import (
    BACKUP_POLICY_TYPE,
    CENTRAL_VAULT_NAME,
    BackupRule,
    backup_policy_document,
    central_vault_policy,
)

from .organization import Organization

FLOOR_SCHEDULE = "cron(0 5 * * ? *)"
CENTRAL_LOCK_MIN_DAYS = 7  # governance lock: nobody in the central account keeps a copy for less


@dataclass(frozen=True)
class OrgBackupArgs:
    organization: Organization
    config: OrgBackupConfig
    targets: list[PolicyTarget]
    regions: list[str]
    partition: str
    central_account_id: Optional[str] = None
    central_provider: Optional[pulumi.ProviderResource] = None  # the central account's provider


class OrgBackup(pulumi.ComponentResource):
    """`landfall:organization:Backup`: `backup-floor`, `backup-floor.<target>`, `backup-cross-account`,
    `central-backup-key` and `central-backup-vault`."""

    def __init__(self, name: str, args: OrgBackupArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:organization:Backup", name, None, opts)
        org = args.organization
        after_org = pulumi.ResourceOptions(parent=self, depends_on=[org.organization])
        self.floor: Optional[aws.organizations.Policy] = None
        if args.config.floor_policy:
            document = backup_policy_document(BackupRule(FLOOR_SCHEDULE, args.config.floor_retention_days),
                                              regions=args.regions, partition=args.partition)
            self.floor = aws.organizations.Policy(
                "backup-floor", name="landfall-backup-floor", type=BACKUP_POLICY_TYPE, content=minified(document),
                description="landfall: daily backups of resources tagged landfall:backup-plan=org-floor",
                opts=after_org,
            )
            for target in args.targets:
                aws.organizations.PolicyAttachment(f"backup-floor.{target.logical_name}", policy_id=self.floor.id,
                                                   target_id=org.target_id(target), opts=pulumi.ResourceOptions(parent=self))
        self.central_vault: Optional[aws.backup.Vault] = None
        if args.central_account_id is not None and args.central_provider is not None:
            aws.backup.GlobalSettings("backup-cross-account", global_settings={"isCrossAccountBackupEnabled": "true"},
                                      opts=after_org)
            central = pulumi.ResourceOptions(parent=self, provider=args.central_provider, protect=True)
            key = aws.kms.Key(
                "central-backup-key",
                description="landfall central backup vault",
                enable_key_rotation=True,
                deletion_window_in_days=KEY_DELETION_WINDOW_DAYS,
                policy=json.dumps(key_policy(KeyPolicyInputs(partition=args.partition, account_id=args.central_account_id,
                                                             region=args.regions[0], purpose=KeyPurpose.DATA))),
                opts=central,
            )
            self.central_vault = aws.backup.Vault("central-backup-vault", name=CENTRAL_VAULT_NAME, kms_key_arn=key.arn, opts=central)
            child = pulumi.ResourceOptions(parent=self, provider=args.central_provider)
            aws.backup.VaultPolicy(
                "central-backup-vault",
                backup_vault_name=self.central_vault.name,
                policy=org.organization.id.apply(lambda org_id: json.dumps(central_vault_policy(org_id, args.partition))),
                opts=child,
            )
            aws.backup.VaultLockConfiguration(
                "central-backup-vault",
                backup_vault_name=self.central_vault.name,
                min_retention_days=CENTRAL_LOCK_MIN_DAYS,
                opts=child,
            )
        self.register_outputs({
            "floor_policy_id": self.floor.id if self.floor is not None else None,
            "central_vault_arn": self.central_vault.arn if self.central_vault is not None else None,
        })
