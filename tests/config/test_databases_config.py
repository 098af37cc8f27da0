"""DatabaseConfig, SecretConfig, ParameterConfig and the placement / ENI helpers: one test per bad input, and all at once."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from landfall.config.serverless.databases import (
    DatabaseConfig,
    ParameterConfig,
    SecretConfig,
    database_placement_problems,
    eni_capacity_problem,
    proxy_user_problems,
    uses_problems,
)

BASE = "landfall:services.orders.databases.main"
SECRET = "landfall:services.orders.secrets.api_key"
PARAM = "landfall:services.orders.parameters.flags"
ROTATOR = "arn:aws:lambda:eu-west-1:123456789012:function:rotate"


def db_problems(production: bool = False, **values) -> dict[str, object]:
    return {p.path: p for p in DatabaseConfig.model_validate(values).problems(BASE, production)}


def secret_problems(production: bool = False, key: str = "api_key", **values):
    return {p.path: p for p in SecretConfig.model_validate(values).problems(SECRET, production, "prod", "orders", key)}


def param_problems(key: str = "flags", **values):
    return {p.path: p for p in ParameterConfig.model_validate(values).problems(PARAM, "prod", "orders", key, "aws", "eu-west-1", "123456789012")}


# --- defaults ------------------------------------------------------------------------------------------


def test_the_defaults_are_valid_in_dev_and_in_production():
    assert db_problems(production=False) == {} and db_problems(production=True) == {}


@pytest.mark.parametrize(("production", "retention", "protection", "instances"), [(False, 7, False, 1), (True, 35, True, 2)])
def test_retention_protection_and_instances_follow_production(production, retention, protection, instances):
    cfg = DatabaseConfig()
    assert (cfg.backup_retention(production), cfg.deletion_protection_enabled(production), cfg.instance_count(production)) == (retention, protection, instances)


def test_tls_and_iam_auth_on_the_proxy_cannot_be_configured_off():
    cfg = DatabaseConfig()
    assert cfg.proxy.require_tls is True and cfg.proxy.iam_auth == "REQUIRED"
    with pytest.raises(ValidationError):
        DatabaseConfig.model_validate({"proxy": {"require_tls": False}})


def test_performance_insights_and_the_postgresql_log_are_on_by_default():
    cfg = DatabaseConfig()
    assert cfg.performance_insights and cfg.performance_insights_retention_days == 7 and cfg.log_exports == ["postgresql"]


# --- capacity ------------------------------------------------------------------------------------------


def test_acus_off_the_half_step_grid_are_rejected_with_the_nearest_step():
    found = db_problems(min_acu=0.75, max_acu=4.2)
    assert "0.5 steps" in found[f"{BASE}.min_acu"].message and found[f"{BASE}.max_acu"].value == 4.2
    assert "use e.g. 4" in found[f"{BASE}.max_acu"].fix


def test_a_minimum_above_the_maximum_is_rejected():
    found = db_problems(min_acu=8, max_acu=4)
    assert "above max_acu" in found[f"{BASE}.min_acu"].message


def test_a_maximum_over_256_acus_is_rejected():
    found = db_problems(max_acu=300)
    assert "256" in found[f"{BASE}.max_acu"].message


def test_an_older_minor_is_capped_at_128_acus():
    found = db_problems(engine_version="15.4", max_acu=200)
    assert "128" in found[f"{BASE}.max_acu"].message and "15.4" in found[f"{BASE}.max_acu"].message


def test_zero_acus_need_a_version_with_auto_pause():
    assert f"{BASE}.min_acu" not in db_problems(min_acu=0, engine_version="16.3")
    found = db_problems(min_acu=0, engine_version="16.2")
    assert "auto-pause" in found[f"{BASE}.min_acu"].message


def test_zero_acus_are_refused_in_production():
    assert "resume" in db_problems(production=True, min_acu=0)[f"{BASE}.min_acu"].message


def test_a_negative_minimum_is_rejected():
    assert "0 or more" in db_problems(min_acu=-1)[f"{BASE}.min_acu"].message


def test_a_version_without_serverless_v2_is_rejected():
    assert "Serverless v2" in db_problems(engine_version="13.4")[f"{BASE}.engine_version"].message
    assert "major.minor" in db_problems(engine_version="sixteen")[f"{BASE}.engine_version"].message


# --- other database settings ---------------------------------------------------------------------------


@pytest.mark.parametrize("days", [0, 36])
def test_backup_retention_out_of_range_is_rejected(days):
    assert "1-35" in db_problems(backup_retention_days=days)[f"{BASE}.backup_retention_days"].message


@pytest.mark.parametrize("name", ["1app", "my-db", "postgres", "a" * 64])
def test_bad_database_names_are_rejected(name):
    assert f"{BASE}.database_name" in db_problems(database_name=name)


@pytest.mark.parametrize("user", ["postgres", "admin", "rdsadmin", "9lives"])
def test_default_reserved_or_malformed_admin_names_are_rejected(user):
    assert f"{BASE}.master_username" in db_problems(master_username=user)


def test_the_engine_default_port_is_rejected_for_rds_23():
    assert "RDS.23" in db_problems(port=5432)[f"{BASE}.port"].message


def test_production_refuses_a_single_instance_and_no_deletion_protection():
    found = db_problems(production=True, instances=1, deletion_protection=False)
    assert "second AZ" in found[f"{BASE}.instances"].message and "RDS.7" in found[f"{BASE}.deletion_protection"].message


def test_unknown_log_exports_and_a_missing_postgresql_log_are_rejected():
    found = db_problems(log_exports=["audit"])
    assert f"{BASE}.log_exports[0]" in found and f"{BASE}.log_exports" in found


def test_proxy_limits_are_checked():
    found = db_problems(proxy={"idle_client_timeout_s": 30_000, "max_connections_percent": 0, "connection_borrow_timeout_s": 301})
    assert {f"{BASE}.proxy.idle_client_timeout_s", f"{BASE}.proxy.max_connections_percent", f"{BASE}.proxy.max_idle_connections_percent",
            f"{BASE}.proxy.connection_borrow_timeout_s"} <= set(found)


def test_a_bad_database_reports_every_problem_at_once():
    found = db_problems(production=True, min_acu=0.3, max_acu=300, backup_retention_days=40, port=5432, instances=1,
                        master_username="postgres", database_name="template1", performance_insights_retention_days=10)
    assert {f"{BASE}.{k}" for k in ("min_acu", "max_acu", "backup_retention_days", "port", "instances", "master_username",
                                    "database_name", "performance_insights_retention_days")} == set(found)
    assert all(p.fix for p in found.values())


# --- placement and ENIs ---------------------------------------------------------------------------------


def test_a_vpc_without_an_isolated_tier_cannot_hold_the_database():
    [problem] = database_placement_problems(BASE, {"public": "public", "app": "private_with_egress"}, 3)
    assert "isolated" in problem.message and problem.path == BASE and "type: isolated" in problem.fix


def test_a_single_az_vpc_cannot_hold_the_database():
    [problem] = database_placement_problems(BASE, {"data": "isolated"}, 1)
    assert "at least 2" in problem.message and problem.value == 1


def test_a_named_tier_must_be_isolated():
    [problem] = database_placement_problems(BASE, {"app": "private_with_egress", "data": "isolated"}, 2, tier="app")
    assert problem.path == f"{BASE}.subnet_tier" and problem.fix == "use data"


def test_an_isolated_tier_over_two_azs_is_fine():
    assert database_placement_problems(BASE, {"data": "isolated"}, 2) == []


def test_too_few_free_addresses_for_hyperplane_enis_is_reported():
    problem = eni_capacity_problem("landfall:services.orders.functions.api", "app", free_addresses=3, concurrency=100, security_group_combinations=2)
    assert problem is not None and "needs 4" in problem.message and problem.value == 3
    assert eni_capacity_problem("x", "app", free_addresses=4, concurrency=100, security_group_combinations=2) is None


# --- secrets -------------------------------------------------------------------------------------------


def test_a_secret_defaults_to_its_key_under_the_environment_and_service():
    assert SecretConfig().resolved_name("prod", "orders", "api_key") == "/prod/orders/api_key"
    assert secret_problems() == {}


@pytest.mark.parametrize("name", ["/prod/payments/api_key", "/dev/orders/api_key", "prod/orders/api_key", "/prod/orders/"])
def test_a_secret_outside_its_environment_and_service_is_rejected(name):
    found = secret_problems(name=name)
    assert "/prod/orders/" in found[f"{SECRET}.name"].message


def test_secret_names_with_other_characters_or_an_arn_like_suffix_are_rejected():
    assert "ASCII" in secret_problems(name="/prod/orders/api key")[f"{SECRET}.name"].message
    assert "six characters" in secret_problems(name="/prod/orders/api-abcdef")[f"{SECRET}.name"].message
    assert "512" in secret_problems(name="/prod/orders/" + "a" * 500)[f"{SECRET}.name"].message


def test_an_oversized_secret_value_is_rejected():
    found = secret_problems(value="é" * 40_000)
    assert "80,000 bytes" in found[f"{SECRET}.value"].message


@pytest.mark.parametrize("days", [0, 1001])
def test_a_rotation_interval_out_of_range_is_rejected(days):
    assert "1-1000" in secret_problems(rotation_days=days, rotation_function=ROTATOR)[f"{SECRET}.rotation_days"].message


def test_rotation_needs_a_function_and_a_function_needs_an_interval():
    assert "rotation function" in secret_problems(rotation_days=30)[f"{SECRET}.rotation_function"].message
    assert "no rotation interval" in secret_problems(rotation_function=ROTATOR)[f"{SECRET}.rotation_days"].message
    assert "Lambda function ARN" in secret_problems(rotation_days=30, rotation_function="rotate-me")[f"{SECRET}.rotation_function"].message


def test_production_secrets_rotate_within_90_days():
    assert secret_problems(production=False, rotation_days=180, rotation_function=ROTATOR) == {}
    assert "SecretsManager.4" in secret_problems(production=True, rotation_days=180, rotation_function=ROTATOR)[f"{SECRET}.rotation_days"].message


def test_a_bad_secret_reports_every_problem_at_once():
    found = secret_problems(name="/dev/x/y-abcdef", value="x" * 70_000, rotation_days=2_000, recovery_window_days=3)
    assert set(found) == {f"{SECRET}.name", f"{SECRET}.value", f"{SECRET}.rotation_days", f"{SECRET}.rotation_function", f"{SECRET}.recovery_window_days"}


# --- parameters ----------------------------------------------------------------------------------------


def test_a_parameter_defaults_to_a_secure_string_under_its_key():
    cfg = ParameterConfig()
    assert cfg.type.value == "SecureString" and cfg.tier.value == "Standard" and param_problems() == {}


def test_an_oversized_standard_parameter_value_is_rejected_and_advanced_allows_8_kb():
    found = param_problems(type="String", value="x" * 4_097)
    assert "4,096" in found[f"{PARAM}.value"].message and "Advanced" in found[f"{PARAM}.value"].fix
    assert param_problems(type="String", tier="Advanced", value="x" * 8_192) == {}
    assert "8,192" in param_problems(type="String", tier="Advanced", value="x" * 8_193)[f"{PARAM}.value"].message


@pytest.mark.parametrize(("name", "words"), [
    ("/prod/other/flags", "/prod/orders/"),
    ("/prod/orders/has space", "only a-z"),
    ("/prod/orders/" + "/".join("l" * 14), "15"),
])
def test_bad_parameter_names_are_rejected(name, words):
    assert words in param_problems(name=name)[f"{PARAM}.name"].message


def test_a_parameter_arn_over_1011_characters_is_rejected():
    assert "1011" in param_problems(name="/prod/orders/" + "a" * 1_000)[f"{PARAM}.name"].message.replace(",", "")


def test_a_string_parameter_needs_a_value():
    assert "needs its value" in param_problems(type="String")[f"{PARAM}.value"].message


# --- uses ----------------------------------------------------------------------------------------------


def test_uses_must_name_declared_databases_secrets_and_parameters_and_never_the_admin():
    path = "landfall:services.orders.functions.api.uses"
    db = DatabaseConfig.model_validate({"proxy": {"user_secrets": {"orders_app": "orders_db"}}})
    found = {p.path: p for p in uses_problems(path, {"main": "landfall_admin", "other": "app"}, ["api_key", "nope"], ["gone"],
                                               {"main": db}, {"api_key": SecretConfig()}, {})}
    assert set(found) == {f"{path}.databases.main", f"{path}.databases.other", f"{path}.secrets[1]", f"{path}.parameters[0]"}
    assert "administrator" in found[f"{path}.databases.main"].message


def test_a_database_user_needs_a_proxy_secret():
    path = "landfall:services.orders.functions.api.uses"
    db = DatabaseConfig.model_validate({"proxy": {"user_secrets": {"orders_app": "orders_db"}}})
    assert uses_problems(path, {"main": "orders_app"}, [], [], {"main": db}, {}, {}) == []
    [problem] = uses_problems(path, {"main": "reports"}, [], [], {"main": db}, {}, {})
    assert "user_secrets" in problem.message and problem.value == "reports"


def test_proxy_user_secrets_name_declared_secrets_and_never_the_admin():
    db = DatabaseConfig.model_validate({"proxy": {"user_secrets": {"orders_app": "orders_db", "landfall_admin": "x", "pg_bad": "orders_db"}}})
    found = {p.path for p in proxy_user_problems(BASE, db, {"orders_db": SecretConfig()})}
    assert found == {f"{BASE}.proxy.user_secrets.landfall_admin", f"{BASE}.proxy.user_secrets.pg_bad"}


def test_a_function_outside_the_vpc_cannot_use_a_database():
    path = "landfall:services.orders.functions.api.uses"
    db = DatabaseConfig.model_validate({"proxy": {"user_secrets": {"orders_app": "orders_db"}}})
    [problem] = uses_problems(path, {"main": "orders_app"}, [], [], {"main": db}, {}, {}, in_vpc=False)
    assert problem.path == f"{path}.databases" and "vpc: true" in problem.fix
