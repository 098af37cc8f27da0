"""`landfall:organization.identity_center`: unknown groups, permission sets and targets, and every limit,
reported with key paths, all at once."""

from __future__ import annotations

import copy

import pytest

from landfall.config.errors import ConfigError
from landfall.config.loader import parse, read_stack_file

IC = "landfall:organization.identity_center"


def values() -> dict:
    return {k: v for k, v in copy.deepcopy(read_stack_file("management", ".")).items() if k.startswith("landfall:")}


def problems(patch) -> list:
    config = values()
    patch(config["landfall:organization"]["identity_center"])
    with pytest.raises(ConfigError) as caught:
        parse("management", config)
    return caught.value.problems


def test_the_sample_defines_the_audit_permission_set_and_expands_ou_assignments_to_accounts():
    config = parse("management", values())
    ic = config.organization.identity_center
    assert ic.all_permission_sets()["audit-read-only"].managed_policies == ["SecurityAudit", "ViewOnlyAccess"]
    ous = {k: a.ou for k, a in config.organization.accounts.items()}
    developers = sorted(a.account for a in ic.planned(ous, "management") if a.group == "developers")
    assert developers == ["dev", "sandbox", "staging"]


def test_unknown_groups_permission_sets_and_targets_are_each_reported():
    def patch(ic):
        ic["assignments"].append({"group": "ghosts", "permission_set": "wizard", "targets": ["Workloads/Nope", "prod", "nobody"]})
    found = problems(patch)
    i = 3
    assert sorted(p.path for p in found) == sorted([f"{IC}.assignments[{i}].group", f"{IC}.assignments[{i}].permission_set",
                                                   f"{IC}.assignments[{i}].targets[0]", f"{IC}.assignments[{i}].targets[2]"])


def test_permission_set_limits_are_checked():
    def patch(ic):
        ic["instance_arn"] = "arn:aws:sso:::instance/nope"
        ic["identity_store_id"] = "d-XYZ"
        ic["permission_sets"]["too-long-a-name-for-a-permission-set"] = {"managed_policies": ["ReadOnlyAccess"]}
        ic["permission_sets"]["sleepy"] = {"session_hours": 13, "managed_policies": [f"P{i}" for i in range(11)]}
        ic["permission_sets"]["empty"] = {}
        ic["permission_sets"]["huge"] = {"inline_policy": {"Version": "2012-10-17", "Statement": [{"Sid": "x" * 11_000}]}}
    found = {p.path for p in problems(patch)}
    ps = f"{IC}.permission_sets"
    assert found == {f"{IC}.instance_arn", f"{IC}.identity_store_id", f"{ps}.too-long-a-name-for-a-permission-set",
                     f"{ps}.sleepy.session_hours", f"{ps}.sleepy.managed_policies", f"{ps}.empty", f"{ps}.huge.inline_policy"}
