"""Change classification: what is merely changed, and what destroys state on live infrastructure."""

from __future__ import annotations

import pytest

from landfall.plan.changes import classify


def res(urn_name, type_, inputs, rid=None):
    return {"urn": f"urn:pulumi:dev::landfall::{type_}::{urn_name}", "type": type_, "custom": True, "id": rid or f"{urn_name}-id", "inputs": inputs}


SUBNET = "aws:ec2/subnet:Subnet"
TABLE = "aws:dynamodb/table:Table"
ROUTE = "aws:ec2/route:Route"
ASSOCIATION = "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation"
PROPAGATION = "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation"
ATTACHMENT = "aws:ec2transitgateway/vpcAttachment:VpcAttachment"
ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"


def doc(*resources):
    return {"resources": list(resources)}


@pytest.mark.parametrize(
    "type_, before, after, kind, error",
    [
        (SUBNET, {"cidrBlock": "10.0.0.0/24"}, {"cidrBlock": "10.0.0.0/25"}, "replaced", True),
        (SUBNET, {"cidrBlock": "10.0.0.0/24", "tags": {"a": "1"}}, {"cidrBlock": "10.0.0.0/24", "tags": {"a": "2"}}, "changed", False),
        (TABLE, {"hashKey": "owner_id"}, {"hashKey": "customer_id"}, "replaced", True),
        (TABLE, {"hashKey": "pk", "rangeKey": "sk"}, {"hashKey": "pk", "rangeKey": "created"}, "replaced", True),
        (TABLE, {"hashKey": "pk", "billingMode": "PROVISIONED"}, {"hashKey": "pk", "billingMode": "PAY_PER_REQUEST"}, "changed", False),
        (ROUTE, {"destinationCidrBlock": "0.0.0.0/0"}, {"destinationCidrBlock": "10.0.0.0/8"}, "replaced", True),
        (ROUTE, {"destinationCidrBlock": "0.0.0.0/0", "natGatewayId": "a"}, {"destinationCidrBlock": "0.0.0.0/0", "natGatewayId": "b"}, "changed", False),
        (ASSOCIATION, {"transitGatewayRouteTableId": "tgw-rtb-1"}, {"transitGatewayRouteTableId": "tgw-rtb-2"}, "replaced", True),
        (PROPAGATION, {"transitGatewayAttachmentId": "a"}, {"transitGatewayAttachmentId": "b"}, "replaced", True),
        (ATTACHMENT, {"vpcId": "vpc-1", "subnetIds": ["a"]}, {"vpcId": "vpc-1", "subnetIds": ["a", "b"]}, "changed", False),
        (ALARM, {"threshold": 1}, {"threshold": 2}, "changed", False),
    ],
)
def test_input_changes_are_classified(type_, before, after, kind, error):
    [change] = classify(doc(res("r", type_, before)), doc(res("r", type_, after))).changes
    assert (change.kind, change.error) == (kind, error), change.render()


def test_deleting_or_renaming_a_stateful_resource_is_an_error_and_a_stateless_one_is_not():
    base = doc(res("main-app-euw1-az1", SUBNET, {"cidrBlock": "10.0.0.0/24"}), res("high-errors", ALARM, {}))
    head = doc(res("main-app-use1-az1", SUBNET, {"cidrBlock": "10.0.0.0/24"}))
    changes = classify(base, head)
    assert {(c.kind, c.type, c.error) for c in changes.changes} == {("added", SUBNET, False), ("removed", SUBNET, True), ("removed", ALARM, False)}
    assert len(changes.errors) == 1 and "would be deleted" in changes.errors[0].reason


def test_a_dependent_whose_only_difference_is_an_unchanged_resources_mock_id_is_not_changed():
    base = doc(res("vpc", "aws:ec2/vpc:Vpc", {"cidrBlock": "10.0.0.0/16"}, rid="vpc-old"), res("s", SUBNET, {"vpcId": "vpc-old"}))
    head = doc(res("vpc", "aws:ec2/vpc:Vpc", {"cidrBlock": "10.0.0.0/16"}, rid="vpc-new"), res("s", SUBNET, {"vpcId": "vpc-new"}))
    assert classify(base, head).changes == []


def test_components_and_the_stack_are_ignored():
    component = {"urn": "urn:x::landfall:network:Vpc::main", "type": "landfall:network:Vpc", "custom": False, "inputs": {}}
    assert classify(doc(component), doc()).changes == []


@pytest.mark.parametrize("type_", [ASSOCIATION, PROPAGATION, ATTACHMENT, ROUTE, "aws:ec2transitgateway/route:Route",
                                   "aws:ec2/routeTableAssociation:RouteTableAssociation"])
def test_deleting_a_route_association_propagation_or_attachment_cuts_connectivity_and_is_an_error(type_):
    [change] = classify(doc(res("spoke-main", type_, {})), doc()).changes
    assert change.error and "connectivity would be cut" in change.reason, change.render()


def test_a_named_connectivity_deletion_is_allowed_and_still_reported():
    base = doc(res("spoke-main", ASSOCIATION, {}), res("spoke-other", PROPAGATION, {}))
    changes = classify(base, doc(), allow=["spoke-main"])
    by_name = {c.urn.rsplit("::", 1)[-1]: c for c in changes.changes}
    assert not by_name["spoke-main"].error and "allowed by --allow" in by_name["spoke-main"].reason
    assert by_name["spoke-other"].error


def test_a_full_urn_may_be_allowed_too():
    resource = res("spoke-main", ATTACHMENT, {})
    assert classify(doc(resource), doc(), allow=[resource["urn"]]).errors == []


def protected(r):
    return {**r, "protect": True}


def test_deleting_a_resource_protected_at_the_base_is_an_error_naming_the_unprotect_step():
    role = protected(res("ci-role", "aws:iam/role:Role", {"name": "landfall-ci"}))
    [change] = classify(doc(role), doc()).changes
    assert change.error and change.kind == "removed"
    assert f"pulumi state unprotect '{role['urn']}'" in change.reason


def test_an_allowed_protected_deletion_is_no_error_but_still_names_the_step():
    role = protected(res("ci-role", "aws:iam/role:Role", {"name": "landfall-ci"}))
    [change] = classify(doc(role), doc(), allow=["ci-role"]).changes
    assert not change.error and "pulumi state unprotect" in change.reason and "allowed by --allow" in change.reason


def test_changes_show_old_and_new_values_with_secrets_elided():
    before = res("db", "aws:rds/cluster:Cluster", {"masterPassword": "hunter2", "backupRetentionPeriod": 7})
    after = res("db", "aws:rds/cluster:Cluster", {"masterPassword": "correct-horse", "backupRetentionPeriod": 14})
    [change] = classify(doc(before), doc(after)).changes
    assert dict((p, (o, n)) for p, o, n in change.values) == {"backupRetentionPeriod": (7, 14), "masterPassword": ("[secret]", "[secret]")}
    text = change.render()
    assert "backupRetentionPeriod: 7 → 14" in text and "hunter2" not in text and "correct-horse" not in text
    data = classify(doc(before), doc(after)).to_json()["changes"][0]["values"]
    assert {"property": "backupRetentionPeriod", "old": 7, "new": 14} in data


def test_a_long_value_is_cut_with_its_length():
    before = res("p", "aws:iam/policy:Policy", {"policy": "x" * 500})
    after = res("p", "aws:iam/policy:Policy", {"policy": "y" * 500})
    text = classify(doc(before), doc(after)).changes[0].render()
    assert "(502 chars)" in text and "x" * 200 not in text


def test_a_changed_user_pool_domain_is_a_replacement_not_an_update():
    before = res("auth", "aws:cognito/userPoolDomain:UserPoolDomain", {"domain": "auth-dev"})
    after = res("auth", "aws:cognito/userPoolDomain:UserPoolDomain", {"domain": "auth-dev2"})
    [change] = classify(doc(before), doc(after)).changes
    assert change.kind == "replaced" and not change.error and "domain" in change.reason


def test_a_policy_document_change_is_shown_by_the_leaves_that_differ():
    import json

    before = res("r", "aws:iam/role:Role", {"assumeRolePolicy": json.dumps({"Statement": [{"Action": "sts:AssumeRoleWithWebIdentity", "Effect": "Allow"}]})})
    after = res("r", "aws:iam/role:Role", {"assumeRolePolicy": json.dumps({"Statement": [{"Action": ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"], "Effect": "Allow"}]})})
    [change] = classify(doc(before), doc(after)).changes
    assert change.values == (("assumeRolePolicy.Statement[0].Action", "sts:AssumeRoleWithWebIdentity", ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"]),)


def test_secret_looking_keys_are_elided_at_any_depth_and_inside_json_documents():
    import json

    before = res("fn", "aws:lambda/function:Function", {"environment": {"variables": {"API_TOKEN": "old-tok", "MODE": "a"}},
                                                         "doc": json.dumps({"db": {"Password": "p1"}, "n": 1})})
    after = res("fn", "aws:lambda/function:Function", {"environment": {"variables": {"API_TOKEN": "new-tok", "MODE": "b"}},
                                                        "doc": json.dumps({"db": {"Password": "p2"}, "n": 2})})
    [change] = classify(doc(before), doc(after)).changes
    text = change.render()
    assert all(s not in text for s in ("old-tok", "new-tok", "p1", "p2")), text
    assert '"MODE": "b"' in text and "doc.n: 1 → 2" in text and "doc.db.Password: [secret] → [secret]" in text
