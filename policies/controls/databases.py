"""Database controls: RDS DB instances, Aurora clusters and their instances, snapshots, RDS Proxy, Secrets Manager
secrets and their rotation, SSM parameters.

Not checked here: RDS.14 (backtracking) applies to Aurora MySQL only (Aurora PostgreSQL has no backtrack);
SecretsManager.2 (rotation succeeded) and SecretsManager.3 (secret unused for 90 days) are runtime state. Backup
plan coverage of Aurora clusters is `production-stateful-backed-up` (recovery.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .containers import depends_on
from .core import Rule, StackRule, as_list, by_type, get, inputs, is_production

CLUSTER = "aws:rds/cluster:Cluster"
INSTANCE = "aws:rds/instance:Instance"
CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance"
SNAPSHOT = "aws:rds/snapshot:Snapshot"
CLUSTER_SNAPSHOT = "aws:rds/clusterSnapshot:ClusterSnapshot"
PROXY = "aws:rds/proxy:Proxy"
SECRET = "aws:secretsmanager/secret:Secret"
SECRET_ROTATION = "aws:secretsmanager/secretRotation:SecretRotation"
PARAMETER = "aws:ssm/parameter:Parameter"

# RDS.9: the log types the control wants exported, by engine (Aurora PostgreSQL clusters export `postgresql`;
# `upgrade` is an RDS for PostgreSQL instance log only).
LOG_EXPORTS = {
    "aurora-postgresql": ("postgresql",),
    "postgres": ("postgresql", "upgrade"),
    "aurora-mysql": ("audit", "error", "general", "slowquery"),
    "mysql": ("audit", "error", "general", "slowquery"),
    "mariadb": ("audit", "error", "general", "slowquery"),
}
DEFAULT_PORTS = {"aurora-postgresql": 5432, "postgres": 5432, "aurora-mysql": 3306, "mysql": 3306, "mariadb": 3306}
DEFAULT_ADMIN_USERNAMES = ("admin", "postgres")  # the AWS Config rules' defaults (rds-*-default-admin-check)
BACKUP_RETENTION_DAYS = 7       # RDS.11 backupRetentionMinimum
ROTATION_MAX_DAYS = 90          # SecretsManager.4 default maximumAllowedRotationFrequency
AWS_MANAGED_SSM_KEY = "alias/aws/ssm"
SECRET_PARAMETER = re.compile(r"password|passwd|secret|token|api[-_]?key|private[-_]?key|credential", re.IGNORECASE)
RATE_DAYS = re.compile(r"^rate\((\d+) days?\)$")
RATE_HOURS = re.compile(r"^rate\((\d+) hours?\)$")


def _control(record: Mapping, cluster: str, instance: str) -> str:
    return cluster if record.get("type") == CLUSTER else instance


def _what(record: Mapping) -> str:
    return "cluster" if record.get("type") == CLUSTER else "instance"


def _engine(record: Mapping) -> str:
    return str(get(inputs(record), "engine", default=""))


# ---- RDS resource rules --------------------------------------------------------------------------

def check_not_public(record: Mapping) -> list[str]:
    if get(inputs(record), "publiclyAccessible") is not True:
        return []
    return ["RDS.2: publiclyAccessible is true; a database must not have a public endpoint"]


def check_storage_encrypted(record: Mapping) -> list[str]:
    if get(inputs(record), "storageEncrypted") is True:
        return []
    control = _control(record, "RDS.27", "RDS.3")
    return [f"{control}: storageEncrypted is not true; encrypt the {_what(record)} with the stack's data key (kmsKeyId)"]


def check_copy_tags(record: Mapping) -> list[str]:
    if get(inputs(record), "copyTagsToSnapshot") is True:
        return []
    return [f"{_control(record, 'RDS.16', 'RDS.17')}: copyTagsToSnapshot is not true; snapshots must carry the "
            f"{_what(record)}'s tags"]


def check_log_exports(record: Mapping) -> list[str]:
    engine = _engine(record)
    if record.get("type") == CLUSTER and not engine.startswith("aurora"):
        return []  # Multi-AZ DB clusters of RDS engines: their instances' logs, not covered here
    wanted = LOG_EXPORTS.get(engine)
    exported = {str(t) for t in as_list(get(inputs(record), "enabledCloudwatchLogsExports"))}
    if wanted is None:
        return [] if exported else [f"RDS.9: the {_what(record)} exports no logs to CloudWatch Logs; set "
                                    "enabledCloudwatchLogsExports"]
    missing = [t for t in wanted if t not in exported]
    if not missing:
        return []
    return [f"RDS.9: the {engine} {_what(record)} does not export {', '.join(missing)} logs; add them to "
            "enabledCloudwatchLogsExports"]


def check_backup_retention(record: Mapping) -> list[str]:
    if record.get("type") == INSTANCE and get(inputs(record), "replicateSourceDb"):
        return []  # a read replica has no automated backups of its own
    days = get(inputs(record), "backupRetentionPeriod")
    if isinstance(days, int) and not isinstance(days, bool) and days >= BACKUP_RETENTION_DAYS:
        return []
    shown = "not set (AWS keeps 1 day)" if days is None else f"{days} days"
    return [f"RDS.11: backupRetentionPeriod is {shown}; keep automated backups for at least {BACKUP_RETENTION_DAYS} days"]


def check_iam_auth(record: Mapping) -> list[str]:
    if get(inputs(record), "iamDatabaseAuthenticationEnabled") is True:
        return []
    return [f"{_control(record, 'RDS.12', 'RDS.10')}: iamDatabaseAuthenticationEnabled is not true; enable IAM "
            "database authentication"]


def check_minor_upgrades(record: Mapping) -> list[str]:
    if get(inputs(record), "autoMinorVersionUpgrade") is not False:
        return []  # the provider's default is true
    return ["RDS.13: autoMinorVersionUpgrade is false; let RDS apply minor engine versions (security patches)"]


def check_admin_username(record: Mapping) -> list[str]:
    username = get(inputs(record), "masterUsername" if record.get("type") == CLUSTER else "username")
    if not isinstance(username, str) or username.lower() not in DEFAULT_ADMIN_USERNAMES:
        return []
    return [f"{_control(record, 'RDS.24', 'RDS.25')}: the master username is the default {username!r}; choose "
            "another name"]


def check_default_port(record: Mapping) -> list[str]:
    engine = _engine(record)
    default = DEFAULT_PORTS.get(engine)
    if default is None:
        return []
    port = get(inputs(record), "port", default=default)
    if port != default:
        return []
    return [f"RDS.23: the {engine} {_what(record)} listens on the engine's default port {default}; set another port"]


def check_proxy(record: Mapping) -> list[str]:
    props = inputs(record)
    messages = []
    if get(props, "requireTls") is not True:
        messages.append("LF.RDS.1: requireTls is not true; the proxy must refuse connections without TLS")
    if get(props, "debugLogging") is True:
        messages.append("LF.RDS.1: debugLogging is true; it writes SQL statement text to CloudWatch Logs")
    return messages


# ---- RDS stack rules -----------------------------------------------------------------------------

def _instances_of(records: list, cluster: Mapping) -> list[Mapping]:
    keys = {str(k) for k in (cluster.get("id"), get(inputs(cluster), "clusterIdentifier")) if k}
    return [i for i in by_type(records, CLUSTER_INSTANCE)
            if str(get(inputs(i), "clusterIdentifier")) in keys or depends_on(i, cluster)]


def check_deletion_protection(records: list, context: dict) -> list[tuple[str, str]]:
    return [(db["urn"], f"{_control(db, 'RDS.7', 'RDS.8')}: the production {_what(db)} {db.get('name')} has no "
                        "deletion protection; set deletionProtection to true")
            for db in by_type(records, CLUSTER, INSTANCE) if get(inputs(db), "deletionProtection") is not True]


def check_multi_az(records: list, context: dict) -> list[tuple[str, str]]:
    found = []
    for db in by_type(records, INSTANCE):
        if get(inputs(db), "multiAz") is not True and not get(inputs(db), "replicateSourceDb"):
            found.append((db["urn"], f"RDS.5: the production instance {db.get('name')} is in one Availability Zone; "
                                     "set multiAz to true"))
    for cluster in by_type(records, CLUSTER):
        if not _engine(cluster).startswith("aurora"):
            continue
        members = _instances_of(records, cluster)
        if len(members) < 2:
            found.append((cluster["urn"], f"RDS.15: the production cluster {cluster.get('name')} has "
                                          f"{len(members)} instance{'' if len(members) == 1 else 's'}; add a reader in "
                                          "another Availability Zone so it can fail over"))
    return found


def _source_of(records: list, snapshot: Mapping) -> Mapping | None:
    cluster = snapshot.get("type") == CLUSTER_SNAPSHOT
    key = get(inputs(snapshot), "dbClusterIdentifier" if cluster else "dbInstanceIdentifier")
    for db in by_type(records, CLUSTER if cluster else INSTANCE):
        ids = {str(k) for k in (db.get("id"), get(inputs(db), "clusterIdentifier" if cluster else "identifier")) if k}
        if str(key) in ids or depends_on(snapshot, db):
            return db
    return None


def check_snapshots_encrypted(records: list, context: dict) -> list[tuple[str, str]]:
    found = []
    for snapshot in by_type(records, SNAPSHOT, CLUSTER_SNAPSHOT):
        source = _source_of(records, snapshot)
        if source is not None and get(inputs(source), "storageEncrypted") is not True:
            found.append((snapshot["urn"], f"RDS.4: the snapshot {snapshot.get('name')} copies the unencrypted "
                                           f"{_what(source)} {source.get('name')}; encrypt the source"))
    return found


# ---- Secrets Manager and SSM ---------------------------------------------------------------------

def _rotations_of(records: list, secret: Mapping) -> list[Mapping]:
    keys = {str(k) for k in (secret.get("id"), get(inputs(secret), "name")) if k}
    return [r for r in by_type(records, SECRET_ROTATION)
            if str(get(inputs(r), "secretId")) in keys or depends_on(r, secret)
            or any(str(get(inputs(r), "secretId", default="")).endswith(":" + k) for k in keys)]


def check_secret_rotation(records: list, context: dict) -> list[tuple[str, str]]:
    return [(s["urn"], f"SecretsManager.1: the secret {s.get('name')} has no automatic rotation; add an "
                       f"{SECRET_ROTATION} (database credentials: a rotation function, or let RDS manage the "
                       "master password with manageMasterUserPassword)")
            for s in by_type(records, SECRET)
            if not any(get(inputs(r), "rotationEnabled") is not False for r in _rotations_of(records, s))]


def rotation_days(rules) -> float | None:
    """The longest gap between rotations a rotationRules block allows, in days (None: unknown)."""
    days = get(rules, "automaticallyAfterDays")
    if isinstance(days, int) and not isinstance(days, bool):
        return float(days)
    expression = str(get(rules, "scheduleExpression", default="")).strip()
    if (match := RATE_DAYS.match(expression)):
        return float(match.group(1))
    if (match := RATE_HOURS.match(expression)):
        return int(match.group(1)) / 24
    if expression.startswith("cron(") and expression.endswith(")"):
        fields = expression[5:-1].split()
        if len(fields) == 6 and fields[3] in ("*", "?"):  # every month
            return 31.0
    return None


def check_rotation_interval(record: Mapping) -> list[str]:
    rules = get(inputs(record), "rotationRules")
    days = rotation_days(rules)
    if days is not None and days <= ROTATION_MAX_DAYS:
        return []
    shown = "has no schedule we can read" if days is None else f"is every {days:g} days"
    return [f"SecretsManager.4: rotation {shown}; rotate at least every {ROTATION_MAX_DAYS} days "
            "(automaticallyAfterDays or a rate()/monthly cron scheduleExpression)"]


def check_parameter(record: Mapping) -> list[str]:
    props = inputs(record)
    kind = get(props, "type", default="String")
    name = str(get(props, "name", default=record.get("name")))
    if kind != "SecureString":
        if SECRET_PARAMETER.search(name):
            return [f"LF.SSM.1: the {kind} parameter {name} is named like a credential; store it as a SecureString"]
        return []
    key = get(props, "keyId")
    if not key or str(key) == AWS_MANAGED_SSM_KEY or str(key).endswith(":" + AWS_MANAGED_SSM_KEY):
        return [f"LF.SSM.1: the SecureString parameter {name} uses the AWS managed key; give keyId (the stack's data key)"]
    return []


RULES = (
    Rule("rds-not-public", ("RDS.2",), "DB instances and clusters have no public endpoint.",
         (INSTANCE, CLUSTER_INSTANCE, CLUSTER), check_not_public),
    Rule("rds-storage-encrypted", ("RDS.3", "RDS.27"), "DB instances and clusters are encrypted at rest.",
         (INSTANCE, CLUSTER), check_storage_encrypted),
    Rule("rds-copy-tags-to-snapshot", ("RDS.16", "RDS.17"), "DB clusters and instances copy their tags to snapshots.",
         (CLUSTER, INSTANCE), check_copy_tags),
    Rule("rds-log-exports", ("RDS.9",), "DB instances and Aurora clusters export their engine's logs to CloudWatch Logs.",
         (INSTANCE, CLUSTER), check_log_exports),
    Rule("rds-backup-retention", ("RDS.11",), "Automated backups are kept at least 7 days.", (INSTANCE, CLUSTER),
         check_backup_retention),
    Rule("rds-iam-auth", ("RDS.10", "RDS.12"), "DB instances and clusters accept IAM database authentication.",
         (INSTANCE, CLUSTER), check_iam_auth),
    Rule("rds-auto-minor-upgrade", ("RDS.13",), "DB instances apply minor engine versions automatically.",
         (INSTANCE, CLUSTER_INSTANCE), check_minor_upgrades),
    Rule("rds-custom-admin-username", ("RDS.24", "RDS.25"), "Master usernames are not the engine defaults.",
         (CLUSTER, INSTANCE), check_admin_username),
    Rule("rds-no-default-port", ("RDS.23",), "Databases do not listen on the engine's default port.",
         (CLUSTER, INSTANCE), check_default_port, enforcement="advisory",
         reason="RDS Proxy, the way landfall's services reach Aurora, always listens on the engine's default port, "
                "so a non-default database port only hides the database behind the proxy; security groups keep "
                "clients out, the port does not"),
    Rule("rds-proxy-tls", ("LF.RDS.1",), "RDS proxies require TLS and do not log SQL text.", (PROXY,), check_proxy),
    Rule("secretsmanager-rotation-interval", ("SecretsManager.4",), "Secrets rotate at least every 90 days.",
         (SECRET_ROTATION,), check_rotation_interval),
    Rule("ssm-parameter-secure", ("LF.SSM.1",),
         "Credential-named parameters are SecureStrings, and SecureStrings use a customer managed key.",
         (PARAMETER,), check_parameter),
)

STACK_RULES = (
    StackRule("rds-snapshot-encrypted", ("RDS.4",), "Declared snapshots copy encrypted databases.",
              check_snapshots_encrypted),
    StackRule("rds-deletion-protection", ("RDS.7", "RDS.8"), "Production DB clusters and instances have deletion protection.",
              check_deletion_protection, applies=is_production, context_keys=("production",)),
    StackRule("rds-multi-az", ("RDS.5", "RDS.15"),
              "Production DB instances are Multi-AZ and production Aurora clusters have at least two instances.",
              check_multi_az, applies=is_production, context_keys=("production",)),
    StackRule("secretsmanager-rotation", ("SecretsManager.1",), "Every secret has automatic rotation.",
              check_secret_rotation, enforcement="advisory",
              reason="a secret holding a third-party credential has no rotation function AWS can run for it; database "
                     "master passwords rotate without one when RDS manages them (manageMasterUserPassword, no Secret "
                     "record in the stack)"),
)
