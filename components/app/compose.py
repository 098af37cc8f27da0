"""The app tier of a workload stack: the Cognito identity and every service of `landfall:services`, in the
stack's own account."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

import pulumi
import pulumi_aws as aws

from landfall.config.model import StackConfig
from landfall.config.serverless import CodeSigningMode
from landfall.plan.addresses import TierType
from landfall.plan.edge import edge_log_regions
from landfall.plan.kms import KeyPurpose
from landfall.plan.service_names import ServiceNames

from .functions import VpcPlacement
from .service import ContainerNetwork, DatabaseNetwork

if TYPE_CHECKING:
    from components.network.vpc import Vpc
    from components.providers import AccountProviders
    from components.workload import AccountKeys

# Services that use the DATA key directly, not through a caller: CloudWatch alarms publishing to the
# encrypted alarm topic, EventBridge delivering failed schedule events to their encrypted DLQ.
APP_KEY_PRINCIPALS = ("cloudwatch.amazonaws.com", "events.amazonaws.com")


def needs_secrets_key(service) -> bool:
    """Secrets, parameters and database secrets are encrypted with the account's SECRETS key."""
    return bool(service.secrets or service.parameters or service.databases)


def has_app(config: StackConfig) -> bool:
    return bool(config.services.services) or config.identity is not None


def function_vpc(config: StackConfig, vpcs: dict[str, "Vpc"]) -> Optional[VpcPlacement]:
    """The function tier (VpcConfig.function_tier) of the stack account's first VPC that has one."""
    for name, cfg in config.network.vpcs.items():
        if (cfg.account or config.stack.account) != config.stack.account:
            continue
        tier = cfg.function_tier(config.services.function_tier)
        if tier is not None:
            return VpcPlacement(vpc_id=vpcs[name].vpc.id, subnet_ids=vpcs[name].subnet_ids(tier.name))
    return None


def service_networks(config: StackConfig, vpcs: dict[str, "Vpc"]) -> tuple[Optional[DatabaseNetwork], Optional[ContainerNetwork]]:
    """The isolated tier of the stack account's first VPC that has one (databases and their proxies), and its
    private-with-egress and public tiers (Fargate tasks and their load balancers)."""
    db_net, container_net = None, None
    for name, cfg in config.network.vpcs.items():
        if (cfg.account or config.stack.account) != config.stack.account:
            continue
        vpc = vpcs[name]
        isolated, private, public = (cfg.first_tier(t) for t in (TierType.ISOLATED, TierType.PRIVATE_WITH_EGRESS, TierType.PUBLIC))
        if db_net is None and isolated is not None:
            db_net = DatabaseNetwork(vpc_id=vpc.vpc.id, subnet_ids=vpc.subnet_ids(isolated.name), availability_zones=(),
                                     cidrs=tuple(s.cidr for s in vpc.plan.subnets_in_tier(isolated.name)))
        if container_net is None and private is not None and public is not None:
            container_net = ContainerNetwork(vpc_id=vpc.vpc.id, private_subnet_ids=vpc.subnet_ids(private.name),
                                             public_subnet_ids=vpc.subnet_ids(public.name))
    return db_net, container_net


def build_app(config: StackConfig, providers: "AccountProviders", keys: "AccountKeys", vpcs: dict[str, "Vpc"]) -> dict[str, Any]:
    from .cognito import Identity, IdentityArgs
    from .rest_api import ApiGatewayAccount, ApiGatewayAccountArgs
    from .service import Service, ServiceArgs
    from .signing import CodeSigning, CodeSigningArgs

    stack = config.stack
    account = stack.account
    ring = keys.ring(account)
    opts = providers.opts(account)
    region, account_id = providers.region(account), providers.account_id(account)
    outputs: dict[str, Any] = {}

    def names(service: str) -> ServiceNames:
        return ServiceNames(stack.environment, service, stack.partition, region, account_id)

    identity = None
    if config.identity is not None:
        # Planned table ARNs: the identity pool role and the services can then be declared in either order.
        table_arns = {}
        for access in config.identity.identity_pool.row_level_access if config.identity.identity_pool else []:
            service, table = access.table.split(".", 1)
            table_arns[access.table] = names(service).table_arn(table)
        identity = Identity(
            "identity",
            IdentityArgs(
                config=config.identity, environment=stack.environment, production=stack.production,
                table_arns=table_arns, protect=stack.production,
            ),
            opts,
        )
        outputs["identity"] = {
            "user_pool_id": identity.user_pool_id,
            "client_id": identity.client_id,
            "identity_pool_id": identity.identity_pool_id,
        }

    services = config.services.services
    api_account = None
    if any(s.api is not None for s in services.values()):
        api_account = ApiGatewayAccount("apigateway-account", ApiGatewayAccountArgs(names("apigateway")), opts)
    placement = function_vpc(config, vpcs)
    signing = None
    code_signing = config.services.code_signing
    mode = code_signing.effective_mode(stack.production)
    if any(s.functions for s in services.values()) and mode != CodeSigningMode.OFF:
        signing = CodeSigning(
            "code-signing",
            CodeSigningArgs(
                environment=stack.environment, partition=stack.partition, account_id=account_id, region=region,
                mode=mode, trusted_publishers=tuple(code_signing.trusted_publishers), protect=stack.production,
            ),
            opts,
        )
        outputs["code_signing"] = {
            "mode": mode.value,
            "code_signing_config_arn": signing.config.arn,
            "signing_profile_version_arn": signing.profile.version_arn,
            "artifact_bucket": signing.bucket.bucket,
        }
    if config.services.ecr_enhanced_scanning and any(s.repositories for s in services.values()):
        # Account-wide (one per account and region): Inspector scans every repository continuously.
        aws.ecr.RegistryScanningConfiguration(
            "ecr-enhanced-scanning", scan_type="ENHANCED",
            rules=[aws.ecr.RegistryScanningConfigurationRuleArgs(scan_frequency="CONTINUOUS_SCAN", repository_filters=[
                aws.ecr.RegistryScanningConfigurationRuleRepositoryFilterArgs(filter="*", filter_type="WILDCARD")])],
            opts=pulumi.ResourceOptions(provider=providers.get(account)))
    built = {}
    db_net, container_net = service_networks(config, vpcs)
    governed = config.governed_regions().regions

    def edge_regions(service) -> tuple[str, ...]:
        cdn = service.api.cdn if service.api is not None else None
        return edge_log_regions(governed) if cdn is not None and cdn.edge_functions else ()

    for name, service in services.items():
        replica_regions = sorted({r for table in service.tables.values() for r in table.replicas})
        fronted = service.api is not None and service.api.cdn is not None
        built[name] = Service(
            name,
            ServiceArgs(
                config=service, names=names(name), production=stack.production,
                log_key_arn=ring.arn(KeyPurpose.LOGS), data_key_arn=ring.arn(KeyPurpose.DATA),
                user_pool_arn=identity.user_pool_arn if identity is not None else None,
                vpc=placement, api_account=api_account, signing=signing.target if signing is not None else None,
                default_backup_plan=config.recovery.resolved_default_plan() if config.recovery.enabled else None,
                replica_key_arns={r: keys.replica_key_arn(account, r) for r in replica_regions},
                edge_log_key_arn=keys.edge_log_key_arn(account) if fronted else None,
                edge_function_log_keys={r: keys.log_key_arn(account, r) for r in edge_regions(service)},
                secrets_key_arn=ring.arn(KeyPurpose.SECRETS) if needs_secrets_key(service) else None,
                database_network=db_net if service.databases else None,
                container_network=container_net if service.containers else None,
                protect=stack.production,
            ),
            opts,
        )
    if built:
        outputs["services"] = {name: s.outputs() for name, s in built.items()}
    return outputs
