"""`landfall:services.code_signing`: enforce in production and warn elsewhere by default; trusted publishers are
signing-profile version ARNs that fit beside the stack's own profile."""

from __future__ import annotations

import pytest

from landfall.config.serverless import CodeSigningConfig, CodeSigningMode, ServicesConfig
from landfall.config.serverless.signing import LAMBDA_MAX_ALLOWED_PUBLISHERS
from tests.config.fixtures_serverless import context, services, services_data

PATH = "landfall:services.code_signing"
PUBLISHER = "arn:aws:signer:eu-west-1:111122223333:/signing-profiles/Publisher/a1b2c3d4e5"


@pytest.mark.parametrize("production, mode", [(True, CodeSigningMode.ENFORCE), (False, CodeSigningMode.WARN)])
def test_the_default_mode_enforces_in_production_and_warns_elsewhere(production, mode):
    assert CodeSigningConfig().effective_mode(production) == mode


@pytest.mark.parametrize("mode, production, policy", [
    ("off", True, None), ("warn", True, "Warn"), ("enforce", False, "Enforce"),
])
def test_an_explicit_mode_wins_over_the_stack_default(mode, production, policy):
    effective = CodeSigningConfig(mode=mode).effective_mode(production)
    assert (effective.value, effective.lambda_policy) == (mode, policy)


def test_code_signing_is_a_setting_of_the_section_not_a_service():
    data = services_data()
    data["code_signing"] = {"mode": "enforce", "trusted_publishers": [PUBLISHER]}
    parsed = services(data)
    assert set(parsed.services) == {"orders"}
    assert parsed.code_signing.trusted_publishers == [PUBLISHER]
    assert parsed.problems(context("dev")) == []


def test_an_empty_code_signing_key_is_an_error_not_a_service():
    data = services_data()
    data["code_signing"] = None
    with pytest.raises(ValueError):
        ServicesConfig.model_validate(data)


def test_a_trusted_publisher_must_be_a_signing_profile_version_arn_listed_once():
    data = services_data()
    unversioned = PUBLISHER.rsplit("/", 1)[0]
    data["code_signing"] = {"trusted_publishers": [PUBLISHER, PUBLISHER, unversioned]}
    found = services(data).problems(context("dev"))
    assert [(p.path, p.message) for p in found] == [
        (f"{PATH}.trusted_publishers[1]", "is listed twice"),
        (f"{PATH}.trusted_publishers[2]", "is not a signing profile version ARN"),
    ]


def test_trusted_publishers_leave_room_for_the_stacks_own_profile():
    arns = [f"arn:aws:signer:eu-west-1:111122223333:/signing-profiles/P{i}/a1b2c3d4e5" for i in range(LAMBDA_MAX_ALLOWED_PUBLISHERS)]
    found = CodeSigningConfig(trusted_publishers=arns).problems(PATH)
    assert [(p.path, p.value) for p in found] == [(f"{PATH}.trusted_publishers", LAMBDA_MAX_ALLOWED_PUBLISHERS)]
    assert CodeSigningConfig(trusted_publishers=arns[:-1]).problems(PATH) == []


def test_trusted_publishers_with_code_signing_off_are_pointless_and_rejected():
    found = CodeSigningConfig(mode="off", trusted_publishers=[PUBLISHER]).problems(PATH)
    assert [p.path for p in found] == [f"{PATH}.trusted_publishers"]


def test_an_unknown_mode_is_rejected_by_the_model():
    with pytest.raises(ValueError):
        CodeSigningConfig.model_validate({"mode": "strict"})
