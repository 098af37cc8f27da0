"""One rule decides which stack owns each account's baseline; every account of the organization has one owner."""

from __future__ import annotations

import copy

import pytest

from landfall.config.errors import ConfigError
from landfall.config.loader import load_stack_file
from landfall.config.ownership import ownership
from landfall.offline.accounts import account_rows
from landfall.offline.synth import ROOT
from tests.conftest import stack_values


def problems_of(stack: str, project) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_stack_file(stack, project)
    return caught.value


def test_every_account_of_the_sample_organization_has_exactly_one_baseline_owner():
    owners = ownership(ROOT).owners
    assert owners == {
        "management": "management", "log-archive": "management", "audit": "management", "network": "network",
        "dev": "dev", "staging": "staging", "prod": "prod", "sandbox": "baseline-sandbox",
    }


def test_an_account_without_a_stack_file_is_owned_by_its_generated_baseline_stack(project_copy):
    management = stack_values("management")
    management["landfall:organization"]["accounts"]["tools"] = {"ou": "Infrastructure", "id": "888888888888",
                                                                 "email": "aws+tools@example.com"}
    project = project_copy({"management": management})
    assert ownership(project).owners["tools"] == "baseline-tools"
    config = load_stack_file("baseline-tools", project)
    assert config.account().id == "888888888888" and config.stack.account == "tools"


def test_an_account_id_of_another_account_is_rejected_with_the_right_id(project_copy):
    staging = stack_values("staging")
    staging["landfall:accounts"]["staging"]["id"] = "555555555555"  # dev's id
    err = problems_of("staging", project_copy({"staging": staging}))
    assert "landfall:accounts.staging.id" in err.paths
    assert "use 666666666666" in err.render() and "'dev''s id" in err.render()


def test_two_keys_with_one_id_in_a_file_are_rejected(project_copy):
    network = stack_values("network")
    network["landfall:accounts"]["prod"]["id"] = "666666666666"
    err = problems_of("network", project_copy({"network": network}))
    assert "landfall:accounts.prod.id" in err.paths


def test_an_account_baselined_by_two_stacks_is_rejected_in_both(project_copy):
    dev = stack_values("dev")
    dev["landfall:baseline"]["accounts"] = ["dev", "network"]
    project = project_copy({"dev": dev})
    assert problems_of("dev", project).paths == ("landfall:baseline.accounts[1]",)
    assert problems_of("network", project).paths == ("landfall:stack.account",)


def test_baselining_an_account_the_organization_does_not_have_is_rejected(project_copy):
    dev = stack_values("dev")
    dev["landfall:accounts"]["tools"] = {"id": "999999999999"}
    dev["landfall:baseline"]["accounts"] = ["dev", "tools"]
    err = problems_of("dev", project_copy({"dev": dev}))
    assert err.paths == ("landfall:baseline.accounts[1]",)
    assert "not an account of the organization" in err.render()


def test_a_baseline_stack_for_an_unknown_account_is_rejected():
    err = problems_of("baseline-nosuch", ROOT)
    assert "does not have" in err.render() and "sandbox" in err.render()


def test_a_baseline_stack_for_an_account_another_stack_baselines_is_rejected():
    err = problems_of("baseline-dev", ROOT)
    assert err.paths == ("stack baseline-dev",) and "Pulumi.dev.yaml already baselines" in err.render()


def test_an_override_that_turns_the_only_baseline_off_leaves_the_account_owned_by_none(project_copy):
    project = project_copy({"baseline-sandbox": {"landfall:baseline": {"enabled": False}}})
    assert ownership(project).owners["sandbox"] is None
    assert problems_of("baseline-sandbox", project).paths == ("landfall:baseline.enabled",)
    rows = {r["key"]: r for r in account_rows(project)}
    assert rows["sandbox"]["baseline_stack"] is None


def test_an_override_file_changes_one_account_and_keeps_the_template_for_the_rest(project_copy):
    project = project_copy({"baseline-sandbox": {"landfall:baseline": {"access_analyzer": False}}})
    config = load_stack_file("baseline-sandbox", project)
    assert config.baseline.access_analyzer is False
    assert config.baseline.guardduty.detector.value == "organization"  # from the template


def test_a_baseline_stack_reaches_only_its_own_account(project_copy):
    project = project_copy({"baseline-sandbox": {"landfall:accounts": {"dev": {"id": "555555555555"}}}})
    assert "landfall:accounts" in problems_of("baseline-sandbox", project).paths


def test_a_pending_account_is_listed_with_no_id_and_its_generated_stack():
    rows = {r["key"]: r for r in account_rows(ROOT)}
    assert rows["sandbox"] == {"key": "sandbox", "id": None, "ou": "Sandbox", "baseline_stack": "baseline-sandbox",
                               "generated": True, "pending": True, "regions": ["eu-west-1", "eu-central-1"]}
    assert list(rows)[0] == "management" and list(rows)[1:] == sorted(list(rows)[1:])  # stable order


@pytest.mark.parametrize(
    "edit, path, words",
    [
        (lambda org: org.update(governed_regions=["eu-west-1", "eu-wset-2"]), "landfall:organization.governed_regions[1]", "not an AWS region"),
        (lambda org: org.update(governed_regions=["eu-central-1"]), "landfall:organization.governed_regions", "home region"),
        (lambda org: org.update(governed_regions=["eu-west-1", "eu-central-1", "us-east-1"]),
         "landfall:organization.governed_regions[2]", "denied by the region-allow-list"),
        (lambda org: org.update(governed_regions=["eu-west-1"]), "landfall:organization.governed_regions", "ungoverned"),
        (lambda org: org["scp_parameters"].update(allowed_regions=["eu-west-1", "eu-centrl-1"]),
         "landfall:organization.scp_parameters.allowed_regions[1]", "did you mean eu-central-1"),
        (lambda org: org["scp_parameters"].update(allowed_regions=["eu-west-1", "cn-north-1"]),
         "landfall:organization.scp_parameters.allowed_regions[1]", "partition aws-cn"),
    ],
)
def test_bad_governed_regions_are_rejected_with_their_key_path(project_copy, edit, path, words):
    management = copy.deepcopy(stack_values("management"))
    edit(management["landfall:organization"])
    err = problems_of("management", project_copy({"management": management}))
    assert path in err.paths, err.render()
    assert words in err.render()


def test_a_member_stack_outside_the_governed_regions_is_rejected(project_copy):
    dev = stack_values("dev")
    dev["landfall:accounts"]["dev"]["region"] = "us-east-1"
    err = problems_of("dev", project_copy({"dev": dev}))
    assert "landfall:accounts.dev.region" in err.paths and "governed" in err.render()


def test_a_misspelt_stack_region_is_blamed_on_the_region_with_a_suggestion():
    values = copy.deepcopy(stack_values("dev"))
    values["landfall:stack"]["region"] = "eu-wset-1"
    from landfall.config.loader import parse

    with pytest.raises(ConfigError) as caught:
        parse("dev", values, ROOT)
    assert "landfall:stack.region" in caught.value.paths and "did you mean eu-west-1" in caught.value.render()


def test_an_aws_region_that_differs_from_the_stack_region_is_rejected():
    from landfall.config.loader import parse

    values = copy.deepcopy(stack_values("dev"))
    values["aws:region"] = "eu-central-1"
    with pytest.raises(ConfigError) as caught:
        parse("dev", values, ROOT)
    assert caught.value.paths == ("aws:region",) and "set aws:region: eu-west-1" in caught.value.render()


def test_a_region_that_does_not_exist_is_not_blamed_on_the_az_ids_or_the_hub():
    from landfall.config.loader import parse

    values = copy.deepcopy({k: v for k, v in stack_values("dev").items() if k.startswith("landfall:")})
    values["landfall:stack"]["region"] = "eu-west-9"
    with pytest.raises(ConfigError) as caught:
        parse("dev", values, ROOT)
    assert not [p for p in caught.value.paths if ".az_ids" in p or p.startswith("landfall:transit")], caught.value.render()
    assert "landfall:stack.region" in caught.value.paths
