"""Per-account providers: assume the account role, refuse other accounts, stamp the stack tags."""

from __future__ import annotations

import json

from components.providers import AccountProviders
from landfall.config.loader import parse
from tests.conftest import record, stack_values


def config_with(role_overrides: dict | None = None):
    values = {k: v for k, v in stack_values("dev").items() if k.startswith("landfall:")}
    for name, role in (role_overrides or {}).items():
        values["landfall:accounts"][name]["role"] = role
    return parse("dev", values)


def provider_inputs(config, account):
    def program():
        AccountProviders(config).get(account)

    [p] = record(program).of_type("pulumi:providers:aws")
    return p.name, p.inputs


def test_a_provider_assumes_the_default_role_and_allows_only_its_account():
    name, inputs = provider_inputs(config_with(), "dev")
    assert name == "aws-dev"
    assert json.loads(inputs["allowedAccountIds"]) == ["555555555555"]
    [role] = json.loads(inputs["assumeRoles"])
    assert role["roleArn"] == "arn:aws:iam::555555555555:role/OrganizationAccountAccessRole"
    assert inputs["region"] == "eu-west-1"


def test_a_null_role_uses_the_ambient_credentials():
    _, inputs = provider_inputs(config_with({"network": None}), "network")
    assert "assumeRoles" not in inputs


def test_default_tags_carry_the_stack_tags_and_environment():
    _, inputs = provider_inputs(config_with(), "dev")
    tags = json.loads(inputs["defaultTags"])["tags"]
    assert tags == {"owner": "platform", "cost-center": "1000", "environment": "dev", "landfall-stack": "dev", "managed-by": "pulumi-landfall"}


def test_a_provider_is_created_once_per_account():
    config = config_with()

    def program():
        providers = AccountProviders(config)
        assert providers.get("dev") is providers.get() is providers.get("dev")
        providers.get("network")

    assert [p.name for p in record(program).of_type("pulumi:providers:aws")] == ["aws-dev", "aws-network"]


def test_read_only_mode_makes_every_provider_assume_the_preview_role(monkeypatch):
    from landfall.config.ci import PREVIEW_ROLE_NAME

    config = config_with({"network": None}).assuming(PREVIEW_ROLE_NAME)
    for account, account_id in (("dev", "555555555555"), ("network", "444444444444")):
        _, inputs = provider_inputs(config, account)
        [role] = json.loads(inputs["assumeRoles"])
        assert role["roleArn"] == f"arn:aws:iam::{account_id}:role/landfall-preview", account
