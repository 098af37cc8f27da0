"""AWS's tagging rules on the stack's tags (landfall/config/tags.py): lengths, characters, the 50-tag limit
counting the tags landfall adds itself, reserved keys; and the tags every resource carries."""

from __future__ import annotations

import pytest

from landfall.config.tags import (
    LANDFALL_TAG_KEYS,
    MAX_STACK_TAGS,
    RESOURCE_TAG_KEYS,
    TAGS_PER_RESOURCE,
    standard_tags,
    tag_problems,
    tag_value_problem,
)

P = "landfall:stack.tags"


def messages(tags):
    return [(p.path, p.message) for p in tag_problems(tags, P)]


@pytest.mark.parametrize("tags", [
    {"owner": "platform", "cost-center": "1000"},
    {"k" * 128: "v" * 256},
    {"team": ""},  # an empty value is allowed
    {"Projekt Größe": "a.b:c/d=e+f-g@h_i j"},  # unicode letters and every allowed symbol
])
def test_tags_within_aws_rules_pass(tags):
    assert tag_problems(tags, P) == []


@pytest.mark.parametrize("tags, path, fragment", [
    ({"k" * 129: "v"}, f"{P}.{'k' * 129}", "1-128 characters; this one has 129"),
    ({"owner": "v" * 257}, f"{P}.owner", "at most 256 characters; this one has 257"),
    ({"aws:owner": "x"}, f"{P}.aws:owner", "reserved by AWS"),
    ({"AWS:Owner": "x"}, f"{P}.AWS:Owner", "reserved by AWS"),
    ({"owner#1": "x"}, f"{P}.owner#1", "tag key has characters AWS does not allow"),
    ({"owner": "a,b"}, f"{P}.owner", "tag value has characters AWS does not allow"),
    ({"environment": "qa"}, f"{P}.environment", "set by landfall on every resource"),
    ({"managed-by": "me"}, f"{P}.managed-by", "set by landfall on every resource"),
])
def test_each_broken_rule_names_the_tag(tags, path, fragment):
    assert any(p == path and fragment in m for p, m in messages(tags)), messages(tags)


def test_the_tag_limit_counts_the_tags_landfall_adds():
    assert MAX_STACK_TAGS == TAGS_PER_RESOURCE - 6 == 44
    assert tag_problems({f"t{i}": "v" for i in range(44)}, P) == []
    [problem] = tag_problems({f"t{i}": "v" for i in range(45)}, P)
    assert problem.path == P and "at most 44 fit" in problem.message and problem.fix == "drop 1 tags"


def test_every_problem_is_reported_at_once():
    assert len(tag_problems({"aws:x": "v" * 300, "y" * 200: "ok"}, P)) == 3


def test_landfall_tags_win_over_the_stacks_and_are_the_documented_keys():
    tags = standard_tags({"owner": "platform"}, "dev", "dev")
    assert tags == {"owner": "platform", "environment": "dev", "landfall-stack": "dev", "managed-by": "pulumi-landfall"}
    assert set(tags) - {"owner"} == set(LANDFALL_TAG_KEYS)


@pytest.mark.parametrize("value", ["platform\n", "plat\tform", "a\r\nb"])
def test_a_tab_or_a_newline_is_not_a_space_in_a_tag(value):
    # A YAML block scalar (`owner: |`) ends with a newline; AWS allows only letters, digits, separators and _.:/=+-@.
    [problem] = tag_problems({"owner": value}, P)
    assert problem.path == f"{P}.owner" and "characters AWS does not allow" in problem.message


def test_a_description_landfall_writes_into_a_tag_value_follows_the_same_characters():
    assert tag_value_problem("Shared services (DNS, AD)", "x") != []
    assert tag_value_problem("shared services: DNS + AD", "x") == []
    assert tag_value_problem("folded text\n", "x") != []


STACKS = ("management", "network", "dev", "staging", "prod", "baseline-sandbox")


@pytest.mark.parametrize("stack", STACKS)
def test_the_tag_budget_matches_what_the_code_really_adds(stack):
    """The 44-tag budget assumes landfall's providers add exactly LANDFALL_TAG_KEYS as default tags and no resource
    sets more than len(RESOURCE_TAG_KEYS) tags of its own (besides a tier's configured subnet tags): count both in
    the synthesized stack, so adding a fourth resource tag in a component fails here."""
    import json

    from tests.conftest import synthesized

    inventory = synthesized(stack)
    config = inventory.config
    tier_tag_keys = {k for vpc in config.network.vpcs.values() for tier in vpc.tiers for k in getattr(tier, "tags", {})}
    for provider in inventory.providers().values():
        default_tags = json.loads(provider.inputs["defaultTags"])["tags"]
        assert set(default_tags) == set(config.stack.tags) | set(LANDFALL_TAG_KEYS), provider.urn
    for resource in inventory.custom():
        own = set(resource.inputs.get("tags") or {}) - tier_tag_keys
        assert len(own) <= len(RESOURCE_TAG_KEYS), (resource.urn, sorted(own))
