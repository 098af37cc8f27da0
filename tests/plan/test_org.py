"""The OU tree planner: flattening, depth, stable logical names, policy targets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping, Optional

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from landfall.plan.org import (
    MAX_OU_DEPTH,
    OU_KEY_PATTERN,
    PolicyTarget,
    TargetKind,
    account_logical_name,
    classify_target,
    flatten_ous,
    logical_name,
    parent_path,
    plan_attachments,
    policy_logical_name,
    tag_policy_document,
)
from tests.config.fixtures_organization import parsed

SAFE_NAME = re.compile(r"^[A-Za-z0-9._-]+$")  # safe in URNs and as an auto-name prefix


@dataclass(frozen=True)
class Ou:
    children: Mapping[str, "Ou"] = field(default_factory=dict)
    name: Optional[str] = None


def test_the_sample_tree_flattens_parents_first_in_declaration_order():
    nodes = parsed().ou_nodes()
    assert [(n.path, n.parent, n.depth) for n in nodes] == [
        ("Security", None, 1),
        ("Infrastructure", None, 1),
        ("Workloads", None, 1),
        ("Workloads/Prod", "Workloads", 2),
        ("Workloads/NonProd", "Workloads", 2),
        ("Sandbox", None, 1),
        ("Suspended", None, 1),
    ]
    assert nodes[3].key_path == ("ous", "Workloads", "children", "Prod")
    assert nodes[3].logical_name == "ou-Workloads-Prod"


def test_the_aws_name_defaults_to_the_key_and_can_differ_from_it():
    [shared] = flatten_ous({"SharedServices": Ou(name="Shared Services")})
    assert (shared.key, shared.name, shared.logical_name) == ("SharedServices", "Shared Services", "ou-SharedServices")
    assert flatten_ous({"Sandbox": Ou()})[0].name == "Sandbox"


def test_depth_counts_levels_under_the_root():
    tree: dict = {"L6": Ou()}
    for level in range(5, 0, -1):
        tree = {f"L{level}": Ou(children=tree)}
    nodes = flatten_ous(tree)
    assert [n.depth for n in nodes] == [1, 2, 3, 4, 5, 6]
    assert [n.path for n in nodes if n.depth > MAX_OU_DEPTH] == ["L1/L2/L3/L4/L5/L6"]


def test_logical_names_come_from_the_path_with_hyphens_doubled():
    assert logical_name("Workloads") == "ou-Workloads"
    assert logical_name("Workloads/Prod") == "ou-Workloads-Prod"
    assert logical_name("Policy-Staging") == "ou-Policy--Staging"
    assert logical_name("Policy/Staging") != logical_name("Policy-Staging")


@pytest.mark.parametrize("bad", ["", "A//B", "-A", "A/B-", "A B", "root/../x"])
def test_an_invalid_path_has_no_logical_name(bad):
    with pytest.raises(ValueError):
        logical_name(bad)


def test_parent_path():
    assert parent_path("Workloads/Prod") == "Workloads"
    assert parent_path("Workloads") is None


def test_account_and_policy_logical_names():
    assert account_logical_name("log-archive") == "acct-log-archive"
    assert policy_logical_name("deny-all") == "scp-deny-all"
    assert policy_logical_name("landfall", kind="tag") == "tag-landfall"
    with pytest.raises(ValueError):
        account_logical_name("Log Archive")


def test_targets_are_classified_as_root_ou_or_account():
    ous, accounts = ["Workloads", "Workloads/Prod"], ["dev"]
    assert classify_target("root", ous, accounts) == PolicyTarget("root", TargetKind.ROOT)
    assert classify_target("Workloads/Prod", ous, accounts).kind is TargetKind.OU
    assert classify_target("dev", ous, accounts).kind is TargetKind.ACCOUNT
    assert classify_target("Prod", ous, accounts) is None


def test_attachments_are_planned_in_config_order_with_unique_names():
    plan = plan_attachments({"root": ["deny-all"], "Workloads/Prod": ["deny-all", "deny-root-user"], "dev": ["deny-all"]},
                            ["Workloads", "Workloads/Prod"], ["dev"])
    assert [a.logical_name for a in plan] == [
        "scp-deny-all.root", "scp-deny-all.ou-Workloads-Prod", "scp-deny-root-user.ou-Workloads-Prod", "scp-deny-all.acct-dev",
    ]
    with pytest.raises(ValueError, match="Nowhere"):
        plan_attachments({"Nowhere": ["deny-all"]}, [], [])


def test_the_tag_policy_fixes_each_keys_capitalization():
    assert tag_policy_document(["owner", "CostCenter"]) == {
        "tags": {"owner": {"tag_key": {"@@assign": "owner"}}, "costcenter": {"tag_key": {"@@assign": "CostCenter"}}}
    }


# ---- properties --------------------------------------------------------------------------------------------

keys = st.from_regex(OU_KEY_PATTERN, fullmatch=True).filter(lambda k: len(k) <= 12)
paths = st.lists(keys, min_size=1, max_size=MAX_OU_DEPTH).map("/".join)


@settings(max_examples=300, deadline=None)
@given(a=paths, b=paths)
def test_logical_names_are_unique_for_distinct_paths(a, b):
    assert (logical_name(a) == logical_name(b)) == (a == b)


@settings(max_examples=200, deadline=None)
@given(path=paths)
def test_logical_names_are_safe_pulumi_names(path):
    name = logical_name(path)
    assert SAFE_NAME.match(name) and "::" not in name
    assert logical_name(path) == name  # stable


def trees(depth: int = 4):
    leaf = st.just(Ou())
    return st.recursive(
        leaf, lambda sub: st.dictionaries(keys, sub, max_size=3).map(lambda ch: Ou(children=ch)), max_leaves=12
    ).map(lambda ou: ou.children)


@settings(max_examples=100, deadline=None)
@given(tree=trees())
def test_flattening_visits_every_ou_once_after_its_parent(tree):
    nodes = flatten_ous(tree)
    seen: set[str] = set()
    for node in nodes:
        assert node.parent is None or node.parent in seen
        assert node.depth == node.path.count("/") + 1
        assert node.path not in seen
        seen.add(node.path)

    def count(t) -> int:
        return sum(1 + count(ou.children) for ou in t.values())

    assert len(nodes) == count(tree)
    names = [n.logical_name for n in nodes]
    assert len(names) == len(set(names))
