"""A workload stack's AWS Backup: its vault (locked in production), one plan per RPO tier selecting the
stack's tables by their landfall:backup-plan tag, and the copies the DR posture asks for (a vault in the DR
Region, encrypted with a key of that Region; the organization's central vault in another account)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Optional

import pulumi
import pulumi_aws as aws

from landfall.plan.grants import service_trust_policy
from landfall.plan.kms import KEY_DELETION_WINDOW_DAYS, KeyPolicyInputs, KeyPurpose, key_policy
from landfall.plan.recovery import BACKUP_TAG, BackupRule, VaultLock, lock_bounds, vault_name

BACKUP_SERVICE = "backup.amazonaws.com"
MANAGED_POLICIES = ("AWSBackupServiceRolePolicyForBackup", "AWSBackupServiceRolePolicyForRestores")
START_WINDOW_MINUTES = 60  # the shortest AWS Backup accepts
COMPLETION_WINDOW_MINUTES = 360  # room for a large table's first full backup


def backup_service_role(name: str, role_name: str, account_id: str, partition: str,
                        opts: pulumi.ResourceOptions) -> aws.iam.Role:
    """A role AWS Backup assumes for this account only, with AWS's backup and restore policies; the
    attachments are named `<name>-<policy>`."""
    role = aws.iam.Role(name, name=role_name, opts=opts,
                        assume_role_policy=json.dumps(service_trust_policy(BACKUP_SERVICE, account_id, partition)))
    for policy in MANAGED_POLICIES:
        aws.iam.RolePolicyAttachment(f"{name}-{policy}", role=role.name,
                                     policy_arn=f"arn:{partition}:iam::aws:policy/service-role/{policy}", opts=opts)
    return role


@dataclass(frozen=True)
class WorkloadBackupArgs:
    environment: str
    partition: str
    account_id: str
    region: str
    data_key_arn: pulumi.Input[str]
    rules: dict[str, BackupRule]
    lock: VaultLock
    dr_region: Optional[str] = None
    central_vault_arn: Optional[str] = None  # the organization's copy vault, or None
    protect: bool = False


class WorkloadBackup(pulumi.ComponentResource):
    """`landfall:recovery:WorkloadBackup`: children `<name>-vault`, `<name>-<plan>` (plan and selection) and,
    with a DR Region, `<name>-vault-<region>` and its key `<name>-key-<region>`."""

    def __init__(self, name: str, args: WorkloadBackupArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:recovery:WorkloadBackup", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        kept = pulumi.ResourceOptions(parent=self, protect=args.protect)
        env = args.environment
        self.role = backup_service_role(f"{name}-role", f"landfall-{env}-backup", args.account_id, args.partition, child)
        self.vault = aws.backup.Vault(f"{name}-vault", name=vault_name(env), kms_key_arn=args.data_key_arn, opts=kept)
        retentions = [r.retention_days for r in args.rules.values()]
        self._lock(f"{name}-vault-lock", self.vault, args.lock, retentions, None, child)

        self.dr_vault: Optional[aws.backup.Vault] = None
        if args.dr_region is not None and any(r.copy_to_dr_region for r in args.rules.values()):
            region = args.dr_region
            key = aws.kms.Key(
                f"{name}-key-{region}",
                description=f"landfall {env} backup copies in {region}",
                enable_key_rotation=True,
                deletion_window_in_days=KEY_DELETION_WINDOW_DAYS,
                policy=json.dumps(key_policy(KeyPolicyInputs(partition=args.partition, account_id=args.account_id,
                                                             region=region, purpose=KeyPurpose.DATA))),
                region=region,
                opts=kept,
            )
            aws.kms.Alias(f"{name}-key-{region}", name=f"alias/landfall/{env}/backup", target_key_id=key.key_id,
                          region=region, opts=child)
            self.dr_vault = aws.backup.Vault(f"{name}-vault-{region}", name=vault_name(env), kms_key_arn=key.arn,
                                             region=region, opts=kept)
            copies = [r.copy_retention for r in args.rules.values() if r.copy_to_dr_region]
            self._lock(f"{name}-vault-lock-{region}", self.dr_vault, args.lock, copies, region, child)

        self.plans: dict[str, aws.backup.Plan] = {}
        for key_name, rule in args.rules.items():
            copy_actions = []
            if rule.copy_to_dr_region and self.dr_vault is not None:
                copy_actions.append(aws.backup.PlanRuleCopyActionArgs(
                    destination_vault_arn=self.dr_vault.arn,
                    lifecycle=aws.backup.PlanRuleCopyActionLifecycleArgs(delete_after=rule.copy_retention)))
            if rule.copy_to_central and args.central_vault_arn is not None:
                copy_actions.append(aws.backup.PlanRuleCopyActionArgs(
                    destination_vault_arn=args.central_vault_arn,
                    lifecycle=aws.backup.PlanRuleCopyActionLifecycleArgs(delete_after=rule.copy_retention)))
            plan = aws.backup.Plan(
                f"{name}-{key_name}",
                name=f"landfall-{env}-{key_name}",
                rules=[aws.backup.PlanRuleArgs(
                    rule_name=key_name,
                    target_vault_name=self.vault.name,
                    schedule=rule.schedule,
                    start_window=START_WINDOW_MINUTES,
                    completion_window=COMPLETION_WINDOW_MINUTES,
                    enable_continuous_backup=rule.continuous,
                    lifecycle=aws.backup.PlanRuleLifecycleArgs(delete_after=rule.retention_days,
                                                               cold_storage_after=rule.cold_storage_after_days),
                    copy_actions=copy_actions or None,
                    recovery_point_tags={BACKUP_TAG: key_name},
                )],
                opts=child,
            )
            aws.backup.Selection(
                f"{name}-{key_name}",
                name=f"landfall-{env}-{key_name}",
                plan_id=plan.id,
                iam_role_arn=self.role.arn,
                # Tag-only: every resource of the account tagged with this plan, whatever created it (the
                # baseline opts the services in per Region, as tag-only selections require).
                selection_tags=[aws.backup.SelectionSelectionTagArgs(type="STRINGEQUALS", key=BACKUP_TAG, value=key_name)],
                opts=child,
            )
            self.plans[key_name] = plan
        self.register_outputs({
            "vault_arn": self.vault.arn,
            "dr_vault_arn": self.dr_vault.arn if self.dr_vault is not None else None,
            "plan_ids": {k: p.id for k, p in self.plans.items()},
        })

    @staticmethod
    def _lock(name: str, vault: aws.backup.Vault, mode: VaultLock, retentions: list[int], region: Optional[str],
              opts: pulumi.ResourceOptions) -> None:
        bounds = lock_bounds(mode, retentions)
        if bounds is None:
            return
        aws.backup.VaultLockConfiguration(
            name,
            backup_vault_name=vault.name,
            min_retention_days=bounds.min_retention_days,
            max_retention_days=bounds.max_retention_days,
            changeable_for_days=bounds.changeable_for_days,
            region=region,
            opts=opts,
        )
