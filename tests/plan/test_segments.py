"""The pure segment planner: associations and propagations follow the rules and nothing else."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from landfall.plan.addresses import TierSpec, TierType, plan_vpc
from landfall.plan.routes import peer_routes, spoke_routes, tier_routes
from landfall.plan.segments import (
    PRIVATE_RANGES,
    AttachmentSpec,
    Rule,
    SegmentSpec,
    StaticRoute,
    plan_egress_routes,
    plan_segments,
    reach,
    validate_segment_ref,
    validate_segments,
)

SEGMENTS = {
    "prod": SegmentSpec("prod"),
    "nonprod": SegmentSpec("nonprod"),
    "shared": SegmentSpec("shared", isolated=False),
}
RULES = [Rule("prod", "shared"), Rule("nonprod", "shared")]


def propagations(plan):
    return {(p.attachment, p.segment) for p in plan.propagations}


@pytest.mark.parametrize(
    "segment, associated, propagated_into",
    [
        ("prod", "prod", {"shared"}),  # prod is reachable from shared only: not from nonprod, not from prod (isolated)
        ("nonprod", "nonprod", {"shared"}),
        ("shared", "shared", {"prod", "nonprod", "shared"}),  # shared reaches each other (isolated: false)
    ],
)
def test_the_lza_style_segments_associate_with_their_own_table_and_propagate_where_rules_allow(segment, associated, propagated_into):
    plan = plan_segments(SEGMENTS, RULES, [AttachmentSpec("vpc", segment)])
    assert plan.associated_with("vpc") == associated
    assert set(plan.propagated_into("vpc")) == propagated_into


def test_a_prod_attachment_never_reaches_a_nonprod_table_without_a_rule():
    plan = plan_segments(SEGMENTS, RULES, [AttachmentSpec("p", "prod"), AttachmentSpec("n", "nonprod")])
    assert ("p", "nonprod") not in propagations(plan) and ("n", "prod") not in propagations(plan)


def test_a_rule_between_prod_and_nonprod_connects_them_both_ways():
    plan = plan_segments(SEGMENTS, [*RULES, Rule("prod", "nonprod")], [AttachmentSpec("p", "prod"), AttachmentSpec("n", "nonprod")])
    assert {("p", "nonprod"), ("n", "prod")} <= propagations(plan)


def test_a_one_way_rule_gives_routes_in_the_senders_table_only():
    # monitoring may send to prod; prod gets no route back to monitoring.
    segments = {**SEGMENTS, "monitoring": SegmentSpec("monitoring")}
    plan = plan_segments(segments, [Rule("monitoring", "prod", one_way=True)], [AttachmentSpec("p", "prod"), AttachmentSpec("m", "monitoring")])
    assert ("p", "monitoring") in propagations(plan)
    assert ("m", "prod") not in propagations(plan)


def test_an_isolated_segment_does_not_propagate_into_its_own_table_and_a_core_segment_does():
    assert "prod" not in reach(SEGMENTS, [])["prod"]
    assert "shared" in reach(SEGMENTS, [])["shared"]


def test_an_attachment_in_an_unknown_segment_cannot_be_planned():
    with pytest.raises(KeyError):
        plan_segments(SEGMENTS, RULES, [AttachmentSpec("x", "qa")])


def test_central_egress_gives_each_user_segment_a_default_route_and_blackholes_for_the_private_ranges():
    routes = plan_egress_routes(["nonprod"])
    assert StaticRoute("nonprod", "0.0.0.0/0", blackhole=False) in routes
    assert {r.cidr for r in routes if r.blackhole} == set(PRIVATE_RANGES)
    assert {r.segment for r in routes} == {"nonprod"}
    assert len({r.key for r in routes}) == len(routes)


@pytest.mark.parametrize(
    "rules, path, message",
    [
        ([Rule("prod", "sharde")], "h.rules[0].to", "names an unknown segment"),
        ([Rule("qa", "shared")], "h.rules[0].from", "names an unknown segment"),
        ([Rule("prod", "prod")], "h.rules[0]", "a rule from a segment to itself"),
        ([Rule("prod", "shared"), Rule("shared", "prod")], "h.rules[1]", "repeats rules[0]"),
        ([Rule("prod", "shared", True), Rule("shared", "prod", True)], "h.rules[1].one_way", "the two one-way rules make one two-way rule"),
        ([Rule("prod", "shared"), Rule("prod", "shared", True)], "h.rules[1].one_way", "a two-way rule between these segments already exists"),
    ],
)
def test_bad_rules_are_reported_with_their_key_path(rules, path, message):
    problems = validate_segments("h", SEGMENTS, rules)
    assert [p.path for p in problems] == [path], problems
    assert message in problems[0].message


def test_an_unknown_segment_reference_lists_the_declared_segments():
    [problem] = validate_segment_ref("a.segment", "qa", SEGMENTS, "the hub")
    assert problem.path == "a.segment" and "nonprod, prod, shared" in problem.fix


def test_bad_segment_names_and_no_segments_are_reported():
    assert [p.path for p in validate_segments("h", {"Prod": SegmentSpec("Prod")}, [])] == ["h.segments.Prod"]
    assert [p.path for p in validate_segments("h", {}, [])] == ["h.segments"]


names = st.sampled_from(["a", "b", "c", "d", "e"])


@st.composite
def topologies(draw):
    segment_names = draw(st.lists(names, min_size=1, max_size=5, unique=True))
    segments = {n: SegmentSpec(n, draw(st.booleans())) for n in segment_names}
    pairs = draw(st.lists(st.tuples(st.sampled_from(segment_names), st.sampled_from(segment_names), st.booleans()), max_size=8))
    rules = [Rule(a, b, one_way) for a, b, one_way in pairs if a != b]
    attachments = [AttachmentSpec(f"vpc{i}", draw(st.sampled_from(segment_names))) for i in range(draw(st.integers(0, 6)))]
    return segments, rules, attachments


@settings(max_examples=300, deadline=None)
@given(topologies())
def test_property_an_attachment_is_propagated_into_a_table_exactly_when_a_rule_or_the_segment_itself_allows_it(topology):
    segments, rules, attachments = topology
    plan = plan_segments(segments, rules, attachments)
    assert sorted(a.attachment for a in plan.associations) == sorted(a.key for a in attachments)
    home = {a.key: a.segment for a in attachments}
    for a in plan.associations:
        assert a.segment == home[a.attachment]
    for att in attachments:
        for table in segments:
            allowed = (
                (table == att.segment and not segments[table].isolated)
                or any(r.source == table and r.target == att.segment for r in rules)
                or any(not r.one_way and r.source == att.segment and r.target == table for r in rules)
            )
            assert ((att.key, table) in propagations(plan)) == allowed, (att, table, rules)


@settings(max_examples=200, deadline=None)
@given(topologies())
def test_property_without_one_way_rules_reachability_is_symmetric(topology):
    segments, rules, _ = topology
    reaches = reach(segments, [Rule(r.source, r.target) for r in rules])
    for a in segments:
        for b in reaches[a]:
            assert a in reaches[b], (a, b)


PLAN = plan_vpc(
    "10.10.0.0/16",
    ["euw1-az1", "euw1-az2"],
    [
        TierSpec("public", TierType.PUBLIC, 24),
        TierSpec("app", TierType.PRIVATE_WITH_EGRESS, 20),
        TierSpec("data", TierType.ISOLATED, 24),
        TierSpec("transit", TierType.ISOLATED, 28),
    ],
)


def test_spoke_routes_send_every_destination_from_egress_tiers_and_only_internal_ones_from_isolated_tiers():
    routes = {(r.table, r.cidr) for r in spoke_routes(PLAN, ["10.0.0.0/8", "0.0.0.0/0"], "transit")}
    assert routes == {
        ("app-euw1-az1", "10.0.0.0/8"), ("app-euw1-az1", "0.0.0.0/0"),
        ("app-euw1-az2", "10.0.0.0/8"), ("app-euw1-az2", "0.0.0.0/0"),
        ("data-euw1-az1", "10.0.0.0/8"), ("data-euw1-az2", "10.0.0.0/8"),
    }


def test_route_keys_come_from_table_and_destination_never_positions():
    keys = [r.key for r in spoke_routes(PLAN, ["10.0.0.0/8"], "transit")]
    assert "app-euw1-az1-10-0-0-0-8" in keys and len(set(keys)) == len(keys)


def test_peer_routes_name_only_the_peers_exact_range_from_non_public_tables():
    routes = peer_routes(PLAN, "10.99.0.0/16")
    assert {r.cidr for r in routes} == {"10.99.0.0/16"}
    assert {r.table.split("-")[0] for r in routes} == {"app", "data", "transit"}


def test_tier_routes_reach_only_the_tier_types_asked_for():
    assert {r.table for r in tier_routes(PLAN, ["10.0.0.0/8"], [TierType.PUBLIC])} == {"public-euw1-az1", "public-euw1-az2"}
