"""Composition of the management stack: the organization and everything that governs it.

Runs with management-account credentials. The trail's bucket and key are declared through the log-archive
account's provider and GuardDuty/Security Hub organization settings through the audit account's, so one
stack touches exactly the three accounts that hold organization-wide state.
"""

from __future__ import annotations

from typing import Any, Optional

import pulumi

from landfall.config.model import StackConfig
from landfall.plan.kms import KeyPurpose
from landfall.plan.org import classify_target

from .baseline import build_baselines
from .org.account_defaults import AccountDefaults, AccountDefaultsArgs
from .org.backup import OrgBackup, OrgBackupArgs
from .org.ci import CiAccess, CiAccessArgs
from .org.delegation import AdministratorAccount, SecurityDelegation, SecurityDelegationArgs
from .org.identity_center import IdentityCenter, IdentityCenterArgs
from .org.organization import Organization, OrganizationArgs
from .org.policies import OrganizationPolicies, OrganizationPoliciesArgs
from .org.trail import LogArchive, LogArchiveArgs, OrganizationTrail, OrganizationTrailArgs
from .providers import AccountProviders
from .workload import AccountKeys


def build_org_backup(config: StackConfig, providers: AccountProviders, org: Organization) -> Optional[OrgBackup]:
    org_cfg = config.organization
    assert org_cfg is not None
    backup = org_cfg.backup
    if backup is None:
        return None
    ou_paths = org_cfg.ou_paths()
    targets = [t for t in (classify_target(name, ou_paths, org_cfg.accounts) for name in backup.floor_targets) if t is not None]
    central = backup.central_account
    return OrgBackup(
        "backup",
        OrgBackupArgs(
            organization=org, config=backup, targets=targets, regions=list(config.governed_regions().regions),
            partition=config.stack.partition,
            central_account_id=providers.account_id(central) if central else None,
            central_provider=providers.get(central) if central else None,
        ),
        providers.opts(),
    )


def build_management(config: StackConfig) -> dict[str, Any]:
    org_cfg = config.organization
    assert org_cfg is not None  # validated: a management stack has landfall:organization
    ctx = config.context
    stack = config.stack
    providers = AccountProviders(config)
    keys = AccountKeys(config, providers)
    management_id = providers.account_id()

    org = Organization("organization", OrganizationArgs(org_cfg, org_cfg.ou_nodes()), providers.opts())

    policies = OrganizationPolicies(
        "policies",
        OrganizationPoliciesArgs(org, org_cfg.rendered_scps(ctx), org_cfg.scp_attachments(), org_cfg.tag_policy_plan(),
                                 stack.environment),
        providers.opts(),
    )

    AccountDefaults("account-defaults", AccountDefaultsArgs(org, org_cfg.account_defaults), providers.opts())
    backup = build_org_backup(config, providers, org)
    access = None
    if org_cfg.identity_center is not None:
        account_ous = {key: account.ou for key, account in org_cfg.accounts.items()}
        access = IdentityCenter(
            "identity-center",
            IdentityCenterArgs(
                config=org_cfg.identity_center,
                assignments=org_cfg.identity_center.planned(account_ous, stack.account),
                account_ids={stack.account: management_id, **{k: a.id for k, a in org.accounts.items()}},
                partition=stack.partition,
            ),
            providers.opts(),
        )

    recorders = config.baseline.enabled and config.baseline.config_recorder.enabled
    trail_cfg = org_cfg.trail
    archive = LogArchive(
        "log-archive",
        LogArchiveArgs(
            partition=stack.partition, region=providers.region(trail_cfg.account),
            account_id=providers.account_id(trail_cfg.account), management_account_id=management_id,
            trail_name=trail_cfg.name, trail_arn=org_cfg.trail_arn(ctx), organization_id=org.organization.id,
            retention_days=trail_cfg.retention_days, environment=stack.environment,
            # Every account of the organization delivers its AWS Config items to the log archive.
            config_account_ids=pulumi.Output.all(management_id, *[a.id for a in org.accounts.values()])
            if recorders else None,
        ),
        providers.opts(trail_cfg.account),
    )
    config_bucket = archive.config_bucket
    baselines = build_baselines(
        config, providers, keys,
        config_bucket=config_bucket.bucket.id if config_bucket else None,
        depends_on=[config_bucket.policy] if config_bucket else (),
    )
    administrators = {}
    for account_key in dict.fromkeys(org_cfg.delegated_admins.values()):
        baseline = baselines.get(account_key)
        administrators[account_key] = AdministratorAccount(
            key=account_key,
            account_id=org.accounts[account_key].id,
            # Validated: an administrator of GuardDuty or Security Hub is in landfall:accounts.
            opts=providers.opts(account_key) if account_key in config.accounts else providers.opts(),
            guardduty_detector_ids={r: d.id for r, d in baseline.detectors.items()} if baseline is not None else {},
        )
    delegation = SecurityDelegation(
        "security-services",
        # Trusted access first; and this stack's baselines, so the detectors it creates (the management
        # account's, which GuardDuty expects before an administrator is designated, and log-archive's and
        # audit's) exist before auto-enable ALL would create them itself.
        SecurityDelegationArgs(org_cfg.delegated_admins, administrators,
                               depends_on=[org.organization, *baselines.values()], regions=config.governed_regions(),
                               root_id=org.root_id, environment=stack.environment,
                               partition=stack.partition),
        providers.opts(),
    ) if org_cfg.delegated_admins else None

    trail = OrganizationTrail(
        "org-trail",
        OrganizationTrailArgs(
            partition=stack.partition, region=providers.region(), account_id=management_id, trail_name=trail_cfg.name,
            bucket_name=archive.bucket_name, kms_key_arn=archive.key_arn,
            log_group_kms_key_arn=keys.ring(stack.account).arn(KeyPurpose.LOGS),
            log_group_retention_days=trail_cfg.cloudwatch_logs_retention_days,
            s3_data_events=trail_cfg.s3_data_events,
            depends_on=[archive.trail_bucket.policy, org.organization],
        ),
        providers.opts(),
    )
    ci = None
    if org_cfg.ci is not None:
        ci_account = org_cfg.ci.account or stack.account
        ci = CiAccess("ci", CiAccessArgs(org_cfg.ci, stack.partition, providers.account_id(ci_account),
                                         org.organization.id), providers.opts(ci_account))
    ring = keys.ring(stack.account)
    return {
        "organization_id": org.organization.id,
        "root_id": org.root_id,
        "ou_ids": {path: ou.id for path, ou in org.ous.items()},
        "account_ids": {key: account.id for key, account in org.accounts.items()},
        "scp_ids": {name: p.id for name, p in policies.policies.items()},
        "delegated_admins": dict(org_cfg.delegated_admins) if delegation else {},
        "trail_arn": trail.trail.arn,
        "trail_bucket": archive.bucket_name,
        # Member stacks set landfall:baseline.config_recorder.delivery_bucket to this.
        "config_bucket": config_bucket.bucket.id if config_bucket else None,
        "trail_key_arn": archive.key_arn,
        "permission_set_arns": {k: p.arn for k, p in access.permission_sets.items()} if access is not None else {},
        "central_backup_vault_arn": backup.central_vault.arn if backup is not None and backup.central_vault is not None else None,
        "kms_keys": {p.value: k.arn for p, k in ring.keys.items()},
        # The deploy workflow's role-to-assume (vars.LANDFALL_CI_ROLE_ARN)
        "ci_role_arn": ci.role_arn if ci is not None else None,
        # The pull-request preview and drift workflows' role-to-assume (vars.LANDFALL_PREVIEW_ROLE_ARN)
        "ci_preview_role_arn": ci.preview_role_arn if ci is not None else None,
    }
