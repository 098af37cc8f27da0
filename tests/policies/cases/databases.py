"""RDS, Aurora, RDS Proxy, Secrets Manager and SSM rules: passing, failing (exact messages) and not-applicable
fixtures."""

from __future__ import annotations

from .records import NONPROD, PROD, QUEUE, TABLE, Case, StackCase, rec

CLUSTER = "aws:rds/cluster:Cluster"
INSTANCE = "aws:rds/instance:Instance"
CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance"
SNAPSHOT = "aws:rds/snapshot:Snapshot"
CLUSTER_SNAPSHOT = "aws:rds/clusterSnapshot:ClusterSnapshot"
PROXY = "aws:rds/proxy:Proxy"
SECRET = "aws:secretsmanager/secret:Secret"
ROTATION = "aws:secretsmanager/secretRotation:SecretRotation"
PARAMETER = "aws:ssm/parameter:Parameter"
KEY_ARN = "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def cluster(name: str = "orders", **props) -> dict:
    return rec(CLUSTER, name, {"engine": "aurora-postgresql", "engineMode": "provisioned", **props}, id=f"{name}-5f3a9c1b")


def member(name: str, of: dict, **props) -> dict:
    return rec(CLUSTER_INSTANCE, name, {"clusterIdentifier": of["id"], "instanceClass": "db.serverless",
                                        "engine": "aurora-postgresql", **props})


def instance(name: str = "legacy", **props) -> dict:
    return rec(INSTANCE, name, {"engine": "postgres", "instanceClass": "db.t4g.micro", **props}, id=f"{name}-7d2e4f60")


RESOURCE_CASES = [
    Case("rds-not-public",
         passes=[instance(), member("orders-writer", cluster()), cluster(publiclyAccessible=False)],
         fails=[(instance(publiclyAccessible=True),
                 ["RDS.2: publiclyAccessible is true; a database must not have a public endpoint"]),
                (member("orders-writer", cluster(), publiclyAccessible=True),
                 ["RDS.2: publiclyAccessible is true; a database must not have a public endpoint"])],
         not_applicable=[rec(PROXY, "orders", {"publiclyAccessible": True})]),
    Case("rds-storage-encrypted",
         passes=[cluster(storageEncrypted=True, kmsKeyId=KEY_ARN), instance(storageEncrypted=True)],
         fails=[(cluster(), ["RDS.27: storageEncrypted is not true; encrypt the cluster with the stack's data key "
                             "(kmsKeyId)"]),
                (instance(storageEncrypted=False), ["RDS.3: storageEncrypted is not true; encrypt the instance with the "
                                                    "stack's data key (kmsKeyId)"])],
         not_applicable=[member("orders-writer", cluster())]),
    Case("rds-copy-tags-to-snapshot",
         passes=[cluster(copyTagsToSnapshot=True), instance(copyTagsToSnapshot=True)],
         fails=[(cluster(), ["RDS.16: copyTagsToSnapshot is not true; snapshots must carry the cluster's tags"]),
                (instance(), ["RDS.17: copyTagsToSnapshot is not true; snapshots must carry the instance's tags"])],
         not_applicable=[member("orders-writer", cluster())]),
    Case("rds-log-exports",
         passes=[cluster(enabledCloudwatchLogsExports=["postgresql"]),
                 instance(enabledCloudwatchLogsExports=["postgresql", "upgrade"]),
                 instance(engine="sqlserver-ex", enabledCloudwatchLogsExports=["error", "agent"]),
                 rec(CLUSTER, "multi-az", {"engine": "postgres", "dbClusterInstanceClass": "db.m6gd.large"})],
         fails=[(cluster(), ["RDS.9: the aurora-postgresql cluster does not export postgresql logs; add them to "
                             "enabledCloudwatchLogsExports"]),
                (instance(enabledCloudwatchLogsExports=["postgresql"]),
                 ["RDS.9: the postgres instance does not export upgrade logs; add them to enabledCloudwatchLogsExports"]),
                (cluster(engine="aurora-mysql", enabledCloudwatchLogsExports=["error", "slowquery"]),
                 ["RDS.9: the aurora-mysql cluster does not export audit, general logs; add them to "
                  "enabledCloudwatchLogsExports"]),
                (instance(engine="sqlserver-ex"),
                 ["RDS.9: the instance exports no logs to CloudWatch Logs; set enabledCloudwatchLogsExports"])],
         not_applicable=[member("orders-writer", cluster())]),
    Case("rds-backup-retention",
         passes=[cluster(backupRetentionPeriod=7), instance(backupRetentionPeriod=35),
                 instance("replica", replicateSourceDb="legacy-7d2e4f60")],
         fails=[(cluster(), ["RDS.11: backupRetentionPeriod is not set (AWS keeps 1 day); keep automated backups for at "
                             "least 7 days"]),
                (instance(backupRetentionPeriod=1),
                 ["RDS.11: backupRetentionPeriod is 1 days; keep automated backups for at least 7 days"])],
         not_applicable=[member("orders-writer", cluster())]),
    Case("rds-iam-auth",
         passes=[cluster(iamDatabaseAuthenticationEnabled=True), instance(iamDatabaseAuthenticationEnabled=True)],
         fails=[(cluster(), ["RDS.12: iamDatabaseAuthenticationEnabled is not true; enable IAM database authentication"]),
                (instance(), ["RDS.10: iamDatabaseAuthenticationEnabled is not true; enable IAM database authentication"])],
         not_applicable=[rec(PROXY, "orders", {})]),
    Case("rds-auto-minor-upgrade",
         passes=[member("orders-writer", cluster()), instance(autoMinorVersionUpgrade=True)],
         fails=[(member("orders-writer", cluster(), autoMinorVersionUpgrade=False),
                 ["RDS.13: autoMinorVersionUpgrade is false; let RDS apply minor engine versions (security patches)"])],
         not_applicable=[cluster(autoMinorVersionUpgrade=False)]),
    Case("rds-custom-admin-username",
         passes=[cluster(masterUsername="orders_owner"), instance(username="legacy_admin"), cluster()],
         fails=[(cluster(masterUsername="postgres"),
                 ["RDS.24: the master username is the default 'postgres'; choose another name"]),
                (instance(username="Admin"), ["RDS.25: the master username is the default 'Admin'; choose another name"])],
         not_applicable=[member("orders-writer", cluster(), masterUsername="postgres")]),
    Case("rds-no-default-port",
         passes=[cluster(port=6543), instance(engine="mysql", port=3307)],
         fails=[(cluster(), ["RDS.23: the aurora-postgresql cluster listens on the engine's default port 5432; set "
                             "another port"]),
                (instance(port=5432), ["RDS.23: the postgres instance listens on the engine's default port 5432; set "
                                       "another port"])],
         not_applicable=[instance(engine="oracle-ee"), member("orders-writer", cluster())]),
    Case("rds-proxy-tls",
         passes=[rec(PROXY, "orders", {"engineFamily": "POSTGRESQL", "requireTls": True, "debugLogging": False})],
         fails=[(rec(PROXY, "orders", {"engineFamily": "POSTGRESQL", "debugLogging": True}),
                 ["LF.RDS.1: requireTls is not true; the proxy must refuse connections without TLS",
                  "LF.RDS.1: debugLogging is true; it writes SQL statement text to CloudWatch Logs"])],
         not_applicable=[cluster()]),
    Case("secretsmanager-rotation-interval",
         passes=[rec(ROTATION, "db", {"secretId": "db", "rotationRules": {"automaticallyAfterDays": 30}}),
                 rec(ROTATION, "db2", {"secretId": "db", "rotationRules": {"scheduleExpression": "rate(90 days)"}}),
                 rec(ROTATION, "db3", {"secretId": "db", "rotationRules": {"scheduleExpression": "rate(4 hours)"}}),
                 rec(ROTATION, "db4", {"secretId": "db", "rotationRules": {"scheduleExpression": "cron(0 4 1 * ? *)"}})],
         fails=[(rec(ROTATION, "db", {"secretId": "db", "rotationRules": {"automaticallyAfterDays": 180}}),
                 ["SecretsManager.4: rotation is every 180 days; rotate at least every 90 days (automaticallyAfterDays "
                  "or a rate()/monthly cron scheduleExpression)"]),
                (rec(ROTATION, "db", {"secretId": "db", "rotationRules": {"scheduleExpression": "cron(0 4 1 1 ? *)"}}),
                 ["SecretsManager.4: rotation has no schedule we can read; rotate at least every 90 days "
                  "(automaticallyAfterDays or a rate()/monthly cron scheduleExpression)"])],
         not_applicable=[rec(SECRET, "db", {})]),
    Case("ssm-parameter-secure",
         passes=[rec(PARAMETER, "endpoint", {"name": "/orders/db/endpoint", "type": "String", "value": "db.local"}),
                 rec(PARAMETER, "password", {"name": "/orders/db/password", "type": "SecureString", "keyId": KEY_ARN})],
         fails=[(rec(PARAMETER, "password", {"name": "/orders/db/password", "type": "String"}),
                 ["LF.SSM.1: the String parameter /orders/db/password is named like a credential; store it as a "
                  "SecureString"]),
                (rec(PARAMETER, "token", {"name": "/orders/api-token", "type": "SecureString"}),
                 ["LF.SSM.1: the SecureString parameter /orders/api-token uses the AWS managed key; give keyId (the "
                  "stack's data key)"]),
                (rec(PARAMETER, "token", {"name": "/orders/api-token", "type": "SecureString", "keyId": "alias/aws/ssm"}),
                 ["LF.SSM.1: the SecureString parameter /orders/api-token uses the AWS managed key; give keyId (the "
                  "stack's data key)"])],
         not_applicable=[rec(SECRET, "password", {"name": "/orders/db/password"})]),
]

STACK_CASES = [
    StackCase("rds-snapshot-encrypted",
              passes=[([cluster(storageEncrypted=True),
                        rec(CLUSTER_SNAPSHOT, "orders-baseline", {"dbClusterIdentifier": cluster()["id"]})], NONPROD),
                       ([rec(SNAPSHOT, "elsewhere", {"dbInstanceIdentifier": "not-in-this-stack"})], NONPROD)],
              fails=[([cluster(), instance(),
                       rec(CLUSTER_SNAPSHOT, "orders-baseline", {"dbClusterIdentifier": cluster()["id"]}),
                       rec(SNAPSHOT, "legacy-baseline", {"dbInstanceIdentifier": instance()["id"]})], NONPROD,
                      [(rec(CLUSTER_SNAPSHOT, "orders-baseline")["urn"],
                        "RDS.4: the snapshot orders-baseline copies the unencrypted cluster orders; encrypt the source"),
                       (rec(SNAPSHOT, "legacy-baseline")["urn"],
                        "RDS.4: the snapshot legacy-baseline copies the unencrypted instance legacy; encrypt the source")])],
              not_applicable=[([cluster()], NONPROD)]),
    StackCase("rds-deletion-protection",
              passes=[([cluster(deletionProtection=True), instance(deletionProtection=True)], PROD)],
              fails=[([cluster(), instance(deletionProtection=False)], PROD,
                      [(cluster()["urn"], "RDS.7: the production cluster orders has no deletion protection; set "
                                          "deletionProtection to true"),
                       (instance()["urn"], "RDS.8: the production instance legacy has no deletion protection; set "
                                           "deletionProtection to true")])],
              not_applicable=[([cluster()], NONPROD)]),
    StackCase("rds-multi-az",
              passes=[([cluster(), member("orders-writer", cluster()), member("orders-reader", cluster()),
                        instance(multiAz=True), instance("replica", replicateSourceDb="legacy-7d2e4f60")], PROD)],
              fails=[([cluster(), member("orders-writer", cluster()), cluster("carts"), instance()], PROD,
                      [(instance()["urn"], "RDS.5: the production instance legacy is in one Availability Zone; set "
                                           "multiAz to true"),
                       (cluster()["urn"], "RDS.15: the production cluster orders has 1 instance; add a reader in another "
                                          "Availability Zone so it can fail over"),
                       (cluster("carts")["urn"], "RDS.15: the production cluster carts has 0 instances; add a reader in "
                                                 "another Availability Zone so it can fail over")])],
              not_applicable=[([cluster(), instance()], NONPROD)]),
    StackCase("secretsmanager-rotation",
              passes=[([rec(SECRET, "db", {"name": "orders/db"}, id="arn:aws:secretsmanager:eu-west-1:1:secret:orders/db-AbCdEf"),
                        rec(ROTATION, "db", {"secretId": "arn:aws:secretsmanager:eu-west-1:1:secret:orders/db-AbCdEf",
                                             "rotationRules": {"automaticallyAfterDays": 30}})], NONPROD),
                       ([rec(SECRET, "api", {}), rec(ROTATION, "api", {"secretId": "api-id"})], NONPROD)],
              fails=[([rec(SECRET, "db", {}), rec(SECRET, "api", {}), rec(ROTATION, "api", {"secretId": "api-id"}),
                       rec(SECRET, "off", {}), rec(ROTATION, "off", {"secretId": "off-id", "rotationEnabled": False})],
                      NONPROD,
                      [(rec(SECRET, "db")["urn"], "SecretsManager.1: the secret db has no automatic rotation; add an "
                                                  "aws:secretsmanager/secretRotation:SecretRotation (database "
                                                  "credentials: a rotation function, or let RDS manage the master "
                                                  "password with manageMasterUserPassword)"),
                       (rec(SECRET, "off")["urn"], "SecretsManager.1: the secret off has no automatic rotation; add an "
                                                   "aws:secretsmanager/secretRotation:SecretRotation (database "
                                                   "credentials: a rotation function, or let RDS manage the master "
                                                   "password with manageMasterUserPassword)")])],
              not_applicable=[([rec(TABLE, "orders", {}), rec(QUEUE, "q", {})], NONPROD)]),
]
