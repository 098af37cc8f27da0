"""CrossGuard adapters, driven by hand-built ResourceValidationArgs / StackValidationArgs (no PolicyPack, no
engine), and the pack's membership."""

from __future__ import annotations

import json

import pytest
from pulumi_policy import (
    EnforcementLevel,
    PolicyCustomTimeouts,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.proxy import UnknownValueError, unknown_checking_proxy
from pulumi.runtime.rpc import UNKNOWN

from policies.controls import RULES, STACK_RULES
from policies.controls.core import Rule, StackRule
from policies.controls.pack import build_policies, context_of, resource_policy, stack_policy

URN = "urn:pulumi:prod::landfall::landfall:network:Vpc$aws:ec2/defaultSecurityGroup:DefaultSecurityGroup::main-default"


def _opts() -> PolicyResourceOptions:
    return PolicyResourceOptions(False, [], None, [], PolicyCustomTimeouts(0, 0, 0), [])


def resource_args(resource_type: str, props: dict, urn: str = URN, name: str = "main-default",
                  config: dict | None = None) -> ResourceValidationArgs:
    return ResourceValidationArgs(resource_type, unknown_checking_proxy(props), urn, name, _opts(), None, config)


def policy_resource(resource_type: str, name: str, props: dict) -> PolicyResource:
    urn = f"urn:pulumi:prod::landfall::{resource_type}::{name}"
    return PolicyResource(resource_type, unknown_checking_proxy(props), urn, name, _opts(), None, None, [], {})


def validate(policy, args) -> list[tuple[str, object]]:
    reported = []
    policy.validate(args, lambda message, urn=None: reported.append((message, urn)))
    return reported


def by_name(name: str):
    return next(p for p in build_policies() if p.name == name)


def test_resource_adapter_reports_each_message_of_the_rule():
    args = resource_args("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
                         {"vpcId": "vpc-1", "ingress": [{"protocol": "-1", "fromPort": 0, "toPort": 0, "self": True}],
                          "egress": [{"protocol": "-1", "fromPort": 0, "toPort": 0, "cidrBlocks": ["0.0.0.0/0"]}]})
    assert validate(by_name("ec2-default-security-group-closed"), args) == [
        ("EC2.2: the default security group has 1 ingress rule; it must have none", None),
        ("EC2.2: the default security group has 1 egress rule; it must have none", None),
    ]


def test_resource_adapter_passes_compliant_props_and_skips_other_types():
    policy = by_name("ec2-default-security-group-closed")
    closed = resource_args("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", {"ingress": [], "egress": []})
    other = resource_args("aws:ec2/securityGroup:SecurityGroup", {"ingress": [{"protocol": "-1"}]}, name="sg")
    assert validate(policy, closed) == []
    assert validate(policy, other) == []


def test_resource_adapter_reads_json_policy_strings():
    args = resource_args("aws:iam/rolePolicy:RolePolicy", {"role": "r", "policy": json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})},
        name="admin")
    assert validate(by_name("iam-no-admin-policy"), args) == [
        ('IAM.1: statement 0 allows action "*" on resource "*"; grant named actions on named resources', None)]


def test_resource_adapter_lets_unknown_preview_values_reach_the_framework():
    args = resource_args("aws:ec2/subnet:Subnet", {"mapPublicIpOnLaunch": UNKNOWN}, name="app")
    with pytest.raises(UnknownValueError):
        validate(by_name("ec2-subnet-no-public-ip"), args)


def _flow_log_stack():
    return [policy_resource("aws:ec2/vpc:Vpc", "main", {"id": "vpc-1", "cidrBlock": "10.0.0.0/16"}),
            policy_resource("aws:ec2/vpc:Vpc", "spare", {"id": "vpc-2", "cidrBlock": "10.1.0.0/16"}),
            policy_resource("aws:ec2/flowLog:FlowLog", "main", {"id": "fl-1", "vpcId": "vpc-1"}),
            policy_resource("landfall:network:Vpc", "main", {})]


def test_stack_adapter_reports_messages_against_the_offending_urn():
    assert validate(by_name("ec2-vpc-flow-logs"), StackValidationArgs(_flow_log_stack())) == [
        ("EC2.6: the VPC spare has no flow log; add an aws:ec2/flowLog:FlowLog with vpcId vpc-2",
         "urn:pulumi:prod::landfall::aws:ec2/vpc:Vpc::spare")]


def test_stack_adapter_treats_unknown_ids_as_missing_rather_than_failing():
    resources = [policy_resource("aws:ec2/vpc:Vpc", "main", {"id": UNKNOWN, "cidrBlock": "10.0.0.0/16"})]
    reported = validate(by_name("ec2-vpc-flow-logs"), StackValidationArgs(resources))
    assert reported == [("EC2.6: the VPC main has no flow log; add an aws:ec2/flowLog:FlowLog",
                         "urn:pulumi:prod::landfall::aws:ec2/vpc:Vpc::main")]


@pytest.mark.parametrize("config, expected", [
    ({}, []),
    ({"production": False}, []),
    ({"production": True}, [("DynamoDB.6: the production table orders has no deletion protection; "
                             "set deletionProtectionEnabled to true",
                             "urn:pulumi:prod::landfall::aws:dynamodb/table:Table::orders")]),
])
def test_stack_adapter_takes_production_from_policy_config(config, expected):
    resources = [policy_resource("aws:dynamodb/table:Table", "orders", {"billingMode": "PAY_PER_REQUEST"})]
    args = StackValidationArgs(resources, config)
    assert validate(by_name("dynamodb-deletion-protection"), args) == expected


def test_context_of_reads_quota_overrides_and_ignores_unknown_keys():
    ctx = context_of(StackValidationArgs([], {"scp_max_characters": 100, "enforcementLevel": "advisory"}))
    assert ctx == {"production": False, "scp_max_characters": 100, "scps_per_target": 5}


def test_pack_holds_one_policy_per_rule_with_its_enforcement():
    policies = build_policies()
    assert [p.name for p in policies] == [r.name for r in RULES] + [r.name for r in STACK_RULES]
    for policy, rule in zip(policies, list(RULES) + list(STACK_RULES)):
        kind = ResourceValidationPolicy if isinstance(rule, Rule) else StackValidationPolicy
        assert isinstance(policy, kind), rule.name
        assert policy.enforcement_level == EnforcementLevel(rule.enforcement), rule.name
        assert all(c in policy.description for c in rule.controls), rule.name
        assert policy.config_schema is not None and "production" in policy.config_schema.properties


def test_advisory_rules_carry_a_reason_into_the_pack():
    for rule in RULES + STACK_RULES:
        if rule.enforcement == "advisory":
            assert rule.reason and rule.reason in by_name(rule.name).description


def test_rule_types_reject_advisory_without_reason_and_unknown_enforcement():
    with pytest.raises(ValueError, match="needs a reason"):
        Rule("x", ("EC2.2",), "d", ("aws:ec2/vpc:Vpc",), lambda r: [], enforcement="advisory")
    with pytest.raises(ValueError, match="enforcement"):
        StackRule("x", ("EC2.2",), "d", lambda rs, c: [], enforcement="disabled")
    advisory = Rule("x", ("EC2.2",), "d", ("aws:ec2/vpc:Vpc",), lambda r: [], enforcement="advisory",
                    reason="runtime-only evidence")
    policy = resource_policy(advisory)
    assert policy.enforcement_level == EnforcementLevel.ADVISORY
    assert "runtime-only evidence" in policy.description
    assert stack_policy(StackRule("y", ("S3.5",), "d", lambda rs, c: [])).enforcement_level == EnforcementLevel.MANDATORY


def test_rule_names_are_unique():
    names = [r.name for r in RULES + STACK_RULES]
    assert len(names) == len(set(names))


def test_readme_lists_every_rule_with_its_enforcement():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "policies" / "README.md").read_text()
    rows = {line.split("|")[1].strip().strip("`"): line for line in readme.splitlines() if line.startswith("| `")}
    for rule in RULES + STACK_RULES:
        assert rule.name in rows, f"{rule.name} missing from policies/README.md"
        assert f"| {rule.enforcement} |" in rows[rule.name], rule.name
        assert all(c in rows[rule.name] for c in rule.controls), rule.name


def test_pack_entry_builds_the_pack_only_in_main():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "policies"
    main = (root / "__main__.py").read_text()
    assert 'PolicyPack(\n    name="landfall",\n    policies=build_policies(),\n)' in main
    assert [p.name for p in root.rglob("*.py") if "PolicyPack(" in p.read_text()] == ["__main__.py"]
    manifest = (root / "PulumiPolicy.yaml").read_text()
    assert "name: python" in manifest and "virtualenv: ../.venv" in manifest
