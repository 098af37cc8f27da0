"""Aurora PostgreSQL Serverless v2, RDS Proxy, Secrets Manager and Parameter Store: names, limits and IAM (no pulumi).

Every check returns the reasons a value is wrong (empty when it is right), so the config models can report each
one with its key path. The IAM documents name exact actions on exact ARNs (IAM.1/IAM.21); the key statements
only work through the one service that uses the key (kms:ViaService).

Sources (AWS docs, checked with the docs search):
* ACUs: API ServerlessV2ScalingConfiguration: half-step increments; the largest value is 256 for recent Aurora
  versions (128 for older ones); the smallest is 0 for versions that support auto-pause, else 0.5;
  SecondsUntilAutoPause 300-86,400.
* The version floors below (auto-pause, 256 ACUs, Serverless v2 itself) are from AWS's release announcements
  (Nov 2024 scale-to-zero, Oct 2024 256 ACUs); the capacity table of the Aurora User Guide was not retrievable
  here. ``aws rds describe-db-engine-versions --engine aurora-postgresql --query
  'DBEngineVersions[].[EngineVersion,ServerlessV2FeaturesSupport]'`` lists the real values per Region.
* Secrets Manager CreateSecret Name: ASCII letters, digits and /_+=.@-; up to 512 characters; never ending in a
  hyphen and six characters (Secrets Manager appends -XXXXXX to the ARN). SecretString up to 65,536 bytes.
  RotationRules.AutomaticallyAfterDays 1-1000.
* SSM PutParameter Name: a-zA-Z0-9_.- and /, no aws/ssm prefix, at most 15 hierarchy levels, at most 1,011
  characters including the ARN prefix before the name; values up to 4,096 characters (Standard) / 8,192
  (Advanced).
* Lambda Hyperplane ENIs (Lambda Developer Guide, "VPC networking for Lambda"): one per unique subnet + security
  group combination, shared by every function using that combination, each serving up to 65,000
  connections/ports; a VPC configuration change keeps the old ENI in use until the new one is active.
"""

from __future__ import annotations

import math
import re
from typing import Any, Mapping, Optional, Sequence

from .service_names import env_var_prefix

ENGINE = "aurora-postgresql"
ENGINE_FAMILY = "POSTGRESQL"  # RDS Proxy engine family
INSTANCE_CLASS = "db.serverless"
# A current Aurora PostgreSQL 16 minor with Serverless v2, 256 ACUs and auto-pause; auto minor version upgrade
# moves it forward. Confirm per Region with describe-orderable-db-instance-options (see the module docstring).
DEFAULT_ENGINE_VERSION = "16.8"
POSTGRES_DEFAULT_PORT = 5432  # the engine default; RDS Proxy for PostgreSQL always listens on it
# RDS.23 flags clusters on the engine's default port. Only the proxy connects to the cluster, so the cluster
# listens elsewhere and clients keep using 5432 on the proxy.
DEFAULT_CLUSTER_PORT = 5433
PROXY_PORT = POSTGRES_DEFAULT_PORT

ACU_STEP = 0.5
MIN_ACU_WITHOUT_AUTO_PAUSE = 0.5
MAX_ACU = 256.0
MAX_ACU_OLDER_VERSIONS = 128.0
MIN_AUTO_PAUSE_S = 300
MAX_AUTO_PAUSE_S = 86_400
# Lowest minor of each major with the feature; majors above the table's highest have it.
SERVERLESS_V2_FLOOR = {13: 6, 14: 3, 15: 2, 16: 1}
MAX_256_ACU_FLOOR = {13: 13, 14: 10, 15: 5, 16: 1}
AUTO_PAUSE_FLOOR = {13: 15, 14: 12, 15: 7, 16: 3}
ENGINE_VERSION_PATTERN = re.compile(r"^(\d+)\.(\d+)$")

MIN_BACKUP_RETENTION_DAYS = 1
MAX_BACKUP_RETENTION_DAYS = 35
MAX_INSTANCES = 16  # a writer and up to 15 Aurora Replicas
MONITORING_INTERVALS_S = (0, 1, 5, 10, 15, 30, 60)
# Performance Insights: 7 days is the free tier; longer retention is a whole number of months (31 days each).
FREE_PERFORMANCE_INSIGHTS_DAYS = 7
MAX_PERFORMANCE_INSIGHTS_DAYS = 731
LOG_EXPORTS = ("postgresql", "iam-db-auth-error")  # what Aurora PostgreSQL can publish to CloudWatch Logs

# Identifiers (CreateDBCluster / CreateDBInstance / CreateDBProxy).
CLUSTER_IDENTIFIER_PATTERN = re.compile(r"^[a-z](?:[a-z0-9]|-(?!-)){0,62}$")
PROXY_NAME_PATTERN = re.compile(r"^[a-z](?:[a-z0-9]|-(?!-)){0,59}$")
DATABASE_NAME_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,62}$")
DB_USER_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,62}$")
RESERVED_DATABASE_NAMES = frozenset({"postgres", "template0", "template1", "rdsadmin"})
# RDS.24: the engine's default administrator names fail the control; rdsadmin and rds_* are the service's own.
DEFAULT_ADMIN_USERNAMES = frozenset({"postgres", "admin"})
RESERVED_USER_PREFIXES = ("rds", "pg_")

# RDS Proxy (CreateDBProxy / ConnectionPoolConfigurationInfo).
MIN_IDLE_CLIENT_TIMEOUT_S = 1
MAX_IDLE_CLIENT_TIMEOUT_S = 28_800  # 8 hours
MAX_CONNECTION_BORROW_TIMEOUT_S = 300

# Secrets Manager and Parameter Store.
SECRET_NAME_PATTERN = re.compile(r"^[A-Za-z0-9/_+=.@-]+$")
SECRET_NAME_MAX = 512
SECRET_ARN_SUFFIX = re.compile(r"-[A-Za-z0-9]{6}$")
SECRET_VALUE_MAX_BYTES = 65_536
MIN_ROTATION_DAYS = 1
MAX_ROTATION_DAYS = 1_000
FSBP_MAX_DAYS_SINCE_ROTATION = 90  # SecretsManager.4 default parameter
MIN_RECOVERY_WINDOW_DAYS = 7
MAX_RECOVERY_WINDOW_DAYS = 30
PARAMETER_NAME_PATTERN = re.compile(r"^[A-Za-z0-9_.\-/]+$")
PARAMETER_ARN_MAX = 1_011  # the name plus the arn:...:parameter/ before it
PARAMETER_MAX_LEVELS = 15
PARAMETER_VALUE_MAX = {"Standard": 4_096, "Advanced": 8_192}
LAMBDA_FUNCTION_ARN_PATTERN = re.compile(r"^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]+)?$")

# Hyperplane ENIs.
HYPERPLANE_ENI_CONNECTIONS = 65_000


# --- engine versions and capacity -------------------------------------------------------------------


def parse_engine_version(version: str) -> Optional[tuple[int, int]]:
    match = ENGINE_VERSION_PATTERN.match(version) if isinstance(version, str) else None
    return (int(match.group(1)), int(match.group(2))) if match else None


def _at_least(version: tuple[int, int], floors: Mapping[int, int]) -> bool:
    major, minor = version
    if major > max(floors):
        return True
    return major in floors and minor >= floors[major]


def supports_serverless_v2(version: tuple[int, int]) -> bool:
    return _at_least(version, SERVERLESS_V2_FLOOR)


def supports_auto_pause(version: tuple[int, int]) -> bool:
    return _at_least(version, AUTO_PAUSE_FLOOR)


def max_acu_for(version: tuple[int, int]) -> float:
    return MAX_ACU if _at_least(version, MAX_256_ACU_FLOOR) else MAX_ACU_OLDER_VERSIONS


def parameter_group_family(version: str) -> str:
    parsed = parse_engine_version(version)
    return f"{ENGINE}{parsed[0] if parsed else version.split('.')[0]}"


def engine_version_problems(version: str) -> list[tuple[str, str]]:
    parsed = parse_engine_version(version)
    if parsed is None:
        return [("is not an Aurora PostgreSQL version (major.minor)", f"use e.g. {DEFAULT_ENGINE_VERSION}")]
    if not supports_serverless_v2(parsed):
        floors = ", ".join(f"{m}.{n}" for m, n in SERVERLESS_V2_FLOOR.items())
        return [("does not support Aurora Serverless v2 (db.serverless)", f"use {floors} or later, e.g. {DEFAULT_ENGINE_VERSION}")]
    return []


def is_half_step(value: float) -> bool:
    return math.isfinite(value) and (value * 2) == int(value * 2)


def acu_problems(min_acu: float, max_acu: float, version: str) -> list[tuple[str, str, str]]:
    """(field, message, fix) for every capacity problem; the version decides 0 ACU and the 256 cap."""
    parsed = parse_engine_version(version)
    found: list[tuple[str, str, str]] = []
    for field, value in (("min_acu", min_acu), ("max_acu", max_acu)):
        if not is_half_step(value):
            found.append((field, "ACUs come in 0.5 steps", f"use e.g. {max(round(value * 2) / 2, ACU_STEP) if math.isfinite(value) else 1.0:g}"))
    if math.isfinite(min_acu) and min_acu < 0:
        found.append(("min_acu", "must be 0 or more", f"use {MIN_ACU_WITHOUT_AUTO_PAUSE}"))
    elif min_acu < MIN_ACU_WITHOUT_AUTO_PAUSE and parsed is not None and not supports_auto_pause(parsed):
        floors = ", ".join(f"{m}.{n}" for m, n in AUTO_PAUSE_FLOOR.items())
        found.append(("min_acu", f"0 ACUs (auto-pause) needs Aurora PostgreSQL {floors} or later; {version} starts at {MIN_ACU_WITHOUT_AUTO_PAUSE}",
                      f"use min_acu: {MIN_ACU_WITHOUT_AUTO_PAUSE}, or a newer engine_version such as {DEFAULT_ENGINE_VERSION}"))
    cap = max_acu_for(parsed) if parsed is not None else MAX_ACU
    if max_acu > cap:
        more = f" ({version} allows {cap:g}; {MAX_ACU:g} needs a newer minor)" if cap < MAX_ACU else ""
        found.append(("max_acu", f"is over the Aurora Serverless v2 maximum of {cap:g} ACUs{more}", f"use at most {cap:g}"))
    if max_acu < 1:
        found.append(("max_acu", "must be at least 1 ACU (Aurora rejects a maximum of 0.5 or less)", "use e.g. 4"))
    if min_acu > max_acu:
        found.append(("min_acu", f"is above max_acu ({max_acu:g})", "lower min_acu or raise max_acu"))
    return found


# --- identifiers -------------------------------------------------------------------------------------


def cluster_identifier_problems(identifier: str) -> list[str]:
    if CLUSTER_IDENTIFIER_PATTERN.match(identifier) and not identifier.endswith("-"):
        return []
    return ["cluster identifiers are 1-63 lowercase letters, digits or hyphens, start with a letter and have no '--' or trailing '-'"]


def proxy_name_problems(name: str) -> list[str]:
    if PROXY_NAME_PATTERN.match(name) and not name.endswith("-"):
        return []
    return ["proxy names are 1-60 lowercase letters, digits or hyphens, start with a letter and have no '--' or trailing '-'"]


def database_name_problems(name: str) -> list[tuple[str, str]]:
    if not DATABASE_NAME_PATTERN.match(name):
        return [("database names are 1-63 letters, digits or '_', starting with a letter", "use e.g. app")]
    if name.lower() in RESERVED_DATABASE_NAMES:
        return [(f"{name} is reserved by PostgreSQL or RDS", "use e.g. app")]
    return []


def db_user_problems(user: str) -> list[tuple[str, str]]:
    if not DB_USER_PATTERN.match(user):
        return [("PostgreSQL user names here are 1-63 letters, digits or '_', starting with a letter", "use e.g. orders_app")]
    lowered = user.lower()
    if lowered in DEFAULT_ADMIN_USERNAMES:
        return [(f"{user} is the engine's default administrator name (RDS.24/25)", "use a custom name such as landfall_admin")]
    if lowered.startswith(RESERVED_USER_PREFIXES):
        return [("names starting with rds or pg_ are reserved by RDS and PostgreSQL", "use e.g. orders_app")]
    return []


# --- secrets and parameters --------------------------------------------------------------------------


def secret_name_problems(name: str, prefix: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if not SECRET_NAME_PATTERN.match(name):
        found.append(("Secrets Manager names hold only ASCII letters, digits and /_+=.@-", "remove the other characters"))
    if len(name) > SECRET_NAME_MAX:
        found.append((f"is {len(name)} characters; Secrets Manager allows {SECRET_NAME_MAX}", "shorten it"))
    if SECRET_ARN_SUFFIX.search(name):
        found.append(("ends in a hyphen and six characters, which Secrets Manager's ARN suffix looks like (partial-ARN lookups break)", "end the name differently, e.g. with _key"))
    found += _prefix_problems(name, prefix)
    return found


def parameter_name_problems(name: str, prefix: str, arn: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if not PARAMETER_NAME_PATTERN.match(name) or "//" in name:
        found.append(("parameter names hold only a-z, A-Z, 0-9, _ . - and single / between levels", "remove the other characters"))
    first = name.lstrip("/").split("/", 1)[0].lower()
    if first.startswith(("aws", "ssm")):
        found.append(("names starting with aws or ssm are reserved by Parameter Store", f"keep it under {prefix}"))
    levels = len([p for p in name.split("/") if p])
    if levels > PARAMETER_MAX_LEVELS:
        found.append((f"has {levels} hierarchy levels; Parameter Store allows {PARAMETER_MAX_LEVELS}", "use fewer levels"))
    if len(arn) > PARAMETER_ARN_MAX:
        found.append((f"makes an ARN of {len(arn)} characters; Parameter Store allows {PARAMETER_ARN_MAX} including the ARN prefix", "shorten it"))
    found += _prefix_problems(name, prefix)
    return found


def _prefix_problems(name: str, prefix: str) -> list[tuple[str, str]]:
    if name.startswith(prefix) and len(name) > len(prefix):
        return []
    return [(f"must sit under {prefix} (the environment and the service), so IAM and reviews can tell whose it is",
             f"name it {prefix}<name>, or leave name out for {prefix}<key>")]


def value_size_problems(value: str, limit: int, what: str, fix: str) -> list[tuple[str, str]]:
    size = len(value.encode("utf-8")) if what == "bytes" else len(value)
    if size <= limit:
        return []
    return [(f"is {size:,} {what}; the limit is {limit:,}", fix)]


# --- ARNs --------------------------------------------------------------------------------------------


def secret_arn_pattern(partition: str, region: str, account: str, name: str) -> str:
    """The ARN of a secret known only by name: Secrets Manager appends -XXXXXX, so IAM matches `-??????`."""
    return f"arn:{partition}:secretsmanager:{region}:{account}:secret:{name}-??????"


def parameter_arn(partition: str, region: str, account: str, name: str) -> str:
    return f"arn:{partition}:ssm:{region}:{account}:parameter/{name.lstrip('/')}"


def proxy_resource_id(proxy_arn: str) -> str:
    """`prx-0123456789abcdef0` from arn:aws:rds:<region>:<account>:db-proxy:prx-0123456789abcdef0."""
    return proxy_arn.rsplit(":", 1)[-1]


def db_user_arn(partition: str, region: str, account: str, proxy_id: str, user: str) -> str:
    return f"arn:{partition}:rds-db:{region}:{account}:dbuser:{proxy_id}/{user}"


# --- IAM ---------------------------------------------------------------------------------------------


def _sid(*parts: str) -> str:
    return "".join(p[:1].upper() + p[1:] for part in parts for p in re.split(r"[^A-Za-z0-9]+", part) if p)


def via(service: str, region: str) -> str:
    return f"{service}.{region}.amazonaws.com"


def proxy_role_policy(secret_arns: Sequence[str], secret_key_arn: str, region: str) -> dict[str, Any]:
    """The RDS Proxy role: read exactly the secrets it authenticates with (the cluster's managed secret and one per
    database user), decrypt with their key only through Secrets Manager."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "ReadProxySecrets", "Effect": "Allow", "Action": ["secretsmanager:GetSecretValue"], "Resource": list(dict.fromkeys(secret_arns))},
            {"Sid": "DecryptProxySecrets", "Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": secret_key_arn,
             "Condition": {"StringEquals": {"kms:ViaService": via("secretsmanager", region)}}},
        ],
    }


def connect_statement(key: str, partition: str, region: str, account: str, proxy_id: str, user: str) -> dict[str, Any]:
    """rds-db:connect as one database user through the proxy (IAM auth; no password in the function). The proxy
    then connects to the cluster with that user's secret, so the user needs an entry in the proxy's user_secrets."""
    return {"Sid": _sid("connect", key, user), "Effect": "Allow", "Action": ["rds-db:connect"],
            "Resource": db_user_arn(partition, region, account, proxy_id, user)}


def secret_read_statements(secret_arns: Mapping[str, str], parameter_arns: Mapping[str, str], key_arn: Optional[str],
                           region: str) -> list[dict[str, Any]]:
    """What a function or task gets for the secrets and parameters it uses: read those, decrypt only via the two services.

    Decrypt is granted when a secret or any parameter is read; a String parameter needs no key, but the grant
    is conditioned on the services, so it only ever decrypts values those services hand out.
    """
    statements: list[dict[str, Any]] = []
    if secret_arns:
        statements.append({"Sid": "ReadSecrets", "Effect": "Allow", "Action": ["secretsmanager:GetSecretValue"],
                           "Resource": sorted(set(secret_arns.values()))})
    if parameter_arns:
        statements.append({"Sid": "ReadParameters", "Effect": "Allow", "Action": ["ssm:GetParameter", "ssm:GetParameters"],
                           "Resource": sorted(set(parameter_arns.values()))})
    services = [via(s, region) for s, used in (("secretsmanager", secret_arns), ("ssm", parameter_arns)) if used]
    if services and key_arn:
        statements.append({"Sid": "DecryptSecrets", "Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": key_arn,
                           "Condition": {"StringEquals": {"kms:ViaService": services if len(services) > 1 else services[0]}}})
    return statements


def planned_read_statements(partition: str, region: str, account: str, secret_names: Mapping[str, str],
                            parameter_names: Mapping[str, str], key_arn: Optional[str]) -> list[dict[str, Any]]:
    """secret_read_statements from planned names (key -> name), before anything exists: secrets by their
    name plus Secrets Manager's six-character suffix, parameters by their exact ARN."""
    return secret_read_statements(
        {k: secret_arn_pattern(partition, region, account, n) for k, n in secret_names.items()},
        {k: parameter_arn(partition, region, account, n) for k, n in parameter_names.items()},
        key_arn, region,
    )


def monitoring_trust_policy(account_id: str) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "monitoring.rds.amazonaws.com"}, "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"aws:SourceAccount": account_id}},
    }]}


# --- VPC capacity ------------------------------------------------------------------------------------


def hyperplane_addresses_needed(concurrency: int, security_group_combinations: int = 1, connections_per_environment: int = 1) -> int:
    """Private addresses one subnet needs for the Hyperplane ENIs of VPC functions.

    Lambda creates one Hyperplane ENI per unique (subnet, security group set) and shares it among every function
    with that combination; one ENI serves up to 65,000 connections, so a combination needs
    ceil(concurrency x connections per environment / 65,000) ENIs (one address each). A VPC configuration change
    keeps the old ENI in use until the new one is active, so each combination is counted twice. Concurrency is
    the function's reserved (or maximum) concurrency: Lambda may place every environment in one subnet (one AZ
    down), so the whole figure is counted per subnet. The pre-2019 estimate (concurrency x memory GB / 3) sized
    one ENI per environment and no longer applies.
    """
    per_combination = math.ceil(max(concurrency, 1) * max(connections_per_environment, 1) / HYPERPLANE_ENI_CONNECTIONS)
    return 2 * max(security_group_combinations, 1) * per_combination


def tier_placement_problems(tier_types: Mapping[str, str], az_count: int, tier: Optional[str] = None) -> list[tuple[str, str, str]]:
    """(subject, message, fix) when the database has no isolated tier to sit in, or the VPC spans fewer than two AZs."""
    found: list[tuple[str, str, str]] = []
    isolated = sorted(name for name, kind in tier_types.items() if str(getattr(kind, "value", kind)) == "isolated")
    if tier is not None:
        kind = tier_types.get(tier)
        if kind is None:
            found.append(("tier", f"names no subnet tier of the VPC ({', '.join(sorted(tier_types)) or 'none'})", f"use an isolated tier{': ' + isolated[0] if isolated else ''}"))
        elif str(getattr(kind, "value", kind)) != "isolated":
            found.append(("tier", f"tier {tier} is {getattr(kind, 'value', kind)}; a database belongs in an isolated tier (no route to the internet, RDS.46)",
                          f"use {isolated[0]}" if isolated else "add an isolated tier to the VPC and use it"))
    elif not isolated:
        found.append(("tier", "the VPC has no isolated subnet tier for the database (no route to the internet, RDS.46)",
                      "add a tier with type: isolated (e.g. name: data, prefix: 24) to the VPC"))
    if az_count < 2:
        found.append(("azs", f"the VPC spans {az_count} Availability Zone(s); a DB subnet group needs subnets in at least 2 (RDS.5/RDS.15)",
                      "set the VPC's availability zones to 2 or more"))
    return found



# --- what a function is told ---------------------------------------------------------------------------


def proxy_endpoint(proxy_name: str, account: str, region: str) -> str:
    """The shape of an RDS Proxy endpoint (<name>.proxy-<12 characters>.<region>.rds.amazonaws.com); only its length
    is planned here, for the environment-size check, since the 12 characters are AWS's."""
    return f"{proxy_name}.proxy-{'x' * 12}.{region}.rds.amazonaws.com"


def database_environment(key: str, host: Any, database_name: str, user: str) -> dict[str, Any]:
    """<KEY>_DB_HOST (the proxy endpoint), _DB_PORT, _DB_NAME, _DB_USER: what a handler needs to open an IAM-authenticated
    TLS connection (services/orders/db_auth.py reads them)."""
    prefix = env_var_prefix(key)
    return {f"{prefix}_DB_HOST": host, f"{prefix}_DB_PORT": str(PROXY_PORT), f"{prefix}_DB_NAME": database_name, f"{prefix}_DB_USER": user}


def secrets_environment(secret_names: Mapping[str, str], parameter_names: Mapping[str, str]) -> dict[str, str]:
    """<KEY>_SECRET and <KEY>_PARAMETER: the names a handler passes to services/orders/secrets_client.py."""
    env = {f"{env_var_prefix(k)}_SECRET": n for k, n in secret_names.items()}
    env.update({f"{env_var_prefix(k)}_PARAMETER": n for k, n in parameter_names.items()})
    return env
