"""Bad transit, peering and baseline configs: every problem names its key path, the value and a fix."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from landfall.config.errors import ConfigError
from landfall.config.loader import load_stack_file, parse
from landfall.config.transit import hub_stack_name
from landfall.offline.synth import ROOT
from tests.conftest import stack_values


def problems_for(config: dict, stack: str, project_dir: Path = ROOT) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        parse(stack, {k: v for k, v in config.items() if k.startswith("landfall:")}, project_dir)
    return caught.value


def values(stack: str) -> dict:
    return copy.deepcopy(stack_values(stack))


def hub(config: dict) -> dict:
    return config["landfall:transit"]["hub"]


def attachment(config: dict) -> dict:
    return config["landfall:transit"]["attachments"]["main"]


def test_every_committed_stack_file_is_valid_including_the_network_hub():
    for stack in ("network", "dev", "staging", "prod"):
        assert load_stack_file(stack).name == stack


def test_a_segment_rule_naming_an_unknown_segment_is_rejected():
    config = values("network")
    hub(config)["rules"].append({"from": "nonprod", "to": "sandbox"})
    err = problems_for(config, "network")
    assert err.paths == ("landfall:transit.hub.rules[2].to",)
    assert "names an unknown segment" in err.render() and "'sandbox'" in err.render()
    assert "nonprod, prod, shared" in err.problems[0].fix


def test_a_spoke_in_a_segment_that_does_not_exist_is_rejected_naming_the_hubs_segments():
    config = values("dev")
    attachment(config)["segment"] = "development"
    err = problems_for(config, "dev")
    assert err.paths == ("landfall:transit.attachments.main.segment",)
    problem = err.problems[0]
    assert problem.message == "names a segment that does not exist" and problem.value == "development"
    assert "nonprod, prod, shared" in problem.fix and "Pulumi.network.yaml" in problem.fix


def test_a_spokes_segment_is_checked_against_the_hub_stack_file_as_it_is_now(project_copy):
    network = values("network")
    network["landfall:transit"]["hub"]["segments"]["staging"] = network["landfall:transit"]["hub"]["segments"].pop("nonprod")
    network["landfall:transit"]["hub"]["rules"][1]["from"] = "staging"
    network["landfall:transit"]["hub"]["egress"]["segments"] = ["staging"]
    project = project_copy({"network": network})
    load_stack_file("network", project)  # the renamed hub is valid on its own
    with pytest.raises(ConfigError) as caught:
        load_stack_file("dev", project)
    assert caught.value.paths == ("landfall:transit.attachments.main.segment",)
    assert "prod, shared, staging" in caught.value.problems[0].fix


def test_peering_between_overlapping_cidrs_is_rejected():
    config = values("dev")
    config["landfall:accounts"]["legacy"] = {"id": "888888888888"}
    config["landfall:peering"] = {
        "connections": {"legacy": {"vpc": "main", "peer": {"account": "legacy", "vpc_id": "vpc-0123456789abcdef0", "cidr": "10.10.128.0/17"}}}
    }
    err = problems_for(config, "dev")
    assert err.paths == ("landfall:peering.connections.legacy.peer.cidr",)
    assert "overlaps the requester VPC 'main' (10.10.0.0/16)" in err.render()


@pytest.mark.parametrize(
    "mutate, path",
    [
        (lambda c: c["landfall:baseline"].__setitem__("accounts", ["shared-services"]), "landfall:baseline.accounts[0]"),
        (
            lambda c: c.__setitem__("landfall:peering", {"connections": {"x": {"vpc": "main", "peer": {"account": "legacy", "vpc_id": "vpc-0123456789abcdef0", "cidr": "10.99.0.0/16"}}}}),
            "landfall:peering.connections.x.peer.account",
        ),
    ],
)
def test_an_unknown_account_is_rejected_with_the_known_accounts(mutate, path):
    config = values("dev")
    mutate(config)
    err = problems_for(config, "dev")
    assert err.paths == (path,)
    assert "names an unknown account" in err.render() and "dev, network" in err.render()


def test_a_spoke_without_the_hubs_account_is_told_which_account_to_add():
    config = values("prod")
    del config["landfall:accounts"]["network"]
    err = problems_for(config, "prod")
    assert err.paths == ("landfall:accounts",)
    assert "lacks the hub's account 'network' (444444444444)" in err.render() and 'network: {id: "444444444444"}' in err.render()


def test_a_hub_account_id_that_differs_from_the_hub_stack_is_rejected():
    config = values("prod")
    config["landfall:accounts"]["network"]["id"] = "444444444445"
    # the hub stack and the organization both know the id: each check names the same key
    assert set(problems_for(config, "prod").paths) == {"landfall:accounts.network.id"}


def test_a_missing_hub_stack_file_is_reported_at_hub_stack(tmp_path):
    config = values("dev")
    config["landfall:baseline"]["guardduty"]["detector"] = "create"  # no management stack file here either
    (tmp_path / "Pulumi.dev.yaml").write_text("config: {}\n")
    err = problems_for(config, "dev", tmp_path)
    assert err.paths == ("landfall:transit.hub_stack",)
    assert "Pulumi.network.yaml is not in this project" in err.render()


def test_a_hub_stack_of_another_project_is_rejected():
    config = values("dev")
    config["landfall:transit"]["hub_stack"] = "organization/other/network"
    assert problems_for(config, "dev").paths == ("landfall:transit.hub_stack",)


def test_the_default_route_to_the_hub_conflicts_with_a_nat_in_the_vpc():
    config = values("dev")  # nat: single
    attachment(config)["destinations"] = ["0.0.0.0/0"]
    err = problems_for(config, "dev")
    assert err.paths == ("landfall:transit.attachments.main.destinations[0]",)
    assert "already goes to the VPC's NAT gateways (nat: single)" in err.render()


def test_the_default_route_needs_central_egress_for_the_spokes_segment():
    config = values("prod")
    config["landfall:network"]["vpcs"]["main"]["nat"] = "none"
    attachment(config)["destinations"] = ["0.0.0.0/0"]
    err = problems_for(config, "prod")
    assert err.paths == ("landfall:transit.attachments.main.destinations",)
    assert "segment prod has no central egress" in err.render()


def test_egress_tiers_without_nat_are_allowed_only_with_the_default_route_to_the_hub():
    config = values("staging")  # nat: none, 0.0.0.0/0 to the hub: valid
    attachment(config)["destinations"] = ["10.0.0.0/8"]
    err = problems_for(config, "staging")
    assert err.paths == ("landfall:network.vpcs.main.nat",)
    assert "private_with_egress tiers need a way out" in err.render()


def test_an_attachment_tier_the_vpc_does_not_have_is_rejected_with_an_append_fix():
    config = values("dev")
    attachment(config)["tier"] = "tgw"
    err = problems_for(config, "dev")
    assert err.paths == ("landfall:transit.attachments.main.tier",)
    assert "at the end of landfall:network.vpcs.main.tiers" in err.problems[0].fix


def test_an_attachment_in_a_public_tier_is_rejected():
    config = values("dev")
    attachment(config)["tier"] = "public"
    assert problems_for(config, "dev").paths == ("landfall:transit.attachments.main.tier",)


def test_an_attachment_for_a_vpc_the_stack_does_not_have_is_rejected():
    config = values("dev")
    config["landfall:transit"]["attachments"]["other"] = copy.deepcopy(attachment(config))
    assert problems_for(config, "dev").paths == ("landfall:transit.attachments.other",)


def test_a_destination_inside_the_vpcs_own_range_is_rejected():
    config = values("dev")
    attachment(config)["destinations"] = ["10.0.0.0/8", "10.10.4.0/24"]
    err = problems_for(config, "dev")
    assert err.paths == ("landfall:transit.attachments.main.destinations[1]",)
    assert "the local route always wins" in err.render()


def test_the_hub_must_share_with_the_spokes_account(project_copy):
    network = values("network")
    network["landfall:transit"]["hub"]["share"]["principals"] = ["dev", "prod"]
    project = project_copy({"network": network})
    with pytest.raises(ConfigError) as caught:
        load_stack_file("staging", project)
    assert caught.value.paths == ("landfall:transit.attachments.main",)
    assert "does not share its transit gateway with account 666666666666" in caught.value.render()


def test_an_organization_arn_shares_with_every_account(project_copy):
    network = values("network")
    network["landfall:transit"]["hub"]["share"]["principals"] = ["arn:aws:organizations::111111111111:organization/o-a1b2c3d4e5"]
    assert load_stack_file("staging", project_copy({"network": network})).name == "staging"


def test_egress_users_need_a_return_path_from_the_egress_segment():
    config = values("network")
    hub(config)["segments"]["dmz"] = {}
    hub(config)["egress"]["segments"] = ["nonprod", "dmz"]
    err = problems_for(config, "network")
    assert err.paths == ("landfall:transit.hub.egress.segments[1]",)
    assert "have no route back to dmz" in err.render() and "{from: dmz, to: shared}" in err.problems[0].fix


def test_an_egress_vpc_without_nat_or_an_egress_attachment_tier_is_rejected():
    config = values("network")
    vpc = config["landfall:network"]["vpcs"]["egress"]
    vpc["tiers"][1]["type"] = "isolated"
    vpc["nat"] = "none"
    err = problems_for(config, "network")
    assert set(err.paths) == {"landfall:transit.hub.egress.vpc", "landfall:transit.hub.egress.attachment_tier"}


def test_the_hub_belongs_to_the_network_stack_only():
    config = values("dev")
    config["landfall:transit"]["hub"] = copy.deepcopy(hub(values("network")))
    assert "landfall:transit.hub" in problems_for(config, "dev").paths


def test_a_network_stack_without_a_hub_is_rejected():
    config = values("network")
    del config["landfall:transit"]
    assert "landfall:transit.hub" in problems_for(config, "network").paths


@pytest.mark.parametrize("asn", [100, 65535, 4_294_967_295])
def test_a_public_or_reserved_asn_is_rejected(asn):
    config = values("network")
    hub(config)["amazon_side_asn"] = asn
    assert problems_for(config, "network").paths == ("landfall:transit.hub.amazon_side_asn",)


def test_a_share_principal_that_is_neither_an_account_nor_an_arn_is_rejected():
    config = values("network")
    hub(config)["share"]["principals"].append("everyone")
    assert problems_for(config, "network").paths == ("landfall:transit.hub.share.principals[3]",)


def test_a_typo_in_a_rule_key_is_reported_with_the_allowed_keys():
    config = values("network")
    hub(config)["rules"][0] = {"from": "prod", "too": "shared"}
    err = problems_for(config, "network")
    assert set(err.paths) == {"landfall:transit.hub.rules[0].to", "landfall:transit.hub.rules[0].too"}


def test_every_transit_problem_is_reported_at_once():
    config = values("network")
    hub(config)["rules"].append({"from": "qa", "to": "shared"})
    hub(config)["amazon_side_asn"] = 1
    hub(config)["egress"]["spoke_cidrs"] = ["10.0.0.0/33"]
    config["landfall:baseline"]["password_policy"] = {"minimum_length": 8}
    err = problems_for(config, "network")
    assert set(err.paths) == {
        "landfall:transit.hub.rules[2].from",
        "landfall:transit.hub.amazon_side_asn",
        "landfall:transit.hub.egress.spoke_cidrs[0]",
        "landfall:baseline.password_policy.minimum_length",
    }


def test_hub_stack_names_map_to_stack_files():
    assert hub_stack_name("organization/landfall/network") == "network"
    assert hub_stack_name("network") == "network"


@pytest.mark.parametrize("description, fragment", [("x" * 257, "at most 256 characters"), ("prod; dmz", "allows only")])
def test_a_segment_description_is_a_tag_value_and_follows_the_tag_rules(description, fragment):
    config = values("network")
    hub(config)["segments"]["prod"]["description"] = description
    [problem] = [p for p in problems_for(config, "network").problems if p.path.endswith("segments.prod.description")]
    assert fragment in problem.message


@pytest.mark.parametrize("name, fragment", [("", "is empty"), ("landfall transit (prod)", "allows only"), ("x" * 257, "at most 256")])
def test_the_ram_share_name_is_its_name_tag_and_follows_the_tag_rules(name, fragment):
    config = values("network")
    hub(config).setdefault("share", {})["name"] = name
    [problem] = [p for p in problems_for(config, "network").problems if p.path == "landfall:transit.hub.share.name"]
    assert fragment in problem.message
