"""The address planner: golden layouts, every validation error, and properties that keep live VPCs still."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from landfall.plan.addresses import (
    TierSpec,
    TierType,
    az_id_prefix,
    find_overlaps,
    plan_vpc,
    validate_layout,
)

PUBLIC = TierSpec("public", TierType.PUBLIC, 24)
APP = TierSpec("app", TierType.PRIVATE_WITH_EGRESS, 20)
DATA = TierSpec("data", TierType.ISOLATED, 24)
THREE_TIERS = [PUBLIC, APP, DATA]


def cidrs(plan):
    return {s.key: s.cidr for s in plan.subnets}


class TestGoldenLayouts:
    def test_a_16_with_three_tiers_in_two_azs_matches_the_locked_layout(self):
        assert cidrs(plan_vpc("10.10.0.0/16", ["euw1-az1", "euw1-az2"], THREE_TIERS)) == {
            "public-euw1-az1": "10.10.0.0/24",
            "app-euw1-az1": "10.10.16.0/20",
            "data-euw1-az1": "10.10.32.0/24",
            "public-euw1-az2": "10.10.64.0/24",
            "app-euw1-az2": "10.10.80.0/20",
            "data-euw1-az2": "10.10.96.0/24",
        }

    def test_an_az_block_is_chosen_by_the_az_id_number_not_list_position(self):
        assert cidrs(plan_vpc("10.10.0.0/16", ["euw1-az3"], [PUBLIC])) == {"public-euw1-az3": "10.10.128.0/24"}

    def test_a_20_with_eight_az_blocks_uses_a_23_per_az(self):
        plan = plan_vpc("172.16.0.0/20", ["use1-az6"], [TierSpec("app", TierType.ISOLATED, 24)], az_block_prefix=23)
        assert cidrs(plan) == {"app-use1-az6": "172.16.10.0/24"}

    def test_a_reserved_tier_keeps_its_room_and_gets_no_subnets(self):
        plan = plan_vpc("10.0.0.0/16", ["euw1-az1"], [PUBLIC, TierSpec("old", TierType.ISOLATED, 20, reserved=True), DATA])
        assert cidrs(plan) == {"public-euw1-az1": "10.0.0.0/24", "data-euw1-az1": "10.0.32.0/24"}

    @pytest.mark.parametrize(
        "region, prefix",
        [("eu-west-1", "euw1"), ("us-east-1", "use1"), ("ap-northeast-1", "apne1"), ("ap-southeast-2", "apse2"),
         ("ca-central-1", "cac1"), ("us-gov-west-1", "usgw1"), ("eu-central-2", "euc2"), ("sa-east-1", "sae1")],
    )
    def test_region_to_az_id_prefix(self, region, prefix):
        assert az_id_prefix(region) == prefix


class TestValidation:
    @pytest.mark.parametrize(
        "cidr, fragment",
        [("10.0.0.0/15", "prefix /15 is outside"), ("10.0.0.0/29", "prefix /29 is outside"),
         ("8.8.0.0/16", "not inside a private range"), ("10.0.0.1/16", "not a valid IPv4 network"),
         ("fd00::/56", "must be an IPv4 network")],
    )
    def test_bad_vpc_cidrs_are_reported_on_the_cidr_key(self, cidr, fragment):
        problems = validate_layout("vpcs.main", cidr, ["euw1-az1"], [PUBLIC], "eu-west-1")
        assert any(p.path == "vpcs.main.cidr" and fragment in p.message for p in problems), problems

    def test_a_public_range_is_allowed_when_opted_in(self):
        assert validate_layout("v", "8.8.0.0/16", ["euw1-az1"], [PUBLIC], "eu-west-1", allow_public_cidr=True) == []

    def test_an_az_id_of_another_region_is_reported_with_the_expected_prefix(self):
        [problem] = validate_layout("v", "10.0.0.0/16", ["use1-az1"], [PUBLIC], "eu-west-1")
        assert problem.path == "v.az_ids[0]" and "not in the stack's region eu-west-1" in problem.message
        assert "euw1-" in problem.fix

    def test_an_az_name_instead_of_an_id_is_reported(self):
        [problem] = validate_layout("v", "10.0.0.0/16", ["eu-west-1a"], [PUBLIC], "eu-west-1")
        assert problem.path == "v.az_ids[0]" and problem.message == "is not an AZ id"

    def test_an_az_whose_block_does_not_exist_is_reported(self):
        [problem] = validate_layout("v", "10.0.0.0/16", ["use1-az6"], [PUBLIC], "us-east-1")
        assert "needs AZ block 5 but the VPC only has 4 blocks" in problem.message

    def test_tiers_that_overflow_the_az_block_name_the_tier(self):
        problems = validate_layout("v", "10.0.0.0/20", ["euw1-az1"], [PUBLIC, TierSpec("big", TierType.ISOLATED, 22)], "eu-west-1")
        assert [p.path for p in problems] == ["v.tiers[1].prefix"] and "'big' does not fit" in problems[0].message

    def test_a_tier_smaller_than_a_28_is_reported(self):
        [problem] = validate_layout("v", "10.0.0.0/16", ["euw1-az1"], [TierSpec("tiny", TierType.ISOLATED, 29)], "eu-west-1")
        assert problem.path == "v.tiers[0].prefix"

    def test_duplicate_tier_names_and_azs_are_all_reported(self):
        problems = validate_layout("v", "10.0.0.0/16", ["euw1-az1", "euw1-az1"], [PUBLIC, PUBLIC], "eu-west-1")
        assert {p.path for p in problems} == {"v.az_ids[1]", "v.tiers[1].name"}

    def test_overlaps_list_every_pair(self):
        pairs = find_overlaps([("a", "10.0.0.0/16"), ("b", "10.0.128.0/17"), ("c", "10.1.0.0/16"), ("d", "10.0.0.0/8")])
        assert {(a, b) for a, _, b, _ in pairs} == {("a", "b"), ("a", "d"), ("b", "d"), ("c", "d")}


# --- properties -----------------------------------------------------------------------------------

AZ_NUMBERS = st.lists(st.integers(1, 4), min_size=1, max_size=4, unique=True)
TIER_PREFIXES = st.lists(st.integers(20, 28), min_size=1, max_size=5)
TYPES = list(TierType)


def tiers_from(prefixes):
    return [TierSpec(f"t{i}", TYPES[i % 3], p) for i, p in enumerate(prefixes)]


def valid(cidr, azs, tiers):
    return not validate_layout("v", cidr, azs, tiers, "eu-west-1")


@settings(max_examples=200, deadline=None)
@given(vpc_prefix=st.integers(16, 18), az_numbers=AZ_NUMBERS, prefixes=TIER_PREFIXES)
def test_subnets_never_overlap_and_always_lie_in_the_vpc(vpc_prefix, az_numbers, prefixes):
    cidr = f"10.0.0.0/{vpc_prefix}"
    azs = [f"euw1-az{n}" for n in az_numbers]
    tiers = tiers_from(prefixes)
    if not valid(cidr, azs, tiers):
        return
    plan = plan_vpc(cidr, azs, tiers)
    nets = [ipaddress.ip_network(s.cidr) for s in plan.subnets]
    vpc = ipaddress.ip_network(cidr)
    assert all(n.subnet_of(vpc) for n in nets)
    assert not find_overlaps([(str(i), str(n)) for i, n in enumerate(nets)])
    assert len(nets) == len(azs) * len(tiers)


@settings(max_examples=100, deadline=None)
@given(az_numbers=AZ_NUMBERS, prefixes=TIER_PREFIXES, data=st.data())
def test_the_plan_is_deterministic_and_independent_of_az_order(az_numbers, prefixes, data):
    azs = [f"euw1-az{n}" for n in az_numbers]
    tiers = tiers_from(prefixes)
    if not valid("10.0.0.0/16", azs, tiers):
        return
    shuffled = data.draw(st.permutations(azs))
    assert cidrs(plan_vpc("10.0.0.0/16", azs, tiers)) == cidrs(plan_vpc("10.0.0.0/16", shuffled, tiers))


@settings(max_examples=200, deadline=None)
@given(az_numbers=AZ_NUMBERS, prefixes=TIER_PREFIXES, new_az=st.integers(1, 4), new_prefix=st.integers(20, 28))
def test_adding_an_az_or_a_tier_never_moves_an_existing_subnet(az_numbers, prefixes, new_az, new_prefix):
    azs = [f"euw1-az{n}" for n in az_numbers]
    tiers = tiers_from(prefixes)
    if not valid("10.0.0.0/16", azs, tiers):
        return
    before = cidrs(plan_vpc("10.0.0.0/16", azs, tiers))
    grown_azs = azs + ([f"euw1-az{new_az}"] if f"euw1-az{new_az}" not in azs else [])
    grown_tiers = tiers + [TierSpec("added", TierType.ISOLATED, new_prefix)]
    for a, t in ((grown_azs, tiers), (azs, grown_tiers), (grown_azs, grown_tiers)):
        if valid("10.0.0.0/16", a, t):
            after = cidrs(plan_vpc("10.0.0.0/16", a, t))
            assert {k: after[k] for k in before} == before
