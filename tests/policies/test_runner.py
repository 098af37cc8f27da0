"""run_policies / PolicyReport: counts, skipping of providers and components, JSON and text rendering; and the
real stacks carry no mandatory violation."""

from __future__ import annotations

import pytest

from policies.controls import RULES, STACK_RULES
from policies.runner import PolicyReport, run_policies
from tests.conftest import synthesized

from .cases import rec

OPEN_SG = {"ingress": [{"protocol": "-1", "fromPort": 0, "toPort": 0, "self": True}], "egress": []}
DEFAULT_SG = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"


PRODUCTION_ONLY = ["cognito-deletion-protection", "apigateway-waf", "lambda-code-signing", "dynamodb-deletion-protection",
                   "elb-deletion-protection", "elb-waf", "rds-deletion-protection", "rds-multi-az",
                   "production-stateful-backed-up", "production-vault-locked"]


def test_rules_run_counts_every_rule_evaluated_and_names_the_skipped_ones():
    report = run_policies([], {"production": True})
    assert (report.rules_run, report.skipped, report.violations) == (len(RULES) + len(STACK_RULES), [], [])
    report = run_policies([])  # no context, no tags: not production
    assert report.rules_run == len(RULES) + len(STACK_RULES) - len(PRODUCTION_ONLY)
    assert report.skipped == PRODUCTION_ONLY
    assert report.to_json() == {"violations": [], "rules_run": report.rules_run, "skipped": PRODUCTION_ONLY, "waived": []}


def test_rules_run_is_the_number_of_rules_given():
    rule = next(r for r in RULES if r.name == "ec2-subnet-no-public-ip")
    waf = next(r for r in STACK_RULES if r.name == "apigateway-waf")
    assert run_policies([], {"production": True}, rules=(rule,), stack_rules=(waf,)).rules_run == 2
    assert run_policies([], {"production": False}, rules=(rule,), stack_rules=(waf,)).rules_run == 1


def test_production_is_inferred_from_provider_default_tags_when_the_context_omits_it():
    table = rec("aws:dynamodb/table:Table", "orders", {"billingMode": "PAY_PER_REQUEST"})
    prod = rec("pulumi:providers:aws", "aws-prod", {"defaultTags": '{"tags": {"environment": "prod"}}'})
    dev = rec("pulumi:providers:aws", "aws-dev", {"defaultTags": '{"tags": {"environment": "dev"}}'})
    ddb6 = [r for r in STACK_RULES if r.name == "dynamodb-deletion-protection"]
    assert [v["policy"] for v in run_policies([prod, table], rules=(), stack_rules=tuple(ddb6)).violations] == [
        "dynamodb-deletion-protection"]
    assert run_policies([dev, table], rules=(), stack_rules=tuple(ddb6)).violations == []
    assert run_policies([prod, table], {"production": False}, rules=(), stack_rules=tuple(ddb6)).violations == []
    tagged = rec("aws:dynamodb/table:Table", "tagged", {"tags": {"Environment": "Production"}})
    assert run_policies([tagged], rules=(), stack_rules=tuple(ddb6)).skipped == []


def test_violation_records_carry_rule_identity_and_resource():
    record = rec(DEFAULT_SG, "main-default", OPEN_SG)
    report = run_policies([record])
    assert report.violations == [{
        "policy": "ec2-default-security-group-closed", "controls": ["EC2.2", "CIS 5.4"], "enforcement": "mandatory",
        "urn": record["urn"], "type": DEFAULT_SG, "name": "main-default",
        "message": "EC2.2: the default security group has 1 ingress rule; it must have none"}]
    assert report.mandatory == report.violations
    assert report.to_json()["violations"] == report.violations


def test_resource_rules_skip_components_and_providers():
    component = rec(DEFAULT_SG, "component", OPEN_SG, custom=False)
    provider = rec("pulumi:providers:aws", "aws-prod", {"mapPublicIpOnLaunch": True})
    assert run_policies([component, provider], stack_rules=()).violations == []


def test_stack_rules_see_every_record_but_only_judge_custom_resources():
    vpc_component = rec("aws:ec2/vpc:Vpc", "component", custom=False)
    vpc = rec("aws:ec2/vpc:Vpc", "main", id="vpc-1")
    report = run_policies([vpc_component, vpc], rules=(), stack_rules=STACK_RULES)
    assert [(v["policy"], v["urn"]) for v in report.mandatory] == [("ec2-vpc-flow-logs", vpc["urn"])]
    assert {v["urn"] for v in report.violations} == {vpc["urn"]}  # the advisory endpoint rule judges it too
    assert report.violations[0]["type"] == "aws:ec2/vpc:Vpc" and report.violations[0]["name"] == "main"


def test_context_defaults_to_non_production_and_accepts_production():
    table = rec("aws:dynamodb/table:Table", "orders", {
        "billingMode": "PAY_PER_REQUEST", "pointInTimeRecovery": {"enabled": True},
        "serverSideEncryption": {"enabled": True, "kmsKeyArn": "arn:aws:kms:x"}})
    assert run_policies([table]).violations == []
    assert [v["policy"] for v in run_policies([table], {"production": True}).violations] == [
        "dynamodb-deletion-protection", "production-stateful-backed-up"]


def test_render_summarises_then_lists_each_violation_with_its_control():
    sg = rec("aws:ec2/securityGroup:SecurityGroup", "web", {"ingress": [
        {"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": ["0.0.0.0/0"]}]})
    report = run_policies([rec(DEFAULT_SG, "main-default", OPEN_SG), sg])
    n = len(RULES) + len(STACK_RULES) - len(PRODUCTION_ONLY)
    assert report.render() == [
        f"Policies: {n} rules run, 2 violations (2 mandatory)",
        "Not applicable to this stack: cognito-deletion-protection, apigateway-waf, lambda-code-signing, "
        "dynamodb-deletion-protection, elb-deletion-protection, elb-waf, rds-deletion-protection, rds-multi-az, "
        "production-stateful-backed-up, production-vault-locked",
        "[mandatory] EC2.2 aws:ec2/defaultSecurityGroup:DefaultSecurityGroup main-default: "
        "EC2.2: the default security group has 1 ingress rule; it must have none",
        "[mandatory] EC2.53 aws:ec2/securityGroup:SecurityGroup web: EC2.53: ingress rule 0 opens port 22 to "
        "0.0.0.0/0 (tcp 22); SSH and RDP must not be reachable from the internet",
    ]


def test_mandatory_excludes_advisory_violations():
    report = PolicyReport(violations=[{"enforcement": "advisory", "controls": ["X.1"], "type": "t", "name": "n",
                                       "message": "X.1: m", "policy": "p", "urn": "u"}], rules_run=1)
    assert report.mandatory == []
    assert report.render() == ["Policies: 1 rules run, 1 violations (0 mandatory)", "[advisory] X.1 t n: X.1: m"]


@pytest.mark.slow
@pytest.mark.parametrize("stack, production, landmark", [
    ("dev", False, "aws:ec2/vpc:Vpc"), ("staging", False, "aws:ec2/vpc:Vpc"), ("prod", True, "aws:ec2/vpc:Vpc"),
    ("network", True, "aws:ec2/vpc:Vpc"), ("management", True, "aws:cloudtrail/trail:Trail"),
])
def test_real_stack_has_no_mandatory_violation(stack, production, landmark):
    inventory = synthesized(stack)
    records = inventory.to_json()["resources"]
    assert any(r["type"] == landmark for r in records)  # the inventory is real, not empty
    report = run_policies(records, {"production": production})
    assert report.mandatory == [], "\n".join(report.render())


def test_prod_passes_every_rule_advisory_ones_included():
    """The issue's bar for prod: the preview shows no violation at all. One advisory finding is waived in the
    stack file, with its reason (no rotation function for the ledger user's secret yet); nothing else is."""
    prod = synthesized("prod")
    report = run_policies(prod.to_json()["resources"], {"production": True}, waivers=prod.config.stack.policy_waivers)
    assert report.violations == [], "\n".join(report.render())
    assert set(prod.config.stack.policy_waivers) == {"secretsmanager-rotation"}
