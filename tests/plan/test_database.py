"""landfall.plan.database: versions, ACUs, identifiers, ARNs, IAM statements and Hyperplane ENI sizing."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from landfall.plan import database as D

REGION, ACCOUNT = "eu-west-1", "123456789012"


@pytest.mark.parametrize(("version", "serverless", "auto_pause", "max_acu"), [
    ("13.6", True, False, 128.0),
    ("13.15", True, True, 256.0),
    ("14.3", True, False, 128.0),
    ("14.12", True, True, 256.0),
    ("15.4", True, False, 128.0),
    ("15.7", True, True, 256.0),
    ("16.1", True, False, 256.0),
    ("16.3", True, True, 256.0),
    ("16.8", True, True, 256.0),
    ("17.4", True, True, 256.0),
    ("13.5", False, False, 128.0),
    ("12.9", False, False, 128.0),
])
def test_version_features(version, serverless, auto_pause, max_acu):
    parsed = D.parse_engine_version(version)
    assert (D.supports_serverless_v2(parsed), D.supports_auto_pause(parsed), D.max_acu_for(parsed)) == (serverless, auto_pause, max_acu)


@pytest.mark.parametrize(("version", "family"), [("16.8", "aurora-postgresql16"), ("15.7", "aurora-postgresql15")])
def test_parameter_group_family(version, family):
    assert D.parameter_group_family(version) == family


@pytest.mark.parametrize(("low", "high", "version", "fields"), [
    (0.5, 4, "16.8", []),
    (0, 4, "16.8", []),
    (0, 4, "16.2", ["min_acu"]),
    (0.25, 4, "16.8", ["min_acu"]),
    (1, 256, "16.8", []),
    (1, 256.5, "16.8", ["max_acu"]),
    (1, 200, "15.4", ["max_acu"]),
    (8, 4, "16.8", ["min_acu"]),
    (0.5, 0.5, "16.8", ["max_acu"]),
    (-1, 4, "16.8", ["min_acu"]),
])
def test_acu_table(low, high, version, fields):
    assert [f for f, _, _ in D.acu_problems(low, high, version)] == fields


@given(st.integers(min_value=1, max_value=512), st.integers(min_value=2, max_value=512))
def test_half_steps_within_bounds_are_always_accepted(low_halves, high_halves):
    low, high = low_halves / 2, high_halves / 2
    problems = D.acu_problems(low, high, "16.8")
    assert bool(problems) == (low > high or high > 256), (low, high, problems)


@given(st.floats(min_value=0.5, max_value=256, allow_nan=False))
def test_values_off_the_half_step_grid_are_always_rejected(value):
    off = value * 2 != math.floor(value * 2)
    found = [f for f, m, _ in D.acu_problems(value, 256, "16.8") if "0.5 steps" in m]
    assert bool(found) == off


@pytest.mark.parametrize(("identifier", "ok"), [
    ("prod-orders-main", True), ("a", True), ("Prod-orders", False), ("1abc", False), ("a--b", False), ("abc-", False), ("a" * 63, True), ("a" * 64, False),
])
def test_cluster_identifiers(identifier, ok):
    assert (D.cluster_identifier_problems(identifier) == []) == ok


@pytest.mark.parametrize(("name", "ok"), [("prod-orders-main", True), ("a" * 60, True), ("a" * 61, False), ("x_y", False)])
def test_proxy_names(name, ok):
    assert (D.proxy_name_problems(name) == []) == ok


def test_secret_and_parameter_arns():
    assert D.secret_arn_pattern("aws", REGION, ACCOUNT, "/prod/orders/api") == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:/prod/orders/api-??????"
    assert D.parameter_arn("aws", REGION, ACCOUNT, "/prod/orders/flags") == "arn:aws:ssm:eu-west-1:123456789012:parameter/prod/orders/flags"


def test_the_proxy_resource_id_is_the_last_segment_of_its_arn():
    assert D.proxy_resource_id("arn:aws:rds:eu-west-1:123456789012:db-proxy:prx-0123456789abcdef0") == "prx-0123456789abcdef0"


def test_the_connect_statement_names_one_user_through_the_proxy():
    statement = D.connect_statement("main", "aws", REGION, ACCOUNT, "prx-0abc", "orders_app")
    assert statement == {"Sid": "ConnectMainOrdersApp", "Effect": "Allow", "Action": ["rds-db:connect"],
                         "Resource": "arn:aws:rds-db:eu-west-1:123456789012:dbuser:prx-0abc/orders_app"}


def test_the_proxy_role_reads_its_secrets_and_decrypts_only_via_secrets_manager():
    master, user = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-x-abcdef", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:/p/o/db-ghijkl"
    policy = D.proxy_role_policy([master, user, master], "arn:aws:kms:eu-west-1:123456789012:key/k", REGION)
    read, decrypt = policy["Statement"]
    assert read["Action"] == ["secretsmanager:GetSecretValue"] and read["Resource"] == [master, user]
    assert decrypt["Action"] == ["kms:Decrypt"] and decrypt["Condition"] == {"StringEquals": {"kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com"}}


def test_planned_read_statements_use_the_secret_suffix_wildcard_and_exact_parameter_arns():
    statements = D.planned_read_statements("aws", REGION, ACCOUNT, {"api": "/prod/orders/api"}, {"flags": "/prod/orders/flags"}, "arn:k")
    by_sid = {s["Sid"]: s for s in statements}
    assert by_sid["ReadSecrets"]["Resource"] == ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:/prod/orders/api-??????"]
    assert by_sid["ReadParameters"]["Resource"] == ["arn:aws:ssm:eu-west-1:123456789012:parameter/prod/orders/flags"]


@pytest.mark.parametrize(("secrets", "parameters", "sids", "via"), [
    ({"api": "arn:s1"}, {}, ["ReadSecrets", "DecryptSecrets"], "secretsmanager.eu-west-1.amazonaws.com"),
    ({}, {"flags": "arn:p1"}, ["ReadParameters", "DecryptSecrets"], "ssm.eu-west-1.amazonaws.com"),
    ({"api": "arn:s1"}, {"flags": "arn:p1"}, ["ReadSecrets", "ReadParameters", "DecryptSecrets"],
     ["secretsmanager.eu-west-1.amazonaws.com", "ssm.eu-west-1.amazonaws.com"]),
    ({}, {}, [], None),
])
def test_reader_grants(secrets, parameters, sids, via):
    statements = D.secret_read_statements(secrets, parameters, "arn:aws:kms:eu-west-1:123456789012:key/s", REGION)
    assert [s["Sid"] for s in statements] == sids
    if via is not None:
        assert statements[-1]["Condition"]["StringEquals"]["kms:ViaService"] == via
    for s in statements:
        assert "*" not in str(s["Resource"]) and all(":*" not in a for a in s["Action"])


def test_parameter_reads_are_get_parameter_and_get_parameters_only():
    [read, _] = D.secret_read_statements({}, {"flags": "arn:p1"}, "arn:k", REGION)
    assert read["Action"] == ["ssm:GetParameter", "ssm:GetParameters"] and read["Resource"] == ["arn:p1"]


@pytest.mark.parametrize(("concurrency", "combinations", "connections", "needed"), [
    (1, 1, 1, 2), (1_000, 1, 1, 2), (65_000, 1, 1, 2), (65_001, 1, 1, 4), (1_000, 3, 1, 6), (40_000, 1, 2, 4),
])
def test_hyperplane_addresses(concurrency, combinations, connections, needed):
    assert D.hyperplane_addresses_needed(concurrency, combinations, connections) == needed


@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=1, max_value=20))
def test_hyperplane_addresses_grow_with_load_and_cover_every_connection(concurrency, combinations):
    needed = D.hyperplane_addresses_needed(concurrency, combinations)
    assert needed >= 2 * combinations and needed % 2 == 0
    assert (needed // (2 * combinations)) * D.HYPERPLANE_ENI_CONNECTIONS >= concurrency
    assert D.hyperplane_addresses_needed(concurrency + 65_000, combinations) > needed


@pytest.mark.parametrize(("tiers", "azs", "tier", "subjects"), [
    ({"data": "isolated"}, 2, None, []),
    ({"app": "private_with_egress"}, 2, None, ["tier"]),
    ({"data": "isolated"}, 1, None, ["azs"]),
    ({"app": "private_with_egress"}, 1, None, ["tier", "azs"]),
    ({"app": "private_with_egress", "data": "isolated"}, 3, "app", ["tier"]),
    ({"data": "isolated"}, 3, "nope", ["tier"]),
    ({"data": "isolated", "db": "isolated"}, 3, "db", []),
])
def test_tier_placement(tiers, azs, tier, subjects):
    assert [s for s, _, _ in D.tier_placement_problems(tiers, azs, tier)] == subjects


@pytest.mark.parametrize(("name", "prefix", "ok"), [
    ("/prod/orders/api", "/prod/orders/", True),
    ("/prod/orders/a/b/c", "/prod/orders/", True),
    ("/prod/orders/", "/prod/orders/", False),
    ("/prod/order/api", "/prod/orders/", False),
])
def test_names_must_sit_under_the_prefix(name, prefix, ok):
    arn = D.parameter_arn("aws", REGION, ACCOUNT, name)
    assert (D.secret_name_problems(name, prefix) == []) == ok
    assert (D.parameter_name_problems(name, prefix, arn) == []) == ok


def test_parameters_may_not_start_with_aws_or_ssm():
    assert D.parameter_name_problems("/aws/x", "/aws/", D.parameter_arn("aws", REGION, ACCOUNT, "/aws/x"))
    assert D.parameter_name_problems("/ssmthing/x", "/ssmthing/", D.parameter_arn("aws", REGION, ACCOUNT, "/ssmthing/x"))


def test_a_function_is_told_the_proxy_database_and_user_but_never_a_password():
    env = D.database_environment("main-db", "prod-orders-main.proxy-abc.eu-west-1.rds.amazonaws.com", "app", "orders_app")
    assert env == {"MAIN_DB_DB_HOST": "prod-orders-main.proxy-abc.eu-west-1.rds.amazonaws.com", "MAIN_DB_DB_PORT": "5432",
                   "MAIN_DB_DB_NAME": "app", "MAIN_DB_DB_USER": "orders_app"}
    assert len(D.proxy_endpoint("prod-orders-main", ACCOUNT, REGION)) == len("prod-orders-main.proxy-0123456789ab.eu-west-1.rds.amazonaws.com")


def test_secret_and_parameter_names_are_passed_by_key():
    assert D.secrets_environment({"payments_api": "/prod/orders/payments_api"}, {"flags": "/prod/orders/flags"}) == {
        "PAYMENTS_API_SECRET": "/prod/orders/payments_api", "FLAGS_PARAMETER": "/prod/orders/flags"}
