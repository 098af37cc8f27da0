"""Bad stack configs: every problem is reported at once, with its key path, the value and a fix."""

from __future__ import annotations

import copy

import pytest

from landfall.config.errors import ConfigError
from landfall.config.loader import load_stack_file, parse
from landfall.config.network import NatStrategy, VpcConfig
from landfall.offline.synth import ROOT
from tests.conftest import stack_values


def problems_for(config: dict, stack: str = "dev", project_dir=ROOT) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        parse(stack, {k: v for k, v in config.items() if k.startswith("landfall:")}, project_dir)
    return caught.value


def dev() -> dict:
    return copy.deepcopy(stack_values("dev"))


def main_vpc(config: dict) -> dict:
    return config["landfall:network"]["vpcs"]["main"]


def test_every_committed_stack_file_is_valid():
    for stack in ("dev", "staging", "prod"):
        assert load_stack_file(stack).name == stack


def test_an_unknown_key_is_rejected_with_the_allowed_keys():
    config = dev()
    main_vpc(config)["enable_nat"] = True
    err = problems_for(config)
    [problem] = err.problems
    assert problem.path == "landfall:network.vpcs.main.enable_nat"
    assert "is not a known key" in problem.message and "nat" in problem.fix and "az_ids" in problem.fix


def test_an_unknown_section_is_rejected():
    config = dev()
    config["landfall:netwrok"] = {}
    assert problems_for(config).paths == ("landfall:netwrok",)


def test_a_wrong_vpc_prefix_names_the_cidr_key_and_value():
    config = dev()
    main_vpc(config)["cidr"] = "10.0.0.0/12"
    err = problems_for(config)
    assert "landfall:network.vpcs.main.cidr" in err.paths
    assert "prefix /12 is outside the /16-/28" in err.render() and "10.0.0.0/12" in err.render()


def test_a_nat_without_a_public_tier_is_rejected():
    config = dev()
    main_vpc(config)["tiers"] = [t for t in main_vpc(config)["tiers"] if t["type"] != "public"]
    err = problems_for(config)
    assert err.paths == ("landfall:network.vpcs.main.nat",)
    assert "a NAT gateway needs a public tier" in err.render()


def test_egress_tiers_without_a_nat_are_rejected():
    config = dev()
    main_vpc(config)["nat"] = NatStrategy.NONE.value
    err = problems_for(config)
    assert err.paths == ("landfall:network.vpcs.main.nat",)
    assert "private_with_egress tiers need a way out" in err.render()


def test_an_unknown_account_is_rejected_with_the_known_accounts():
    config = dev()
    main_vpc(config)["account"] = "shared-services"
    err = problems_for(config)
    assert err.paths == ("landfall:network.vpcs.main.account",)
    assert "unknown account" in err.render() and "dev, network" in err.render()


def test_an_az_id_outside_the_stacks_region_is_rejected():
    config = dev()
    main_vpc(config)["az_ids"] = ["euw1-az1", "use1-az2"]
    err = problems_for(config)
    assert err.paths == ("landfall:network.vpcs.main.az_ids[1]",)
    assert "is not in the stack's region eu-west-1" in err.render()


def test_an_overlap_with_a_vpc_in_another_stack_file_is_rejected(project_copy):
    config = dev()
    main_vpc(config)["cidr"] = "10.30.0.0/16"  # prod's range
    project = project_copy({"dev": config})
    with pytest.raises(ConfigError) as caught:
        load_stack_file("dev", project)
    assert caught.value.paths == ("landfall:network.vpcs.main.cidr",)
    assert "overlaps VPC 'main' (10.30.0.0/16) in Pulumi.prod.yaml" in caught.value.render()


def test_two_overlapping_vpcs_in_one_stack_are_rejected():
    config = dev()
    config["landfall:network"]["vpcs"]["second"] = copy.deepcopy(main_vpc(config))
    err = problems_for(config)
    assert "overlaps VPC 'second' (10.10.0.0/16) in this stack" in err.render()


def test_wrong_types_are_reported_per_key():
    config = dev()
    main_vpc(config)["tiers"][0]["prefix"] = "twenty-four"
    main_vpc(config)["nat"] = "two"
    err = problems_for(config)
    assert set(err.paths) == {"landfall:network.vpcs.main.tiers[0].prefix", "landfall:network.vpcs.main.nat"}
    assert "use one of 'none', 'single' or 'one_per_az'" in err.render()


def test_every_problem_is_reported_at_once():
    config = dev()
    main_vpc(config)["cidr"] = "10.10.0.0/12"
    main_vpc(config)["az_ids"] = ["use1-az1"]
    main_vpc(config)["flow_logs"] = {"retention_days": 100}
    main_vpc(config)["endpoints"] = {"gateway": ["sqs"]}
    config["landfall:accounts"]["dev"]["id"] = "1234"
    err = problems_for(config)
    assert set(err.paths) >= {
        "landfall:network.vpcs.main.cidr",
        "landfall:network.vpcs.main.az_ids[0]",
        "landfall:network.vpcs.main.flow_logs.retention_days",
        "landfall:network.vpcs.main.endpoints.gateway[0]",
        "landfall:accounts.dev.id",
    }
    assert err.render().startswith(f"{len(err.problems)} configuration problems in Pulumi.dev.yaml:")


def test_interface_endpoints_in_an_unknown_tier_are_rejected():
    config = dev()
    main_vpc(config)["endpoints"] = {"interface": ["ssm"], "interface_tier": "web"}
    assert problems_for(config).paths == ("landfall:network.vpcs.main.endpoints.interface_tier",)


def test_a_single_nat_in_an_az_the_vpc_does_not_use_is_rejected():
    config = dev()
    main_vpc(config)["nat_az_id"] = "euw1-az3"
    assert problems_for(config).paths == ("landfall:network.vpcs.main.nat_az_id",)


def test_a_missing_required_section_is_reported():
    config = dev()
    del config["landfall:accounts"]
    assert "landfall:accounts" in problems_for(config).paths


# --- endpoint service names (botocore's endpoint data, landfall.plan.service_names) ---------------------


def vpc_in(region: str, az_prefix: str, **endpoints) -> VpcConfig:

    return VpcConfig.model_validate({
        "cidr": "10.60.0.0/16", "az_ids": [f"{az_prefix}-az1", f"{az_prefix}-az2"], "nat": "none",
        "tiers": [{"name": "app", "type": "isolated", "prefix": 24}], "endpoints": endpoints,
    })


def endpoint_problems(vpc, region: str = "eu-west-1") -> list:
    from landfall.config.context import Context
    from landfall.config.stack import StackSettings

    settings = StackSettings(kind="workload", environment="dev", production=False, region=region, account="dev")
    return [p for p in vpc.problems("main", Context("dev", settings)) if ".endpoints" in p.path]


def test_a_misspelt_interface_endpoint_service_is_rejected_with_a_did_you_mean():
    config = dev()
    main_vpc(config)["endpoints"] = {"gateway": ["s3", "dynamodb"], "interface": ["ssm", "s4"]}
    [problem] = problems_for(config).problems
    assert problem.path == "landfall:network.vpcs.main.endpoints.interface[1]"
    assert (problem.message, problem.value) == ("is not an AWS endpoint service", "s4")
    assert problem.fix.startswith("did you mean s3?")


def test_the_sdk_name_of_a_service_whose_endpoint_is_named_otherwise_is_answered_with_the_endpoint_name():
    [problem] = endpoint_problems(vpc_in("eu-west-1", "euw1", interface=["cloudwatch"]))
    assert problem.path == "landfall:network.vpcs.main.endpoints.interface[0]"
    assert problem.fix == "write monitoring"


def test_botocores_reversed_host_prefix_is_answered_with_the_privatelink_name():
    [problem] = endpoint_problems(vpc_in("eu-west-1", "euw1", interface=["api.ecr"]))
    assert problem.fix == "write ecr.api or ecr.dkr"


def test_an_interface_endpoint_service_not_offered_in_the_stacks_region_is_rejected():
    # Incident Manager (ssm-contacts) is not in af-south-1 in botocore's endpoint data; ssm is.
    [problem] = endpoint_problems(vpc_in("af-south-1", "afs1", interface=["ssm", "ssm-contacts"]), "af-south-1")
    assert problem.path == "landfall:network.vpcs.main.endpoints.interface[1]"
    assert problem.message.startswith("is not offered in af-south-1")
    assert problem.fix.startswith("remove it, or put the VPC in a region that offers it, e.g. ")


def test_a_global_service_has_no_regional_interface_endpoint():
    [problem] = endpoint_problems(vpc_in("eu-west-1", "euw1", interface=["iam"]))
    assert problem.message.startswith("is a global service")


def test_privatelink_only_names_are_accepted():
    assert endpoint_problems(vpc_in("eu-west-1", "euw1", interface=["ssmmessages", "ec2messages", "ecr.dkr", "execute-api"])) == []


def test_a_misspelt_gateway_endpoint_service_is_answered_with_the_gateway_service_it_resembles():
    [problem] = endpoint_problems(vpc_in("eu-west-1", "euw1", gateway=["s4"]))
    assert (problem.path, problem.fix, problem.value) == ("landfall:network.vpcs.main.endpoints.gateway[0]", "did you mean s3?", "s4")


def test_an_interface_only_service_listed_as_a_gateway_endpoint_is_moved_to_interface():
    [problem] = endpoint_problems(vpc_in("eu-west-1", "euw1", gateway=["sqs"]))
    assert problem.fix == "move it to endpoints.interface"


def test_an_unknown_gateway_endpoint_service_is_not_sent_to_the_interface_list():
    [problem] = endpoint_problems(vpc_in("eu-west-1", "euw1", gateway=["xyzzy"]))
    assert problem.fix == "list only s3 or dynamodb here"


@pytest.mark.parametrize("name", ["App", "app tier", "x" * 33, "1st", "app_tier"])
def test_a_tier_name_that_is_not_a_short_lowercase_key_is_rejected(name):
    config = dev()
    main_vpc(config)["tiers"][1]["name"] = name
    paths = [p.path for p in problems_for(config).problems]
    assert "landfall:network.vpcs.main.tiers[1].name" in paths, paths


@pytest.mark.parametrize("tags, path, fragment", [
    ({"Name": "x"}, "landfall:network.vpcs.main.tiers[0].tags.Name", "set by landfall on every subnet"),
    ({"aws:eks": "x"}, "landfall:network.vpcs.main.tiers[0].tags.aws:eks", "reserved by AWS"),
    ({"k": "v" * 257}, "landfall:network.vpcs.main.tiers[0].tags.k", "at most 256"),
    ({f"t{i}": "v" for i in range(43)}, "landfall:network.vpcs.main.tiers[0].tags", "AWS allows 50"),
])
def test_bad_tier_tags_are_rejected_with_their_key_path(tags, path, fragment):
    config = dev()
    main_vpc(config)["tiers"][0]["tags"] = tags
    problems = [p for p in problems_for(config).problems if p.path == path]
    assert problems and fragment in problems[0].message, [p.render() for p in problems_for(config).problems]


def test_tier_tags_for_a_load_balancer_controller_are_accepted():
    config = dev()
    main_vpc(config)["tiers"][0]["tags"] = {"kubernetes.io/role/elb": "1"}
    main_vpc(config)["tiers"][1]["tags"] = {"kubernetes.io/role/internal-elb": "1"}
    assert parse("dev", {k: v for k, v in config.items() if k.startswith("landfall:")}, ROOT).name == "dev"
