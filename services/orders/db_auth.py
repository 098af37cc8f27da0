"""Connection settings for the service's database through its RDS Proxy: an IAM auth token instead of a password.

The proxy requires IAM authentication and TLS; the function's role allows rds-db:connect for exactly its user
(landfall.plan.database.connect_statement). Landfall passes <KEY>_DB_HOST, _DB_PORT, _DB_NAME and _DB_USER
(landfall.plan.database.database_environment). A token is signed locally (no AWS call) and is valid for 15
minutes; it is only checked when a connection opens, so open connections outlive it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

import boto3

rds = boto3.client("rds")


class MissingDatabaseSetting(RuntimeError):
    """The function was deployed without the database's environment variables (its `uses` does not name it)."""


@dataclass(frozen=True)
class ConnectionSettings:
    host: str
    port: int
    dbname: str
    user: str
    password: str  # the IAM auth token
    # The proxy presents an Amazon-issued (ACM) certificate: verify it against the system trust store. sslrootcert
    # "system" needs libpq 16 or later; with an older driver use sslmode "require" (the proxy refuses clear text anyway).
    sslmode: str = "verify-full"
    sslrootcert: str = "system"

    def as_kwargs(self) -> dict[str, object]:
        """Keyword arguments for psycopg / psycopg2 connect()."""
        return {"host": self.host, "port": self.port, "dbname": self.dbname, "user": self.user, "password": self.password,
                "sslmode": self.sslmode, "sslrootcert": self.sslrootcert}


def _prefix(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "_", key).upper()


def connection_settings(key: str) -> ConnectionSettings:
    """Settings for database `key` of the service (the key under `uses.databases`), with a fresh token."""
    prefix = _prefix(key)
    names = {part: f"{prefix}_DB_{part}" for part in ("HOST", "PORT", "NAME", "USER")}
    missing = [name for name in names.values() if not os.environ.get(name)]
    if missing:
        raise MissingDatabaseSetting(f"database {key}: {', '.join(missing)} not set")
    host, port, user = os.environ[names["HOST"]], int(os.environ[names["PORT"]]), os.environ[names["USER"]]
    token = rds.generate_db_auth_token(DBHostname=host, Port=port, DBUsername=user)
    return ConnectionSettings(host=host, port=port, dbname=os.environ[names["NAME"]], user=user, password=token)
