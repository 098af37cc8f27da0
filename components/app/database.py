"""Relational data for the app tier: an Aurora PostgreSQL Serverless v2 cluster, the RDS Proxy in front of it, and
the service's Secrets Manager secrets and SSM parameters.

Network path: client security groups -> 5432 -> proxy security group -> cluster port -> cluster security group.
The cluster security group has no inline rules; its one ingress rule (from the proxy's group) is added by
`landfall:data:RdsProxy`, which is created after the cluster (the proxy needs the cluster's secret and identifier,
the cluster's group needs the proxy's group: separate rule resources break that cycle). With no inline egress the
provider removes AWS's default allow-all egress rule, so the database opens no connections.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional, Sequence

import pulumi
import pulumi_aws as aws

from landfall.config.serverless.databases import DatabaseConfig, ParameterConfig, ParameterType, ProxyConfig, SecretConfig
from landfall.plan import database as D
from landfall.plan.grants import service_trust_policy
from landfall.plan.recovery import BACKUP_TAG

SECURE_STRING_PLACEHOLDER = "unset"  # SSM needs a value; operators replace it (the stack ignores later changes)
ENHANCED_MONITORING_POLICY = "service-role/AmazonRDSEnhancedMonitoringRole"


def _secret_arn(secrets: Any) -> Optional[str]:
    """The ARN of the RDS-managed master secret (first entry of master_user_secrets)."""
    if not secrets:
        return None
    first = secrets[0]
    if isinstance(first, Mapping):
        return first.get("secret_arn") or first.get("secretArn")
    return getattr(first, "secret_arn", None)


def _auth(secret_arn: pulumi.Input[str], iam_auth: str, who: str) -> aws.rds.ProxyAuthArgs:
    """Clients present IAM tokens (iam_auth REQUIRED); the proxy logs in to the cluster with the secret."""
    return aws.rds.ProxyAuthArgs(auth_scheme="SECRETS", iam_auth=iam_auth, secret_arn=secret_arn,
                                 client_password_auth_type="POSTGRES_SCRAM_SHA_256", description=f"IAM tokens; {who}")


@dataclass(frozen=True)
class AuroraClusterArgs:
    key: str
    config: DatabaseConfig
    identifier: str  # cluster identifier, e.g. <environment>-<service>-<key>; instances append -1, -2, ...
    vpc_id: pulumi.Input[str]
    subnet_ids: Sequence[pulumi.Input[str]]  # the isolated tier's subnets, at least two AZs
    data_key_arn: pulumi.Input[str]  # storage, snapshots and Performance Insights
    secrets_key_arn: pulumi.Input[str]  # the RDS-managed master secret
    production: bool
    account_id: str
    partition: str = "aws"
    availability_zones: Sequence[str] = ()  # instance n goes to zone n mod len; empty: RDS chooses
    tags: Mapping[str, str] = field(default_factory=dict)
    protect: bool = False


class AuroraCluster(pulumi.ComponentResource):
    """`landfall:data:AuroraCluster`."""

    cluster: aws.rds.Cluster
    instances: list[aws.rds.ClusterInstance]
    security_group: aws.ec2.SecurityGroup
    master_secret_arn: pulumi.Output[str]

    def __init__(self, name: str, args: AuroraClusterArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:data:AuroraCluster", name, None, opts)
        cfg, production = args.config, args.production
        child = pulumi.ResourceOptions(parent=self)
        tags = {**args.tags, **({BACKUP_TAG: cfg.backup_plan} if cfg.backup_plan else {})}

        self.subnet_group = aws.rds.SubnetGroup(
            name,
            name=args.identifier,
            description=f"{args.identifier}: isolated subnets",
            subnet_ids=list(args.subnet_ids),
            tags=dict(args.tags) or None,
            opts=child,
        )
        # No inline rules: ingress comes only from RdsProxy's rule; no egress (the provider drops AWS's default).
        self.security_group = aws.ec2.SecurityGroup(
            name,
            vpc_id=args.vpc_id,
            description=f"Aurora cluster {args.identifier}: port {cfg.port} from its RDS Proxy only",
            tags=dict(args.tags) or None,
            opts=child,
        )
        self.parameter_group = aws.rds.ClusterParameterGroup(
            name,
            name=args.identifier,
            family=cfg.parameter_group_family,
            description=f"{args.identifier}: TLS only",
            parameters=[aws.rds.ClusterParameterGroupParameterArgs(name="rds.force_ssl", value="1", apply_method="pending-reboot")],
            tags=dict(args.tags) or None,
            opts=child,
        )
        scaling = aws.rds.ClusterServerlessv2ScalingConfigurationArgs(
            min_capacity=cfg.min_acu,
            max_capacity=cfg.max_acu,
            seconds_until_auto_pause=cfg.auto_pause_after_s if cfg.min_acu == 0 else None,
        )
        self.cluster = aws.rds.Cluster(
            name,
            cluster_identifier=args.identifier,
            engine=D.ENGINE,
            engine_mode="provisioned",  # Serverless v2 instances live in a provisioned-mode cluster
            engine_version=cfg.engine_version,
            database_name=cfg.database_name,
            master_username=cfg.master_username,
            manage_master_user_password=True,  # RDS keeps and rotates the password in Secrets Manager
            master_user_secret_kms_key_id=args.secrets_key_arn,
            port=cfg.port,
            storage_encrypted=True,
            kms_key_id=args.data_key_arn,
            iam_database_authentication_enabled=True,
            serverlessv2_scaling_configuration=scaling,
            db_subnet_group_name=self.subnet_group.name,
            vpc_security_group_ids=[self.security_group.id],
            db_cluster_parameter_group_name=self.parameter_group.name,
            backup_retention_period=cfg.backup_retention(production),
            copy_tags_to_snapshot=True,
            deletion_protection=cfg.deletion_protection_enabled(production),
            skip_final_snapshot=not production,
            final_snapshot_identifier=f"{args.identifier}-final" if production else None,
            delete_automated_backups=not production,
            enabled_cloudwatch_logs_exports=list(cfg.log_exports),
            tags=tags or None,
            opts=pulumi.ResourceOptions(parent=self, protect=args.protect),
        )
        self.monitoring_role = None
        if cfg.monitoring_interval_s:
            self.monitoring_role = aws.iam.Role(
                f"{name}-monitoring",
                name=f"{args.identifier}-monitoring",
                assume_role_policy=json.dumps(D.monitoring_trust_policy(args.account_id)),
                opts=child,
            )
            aws.iam.RolePolicyAttachment(
                f"{name}-monitoring",
                role=self.monitoring_role.name,
                policy_arn=f"arn:{args.partition}:iam::aws:policy/{ENHANCED_MONITORING_POLICY}",
                opts=child,
            )
        self.instances = []
        for n in range(1, cfg.instance_count(production) + 1):
            zones = list(args.availability_zones)
            self.instances.append(aws.rds.ClusterInstance(
                f"{name}-{n}",
                identifier=f"{args.identifier}-{n}",
                cluster_identifier=self.cluster.cluster_identifier,
                engine=D.ENGINE,  # the version comes from the cluster (and moves with its minor upgrades)
                instance_class=D.INSTANCE_CLASS,
                db_subnet_group_name=self.subnet_group.name,
                availability_zone=zones[(n - 1) % len(zones)] if zones else None,
                publicly_accessible=False,
                auto_minor_version_upgrade=True,
                copy_tags_to_snapshot=True,
                # Readers in promotion tier 0-1 scale with the writer, so a failover lands on a warm instance.
                promotion_tier=0 if n == 1 else 1,
                performance_insights_enabled=cfg.performance_insights,
                performance_insights_kms_key_id=args.data_key_arn if cfg.performance_insights else None,
                performance_insights_retention_period=cfg.performance_insights_retention_days if cfg.performance_insights else None,
                monitoring_interval=cfg.monitoring_interval_s,
                monitoring_role_arn=self.monitoring_role.arn if self.monitoring_role is not None else None,
                tags=tags or None,
                opts=pulumi.ResourceOptions(parent=self, protect=args.protect),
            ))
        self.master_secret_arn = self.cluster.master_user_secrets.apply(_secret_arn)
        self.register_outputs({
            "arn": self.cluster.arn,
            "identifier": self.cluster.cluster_identifier,
            "endpoint": self.cluster.endpoint,
            "reader_endpoint": self.cluster.reader_endpoint,
            "port": self.cluster.port,
            "security_group_id": self.security_group.id,
            "master_secret_arn": self.master_secret_arn,
        })


@dataclass(frozen=True)
class RdsProxyArgs:
    key: str
    config: ProxyConfig
    name: str  # proxy name, e.g. <environment>-<service>-<key>
    vpc_id: pulumi.Input[str]
    subnet_ids: Sequence[pulumi.Input[str]]  # the cluster's subnets
    cluster_identifier: pulumi.Input[str]
    cluster_port: int
    cluster_security_group_id: pulumi.Input[str]
    master_secret_arn: pulumi.Input[str]  # AuroraCluster.master_secret_arn
    secrets_key_arn: pulumi.Input[str]  # the key of that secret
    client_security_group_ids: Sequence[pulumi.Input[str]]  # functions and tasks that use the database
    region: str
    account_id: str
    partition: str = "aws"
    user_secret_arns: Mapping[str, pulumi.Input[str]] = field(default_factory=dict)  # database user -> its secret (Secrets.secret_arns)
    tags: Mapping[str, str] = field(default_factory=dict)


class RdsProxy(pulumi.ComponentResource):
    """`landfall:data:RdsProxy`."""

    proxy: aws.rds.Proxy
    security_group: aws.ec2.SecurityGroup
    resource_id: pulumi.Output[str]

    def __init__(self, name: str, args: RdsProxyArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:data:RdsProxy", name, None, opts)
        cfg = args.config
        child = pulumi.ResourceOptions(parent=self)
        self.security_group = aws.ec2.SecurityGroup(
            name,
            vpc_id=args.vpc_id,
            description=f"RDS Proxy {args.name}: {D.PROXY_PORT} from its clients, {args.cluster_port} to the cluster",
            ingress=[
                aws.ec2.SecurityGroupIngressArgs(protocol="tcp", from_port=D.PROXY_PORT, to_port=D.PROXY_PORT,
                                                 security_groups=[group], description="PostgreSQL (TLS) from a client")
                for group in args.client_security_group_ids
            ],
            egress=[aws.ec2.SecurityGroupEgressArgs(protocol="tcp", from_port=args.cluster_port, to_port=args.cluster_port,
                                                    security_groups=[args.cluster_security_group_id], description="To the Aurora cluster")],
            tags=dict(args.tags) or None,
            opts=child,
        )
        self.cluster_ingress = aws.vpc.SecurityGroupIngressRule(
            f"{name}-to-cluster",
            security_group_id=args.cluster_security_group_id,
            referenced_security_group_id=self.security_group.id,
            ip_protocol="tcp",
            from_port=args.cluster_port,
            to_port=args.cluster_port,
            description=f"From RDS Proxy {args.name}",
            opts=child,
        )
        users = dict(sorted(args.user_secret_arns.items()))
        self.role = aws.iam.Role(
            name,
            name=f"{args.name}-proxy",
            assume_role_policy=json.dumps(service_trust_policy("rds.amazonaws.com", args.account_id, args.partition)),
            opts=child,
        )
        policy = aws.iam.RolePolicy(
            name,
            role=self.role.id,
            policy=pulumi.Output.all(args.secrets_key_arn, args.master_secret_arn, *users.values()).apply(
                lambda v: json.dumps(D.proxy_role_policy(v[1:], v[0], args.region))),
            opts=child,
        )
        self.proxy = aws.rds.Proxy(
            name,
            name=args.name,
            engine_family=D.ENGINE_FAMILY,
            require_tls=cfg.require_tls,
            debug_logging=False,  # debug logs would hold SQL text
            idle_client_timeout=cfg.idle_client_timeout_s,
            role_arn=self.role.arn,
            vpc_subnet_ids=list(args.subnet_ids),
            vpc_security_group_ids=[self.security_group.id],
            auths=[_auth(args.master_secret_arn, cfg.iam_auth, "the administrator (RDS-managed secret)")] + [
                _auth(arn, cfg.iam_auth, f"database user {user}") for user, arn in users.items()
            ],
            tags=dict(args.tags) or None,
            opts=pulumi.ResourceOptions(parent=self, depends_on=[policy]),
        )
        self.target_group = aws.rds.ProxyDefaultTargetGroup(
            name,
            db_proxy_name=self.proxy.name,
            connection_pool_config=aws.rds.ProxyDefaultTargetGroupConnectionPoolConfigArgs(
                max_connections_percent=cfg.max_connections_percent,
                max_idle_connections_percent=cfg.max_idle_connections_percent,
                connection_borrow_timeout=cfg.connection_borrow_timeout_s,
            ),
            opts=child,
        )
        self.target = aws.rds.ProxyTarget(
            name,
            db_proxy_name=self.proxy.name,
            target_group_name=self.target_group.name,
            db_cluster_identifier=args.cluster_identifier,
            opts=child,
        )
        self.resource_id = self.proxy.arn.apply(D.proxy_resource_id)
        self.register_outputs({
            "arn": self.proxy.arn,
            "endpoint": self.proxy.endpoint,
            "resource_id": self.resource_id,
            "security_group_id": self.security_group.id,
            "role_arn": self.role.arn,
        })


@dataclass(frozen=True)
class SecretsArgs:
    environment: str
    service: str
    secrets_key_arn: pulumi.Input[str]
    secrets: Mapping[str, SecretConfig] = field(default_factory=dict)
    parameters: Mapping[str, ParameterConfig] = field(default_factory=dict)
    tags: Mapping[str, str] = field(default_factory=dict)
    protect: bool = False


class Secrets(pulumi.ComponentResource):
    """`landfall:secrets:Secrets`: outputs carry names and ARNs only, never a value."""

    secrets: dict[str, aws.secretsmanager.Secret]
    parameters: dict[str, aws.ssm.Parameter]

    def __init__(self, name: str, args: SecretsArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:secrets:Secrets", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        tags = dict(args.tags) or None
        self.secrets, self.parameters = {}, {}
        for key, cfg in sorted(args.secrets.items()):
            secret = aws.secretsmanager.Secret(
                f"{name}-{key}",
                name=cfg.resolved_name(args.environment, args.service, key),
                description=cfg.description or f"{args.service} {key}",
                kms_key_id=args.secrets_key_arn,
                recovery_window_in_days=cfg.recovery_window_days,
                tags=tags,
                opts=pulumi.ResourceOptions(parent=self, protect=args.protect),
            )
            self.secrets[key] = secret
            if cfg.value is not None:
                # Written once; afterwards operators or rotation own the value (a change here never overwrites it).
                aws.secretsmanager.SecretVersion(
                    f"{name}-{key}",
                    secret_id=secret.id,
                    secret_string=pulumi.Output.secret(cfg.value),
                    opts=pulumi.ResourceOptions(parent=self, ignore_changes=["secretString"]),
                )
            if cfg.rotation_days is not None and cfg.rotation_function is not None:
                aws.secretsmanager.SecretRotation(
                    f"{name}-{key}",
                    secret_id=secret.id,
                    rotation_lambda_arn=cfg.rotation_function,
                    rotation_rules=aws.secretsmanager.SecretRotationRotationRulesArgs(automatically_after_days=cfg.rotation_days),
                    opts=child,
                )
        for key, cfg in sorted(args.parameters.items()):
            secure = cfg.type == ParameterType.SECURE_STRING
            value = cfg.value if cfg.value is not None else SECURE_STRING_PLACEHOLDER
            self.parameters[key] = aws.ssm.Parameter(
                f"{name}-{key}",
                name=cfg.resolved_name(args.environment, args.service, key),
                description=cfg.description or f"{args.service} {key}",
                type=cfg.type.value,
                tier=cfg.tier.value,
                key_id=args.secrets_key_arn if secure else None,
                value=pulumi.Output.secret(value) if secure else value,
                tags=tags,
                opts=pulumi.ResourceOptions(parent=self, protect=args.protect, ignore_changes=["value"] if secure else None),
            )
        self.secret_arns = {k: s.arn for k, s in self.secrets.items()}
        self.parameter_arns = {k: p.arn for k, p in self.parameters.items()}
        self.parameter_names = {k: p.name for k, p in self.parameters.items()}
        self.register_outputs({
            "secret_arns": self.secret_arns,
            "secret_names": {k: s.name for k, s in self.secrets.items()},
            "parameter_arns": self.parameter_arns,
            "parameter_names": self.parameter_names,
        })
