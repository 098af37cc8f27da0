"""Identity Center assignment planning: targets expand to accounts, once each, under stable names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from landfall.plan.access import Assignment, accounts_in, expand, managed_policy_arn, session_duration

OUS = {"dev": "Workloads/NonProd", "staging": "Workloads/NonProd", "prod": "Workloads/Prod", "audit": "Security",
       "sandbox": "Sandbox", "loose": "root"}


@pytest.mark.parametrize("target, accounts", [
    ("root", ["management", "audit", "dev", "loose", "prod", "sandbox", "staging"]),
    ("Workloads", ["dev", "prod", "staging"]),  # an OU covers its children
    ("Workloads/NonProd", ["dev", "staging"]),
    ("Work", []),  # a prefix of a name is not a parent
    ("prod", ["prod"]),
    ("management", ["management"]),
])
def test_a_target_covers_the_accounts_in_it_and_below(target, accounts):
    assert accounts_in(target, OUS, "management") == accounts


def test_overlapping_targets_give_one_assignment_per_account():
    rows = [("devs", "developer", ["Workloads", "Workloads/NonProd", "dev"])]
    assert expand(rows, OUS, "management") == [Assignment("devs", "developer", a) for a in ("dev", "prod", "staging")]


@given(st.dictionaries(st.from_regex(r"[a-z]{1,8}", fullmatch=True), st.sampled_from(["Workloads/Prod", "Workloads/NonProd", "Sandbox", "root"]), max_size=8),
       st.from_regex(r"[a-z]{1,8}", fullmatch=True), st.sampled_from(["Workloads/Prod", "Workloads/NonProd", "Sandbox", "root"]))
def test_adding_an_account_only_adds_assignments_and_renames_none(ous, new_account, new_ou):
    rows = [("admins", "admin", ["root"]), ("devs", "developer", ["Workloads"])]
    before = {a.logical_name for a in expand(rows, ous, "management")}
    after = {a.logical_name for a in expand(rows, {**ous, new_account: new_ou}, "management")}
    assert before <= after


def test_session_durations_and_managed_policy_arns():
    assert session_duration(8) == "PT8H"
    assert managed_policy_arn("ReadOnlyAccess") == "arn:aws:iam::aws:policy/ReadOnlyAccess"
    assert managed_policy_arn("ViewOnlyAccess") == "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"
    assert managed_policy_arn("arn:aws:iam::aws:policy/X") == "arn:aws:iam::aws:policy/X"
