"""Relational data and secrets of a service: Aurora PostgreSQL Serverless v2 behind RDS Proxy, Secrets Manager
secrets and SSM parameters. Limits and their sources are in landfall/plan/database.py."""

from __future__ import annotations

from enum import Enum
from typing import Mapping, Optional

from pydantic import Field

from landfall.plan import database as D

from ..base import StrictModel
from ..errors import Problem

DEFAULT_MIN_ACU = 0.5  # the smallest capacity that never pauses: no resume delay on the first request
DEFAULT_MAX_ACU = 4.0  # ~8 GiB of memory: room for bursts, and a ceiling on the bill
DEFAULT_DATABASE_NAME = "app"
DEFAULT_MASTER_USERNAME = "landfall_admin"  # RDS.24: not the engine's default (postgres)
DEFAULT_BACKUP_RETENTION_DAYS = 7
PRODUCTION_BACKUP_RETENTION_DAYS = 35  # the most Aurora keeps: five weeks of point-in-time restore
DEFAULT_INSTANCES = 1
PRODUCTION_INSTANCES = 2  # a writer and a reader in another AZ: failover in about a minute (RDS.15)
DEFAULT_IDLE_CLIENT_TIMEOUT_S = 1_800  # the RDS Proxy default: 30 minutes
DEFAULT_MAX_CONNECTIONS_PERCENT = 90  # leaves 10% of max_connections for an operator's direct session
DEFAULT_MAX_IDLE_CONNECTIONS_PERCENT = 50  # the RDS Proxy default
DEFAULT_CONNECTION_BORROW_TIMEOUT_S = 120  # the RDS Proxy default
DEFAULT_RECOVERY_WINDOW_DAYS = 30  # the Secrets Manager default and maximum: a deleted secret can be restored for a month


class ProxyConfig(StrictModel):
    """RDS Proxy in front of the cluster. TLS and IAM authentication are always required (not settings)."""

    idle_client_timeout_s: int = Field(default=DEFAULT_IDLE_CLIENT_TIMEOUT_S, description=f"Seconds before an idle client connection is closed. Default: {DEFAULT_IDLE_CLIENT_TIMEOUT_S} (the RDS Proxy default). {D.MIN_IDLE_CLIENT_TIMEOUT_S}-{D.MAX_IDLE_CLIENT_TIMEOUT_S:,}.")
    max_connections_percent: int = Field(default=DEFAULT_MAX_CONNECTIONS_PERCENT, description=f"Share of the database's max_connections the proxy may open. Default: {DEFAULT_MAX_CONNECTIONS_PERCENT} (leaves room for an operator session). 1-100.")
    max_idle_connections_percent: int = Field(default=DEFAULT_MAX_IDLE_CONNECTIONS_PERCENT, description=f"Share of max_connections the proxy keeps open while idle. Default: {DEFAULT_MAX_IDLE_CONNECTIONS_PERCENT} (the RDS Proxy default). 0 to max_connections_percent.")
    user_secrets: dict[str, str] = Field(default_factory=dict, description="Database user -> key of a secret of this service holding {\"username\", \"password\"} for that user. "
                                         "The proxy connects as a user with its secret; functions that use the database as that user connect with IAM tokens. Default: none (only the administrator, which functions may not use).")
    connection_borrow_timeout_s: int = Field(default=DEFAULT_CONNECTION_BORROW_TIMEOUT_S, description=f"Seconds a client waits for a pooled connection. Default: {DEFAULT_CONNECTION_BORROW_TIMEOUT_S} (the RDS Proxy default). 0-{D.MAX_CONNECTION_BORROW_TIMEOUT_S}.")

    @property
    def require_tls(self) -> bool:
        """Always: clients reach the proxy over TLS only (RDS.43)."""
        return True

    @property
    def iam_auth(self) -> str:
        """Always REQUIRED: functions connect with IAM tokens, never with the master password."""
        return "REQUIRED"

    def problems(self, path: str) -> list[Problem]:
        found: list[Problem] = []
        if not D.MIN_IDLE_CLIENT_TIMEOUT_S <= self.idle_client_timeout_s <= D.MAX_IDLE_CLIENT_TIMEOUT_S:
            found.append(Problem(f"{path}.idle_client_timeout_s", f"must be {D.MIN_IDLE_CLIENT_TIMEOUT_S}-{D.MAX_IDLE_CLIENT_TIMEOUT_S:,} seconds (8 hours)", f"use e.g. {DEFAULT_IDLE_CLIENT_TIMEOUT_S}", self.idle_client_timeout_s))
        if not 1 <= self.max_connections_percent <= 100:
            found.append(Problem(f"{path}.max_connections_percent", "must be 1-100", f"use e.g. {DEFAULT_MAX_CONNECTIONS_PERCENT}", self.max_connections_percent))
        if not 0 <= self.max_idle_connections_percent <= max(self.max_connections_percent, 0):
            found.append(Problem(f"{path}.max_idle_connections_percent", f"must be 0 to max_connections_percent ({self.max_connections_percent})", f"use e.g. {DEFAULT_MAX_IDLE_CONNECTIONS_PERCENT}", self.max_idle_connections_percent))
        if not 0 <= self.connection_borrow_timeout_s <= D.MAX_CONNECTION_BORROW_TIMEOUT_S:
            found.append(Problem(f"{path}.connection_borrow_timeout_s", f"must be 0-{D.MAX_CONNECTION_BORROW_TIMEOUT_S} seconds", f"use e.g. {DEFAULT_CONNECTION_BORROW_TIMEOUT_S}", self.connection_borrow_timeout_s))
        return found


class DatabaseConfig(StrictModel):
    """An Aurora PostgreSQL Serverless v2 cluster in the VPC's isolated tier, reached only through its RDS Proxy."""

    engine_version: str = Field(default=D.DEFAULT_ENGINE_VERSION, description=f"Aurora PostgreSQL version (major.minor). Default: {D.DEFAULT_ENGINE_VERSION} (current 16.x with Serverless v2, 256 ACUs and auto-pause; minor upgrades are automatic, RDS.13).")
    min_acu: float = Field(default=DEFAULT_MIN_ACU, description=f"Lowest capacity per instance, in 0.5 steps. Default: {DEFAULT_MIN_ACU} (never pauses). 0 enables auto-pause (only on versions that support it, never in production; the proxy's pooled connections may keep it from pausing).")
    max_acu: float = Field(default=DEFAULT_MAX_ACU, description=f"Highest capacity per instance, in 0.5 steps, at most {D.MAX_ACU:g} ({D.MAX_ACU_OLDER_VERSIONS:g} on older minors). Default: {DEFAULT_MAX_ACU:g} (about 8 GiB; caps the bill).")
    auto_pause_after_s: int = Field(default=D.MIN_AUTO_PAUSE_S, description=f"Idle seconds before a 0-ACU instance pauses; used only with min_acu: 0. Default: {D.MIN_AUTO_PAUSE_S} (the shortest). {D.MIN_AUTO_PAUSE_S}-{D.MAX_AUTO_PAUSE_S:,}.")
    database_name: str = Field(default=DEFAULT_DATABASE_NAME, description=f"Database created with the cluster. Default: {DEFAULT_DATABASE_NAME}. 1-63 letters, digits or _, starting with a letter.")
    master_username: str = Field(default=DEFAULT_MASTER_USERNAME, description=f"Administrator; its password lives only in the RDS-managed secret (rotated by RDS). Default: {DEFAULT_MASTER_USERNAME} (RDS.24: not postgres).")
    port: int = Field(default=D.DEFAULT_CLUSTER_PORT, description=f"Port the cluster listens on (only the proxy connects). Default: {D.DEFAULT_CLUSTER_PORT} (RDS.23: not the engine default {D.POSTGRES_DEFAULT_PORT}; clients still use {D.PROXY_PORT} on the proxy).")
    backup_retention_days: Optional[int] = Field(default=None, description=f"Automated backups (point-in-time restore window). Default: {PRODUCTION_BACKUP_RETENTION_DAYS} in production, {DEFAULT_BACKUP_RETENTION_DAYS} elsewhere. {D.MIN_BACKUP_RETENTION_DAYS}-{D.MAX_BACKUP_RETENTION_DAYS} (RDS.11).")
    deletion_protection: Optional[bool] = Field(default=None, description="RDS.7. Default: on in production (and required there), off elsewhere (dev clusters can be torn down).")
    instances: Optional[int] = Field(default=None, description=f"Writer plus readers, all db.serverless. Default: {PRODUCTION_INSTANCES} in production (spans two AZs, RDS.15), {DEFAULT_INSTANCES} elsewhere. 1-{D.MAX_INSTANCES}.")
    log_exports: list[str] = Field(default_factory=lambda: ["postgresql"], description=f"Logs published to CloudWatch Logs (RDS.9/RDS.37). Default: [postgresql]. Any of {', '.join(D.LOG_EXPORTS)}.")
    performance_insights: bool = Field(default=True, description="Performance Insights on every instance, encrypted with the data key. Default: true.")
    performance_insights_retention_days: int = Field(default=D.FREE_PERFORMANCE_INSIGHTS_DAYS, description=f"Default: {D.FREE_PERFORMANCE_INSIGHTS_DAYS} (the free tier). Longer: a multiple of 31 up to {D.MAX_PERFORMANCE_INSIGHTS_DAYS}.")
    monitoring_interval_s: int = Field(default=0, description=f"Enhanced Monitoring interval (RDS.6). Default: 0 (off: CloudWatch metrics and Performance Insights cover Serverless v2; Enhanced Monitoring is billed as CloudWatch Logs). One of {', '.join(map(str, D.MONITORING_INTERVALS_S))}.")
    subnet_tier: Optional[str] = Field(default=None, description="VPC subnet tier holding the cluster and the proxy. Default: the VPC's isolated tier.")
    backup_plan: Optional[str] = Field(default=None, description="The landfall:recovery plan that backs the cluster up (its landfall:backup-plan tag). Default: none (automated backups only).")
    proxy: ProxyConfig = Field(default_factory=ProxyConfig, description="The RDS Proxy every client goes through. Default: the RDS Proxy defaults, TLS and IAM auth required.")

    def backup_retention(self, production: bool) -> int:
        if self.backup_retention_days is not None:
            return self.backup_retention_days
        return PRODUCTION_BACKUP_RETENTION_DAYS if production else DEFAULT_BACKUP_RETENTION_DAYS

    def deletion_protection_enabled(self, production: bool) -> bool:
        return self.deletion_protection if self.deletion_protection is not None else production

    def instance_count(self, production: bool) -> int:
        if self.instances is not None:
            return self.instances
        return PRODUCTION_INSTANCES if production else DEFAULT_INSTANCES

    @property
    def parameter_group_family(self) -> str:
        return D.parameter_group_family(self.engine_version)

    def problems(self, path: str, production: bool) -> list[Problem]:
        found: list[Problem] = []
        for message, fix in D.engine_version_problems(self.engine_version):
            found.append(Problem(f"{path}.engine_version", message, fix, self.engine_version))
        for field, message, fix in D.acu_problems(self.min_acu, self.max_acu, self.engine_version):
            found.append(Problem(f"{path}.{field}", message, fix, getattr(self, field)))
        if production and self.min_acu == 0:
            found.append(Problem(f"{path}.min_acu", "0 ACUs pauses the database; production would wait for it to resume on the first request", f"use min_acu: {DEFAULT_MIN_ACU} or more in production", self.min_acu))
        if not D.MIN_AUTO_PAUSE_S <= self.auto_pause_after_s <= D.MAX_AUTO_PAUSE_S:
            found.append(Problem(f"{path}.auto_pause_after_s", f"must be {D.MIN_AUTO_PAUSE_S}-{D.MAX_AUTO_PAUSE_S:,} seconds", f"use e.g. {D.MIN_AUTO_PAUSE_S}", self.auto_pause_after_s))
        for message, fix in D.database_name_problems(self.database_name):
            found.append(Problem(f"{path}.database_name", message, fix, self.database_name))
        for message, fix in D.db_user_problems(self.master_username):
            found.append(Problem(f"{path}.master_username", message, fix, self.master_username))
        if not 1150 <= self.port <= 65535:
            found.append(Problem(f"{path}.port", "Aurora ports are 1150-65535", f"use e.g. {D.DEFAULT_CLUSTER_PORT}", self.port))
        elif self.port == D.POSTGRES_DEFAULT_PORT:
            found.append(Problem(f"{path}.port", f"{D.POSTGRES_DEFAULT_PORT} is the engine's default port (RDS.23); only the proxy connects to the cluster, so nothing needs it", f"leave port out for {D.DEFAULT_CLUSTER_PORT}", self.port))
        if self.backup_retention_days is not None and not D.MIN_BACKUP_RETENTION_DAYS <= self.backup_retention_days <= D.MAX_BACKUP_RETENTION_DAYS:
            found.append(Problem(f"{path}.backup_retention_days", f"Aurora keeps automated backups {D.MIN_BACKUP_RETENTION_DAYS}-{D.MAX_BACKUP_RETENTION_DAYS} days", f"use e.g. {PRODUCTION_BACKUP_RETENTION_DAYS if production else DEFAULT_BACKUP_RETENTION_DAYS}", self.backup_retention_days))
        if production and self.deletion_protection is False:
            found.append(Problem(f"{path}.deletion_protection", "production clusters keep deletion protection (RDS.7)", "remove deletion_protection", False))
        if self.instances is not None and not 1 <= self.instances <= D.MAX_INSTANCES:
            found.append(Problem(f"{path}.instances", f"a cluster has 1-{D.MAX_INSTANCES} instances (a writer and up to 15 readers)", f"use e.g. {PRODUCTION_INSTANCES}", self.instances))
        elif production and self.instance_count(production) < 2:
            found.append(Problem(f"{path}.instances", "a production cluster needs a reader in a second AZ to fail over to (RDS.15)", f"use instances: {PRODUCTION_INSTANCES}, or leave it out", self.instances))
        for i, name in enumerate(self.log_exports):
            if name not in D.LOG_EXPORTS:
                found.append(Problem(f"{path}.log_exports[{i}]", "is not a log Aurora PostgreSQL publishes", f"use one of {', '.join(D.LOG_EXPORTS)}", name))
        if "postgresql" not in self.log_exports:
            found.append(Problem(f"{path}.log_exports", "must include postgresql (RDS.9/RDS.37: the engine log in CloudWatch Logs)", "add postgresql", self.log_exports))
        days = self.performance_insights_retention_days
        if days != D.FREE_PERFORMANCE_INSIGHTS_DAYS and not (days % 31 == 0 and 31 <= days <= D.MAX_PERFORMANCE_INSIGHTS_DAYS):
            found.append(Problem(f"{path}.performance_insights_retention_days", f"must be {D.FREE_PERFORMANCE_INSIGHTS_DAYS} (free) or a multiple of 31 up to {D.MAX_PERFORMANCE_INSIGHTS_DAYS}", f"use {D.FREE_PERFORMANCE_INSIGHTS_DAYS}", days))
        if self.monitoring_interval_s not in D.MONITORING_INTERVALS_S:
            found.append(Problem(f"{path}.monitoring_interval_s", "is not an Enhanced Monitoring interval", f"use one of {', '.join(map(str, D.MONITORING_INTERVALS_S))}", self.monitoring_interval_s))
        found += self.proxy.problems(f"{path}.proxy")
        return found


# --- secrets and parameters --------------------------------------------------------------------------


def name_prefix(environment: str, service: str) -> str:
    return f"/{environment}/{service}/"


class ParameterType(str, Enum):
    STRING = "String"
    SECURE_STRING = "SecureString"  # encrypted with the secrets key


class ParameterTier(str, Enum):
    STANDARD = "Standard"  # free, values up to 4 KB
    ADVANCED = "Advanced"  # billed per parameter per month, values up to 8 KB


class SecretConfig(StrictModel):
    """A Secrets Manager secret, encrypted with the stack's secrets key."""

    name: Optional[str] = Field(default=None, description="Full secret name under /<environment>/<service>/. Default: /<environment>/<service>/<key>.")
    description: str = Field(default="", description="Shown in the console. Default: empty.")
    value: Optional[str] = Field(default=None, description=f"Initial value (at most {D.SECRET_VALUE_MAX_BYTES:,} bytes), written once and then left to operators or rotation; never shown in outputs. "
                                 "Default: none (the secret is created empty; set it with put-secret-value). Never put a real credential in a file in git.")
    rotation_days: Optional[int] = Field(default=None, description=f"Rotate every N days with rotation_function ({D.MIN_ROTATION_DAYS}-{D.MAX_ROTATION_DAYS}; at most {D.FSBP_MAX_DAYS_SINCE_ROTATION} in production, SecretsManager.4). Default: none (the database's own secret is rotated by RDS).")
    rotation_function: Optional[str] = Field(default=None, description="ARN of the Lambda function that rotates the secret; required with rotation_days. Default: none.")
    recovery_window_days: int = Field(default=DEFAULT_RECOVERY_WINDOW_DAYS, description=f"Days a deleted secret can be restored. Default: {DEFAULT_RECOVERY_WINDOW_DAYS} (the maximum). {D.MIN_RECOVERY_WINDOW_DAYS}-{D.MAX_RECOVERY_WINDOW_DAYS}.")

    def resolved_name(self, environment: str, service: str, key: str) -> str:
        return self.name or f"{name_prefix(environment, service)}{key}"

    def problems(self, path: str, production: bool, environment: str, service: str, key: str) -> list[Problem]:
        found: list[Problem] = []
        name = self.resolved_name(environment, service, key)
        for message, fix in D.secret_name_problems(name, name_prefix(environment, service)):
            found.append(Problem(f"{path}.name" if self.name else path, message, fix, name))
        if self.value is not None:
            for message, fix in D.value_size_problems(self.value, D.SECRET_VALUE_MAX_BYTES, "bytes", "store a reference (an S3 key) instead of the payload"):
                found.append(Problem(f"{path}.value", message, fix, f"{len(self.value.encode('utf-8')):,} bytes"))
        if self.rotation_days is not None:
            if not D.MIN_ROTATION_DAYS <= self.rotation_days <= D.MAX_ROTATION_DAYS:
                found.append(Problem(f"{path}.rotation_days", f"Secrets Manager rotates every {D.MIN_ROTATION_DAYS}-{D.MAX_ROTATION_DAYS} days", f"use e.g. {D.FSBP_MAX_DAYS_SINCE_ROTATION}", self.rotation_days))
            elif production and self.rotation_days > D.FSBP_MAX_DAYS_SINCE_ROTATION:
                found.append(Problem(f"{path}.rotation_days", f"production secrets rotate at least every {D.FSBP_MAX_DAYS_SINCE_ROTATION} days (SecretsManager.4)", f"use at most {D.FSBP_MAX_DAYS_SINCE_ROTATION}", self.rotation_days))
            if self.rotation_function is None:
                found.append(Problem(f"{path}.rotation_function", "rotation needs the ARN of a rotation function (only the database's managed secret rotates without one)", "add rotation_function: arn:aws:lambda:<region>:<account>:function:<name>, or remove rotation_days"))
        elif self.rotation_function is not None:
            found.append(Problem(f"{path}.rotation_days", "rotation_function is set but no rotation interval", f"add rotation_days (e.g. {D.FSBP_MAX_DAYS_SINCE_ROTATION}), or remove rotation_function"))
        if self.rotation_function is not None and not D.LAMBDA_FUNCTION_ARN_PATTERN.match(self.rotation_function):
            found.append(Problem(f"{path}.rotation_function", "is not a Lambda function ARN", "use arn:aws:lambda:<region>:<account>:function:<name>", self.rotation_function))
        if not D.MIN_RECOVERY_WINDOW_DAYS <= self.recovery_window_days <= D.MAX_RECOVERY_WINDOW_DAYS:
            found.append(Problem(f"{path}.recovery_window_days", f"must be {D.MIN_RECOVERY_WINDOW_DAYS}-{D.MAX_RECOVERY_WINDOW_DAYS} days", f"use {DEFAULT_RECOVERY_WINDOW_DAYS}", self.recovery_window_days))
        return found


class ParameterConfig(StrictModel):
    """An SSM Parameter Store parameter; SecureString values are encrypted with the stack's secrets key."""

    name: Optional[str] = Field(default=None, description="Full parameter name under /<environment>/<service>/. Default: /<environment>/<service>/<key>.")
    description: str = Field(default="", description="Shown in the console. Default: empty.")
    type: ParameterType = Field(default=ParameterType.SECURE_STRING, description="Default: SecureString (encrypted; a plain String is for values anyone with read access may see).")
    tier: ParameterTier = Field(default=ParameterTier.STANDARD, description="Default: Standard (free; 4 KB). Advanced: 8 KB, billed monthly.")
    value: Optional[str] = Field(default=None, description="The value. String parameters need one and keep it in sync; a SecureString's value is written once (operators or tooling change it after). "
                                 "Default: none (a SecureString starts as a placeholder). Never put a real credential in a file in git.")

    def resolved_name(self, environment: str, service: str, key: str) -> str:
        return self.name or f"{name_prefix(environment, service)}{key}"

    def problems(self, path: str, environment: str, service: str, key: str, partition: str = "aws", region: str = "us-east-1", account: str = "000000000000") -> list[Problem]:
        found: list[Problem] = []
        name = self.resolved_name(environment, service, key)
        arn = D.parameter_arn(partition, region, account, name)
        for message, fix in D.parameter_name_problems(name, name_prefix(environment, service), arn):
            found.append(Problem(f"{path}.name" if self.name else path, message, fix, name))
        if self.value is not None:
            limit = D.PARAMETER_VALUE_MAX[self.tier.value]
            fix = "use tier: Advanced (up to 8 KB)" if self.tier == ParameterTier.STANDARD else "store the payload in S3 and put its key in the parameter"
            for message, fix_text in D.value_size_problems(self.value, limit, "characters", fix):
                found.append(Problem(f"{path}.value", f"{message} for a {self.tier.value} parameter", fix_text, f"{len(self.value):,} characters"))
        elif self.type == ParameterType.STRING:
            found.append(Problem(f"{path}.value", "a String parameter needs its value", "add value, or use type: SecureString for a value set outside the stack"))
        return found


# --- cross checks the stack calls with facts it has --------------------------------------------------


def database_placement_problems(path: str, tier_types: Mapping[str, object], az_count: int, tier: Optional[str] = None) -> list[Problem]:
    """The database needs an isolated tier spanning at least two AZs. `tier_types`: tier name -> TierType (or its value)."""
    types = {k: str(getattr(v, "value", v)) for k, v in tier_types.items()}
    found: list[Problem] = []
    for subject, message, fix in D.tier_placement_problems(types, az_count, tier):
        if subject == "azs":
            found.append(Problem(path, message, fix, az_count))
        elif tier is not None:
            found.append(Problem(f"{path}.subnet_tier", message, fix, tier))
        else:
            found.append(Problem(path, message, fix, types))
    return found


def eni_capacity_problem(path: str, tier: str, free_addresses: int, concurrency: int, security_group_combinations: int = 1) -> Optional[Problem]:
    """A warning-grade Problem when a subnet of `tier` has fewer free addresses than the function's Hyperplane ENIs
    may need (formula and sources: landfall.plan.database.hyperplane_addresses_needed)."""
    needed = D.hyperplane_addresses_needed(concurrency, security_group_combinations)
    if free_addresses >= needed:
        return None
    return Problem(path, f"a subnet of tier {tier} has {free_addresses} free addresses; a concurrency of {concurrency} over {security_group_combinations} subnet/security-group "
                   f"combination(s) needs {needed} for Lambda's Hyperplane ENIs (one per combination per 65,000 connections, twice during a VPC change)",
                   f"give tier {tier} a larger prefix, or share one security group between the functions", free_addresses)


def uses_problems(path: str, databases: Mapping[str, str], secrets: list[str], parameters: list[str],
                  declared_databases: Mapping[str, DatabaseConfig], declared_secrets: Mapping[str, SecretConfig],
                  declared_parameters: Mapping[str, ParameterConfig], in_vpc: bool = True) -> list[Problem]:
    """A function's or task's `uses`: databases (key -> database user it connects as), secrets, parameters.
    `in_vpc`: whether the function runs in the VPC (the proxy is reachable only from there)."""
    found: list[Problem] = []
    if databases and not in_vpc:
        found.append(Problem(f"{path}.databases", "the database's proxy is reachable only inside the VPC", "set vpc: true on the function", sorted(databases)))
    for key, user in databases.items():
        if key not in declared_databases:
            found.append(Problem(f"{path}.databases.{key}", "names no database of this service", f"use one of {', '.join(sorted(declared_databases)) or 'none declared'}, or add it under databases", key))
            continue
        for message, fix in D.db_user_problems(user):
            found.append(Problem(f"{path}.databases.{key}", message, fix, user))
        db = declared_databases[key]
        if user == db.master_username:
            found.append(Problem(f"{path}.databases.{key}", "is the cluster's administrator; functions connect as their own least-privilege user", "create a user and name it here", user))
        elif user not in db.proxy.user_secrets:
            found.append(Problem(f"{path}.databases.{key}", f"has no secret in databases.{key}.proxy.user_secrets; the proxy needs one to connect as {user}",
                                 f"add a secret holding {user}'s credentials and list it: proxy: {{user_secrets: {{{user}: <secret key>}}}}", user))
    for kind, refs, declared in (("secrets", secrets, declared_secrets), ("parameters", parameters, declared_parameters)):
        for i, ref in enumerate(refs):
            if ref not in declared:
                found.append(Problem(f"{path}.{kind}[{i}]", f"names no {kind[:-1]} of this service", f"use one of {', '.join(sorted(declared)) or 'none declared'}, or add it under {kind}", ref))
    return found


def proxy_user_problems(path: str, database: DatabaseConfig, declared_secrets: Mapping[str, SecretConfig]) -> list[Problem]:
    """databases.<key>.proxy.user_secrets: valid user names, never the administrator, each naming a declared secret."""
    found: list[Problem] = []
    for user, secret in database.proxy.user_secrets.items():
        where = f"{path}.proxy.user_secrets.{user}"
        for message, fix in D.db_user_problems(user):
            found.append(Problem(where, message, fix, user))
        if user == database.master_username:
            found.append(Problem(where, "is the administrator, whose secret RDS manages; the proxy already has it", "remove it", user))
        if secret not in declared_secrets:
            found.append(Problem(where, "names no secret of this service", f"use one of {', '.join(sorted(declared_secrets)) or 'none declared'}, or add it under secrets", secret))
    return found
