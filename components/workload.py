"""Composition of a workload stack (dev, staging, prod): keys, VPCs and endpoints, the transit attachments
(spoke side and hub side), peerings and the account baseline."""

from __future__ import annotations

from typing import Any, Optional

import pulumi

from landfall.config.model import StackConfig
from landfall.plan.addresses import TierType, plan_vpc
from landfall.plan.edge import EDGE_REGION
from landfall.plan.kms import KeyPurpose
from landfall.plan.recovery import CENTRAL_VAULT_NAME, vault_arn

from .app.compose import APP_KEY_PRINCIPALS, build_app, has_app, needs_secrets_key
from .baseline import build_baselines
from .connect import attach_to_hub, build_peering
from .kms import KeyRing, KeyRingArgs
from .network.endpoints import Endpoints, EndpointsArgs
from .network.vpc import Vpc, VpcArgs
from .providers import AccountProviders
from .recovery import WorkloadBackup, WorkloadBackupArgs


class AccountKeys:
    """The stack's KMS key ring in each account it uses, created on first use."""

    def __init__(self, config: StackConfig, providers: AccountProviders) -> None:
        self._config = config
        self._providers = providers
        self._rings: dict[str, KeyRing] = {}

    def ring(self, account: str) -> KeyRing:
        if account not in self._rings:
            stack = self._config.stack
            self._rings[account] = KeyRing(
                f"keys-{account}",
                KeyRingArgs(
                    partition=stack.partition,
                    account_id=self._providers.account_id(account),
                    region=self._providers.region(account),
                    environment=stack.environment,
                    # The SECRETS key only where a service keeps secrets (adding it adds a key, renames nothing).
                    purposes=(KeyPurpose.LOGS, KeyPurpose.DATA) + ((KeyPurpose.SECRETS,) if account == stack.account and any(
                        needs_secrets_key(s) for s in self._config.services.services.values()) else ()),
                    service_principals=(
                        {KeyPurpose.DATA: APP_KEY_PRINCIPALS} if account == stack.account and has_app(self._config) else {}
                    ),
                    # ECR repositories are encrypted with the data key: the accounts that pull cross-account
                    # must be able to decrypt the image layers.
                    cross_account_ids={KeyPurpose.DATA: self._pull_accounts()} if account == stack.account and self._pull_accounts() else {},
                    protect=stack.production,
                ),
                self._providers.opts(account),
            )
        return self._rings[account]

    def _pull_accounts(self) -> tuple[str, ...]:
        return tuple(sorted({a for s in self._config.services.services.values() for r in s.repositories.values() for a in r.pull_accounts}))

    def replica_key_arn(self, account: str, region: str) -> pulumi.Output[str]:
        """The data key of `account` in another `region` (global-table replicas), created on first use."""
        return self._regional_key(account, region, KeyPurpose.DATA, f"keys-{account}-{region}")

    def edge_log_key_arn(self, account: str) -> pulumi.Output[str]:
        """A LOGS key of `account` in us-east-1, where CloudFront's access-log source and log group live."""
        return self._regional_key(account, EDGE_REGION, KeyPurpose.LOGS, f"keys-{account}-{EDGE_REGION}-edge")

    def log_key_arn(self, account: str, region: str) -> pulumi.Output[str]:
        """The LOGS key of `account` in `region`: the account's own ring at home, the edge ring in us-east-1,
        otherwise a ring made on first use (Lambda@Edge log groups in the governed regions)."""
        if region == self._providers.region(account):
            return self.ring(account).arn(KeyPurpose.LOGS)
        if region == EDGE_REGION:
            return self.edge_log_key_arn(account)
        return self._regional_key(account, region, KeyPurpose.LOGS, f"keys-{account}-{region}-edge")

    def _regional_key(self, account: str, region: str, purpose: KeyPurpose, ring_name: str) -> pulumi.Output[str]:
        """One key of `purpose` in another region than the provider's, through the per-resource region input."""
        if ring_name not in self._rings:
            stack = self._config.stack
            self._rings[ring_name] = KeyRing(
                ring_name,
                KeyRingArgs(
                    partition=stack.partition, account_id=self._providers.account_id(account), region=region,
                    environment=stack.environment, purposes=(purpose,), protect=stack.production,
                    resource_region=region,
                ),
                self._providers.opts(account),
            )
        return self._rings[ring_name].arn(purpose)


def build_vpcs(config: StackConfig, providers: AccountProviders, keys: AccountKeys) -> dict[str, Vpc]:
    vpcs = {}
    for name, cfg in config.network.vpcs.items():
        account = cfg.account or config.stack.account
        plan = plan_vpc(cfg.cidr, cfg.az_ids, [t.spec() for t in cfg.tiers], cfg.az_block_prefix)
        vpc = Vpc(
            name,
            VpcArgs(
                config=cfg,
                plan=plan,
                environment=config.stack.environment,
                partition=config.stack.partition,
                region=providers.region(account),
                account_id=providers.account_id(account),
                log_key_arn=keys.ring(account).arn(KeyPurpose.LOGS),
                protect=config.stack.production,
            ),
            providers.opts(account),
        )
        interface_tier = cfg.interface_endpoint_tier
        Endpoints(
            f"{name}-endpoints",
            EndpointsArgs(
                vpc_id=vpc.vpc.id,
                vpc_cidr=plan.cidr,
                region=providers.region(account),
                gateway_services=cfg.endpoints.gateway,
                private_route_table_ids=vpc.route_table_ids(TierType.PRIVATE_WITH_EGRESS, TierType.ISOLATED),
                interface_services=cfg.endpoints.interface,
                interface_subnet_ids=vpc.subnet_ids(interface_tier) if interface_tier else [],
                policies=cfg.endpoints.policies,
            ),
            providers.opts(account),
        )
        vpcs[name] = vpc
    return vpcs


def vpc_outputs(vpcs: dict[str, Vpc]) -> dict[str, Any]:
    return {
        name: {
            "vpc_id": v.vpc.id,
            "cidr": v.cidr,
            "subnet_ids": {k: s.id for k, s in v.subnets.items()},
        }
        for name, v in vpcs.items()
    }


def build_backup(config: StackConfig, providers: AccountProviders, ring: KeyRing) -> Optional[WorkloadBackup]:
    """The stack's backup plans, when it has tables to back up (landfall:recovery)."""
    recovery = config.recovery
    if not recovery.enabled or not config.table_backup_plans():
        return None
    stack = config.stack
    account = stack.account
    central = config.central_backup_vault()
    return WorkloadBackup(
        "backup",
        WorkloadBackupArgs(
            environment=stack.environment,
            partition=stack.partition,
            account_id=providers.account_id(account),
            region=providers.region(account),
            data_key_arn=ring.arn(KeyPurpose.DATA),
            rules=recovery.rules(),
            lock=recovery.lock_mode(stack.production),
            dr_region=recovery.dr_region,
            central_vault_arn=vault_arn(stack.partition, central[1], central[0], CENTRAL_VAULT_NAME) if central else None,
            protect=stack.production,
        ),
        providers.opts(account),
    )


def build_workload(config: StackConfig) -> dict[str, Any]:
    providers = AccountProviders(config)
    keys = AccountKeys(config, providers)
    vpcs = build_vpcs(config, providers, keys)
    attachments = attach_to_hub(config, providers, vpcs)
    peerings = build_peering(config, providers, vpcs)
    build_baselines(config, providers, keys)
    app = build_app(config, providers, keys, vpcs) if has_app(config) else {}
    ring = keys.ring(config.stack.account)
    backup = build_backup(config, providers, ring)
    outputs: dict[str, Any] = {
        "vpcs": vpc_outputs(vpcs),
        "kms_keys": {p.value: k.arn for p, k in ring.keys.items()},
        **app,
    }
    if backup is not None:
        outputs["backup"] = {"vault_arn": backup.vault.arn, "plans": list(backup.plans)}
    if attachments:
        outputs["transit_attachments"] = {name: a.attachment_id for name, a in attachments.items()}
    if peerings:
        outputs["peering_connection_ids"] = {name: p.accepter.vpc_peering_connection_id for name, p in peerings.items()}
    return outputs
