"""CrossGuard adapters, driven by hand-built ResourceValidationArgs / StackValidationArgs (no PolicyPack, no
engine), and the pack's membership."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pulumi.runtime.rpc import UNKNOWN
from pulumi_policy import (
    EnforcementLevel,
    PolicyCustomTimeouts,
    PolicyProviderResource,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.proxy import UnknownValueError, unknown_checking_proxy

from policies.controls import RULES, STACK_RULES
from policies.controls.core import Rule, StackRule
from policies.controls.pack import build_policies, context_of, resource_policy, stack_policy

from .cases import RESOURCE_CASES, STACK_CASES
from .readme_table import advisory_list, rule_table

ROOT = Path(__file__).resolve().parents[2]

URN = "urn:pulumi:prod::landfall::landfall:network:Vpc$aws:ec2/defaultSecurityGroup:DefaultSecurityGroup::main-default"


def _opts() -> PolicyResourceOptions:
    return PolicyResourceOptions(False, [], None, [], PolicyCustomTimeouts(0, 0, 0), [])


def resource_args(resource_type: str, props: dict, urn: str = URN, name: str = "main-default",
                  config: dict | None = None) -> ResourceValidationArgs:
    return ResourceValidationArgs(resource_type, unknown_checking_proxy(props), urn, name, _opts(), None, config)


def policy_resource(resource_type: str, name: str, props: dict, provider: PolicyProviderResource | None = None
                    ) -> PolicyResource:
    urn = f"urn:pulumi:prod::landfall::{resource_type}::{name}"
    return PolicyResource(resource_type, unknown_checking_proxy(props), urn, name, _opts(), provider, None, [], {})


def provider_resource(name: str, default_tags: dict) -> PolicyProviderResource:
    return PolicyProviderResource("pulumi:providers:aws", {"defaultTags": json.dumps({"tags": default_tags})},
                                  f"urn:pulumi:prod::landfall::pulumi:providers:aws::{name}", name)


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


DDB6 = [("DynamoDB.6: the production table orders has no deletion protection; set deletionProtectionEnabled to true",
         "urn:pulumi:prod::landfall::aws:dynamodb/table:Table::orders")]


@pytest.mark.parametrize("config, environment, expected", [
    ({}, None, []),
    ({"production": False}, None, []),
    ({"production": True}, None, DDB6),
    # No config: production comes from the provider's default `environment` tag.
    ({}, "prod", DDB6),
    ({}, "dev", []),
    ({"production": False}, "prod", []),
])
def test_stack_adapter_takes_production_from_policy_config_else_the_environment_tag(config, environment, expected):
    provider = provider_resource("aws-prod", {"environment": environment}) if environment else None
    resources = [policy_resource("aws:dynamodb/table:Table", "orders", {"billingMode": "PAY_PER_REQUEST"}, provider)]
    if provider is not None:
        resources.append(policy_resource(provider.resource_type, provider.name, dict(provider.props)))
    assert validate(by_name("dynamodb-deletion-protection"), StackValidationArgs(resources, config)) == expected


def test_context_of_reads_only_the_rule_keys_and_ignores_the_enforcement_level():
    config = {"scp_max_characters": 100, "production": True, "enforcementLevel": "advisory"}
    rule = next(r for r in STACK_RULES if r.name == "scp-document-valid")
    assert context_of(StackValidationArgs([], config), rule) == {
        "production": None, "scp_max_characters": 100, "scps_per_target": 5, "governed_regions": None,
        "guardduty_organization_regions": None, "max_aws_providers": None}
    assert context_of(StackValidationArgs([], config)) == {
        "production": True, "scp_max_characters": 100, "scps_per_target": 5, "governed_regions": None,
        "guardduty_organization_regions": None, "max_aws_providers": None}


def test_stack_adapter_applies_the_configured_scp_quota():
    content = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]})
    resources = [policy_resource("aws:organizations/policy:Policy", "deny-all", {"content": content})]
    policy = by_name("scp-document-valid")
    assert validate(policy, StackValidationArgs(resources, {"scp_max_characters": 5120})) == []
    assert validate(policy, StackValidationArgs(resources, {"scp_max_characters": 50})) == [
        (f"LF.ORG.1: the SCP deny-all content has {len(content)} characters; the quota is 50",
         "urn:pulumi:prod::landfall::aws:organizations/policy:Policy::deny-all")]


def test_stack_adapter_groups_records_by_their_provider():
    """Account.1 is judged per account: the adapter hands each record its provider's URN."""
    net = provider_resource("aws-network", {"environment": "network"})
    app = provider_resource("aws-prod", {"environment": "prod"})
    resources = [policy_resource("aws:ebs/encryptionByDefault:EncryptionByDefault", "ebs-net", {"enabled": True}, net),
                 policy_resource("aws:ebs/encryptionByDefault:EncryptionByDefault", "ebs-app", {"enabled": True}, app),
                 policy_resource("aws:account/alternativeContact:AlternativeContact", "contact-net",
                                 {"alternateContactType": "SECURITY"}, net)]
    assert validate(by_name("account-security-contact"), StackValidationArgs(resources)) == [
        ("Account.1: the account baseline that declares ebs-app has no "
         "aws:account/alternativeContact:AlternativeContact of type SECURITY",
         "urn:pulumi:prod::landfall::aws:ebs/encryptionByDefault:EncryptionByDefault::ebs-app")]


def test_stack_adapter_gives_rules_the_providers_account_for_cross_account_checks():
    """S3.6 needs the bucket owner's account: the engine passes providers beside the resources, not among them."""
    owner = PolicyProviderResource("pulumi:providers:aws", {"allowedAccountIds": ["111111111111"]},
                                   "urn:pulumi:prod::landfall::pulumi:providers:aws::aws-data", "aws-data")
    policy_doc = json.dumps({"Statement": [{"Sid": "Partner", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999999999999:root"},
                                            "Action": "s3:PutBucketPolicy", "Resource": "arn:aws:s3:::shared"}]})
    resources = [policy_resource("aws:s3/bucketPolicy:BucketPolicy", "shared", {"bucket": "shared", "policy": policy_doc}, owner)]
    assert validate(by_name("s3-cross-account-access"), StackValidationArgs(resources)) == [
        ('S3.6: bucket policy statement "Partner" allows account 999999999999 to change the bucket\'s policy, ACLs or '
         "encryption; grant other accounts only the object actions they need",
         "urn:pulumi:prod::landfall::aws:s3/bucketPolicy:BucketPolicy::shared")]


def test_pack_holds_one_policy_per_rule_with_its_enforcement():
    policies = build_policies()
    assert [p.name for p in policies] == [r.name for r in RULES] + [r.name for r in STACK_RULES]
    for policy, rule in zip(policies, list(RULES) + list(STACK_RULES), strict=True):
        kind = ResourceValidationPolicy if isinstance(rule, Rule) else StackValidationPolicy
        assert isinstance(policy, kind), rule.name
        assert policy.enforcement_level == EnforcementLevel(rule.enforcement), rule.name
        assert all(c in policy.description for c in rule.controls), rule.name


def test_each_policy_offers_exactly_the_config_its_rule_reads():
    for policy, rule in zip(build_policies(), list(RULES) + list(STACK_RULES), strict=True):
        keys = getattr(rule, "context_keys", ())
        if not keys:
            assert policy.config_schema is None, rule.name
        else:
            assert set(policy.config_schema.properties) == set(keys), rule.name


def test_production_has_no_schema_default_so_the_tag_can_decide():
    schema = by_name("apigateway-waf").config_schema
    assert schema.properties["production"]["type"] == "boolean" and "default" not in schema.properties["production"]
    assert by_name("scp-attachment-quota").config_schema.properties["scps_per_target"]["default"] == 5


def test_enforcement_levels_are_pinned():
    """Like cdk-nag's pack tests: the advisory set is a decision, so changing it must change this test."""
    advisory = {r.name for r in RULES + STACK_RULES if r.enforcement == "advisory"}
    assert advisory == {"lambda-reserved-concurrency", "ec2-vpc-interface-endpoints", "cloudtrail-s3-data-events",
                        "production-vault-locked", "ec2-declarative-secure", "organization-account-defaults",
                        "rds-no-default-port", "secretsmanager-rotation"}
    assert all(r.enforcement == "mandatory" for r in RULES + STACK_RULES if r.name not in advisory)


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


def _section(text: str, marker: str) -> str:
    return text.split(f"<!-- {marker}:start -->\n", 1)[1].split(f"\n<!-- {marker}:end -->", 1)[0]


def test_readme_lists_every_rule_with_its_controls_and_enforcement():
    readme = (ROOT / "policies" / "README.md").read_text()
    assert _section(readme, "rules") == rule_table(), "regenerate with python -m tests.policies.readme_table"
    assert _section(readme, "advisory") == advisory_list()
    rows = {line.split("|")[1].strip().strip("`"): line for line in readme.splitlines() if line.startswith("| `")}
    for rule in RULES + STACK_RULES:
        assert f"| {rule.enforcement} |" in rows[rule.name], rule.name
        assert all(c in rows[rule.name] for c in rule.controls), rule.name


def test_readme_config_example_names_real_policies_and_their_settings():
    readme = (ROOT / "policies" / "README.md").read_text()
    example = json.loads(readme.split("```json\n", 1)[1].split("```", 1)[0])
    rules = {r.name: r for r in RULES + STACK_RULES}
    for key, value in example.items():
        if key == "all":
            assert isinstance(value, str)
            continue
        assert key in rules, key
        settings = {k for k in (value if isinstance(value, dict) else {}) if k != "enforcementLevel"}
        assert settings <= set(getattr(rules[key], "context_keys", ())), key
    assert {k for k, v in example.items() if isinstance(v, dict) and "production" in v} == {
        r.name for r in STACK_RULES if "production" in r.context_keys}


def test_pack_entry_builds_the_pack_only_in_main():
    root = ROOT / "policies"
    main = (root / "__main__.py").read_text()
    assert 'PolicyPack(\n    name="landfall",\n    policies=build_policies(),\n)' in main
    assert [p.name for p in root.rglob("*.py") if "PolicyPack(" in p.read_text()] == ["__main__.py"]
    manifest = (root / "PulumiPolicy.yaml").read_text()
    assert "name: python" in manifest and "virtualenv: ../.venv" in manifest


# ---- every failing fixture, through the CrossGuard adapters ---------------------------------------------------------

def _as_policy_resource(record: dict) -> PolicyResource:
    provider = PolicyProviderResource("pulumi:providers:aws", {}, record["provider"], "aws-test") \
        if record.get("provider") else None
    props = unknown_checking_proxy({**record["inputs"], "id": record["id"]})
    return PolicyResource(record["type"], props, record["urn"], record["name"], _opts(), provider, None, [], {})


def _resource_fixture_params():
    return [pytest.param(case.rule, record, expected, id=f"{case.rule}-{i}")
            for case in RESOURCE_CASES for i, (record, expected) in enumerate(case.fails)]


def _stack_fixture_params():
    return [pytest.param(case.rule, records, context, expected, id=f"{case.rule}-{i}")
            for case in STACK_CASES for i, (records, context, expected) in enumerate(case.fails)]


@pytest.mark.parametrize("name, record, expected", _resource_fixture_params())
def test_resource_policy_reports_the_fixture_messages(name, record, expected):
    resource = _as_policy_resource(record)
    args = ResourceValidationArgs(resource.resource_type, resource.props, resource.urn, resource.name, _opts(),
                                  resource.provider, None)
    assert validate(by_name(name), args) == [(message, None) for message in expected]


@pytest.mark.parametrize("name, records, context, expected", _stack_fixture_params())
def test_stack_policy_reports_the_fixture_messages(name, records, context, expected):
    args = StackValidationArgs([_as_policy_resource(r) for r in records], dict(context))
    assert validate(by_name(name), args) == [(message, urn) for urn, message in expected]


def test_pack_entry_imports_the_rules_when_run_from_the_pack_directory():
    """The CLI runs the pack with cwd=policies/; PolicyPack is stubbed (the real one serves gRPC forever)."""
    import subprocess
    import sys

    stub = ("import pulumi_policy, runpy; "
            "pulumi_policy.PolicyPack = lambda name, policies: print(name, len(policies)); "
            "runpy.run_path('__main__.py', run_name='__main__')")
    done = subprocess.run([sys.executable, "-c", stub], cwd=ROOT / "policies", capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["landfall", str(len(RULES) + len(STACK_RULES))]
