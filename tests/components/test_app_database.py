"""AuroraCluster, RdsProxy and Secrets: FSBP RDS and SecretsManager controls, the network path and the proxy's IAM."""

from __future__ import annotations

import json

import pytest

from components.app.database import AuroraCluster, AuroraClusterArgs, RdsProxy, RdsProxyArgs, Secrets, SecretsArgs
from landfall.config.serverless.databases import DatabaseConfig, ParameterConfig, SecretConfig
from tests.conftest import record, unit_provider

DATA_KEY = "arn:aws:kms:eu-west-1:123456789012:key/data"
SECRETS_KEY = "arn:aws:kms:eu-west-1:123456789012:key/secrets"
ROTATOR = "arn:aws:lambda:eu-west-1:123456789012:function:prod-orders-rotate"
CLIENT_SGS = ("sg-0client0000000001", "sg-0client0000000002")
CLUSTER = "aws:rds/cluster:Cluster"
INSTANCE = "aws:rds/clusterInstance:ClusterInstance"
SG = "aws:ec2/securityGroup:SecurityGroup"
LARGE = "x" * 50_000
SECRET_SIG = "4dabf18193072939515e22adb298388d"  # Pulumi's marker of a secret value on the wire


def program(production: bool, key: str, monitoring: int = 0):
    def run():
        opts = unit_provider()
        cfg = DatabaseConfig.model_validate({"backup_plan": "daily", "monitoring_interval_s": monitoring} if production else {})
        cluster = AuroraCluster(f"orders-{key}", AuroraClusterArgs(
            key=key, config=cfg, identifier=f"{'prod' if production else 'dev'}-orders-{key}", vpc_id="vpc-0123",
            subnet_ids=["subnet-a", "subnet-b"], data_key_arn=DATA_KEY, secrets_key_arn=SECRETS_KEY, production=production,
            account_id="123456789012", availability_zones=("eu-west-1a", "eu-west-1b"), protect=production,
        ), opts)
        secrets = None
        if production:
            secrets = Secrets("orders-secrets", SecretsArgs(
                environment="prod", service="orders", secrets_key_arn=SECRETS_KEY, protect=True,
                secrets={
                    "payments_api": SecretConfig(rotation_days=30, rotation_function=ROTATOR),
                    "orders_db": SecretConfig(description="orders_app's database login"),
                    "webhook": SecretConfig(name="/prod/orders/webhook/signing", value='{"key": "initial"}'),
                },
                parameters={
                    "feature_flags": ParameterConfig(type="String", value="{}"),
                    "partner_token": ParameterConfig(),
                    "catalog": ParameterConfig(type="String", tier="Advanced", value=LARGE[:6_000]),
                },
            ), opts)

        RdsProxy(f"orders-{key}-proxy", RdsProxyArgs(
            key=key, config=cfg.proxy, name=f"{'prod' if production else 'dev'}-orders-{key}", vpc_id="vpc-0123",
            subnet_ids=["subnet-a", "subnet-b"], cluster_identifier=cluster.cluster.cluster_identifier, cluster_port=cfg.port,
            cluster_security_group_id=cluster.security_group.id, master_secret_arn=cluster.master_secret_arn,
            secrets_key_arn=SECRETS_KEY, client_security_group_ids=CLIENT_SGS, region="eu-west-1", account_id="123456789012",
            user_secret_arns={"orders_app": secrets.secret_arns["orders_db"]} if secrets else {},
        ), opts)
    return run


@pytest.fixture(scope="module")
def inv():
    return record(program(production=True, key="main", monitoring=60))


@pytest.fixture(scope="module")
def dev():
    return record(program(production=False, key="main"))


def cluster_of(inventory):
    return inventory.named("orders-main", CLUSTER)


def instances_of(inventory):
    return sorted(inventory.of_type(INSTANCE), key=lambda r: r.name)


# --- the cluster -------------------------------------------------------------------------------------


def test_the_cluster_is_aurora_postgresql_serverless_v2_with_the_configured_capacity(inv):
    c = cluster_of(inv)
    i = c.inputs
    assert (i["engine"], i["engineMode"], i["engineVersion"]) == ("aurora-postgresql", "provisioned", "16.8"), c.urn
    assert i["serverlessv2ScalingConfiguration"] == {"minCapacity": 0.5, "maxCapacity": 4.0}, c.urn
    assert {r.inputs["instanceClass"] for r in instances_of(inv)} == {"db.serverless"}


def test_rds_3_4_27_storage_and_snapshots_are_encrypted_with_the_data_key(inv):
    c = cluster_of(inv)
    assert c.inputs["storageEncrypted"] is True and c.inputs["kmsKeyId"] == DATA_KEY, c.urn


def test_rds_2_no_instance_is_publicly_accessible(inv):
    for r in instances_of(inv):
        assert r.inputs["publiclyAccessible"] is False, r.urn


def test_rds_5_15_production_runs_a_writer_and_a_reader_in_two_zones(inv, dev):
    zones = [r.inputs["availabilityZone"] for r in instances_of(inv)]
    assert zones == ["eu-west-1a", "eu-west-1b"]
    assert [r.inputs["promotionTier"] for r in instances_of(inv)] == [0, 1]
    assert len(instances_of(dev)) == 1


def test_rds_7_production_has_deletion_protection_a_final_snapshot_and_protect(inv, dev):
    c = cluster_of(inv)
    assert c.inputs["deletionProtection"] is True and c.inputs["skipFinalSnapshot"] is False, c.urn
    assert c.inputs["finalSnapshotIdentifier"] == "prod-orders-main-final" and c.inputs["deleteAutomatedBackups"] is False
    assert c.protect and all(r.protect for r in instances_of(inv)), c.urn
    d = cluster_of(dev)
    assert d.inputs["deletionProtection"] is False and d.inputs["skipFinalSnapshot"] is True and "finalSnapshotIdentifier" not in d.inputs, d.urn
    assert not d.protect


def test_rds_9_37_the_postgresql_log_goes_to_cloudwatch_logs(inv):
    assert cluster_of(inv).inputs["enabledCloudwatchLogsExports"] == ["postgresql"]


def test_rds_11_backups_are_kept_35_days_in_production_and_7_in_dev(inv, dev):
    assert cluster_of(inv).inputs["backupRetentionPeriod"] == 35
    assert cluster_of(dev).inputs["backupRetentionPeriod"] == 7


def test_rds_12_iam_database_authentication_is_on(inv):
    assert cluster_of(inv).inputs["iamDatabaseAuthenticationEnabled"] is True


def test_rds_13_instances_take_minor_version_upgrades(inv):
    for r in instances_of(inv):
        assert r.inputs["autoMinorVersionUpgrade"] is True, r.urn


def test_rds_14_does_not_apply_aurora_postgresql_has_no_backtracking(inv):
    c = cluster_of(inv)
    assert c.inputs["engine"] == "aurora-postgresql" and "backtrackWindow" not in c.inputs, c.urn


def test_rds_16_tags_are_copied_to_snapshots(inv):
    assert cluster_of(inv).inputs["copyTagsToSnapshot"] is True
    assert all(r.inputs["copyTagsToSnapshot"] is True for r in instances_of(inv))


def test_rds_23_the_cluster_is_not_on_the_engine_default_port(inv):
    assert cluster_of(inv).inputs["port"] == 5433


def test_rds_24_25_the_administrator_is_not_a_default_name_and_its_password_is_rds_managed(inv):
    i = cluster_of(inv).inputs
    assert i["masterUsername"] == "landfall_admin" and "masterPassword" not in i
    assert i["manageMasterUserPassword"] is True and i["masterUserSecretKmsKeyId"] == SECRETS_KEY


def test_the_cluster_parameter_group_forces_tls(inv):
    group = inv.named("orders-main", "aws:rds/clusterParameterGroup:ClusterParameterGroup")
    assert group.inputs["family"] == "aurora-postgresql16"
    assert {p["name"]: p["value"] for p in group.inputs["parameters"]} == {"rds.force_ssl": "1"}
    assert cluster_of(inv).inputs["dbClusterParameterGroupName"] == group.inputs["name"]


def test_performance_insights_are_encrypted_with_the_data_key_for_the_free_seven_days(inv):
    for r in instances_of(inv):
        i = r.inputs
        assert (i["performanceInsightsEnabled"], i["performanceInsightsKmsKeyId"], i["performanceInsightsRetentionPeriod"]) == (True, DATA_KEY, 7), r.urn


def test_rds_6_enhanced_monitoring_uses_its_own_role_when_configured(inv, dev):
    role = inv.named("orders-main-monitoring", "aws:iam/role:Role")
    trust = json.loads(role.inputs["assumeRolePolicy"])["Statement"][0]
    assert trust["Principal"] == {"Service": "monitoring.rds.amazonaws.com"}
    for r in instances_of(inv):
        assert r.inputs["monitoringInterval"] == 60 and r.inputs["monitoringRoleArn"] == role.state["arn"], r.urn
    assert not dev.of_type("aws:iam/rolePolicyAttachment:RolePolicyAttachment")


def test_the_backup_plan_tag_selects_the_cluster_for_aws_backup(inv, dev):
    assert cluster_of(inv).inputs["tags"]["landfall:backup-plan"] == "daily"
    assert "tags" not in cluster_of(dev).inputs


def test_the_subnet_group_holds_the_given_isolated_subnets(inv):
    group = inv.named("orders-main", "aws:rds/subnetGroup:SubnetGroup")
    assert group.inputs["subnetIds"] == ["subnet-a", "subnet-b"]
    assert cluster_of(inv).inputs["dbSubnetGroupName"] == group.inputs["name"]


# --- the network path --------------------------------------------------------------------------------


def test_the_cluster_admits_only_its_proxy_on_the_cluster_port_and_opens_no_connections(inv):
    cluster_sg = inv.named("orders-main", SG)
    proxy_sg = inv.named("orders-main-proxy", SG)
    assert not cluster_sg.inputs.get("ingress") and not cluster_sg.inputs.get("egress"), cluster_sg.urn
    rules = [r for r in inv.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") if r.inputs["securityGroupId"] == cluster_sg.id]
    assert [(r.inputs["referencedSecurityGroupId"], r.inputs["fromPort"], r.inputs["toPort"]) for r in rules] == [(proxy_sg.id, 5433, 5433)]
    assert cluster_of(inv).inputs["vpcSecurityGroupIds"] == [cluster_sg.id]


def test_the_proxy_admits_only_its_clients_on_5432_and_reaches_only_the_cluster(inv):
    proxy_sg = inv.named("orders-main-proxy", SG)
    cluster_sg = inv.named("orders-main", SG)
    ingress = proxy_sg.inputs["ingress"]
    assert sorted(g for rule in ingress for g in rule["securityGroups"]) == sorted(CLIENT_SGS), proxy_sg.urn
    assert {(r["fromPort"], r["toPort"]) for r in ingress} == {(5432, 5432)} and not any(r.get("cidrBlocks") for r in ingress)
    assert [(e["securityGroups"], e["fromPort"]) for e in proxy_sg.inputs["egress"]] == [([cluster_sg.id], 5433)]


# --- the proxy ---------------------------------------------------------------------------------------


def test_rds_43_the_proxy_requires_tls_and_iam_auth_for_the_administrator_and_each_user(inv):
    proxy = inv.named("orders-main-proxy", "aws:rds/proxy:Proxy")
    master = cluster_of(inv).state["masterUserSecrets"][0]["secretArn"]
    user = inv.named("orders-secrets-orders_db", "aws:secretsmanager/secret:Secret").state["arn"]
    i = proxy.inputs
    assert (i["engineFamily"], i["requireTls"], i["debugLogging"], i["idleClientTimeout"]) == ("POSTGRESQL", True, False, 1800), proxy.urn
    assert [(a["authScheme"], a["iamAuth"], a["clientPasswordAuthType"], a["secretArn"]) for a in i["auths"]] == [
        ("SECRETS", "REQUIRED", "POSTGRES_SCRAM_SHA_256", master), ("SECRETS", "REQUIRED", "POSTGRES_SCRAM_SHA_256", user)]
    assert i["vpcSubnetIds"] == ["subnet-a", "subnet-b"] and i["vpcSecurityGroupIds"] == [inv.named("orders-main-proxy", SG).id]


def test_the_proxy_role_reads_exactly_its_secrets_and_decrypts_only_through_secrets_manager(inv):
    master = cluster_of(inv).state["masterUserSecrets"][0]["secretArn"]
    user = inv.named("orders-secrets-orders_db", "aws:secretsmanager/secret:Secret").state["arn"]
    role = inv.named("orders-main-proxy", "aws:iam/role:Role")
    trust = json.loads(role.inputs["assumeRolePolicy"])["Statement"][0]
    assert trust["Principal"] == {"Service": "rds.amazonaws.com"} and trust["Condition"] == {"StringEquals": {"aws:SourceAccount": "123456789012"}}
    policy = json.loads(inv.named("orders-main-proxy", "aws:iam/rolePolicy:RolePolicy").inputs["policy"])
    by_sid = {s["Sid"]: s for s in policy["Statement"]}
    assert by_sid["ReadProxySecrets"]["Resource"] == [master, user] and by_sid["ReadProxySecrets"]["Action"] == ["secretsmanager:GetSecretValue"]
    assert by_sid["DecryptProxySecrets"]["Resource"] == SECRETS_KEY
    assert by_sid["DecryptProxySecrets"]["Condition"] == {"StringEquals": {"kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com"}}
    assert len(policy["Statement"]) == 2


def test_a_dev_proxy_without_users_authenticates_with_the_managed_secret_only(dev):
    [auth] = dev.named("orders-main-proxy", "aws:rds/proxy:Proxy").inputs["auths"]
    assert auth["secretArn"] == cluster_of(dev).state["masterUserSecrets"][0]["secretArn"] and auth["iamAuth"] == "REQUIRED"


def test_the_default_target_group_pools_connections_and_targets_the_cluster(inv):
    group = inv.named("orders-main-proxy", "aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup")
    assert group.inputs["connectionPoolConfig"] == {"maxConnectionsPercent": 90, "maxIdleConnectionsPercent": 50, "connectionBorrowTimeout": 120}
    target = inv.named("orders-main-proxy", "aws:rds/proxyTarget:ProxyTarget")
    assert target.inputs["dbClusterIdentifier"] == "prod-orders-main" and target.inputs["dbProxyName"] == "prod-orders-main"


def test_the_components_expose_arns_endpoints_and_the_proxy_resource_id(inv):
    outputs = {urn.rsplit("::", 1)[-1]: out for urn, out in inv.component_outputs.items()}
    cluster, proxy = outputs["orders-main"], outputs["orders-main-proxy"]
    assert cluster["master_secret_arn"].startswith("arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-")
    assert cluster["port"] == 5433 and cluster["security_group_id"].startswith("sg-")
    assert proxy["resource_id"].startswith("prx-") and proxy["arn"].endswith(":db-proxy:" + proxy["resource_id"])


# --- secrets and parameters --------------------------------------------------------------------------


def test_secrets_are_encrypted_with_the_secrets_key_and_keep_the_longest_recovery_window(inv):
    for r in inv.of_type("aws:secretsmanager/secret:Secret"):
        assert r.inputs["kmsKeyId"] == SECRETS_KEY and r.inputs["recoveryWindowInDays"] == 30 and r.protect, r.urn
    names = sorted(r.inputs["name"] for r in inv.of_type("aws:secretsmanager/secret:Secret"))
    assert names == ["/prod/orders/orders_db", "/prod/orders/payments_api", "/prod/orders/webhook/signing"]


def test_secretsmanager_1_2_4_a_rotated_secret_rotates_with_its_function_within_90_days(inv):
    [rotation] = inv.of_type("aws:secretsmanager/secretRotation:SecretRotation")
    secret = inv.named("orders-secrets-payments_api", "aws:secretsmanager/secret:Secret")
    assert rotation.inputs["secretId"] == secret.id and rotation.inputs["rotationLambdaArn"] == ROTATOR, rotation.urn
    assert rotation.inputs["rotationRules"]["automaticallyAfterDays"] <= 90


def test_secretsmanager_1_the_database_secret_is_rotated_by_rds(inv):
    assert cluster_of(inv).inputs["manageMasterUserPassword"] is True


def test_an_initial_secret_value_is_written_once_and_never_shown(inv):
    [version] = inv.of_type("aws:secretsmanager/secretVersion:SecretVersion")
    assert version.name == "orders-secrets-webhook" and version.inputs["secretString"][SECRET_SIG], version.urn
    outputs = json.dumps(inv.component_outputs)
    assert "initial" not in outputs and LARGE[:100] not in outputs


def test_parameters_are_secure_strings_with_the_secrets_key_unless_plain_and_keep_their_tier(inv):
    params = {r.name: r.inputs for r in inv.of_type("aws:ssm/parameter:Parameter")}
    token = params["orders-secrets-partner_token"]
    assert (token["type"], token["keyId"], token["tier"], token["name"]) == ("SecureString", SECRETS_KEY, "Standard", "/prod/orders/partner_token")
    flags = params["orders-secrets-feature_flags"]
    assert flags["type"] == "String" and "keyId" not in flags and flags["value"]["value"] == "{}"
    assert token["value"][SECRET_SIG] and token["value"]["value"] == "unset"  # a placeholder, and a Pulumi secret
    assert params["orders-secrets-catalog"]["tier"] == "Advanced"


def test_the_secrets_component_outputs_names_and_arns_only(inv):
    outputs = next(out for urn, out in inv.component_outputs.items() if urn.endswith("::orders-secrets"))
    assert set(outputs) == {"secret_arns", "secret_names", "parameter_arns", "parameter_names"}
    assert set(outputs["parameter_arns"]) == {"catalog", "feature_flags", "partner_token"}
    assert all(a.startswith("arn:aws:") for a in [*outputs["secret_arns"].values(), *outputs["parameter_arns"].values()])
