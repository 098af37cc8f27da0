"""The rest of the app tier as prod declares it: the ledger database behind its proxy, used by one function,
and the web container service behind an ALB."""

from __future__ import annotations

import copy
import json

import pytest

from landfall.offline.synth import synthesize
from tests.conftest import stack_values, synthesized


@pytest.fixture(scope="module")
def prod():
    return synthesized("prod")


def statements(inv, name):
    return json.loads(inv.named(name, "aws:iam/rolePolicy:RolePolicy").inputs["policy"])["Statement"]


def test_only_the_function_that_uses_the_database_may_connect_and_only_as_its_user(prod):
    proxy = prod.named("orders-ledger-proxy", "aws:rds/proxy:Proxy")
    proxy_id = proxy.state["arn"].rsplit(":", 1)[-1]
    connecting = {}
    for policy in prod.of_type("aws:iam/rolePolicy:RolePolicy"):
        for s in json.loads(policy.inputs["policy"])["Statement"]:
            if "rds-db:connect" in s["Action"]:
                connecting[policy.name] = s["Resource"]
    assert connecting == {"orders-charge_payment": f"arn:aws:rds-db:eu-west-1:777777777777:dbuser:{proxy_id}/orders_app"}


def test_the_function_joins_the_client_group_which_reaches_only_the_database_tier_on_the_proxy_port(prod):
    fn = prod.named("orders-charge_payment", "aws:lambda/function:Function")
    clients = prod.named("orders-ledger-clients", "aws:ec2/securityGroup:SecurityGroup")
    assert clients.id in fn.inputs["vpcConfig"]["securityGroupIds"], fn.urn
    [egress] = clients.inputs["egress"]
    assert (egress["fromPort"], egress["toPort"]) == (5432, 5432)
    isolated = [s.inputs["cidrBlock"] for s in prod.of_type("aws:ec2/subnet:Subnet") if s.name.startswith("main-data-")]
    assert sorted(egress["cidrBlocks"]) == sorted(isolated)
    proxy_group = prod.named("orders-ledger-proxy", "aws:ec2/securityGroup:SecurityGroup")
    sources = json.dumps(proxy_group.inputs.get("ingress", [])) + json.dumps(
        [r.inputs for r in prod.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
         if r.inputs.get("securityGroupId") == proxy_group.id])
    assert clients.id in sources, "the proxy admits the client group"
    env = fn.inputs["environment"]["variables"]
    assert env["LEDGER_DB_HOST"] == prod.named("orders-ledger-proxy", "aws:rds/proxy:Proxy").state["endpoint"] and env["LEDGER_DB_PORT"] == "5432"


def test_the_cluster_is_encrypted_iam_authenticated_protected_and_backed_up(prod):
    cluster = prod.named("orders-ledger", "aws:rds/cluster:Cluster")
    data_key = prod.named("keys-prod-data", "aws:kms/key:Key")
    i = cluster.inputs
    assert (i["storageEncrypted"], i["kmsKeyId"], i["iamDatabaseAuthenticationEnabled"], i["deletionProtection"]) == (
        True, data_key.state["arn"], True, True), cluster.urn
    assert i["tags"]["landfall:backup-plan"] == "hourly" and cluster.protect
    subnets = {s.id: s for s in prod.of_type("aws:ec2/subnet:Subnet")}
    group = prod.named("orders-ledger", "aws:rds/subnetGroup:SubnetGroup")
    assert all(subnets[sid].name.startswith("main-data-") for sid in group.inputs["subnetIds"]), "isolated tier only"
    assert len(prod.of_type("aws:rds/clusterInstance:ClusterInstance")) == 2  # production spans two AZs


def test_the_web_service_runs_privately_behind_a_public_alb_from_an_immutable_encrypted_repository(prod):
    service = prod.named("orders-web", "aws:ecs/service:Service")
    subnets = {s.id: s for s in prod.of_type("aws:ec2/subnet:Subnet")}
    net = service.inputs["networkConfiguration"]
    assert net["assignPublicIp"] is False and all(subnets[s].name.startswith("main-app-") for s in net["subnets"]), service.urn
    lb = prod.named("orders-web", "aws:lb/loadBalancer:LoadBalancer")
    assert all(subnets[s].name.startswith("main-public-") for s in lb.inputs["subnets"]) and lb.protect
    https = prod.named("orders-web-https", "aws:lb/listener:Listener")
    assert https.inputs["certificateArn"].startswith("arn:aws:acm:eu-west-1:") and https.inputs["sslPolicy"].startswith("ELBSecurityPolicy-TLS13")
    repo = prod.named("orders-web", "aws:ecr/repository:Repository")
    assert repo.inputs["imageTagMutability"] == "IMMUTABLE" and repo.inputs["encryptionConfigurations"][0]["encryptionType"] == "KMS"


def test_vpc_functions_run_in_their_own_tier_and_the_web_tasks_in_the_app_tier(prod):
    subnets = {s.id: s for s in prod.of_type("aws:ec2/subnet:Subnet")}
    fn = prod.named("orders-charge_payment", "aws:lambda/function:Function")
    assert all(subnets[s].name.startswith("main-functions-") for s in fn.inputs["vpcConfig"]["subnetIds"]), fn.urn
    others = [f for f in prod.of_type("aws:lambda/function:Function") if f.name != "orders-charge_payment"]
    assert all("vpcConfig" not in f.inputs for f in others), "only the function that uses the database is in the VPC"


def test_enhanced_ecr_scanning_is_one_account_setting_when_turned_on(project_copy):
    config = copy.deepcopy(stack_values("staging"))
    config["landfall:services"]["ecr_enhanced_scanning"] = True
    inv = synthesize("staging", project_copy({"staging": config}))
    [scanning] = inv.of_type("aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration")
    assert scanning.inputs["scanType"] == "ENHANCED" and scanning.inputs["rules"][0]["scanFrequency"] == "CONTINUOUS_SCAN"
    assert inv.account_of(scanning) == "666666666666"
    assert synthesized("staging").of_type("aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration") == []


def test_accounts_that_pull_cross_account_may_decrypt_the_data_key_and_no_others(project_copy):
    config = copy.deepcopy(stack_values("staging"))
    config["landfall:services"]["orders"]["repositories"]["web"]["pull_accounts"] = ["888888888888"]
    inv = synthesize("staging", project_copy({"staging": config}))
    policy = json.loads(inv.named("keys-staging-data", "aws:kms/key:Key").inputs["policy"])
    [cross] = [s for s in policy["Statement"] if s["Sid"] == "CrossAccountUse"]
    assert cross["Principal"] == {"AWS": ["arn:aws:iam::888888888888:root"]} and "kms:Decrypt" in cross["Action"]
    plain = json.loads(synthesized("staging").named("keys-staging-data", "aws:kms/key:Key").inputs["policy"])
    assert not [s for s in plain["Statement"] if s["Sid"] == "CrossAccountUse"]


def test_a_function_that_uses_a_secret_may_read_that_secret_and_decrypt_only_through_secrets_manager(project_copy):
    config = copy.deepcopy(stack_values("staging"))
    config["landfall:services"]["orders"]["functions"]["charge_payment"]["uses"]["secrets"] = ["ledger-app"]
    inv = synthesize("staging", project_copy({"staging": config}))
    by_sid = {s["Sid"]: s for s in statements(inv, "orders-charge_payment")}
    assert by_sid["ReadSecrets"]["Resource"] == ["arn:aws:secretsmanager:eu-west-1:666666666666:secret:/staging/orders/ledger-app-??????"]
    decrypt = by_sid["DecryptSecrets"]
    assert decrypt["Resource"] == inv.named("keys-staging-secrets", "aws:kms/key:Key").state["arn"]
    assert decrypt["Condition"] == {"StringEquals": {"kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com"}}
    env = inv.named("orders-charge_payment", "aws:lambda/function:Function").inputs["environment"]["variables"]
    assert env["LEDGER_APP_SECRET"] == "/staging/orders/ledger-app"
    assert not any(s["Sid"] == "ReadSecrets" for s in statements(inv, "orders-api")), "only the function that uses it"
