"""`landfall:identity`: defaults pass the Cognito controls; departures need a written exemption; every
limit is reported with its key path."""

from __future__ import annotations

import pydantic
import pytest
import yaml

from landfall.config import limits as L
from landfall.config.errors import Problem
from landfall.config.identity import (
    AppClientConfig,
    FeaturePlan,
    IdentityConfig,
    MfaMode,
    PasswordPolicy,
    TableAccess,
    ThreatProtection,
    UserPoolConfig,
    table_access_map,
)
from landfall.plan.identity import ROW_KEY, authenticated_trust_policy, row_level_policy
from tests.config.fixtures_serverless import context, identity, identity_data, patch, services, services_data

ID = "landfall:identity"
REASON = "Pilot users sign in through the corporate IdP, which already enforces MFA."


def problems(data: dict, stack: str = "dev", **kwargs) -> list[Problem]:
    return identity(data).problems(context(stack), **kwargs)


def only(data: dict, stack: str = "dev", **kwargs) -> Problem:
    found = problems(data, stack, **kwargs)
    assert len(found) == 1, [p.render() for p in found]
    return found[0]


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_the_dev_and_prod_samples_have_no_problems(stack):
    tables = services(services_data(stack)).table_refs()
    assert [p.render() for p in problems(identity_data(stack), stack, tables=tables)] == []


def test_the_default_password_policy_meets_cognito_3():
    policy = PasswordPolicy()
    assert policy.minimum_length == 12 >= L.FSBP_MIN_PASSWORD_LENGTH
    assert policy.require_lowercase and policy.require_uppercase and policy.require_numbers and policy.require_symbols
    assert policy.temporary_password_validity_days <= L.FSBP_MAX_TEMPORARY_PASSWORD_DAYS
    assert policy.problems("p") == []


def test_user_pool_and_client_defaults():
    pool = UserPoolConfig()
    assert pool.mfa == MfaMode.OPTIONAL and pool.threat_protection == ThreatProtection.ENFORCED
    assert pool.feature_plan == FeaturePlan.PLUS  # threat protection needs it
    assert pool.deletion_protection_enabled(production=True) and not pool.deletion_protection_enabled(production=False)
    assert pool.username_attributes == ("email",)
    client = AppClientConfig(callback_urls=["https://app.example.com/cb"])
    assert (client.access_token_validity_minutes, client.id_token_validity_minutes, client.refresh_token_validity_hours) == (60, 60, 720)
    assert client.generate_secret is False and client.oauth_flows == ("code",)
    assert "ALLOW_USER_PASSWORD_AUTH" not in client.explicit_auth_flows
    assert client.scopes == ["openid", "email"]


def test_the_identity_pool_never_allows_guests_or_the_classic_flow_by_default():
    pool = identity(identity_data()).identity_pool
    assert pool.allow_unauthenticated is False and pool.allow_classic_flow is False


# --- Cognito.3: password policy ---------------------------------------------------------------------


@pytest.mark.parametrize("length", [7, 100])
def test_a_minimum_password_length_outside_8_to_99_is_rejected(length):
    data = patch(identity_data(), ["user_pool", "password_policy", "minimum_length"], length)
    problem = only(data)
    assert (problem.path, problem.value) == (f"{ID}.user_pool.password_policy.minimum_length", length)


def test_a_minimum_password_length_of_8_is_accepted():
    assert problems(patch(identity_data(), ["user_pool", "password_policy", "minimum_length"], 8)) == []


@pytest.mark.parametrize("key", ["require_lowercase", "require_uppercase", "require_numbers", "require_symbols"])
def test_every_character_class_is_required(key):
    data = patch(identity_data(), ["user_pool", "password_policy", key], False)
    problem = only(data)
    assert problem.path == f"{ID}.user_pool.password_policy.{key}" and "Cognito.3" in problem.message


@pytest.mark.parametrize("days", [0, 8])
def test_temporary_password_validity_outside_1_to_7_days_is_rejected(days):
    data = patch(identity_data(), ["user_pool", "password_policy", "temporary_password_validity_days"], days)
    assert only(data).path == f"{ID}.user_pool.password_policy.temporary_password_validity_days"


def test_cognito_3_cannot_be_exempted():
    data = patch(identity_data(), ["user_pool", "password_policy", "minimum_length"], 6)
    patch(data, ["exemptions", "Cognito.3"], REASON)
    assert [p.path for p in problems(data)] == [f"{ID}.user_pool.password_policy.minimum_length", f"{ID}.exemptions.Cognito.3"]


# --- Cognito.5: MFA ------------------------------------------------------------------------------------


def test_production_requires_mfa_on():
    data = patch(identity_data("prod"), ["user_pool", "mfa"], "OPTIONAL")
    problem = only(data, "prod")
    assert problem.path == f"{ID}.user_pool.mfa" and "Cognito.5" in problem.message and "exemptions" in problem.fix


def test_optional_mfa_is_fine_outside_production():
    assert identity(identity_data("dev")).user_pool.mfa == MfaMode.OPTIONAL
    assert problems(identity_data("dev")) == []


def test_production_may_opt_out_of_mfa_with_a_written_reason():
    data = patch(identity_data("prod"), ["user_pool", "mfa"], "OPTIONAL")
    patch(data, ["exemptions", "Cognito.5"], REASON)
    assert problems(data, "prod") == []


def test_an_opt_out_needs_a_real_reason():
    data = patch(identity_data("prod"), ["user_pool", "mfa"], "OFF")
    patch(data, ["exemptions", "Cognito.5"], "n/a")
    problem = only(data, "prod")
    assert (problem.path, problem.value) == (f"{ID}.exemptions.Cognito.5", "n/a")


def test_an_exemption_for_a_control_the_stack_meets_is_rejected():
    data = patch(identity_data("prod"), ["exemptions", "Cognito.5"], REASON)
    assert only(data, "prod").path == f"{ID}.exemptions.Cognito.5"


def test_an_unknown_control_cannot_be_exempted():
    data = patch(identity_data(), ["exemptions", "Cognito.9"], REASON)
    assert only(data).path == f"{ID}.exemptions.Cognito.9"


@pytest.mark.parametrize("text, mode", [("mfa: ON", MfaMode.ON), ("mfa: OFF", MfaMode.OFF), ('mfa: "ON"', MfaMode.ON), ("mfa: OPTIONAL", MfaMode.OPTIONAL)])
def test_unquoted_on_and_off_survive_yaml_1_1(text, mode):
    # PyYAML reads ON/OFF as booleans; the model maps them back.
    assert UserPoolConfig.model_validate(yaml.safe_load(text)).mfa == mode


# --- Cognito.1: threat protection, Cognito.6: deletion protection ------------------------------------------


def test_production_requires_threat_protection_enforced():
    data = patch(identity_data("prod"), ["user_pool", "threat_protection"], "AUDIT")
    problem = only(data, "prod")
    assert problem.path == f"{ID}.user_pool.threat_protection" and "Cognito.1" in problem.message


def test_audit_mode_is_fine_outside_production():
    assert problems(patch(identity_data(), ["user_pool", "threat_protection"], "AUDIT")) == []


def test_threat_protection_needs_the_plus_plan():
    data = patch(identity_data(), ["user_pool", "feature_plan"], "ESSENTIALS")
    assert only(data).path == f"{ID}.user_pool.threat_protection"
    patch(data, ["user_pool", "threat_protection"], False)  # unquoted OFF
    assert problems(data) == []


def test_production_keeps_deletion_protection_unless_exempted():
    data = patch(identity_data("prod"), ["user_pool", "deletion_protection"], False)
    assert only(data, "prod").path == f"{ID}.user_pool.deletion_protection"
    patch(data, ["exemptions", "Cognito.6"], "Blue/green replacement of the pool during the 2025 migration.")
    assert problems(data, "prod") == []


# --- Cognito.2: identity pool ------------------------------------------------------------------------------


def test_unauthenticated_identities_need_an_exemption_in_every_stack():
    data = patch(identity_data(), ["identity_pool", "allow_unauthenticated"], True)
    problem = only(data)
    assert problem.path == f"{ID}.identity_pool.allow_unauthenticated" and "Cognito.2" in problem.message
    patch(data, ["exemptions", "Cognito.2"], "Anonymous catalogue browsing with a read-only guest role.")
    assert problems(data) == []


def test_row_level_access_must_name_a_declared_table():
    data = identity_data()
    data["identity_pool"]["row_level_access"].append({"table": "orders.payments"})
    tables = services(services_data()).table_refs()
    problem = only(data, tables=tables)
    assert (problem.path, problem.value) == (f"{ID}.identity_pool.row_level_access[1].table", "orders.payments")
    assert "orders.orders" in problem.fix
    assert problems(data) == []  # without the services section the reference is not checked


def test_a_table_granted_twice_is_rejected():
    data = identity_data()
    data["identity_pool"]["row_level_access"].append({"table": "orders.orders", "access": "read_write"})
    assert only(data).path == f"{ID}.identity_pool.row_level_access[1].table"


# --- domain, client, resource server ---------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["acme-aws-orders", "amazon-orders", "mycognito", "AWSome"])
def test_a_domain_prefix_containing_a_reserved_word_is_rejected(prefix):
    found = problems(patch(identity_data(), ["domain_prefix"], prefix))
    assert found and all(p.path == f"{ID}.domain_prefix" for p in found)
    assert any("does not allow" in p.message for p in found)


@pytest.mark.parametrize("prefix", ["Orders", "-orders", "orders-", "or_ders", "a" * 64, ""])
def test_a_domain_prefix_that_is_not_lowercase_letters_digits_and_hyphens_is_rejected(prefix):
    problem = only(patch(identity_data(), ["domain_prefix"], prefix))
    assert (problem.path, problem.value) == (f"{ID}.domain_prefix", prefix)


@pytest.mark.parametrize(
    "key, value",
    [
        ("access_token_validity_minutes", 4),
        ("access_token_validity_minutes", 1_441),
        ("id_token_validity_minutes", 4),
        ("id_token_validity_minutes", 1_441),
        ("refresh_token_validity_hours", 0),
        ("refresh_token_validity_hours", 87_601),
    ],
)
def test_token_validity_outside_cognitos_bounds_is_rejected(key, value):
    problem = only(patch(identity_data(), ["app_client", key], value))
    assert (problem.path, problem.value) == (f"{ID}.app_client.{key}", value)


@pytest.mark.parametrize("key, value", [("access_token_validity_minutes", 5), ("id_token_validity_minutes", 1_440), ("refresh_token_validity_hours", 1), ("refresh_token_validity_hours", 87_600)])
def test_token_validity_at_cognitos_bounds_is_accepted(key, value):
    assert problems(patch(identity_data(), ["app_client", key], value)) == []


@pytest.mark.parametrize(
    "url, reason",
    [("http://app.example.com/cb", "https"), ("https://app.example.com/cb#x", "fragment"), ("/callback", "absolute")],
)
def test_a_bad_callback_url_is_rejected(url, reason):
    data = identity_data()
    data["app_client"]["callback_urls"][1] = url
    problem = only(data)
    assert problem.path == f"{ID}.app_client.callback_urls[1]" and reason in problem.message


def test_localhost_callbacks_are_for_development_only():
    data = identity_data("prod")
    data["app_client"]["logout_urls"].append("http://localhost:3000/")
    problem = only(data, "prod")
    assert problem.path == f"{ID}.app_client.logout_urls[1]" and "localhost" in problem.message
    assert problems(identity_data("dev")) == []  # dev lists localhost URLs


def test_a_mobile_app_scheme_is_a_valid_callback():
    data = identity_data("prod")
    data["app_client"]["callback_urls"].append("com.example.orders://callback")
    assert problems(data, "prod") == []


def test_the_code_flow_needs_a_callback_url():
    data = patch(identity_data(), ["app_client", "callback_urls"], [])
    assert only(data).path == f"{ID}.app_client.callback_urls"


def test_a_client_scope_must_be_standard_or_defined_by_the_resource_server():
    data = identity_data()
    data["app_client"]["scopes"].append("orders/delete")
    problem = only(data)
    assert (problem.path, problem.value) == (f"{ID}.app_client.scopes[4]", "orders/delete")
    assert "orders/read" in problem.fix


def test_email_scope_needs_openid():
    data = patch(identity_data(), ["app_client", "scopes"], ["email"])
    assert only(data).path == f"{ID}.app_client.scopes"


def test_a_resource_server_scope_name_with_a_space_is_rejected():
    data = patch(identity_data(), ["resource_server", "scopes", "read all"], "Read everything")
    assert only(data).path == f"{ID}.resource_server.scopes.read all"


def test_email_recovery_needs_verified_email():
    data = patch(identity_data(), ["user_pool", "auto_verify_email"], False)
    assert only(data).path == f"{ID}.user_pool.account_recovery"


def test_the_custom_scopes_are_what_api_routes_may_require():
    config = identity(identity_data())
    assert config.custom_scopes == {"orders/read", "orders/write"}
    routes = services(services_data()).services["orders"].api.routes
    assert {s for r in routes for s in r.scopes} <= config.custom_scopes


def test_several_problems_are_reported_together():
    data = patch(identity_data("prod"), ["user_pool", "mfa"], "OPTIONAL")
    patch(data, ["domain_prefix"], "orders-aws")
    patch(data, ["app_client", "access_token_validity_minutes"], 2_000)
    patch(data, ["user_pool", "password_policy", "require_symbols"], False)
    assert sorted(p.path for p in problems(data, "prod")) == sorted(
        [
            f"{ID}.user_pool.mfa",
            f"{ID}.domain_prefix",
            f"{ID}.app_client.access_token_validity_minutes",
            f"{ID}.user_pool.password_policy.require_symbols",
        ]
    )


# --- IAM documents for the identity pool ------------------------------------------------------------------


def test_the_row_level_policy_limits_every_table_to_the_callers_own_partition():
    config = identity(identity_data())
    access = {ref: a.value for ref, a in table_access_map(config).items()} | {"orders.idempotency": TableAccess.READ_WRITE.value}
    arns = {"orders.orders": "arn:aws:dynamodb:eu-west-1:555555555555:table/dev-orders-orders", "orders.idempotency": "arn:aws:dynamodb:eu-west-1:555555555555:table/dev-orders-idempotency"}
    policy = row_level_policy(arns, access)
    by_table = {s["Resource"][0]: s for s in policy["Statement"]}
    for statement in policy["Statement"]:
        assert statement["Condition"] == {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": [ROW_KEY]}}
        assert "dynamodb:Scan" not in statement["Action"]
    read_only = by_table[arns["orders.orders"]]["Action"]
    assert "dynamodb:Query" in read_only and "dynamodb:PutItem" not in read_only
    assert "dynamodb:PutItem" in by_table[arns["orders.idempotency"]]["Action"]
    assert by_table[arns["orders.orders"]]["Resource"][1].endswith("/index/*")


def test_the_trust_policy_admits_only_authenticated_identities_of_one_pool():
    statement = authenticated_trust_policy("eu-west-1:1234")["Statement"][0]
    assert statement["Condition"]["StringEquals"] == {"cognito-identity.amazonaws.com:aud": "eu-west-1:1234"}
    assert statement["Condition"]["ForAnyValue:StringLike"] == {"cognito-identity.amazonaws.com:amr": "authenticated"}


def test_the_whole_section_model_is_frozen():
    config = identity(identity_data())
    with pytest.raises(pydantic.ValidationError):
        config.domain_prefix = "other"  # type: ignore[misc]
    assert isinstance(config, IdentityConfig)


@pytest.mark.parametrize("name, fragment", [
    ("web/app", "letters, digits, spaces"),
    ("wéb", "letters, digits, spaces"),
    ("w" * 120, "Cognito allows 128"),  # dev-identity- + 120 = 133 characters
])
def test_the_app_client_name_follows_cognitos_pattern_and_length_with_the_prefix_landfall_adds(name, fragment):
    problem = only(patch(identity_data(), ["app_client", "name"], name))
    assert problem.path == f"{ID}.app_client.name" and fragment in problem.message and problem.value == name


def test_an_app_client_name_that_fits_with_its_prefix_passes():
    assert problems(patch(identity_data(), ["app_client", "name"], "w" * (128 - len("dev-identity-")))) == []


def test_a_resource_server_name_outside_cognitos_pattern_is_rejected():
    problem = only(patch(identity_data(), ["resource_server", "name"], "Orders API (v2)"))
    assert problem.path == f"{ID}.resource_server.name" and "resource server names" in problem.message


def test_a_redirect_url_longer_than_cognito_allows_is_rejected():
    url = "https://app.example.com/" + "a" * 1001
    problem = only(patch(identity_data(), ["app_client", "callback_urls"], [url]))
    assert problem.path == f"{ID}.app_client.callback_urls[0]" and "Cognito allows 1024 per URL" in problem.message
