"""IAM Identity Center as the management stack declares it."""

from __future__ import annotations

import json

import pytest

from tests.conftest import synthesized

ACCOUNT_IDS = {"management": "111111111111", "log-archive": "222222222222", "audit": "333333333333",
               "network": "444444444444", "dev": "555555555555", "staging": "666666666666", "prod": "777777777777"}


@pytest.fixture(scope="module")
def mgmt():
    return synthesized("management")


def assignments(mgmt):
    return {a.name: a for a in mgmt.of_type("aws:ssoadmin/accountAssignment:AccountAssignment")}


def test_every_assignment_targets_the_right_account_with_the_looked_up_group(mgmt):
    found = assignments(mgmt)
    auditors = [a for name, a in found.items() if name.startswith("sso-auditors-audit-read-only-")]
    assert len(auditors) == 8  # root: the management account and its 7 members
    for name, a in found.items():
        key = name.rsplit("-", 1)[-1] if not name.endswith("log-archive") else "log-archive"
        assert a.inputs["targetType"] == "AWS_ACCOUNT" and a.inputs["principalType"] == "GROUP", a.urn
        if key in ACCOUNT_IDS:  # sandbox is created by this stack: its id is the account's output
            assert a.inputs["targetId"] == ACCOUNT_IDS[key], a.urn
        assert len(a.inputs["principalId"]) == 36, a.urn
    developers = sorted(n for n in found if n.startswith("sso-developers-"))
    assert developers == ["sso-developers-developer-dev", "sso-developers-developer-sandbox", "sso-developers-developer-staging"]


def test_permission_sets_carry_their_sessions_policies_boundary_and_inline_policy(mgmt):
    sets = {p.name: p for p in mgmt.of_type("aws:ssoadmin/permissionSet:PermissionSet")}
    assert {n: p.inputs["sessionDuration"] for n, p in sets.items()} == {
        "sso-ps-audit-read-only": "PT4H", "sso-ps-developer": "PT8H", "sso-ps-platform-admin": "PT1H"}
    attached = {a.name: a.inputs["managedPolicyArn"] for a in mgmt.of_type("aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment")}
    assert attached["sso-ps-audit-read-only-ViewOnlyAccess"] == "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"
    boundary = mgmt.named("sso-ps-developer", "aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment")
    assert boundary.inputs["permissionsBoundary"] == {"managedPolicyArn": "arn:aws:iam::aws:policy/PowerUserAccess"}
    inline = json.loads(mgmt.named("sso-ps-developer", "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy").inputs["inlinePolicy"])
    assert inline["Statement"][0]["Effect"] == "Deny"


def test_identity_center_lives_in_the_management_account(mgmt):
    for type_ in ("aws:ssoadmin/accountAssignment:AccountAssignment", "aws:ssoadmin/permissionSet:PermissionSet"):
        for r in mgmt.of_type(type_):
            assert mgmt.account_of(r) == "111111111111", r.urn
