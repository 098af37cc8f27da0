"""`landfall:organization` against AWS Organizations' hard limits and name rules (issue 11): quotas that cannot be
raised, account names and role names as CreateAccount takes them, trusted-access service principals and tag
policy keys. Each case names the key path, the value and the fix."""

from __future__ import annotations

import pytest

from landfall.config.errors import ConfigError, Problem
from tests.config.fixtures_organization import context, organization, parsed

S = "landfall:organization"


def problems_of(org: dict) -> list[Problem]:
    return parsed(org).problems(context())


def at(problems: list[Problem], path: str) -> Problem:
    matching = [p for p in problems if p.path == path]
    assert len(matching) == 1, ConfigError(problems).render() if problems else f"no problem reported at {path}"
    return matching[0]


@pytest.mark.parametrize("key, value", [("scp_max_characters", 5121), ("scps_per_target", 6)])
def test_a_raised_scp_quota_says_that_neither_scp_quota_is_adjustable(key, value):
    org = organization()
    org["quotas"][key] = value
    problem = at(problems_of(org), f"{S}.quotas.{key}")
    assert "neither SCP quota is adjustable" in problem.message and "number of accounts" in problem.message
    assert problem.value == value and "remove the key" in problem.fix


@pytest.mark.parametrize("key", ["scp_max_characters", "scps_per_target"])
def test_a_quota_written_as_a_yaml_boolean_is_not_read_as_one(key):
    org = organization()
    org["quotas"][key] = True  # `scps_per_target: yes` would otherwise be a quota of 1
    with pytest.raises(Exception, match="boolean"):
        parsed(org)


@pytest.mark.parametrize("name, ok", [
    ("Log Archive (prod) #1", True),
    ("x" * 50, True),
    ("Prüfung", False),  # CreateAccount: printable ASCII only
    ("Log-Archive ✓", False),
])
def test_account_names_are_printable_ascii(name, ok):
    org = organization()
    org["accounts"]["sandbox"]["name"] = name
    paths = [p.path for p in problems_of(org)]
    assert (f"{S}.accounts.sandbox.name" not in paths) == ok, paths


@pytest.mark.parametrize("role, ok", [("OrganizationAccountAccessRole", True), ("admin+ops=1,a.b@c-d", True),
                                      ("rôle", False), ("a/b", False), ("x" * 65, False), ("Admin!", False)])
def test_the_created_accounts_role_name_follows_iams_ascii_rule(role, ok):
    org = organization()
    org["accounts"]["sandbox"]["role_name"] = role
    paths = [p.path for p in problems_of(org)]
    assert (f"{S}.accounts.sandbox.role_name" not in paths) == ok, paths


@pytest.mark.parametrize("principal, fragment", [
    ("guardduty", "is not a service principal"),
    ("arn:aws:iam::123456789012:role/x", "is not a service principal"),
    ("Config.amazonaws.com", "is not a service principal"),
    ("a" * 120 + ".amazonaws.com", "at most 128"),
])
def test_an_extra_trusted_access_principal_must_be_a_service_principal(principal, fragment):
    org = organization()
    org["service_access_principals"] = ["ram.amazonaws.com", principal]
    problem = at(problems_of(org), f"{S}.service_access_principals[1]")
    assert fragment in problem.message and problem.value == principal and ".amazonaws.com" in problem.fix


def test_a_trusted_access_principal_listed_twice_is_rejected_and_valid_ones_pass():
    org = organization()
    org["service_access_principals"] = ["ram.amazonaws.com", "member.org.stacksets.cloudformation.amazonaws.com"]
    assert not [p for p in problems_of(org) if "service_access_principals" in p.path]
    org["service_access_principals"].append("ram.amazonaws.com")
    assert "listed twice" in at(problems_of(org), f"{S}.service_access_principals[2]").message


@pytest.mark.parametrize("key", ["cost,center", "owner;team", "team#"])
def test_a_tag_policy_key_with_characters_tags_cannot_have_is_rejected(key):
    org = organization()
    org["tag_policy"] = {"tag_keys": ["owner", key]}
    problem = at(problems_of(org), f"{S}.tag_policy.tag_keys[1]")
    assert "characters tag keys cannot have" in problem.message and problem.value == key
