"""Every rule: passing fixtures report nothing, failing fixtures report the exact messages, not-applicable
fixtures (another type, or another context) report nothing."""

from __future__ import annotations

import pytest

from policies.controls import RULES, STACK_RULES
from policies.controls.core import context_with_defaults
from policies.runner import run_policies

from .cases import RESOURCE_CASES, STACK_CASES

RULE = {r.name: r for r in RULES}
STACK_RULE = {r.name: r for r in STACK_RULES}


def _params(cases, attr):
    return [pytest.param(c.rule, item, id=f"{c.rule}-{i}") for c in cases for i, item in enumerate(getattr(c, attr))]


def test_every_rule_has_pass_fail_and_not_applicable_fixtures():
    cases = {c.rule: c for c in RESOURCE_CASES + STACK_CASES}
    assert set(cases) == set(RULE) | set(STACK_RULE)
    thin = [name for name, c in cases.items() if not (c.passes and c.fails and c.not_applicable)]
    assert thin == []


@pytest.mark.parametrize("name, record", _params(RESOURCE_CASES, "passes"))
def test_resource_rule_passes_compliant_record(name, record):
    rule = RULE[name]
    assert rule.applies_to(record), f"{record['urn']} is not of a type {name} checks"
    assert rule.check(record) == []


@pytest.mark.parametrize("name, failing", _params(RESOURCE_CASES, "fails"))
def test_resource_rule_reports_exact_messages(name, failing):
    record, expected = failing
    rule = RULE[name]
    assert rule.applies_to(record)
    assert rule.check(record) == expected
    report = run_policies([record], rules=(rule,), stack_rules=())
    assert [v["message"] for v in report.violations] == expected
    assert {v["urn"] for v in report.violations} == {record["urn"]}


@pytest.mark.parametrize("name, record", _params(RESOURCE_CASES, "not_applicable"))
def test_resource_rule_ignores_not_applicable_record(name, record):
    assert run_policies([record], rules=(RULE[name],), stack_rules=()).violations == []


@pytest.mark.parametrize("name, passing", _params(STACK_CASES, "passes"))
def test_stack_rule_passes_compliant_stack(name, passing):
    records, context = passing
    rule = STACK_RULE[name]
    assert rule.applies_to(records, context_with_defaults(context)), f"{name} must be evaluated on this stack"
    assert rule.check(records, context_with_defaults(context)) == []
    report = run_policies(records, context, rules=(), stack_rules=(rule,))
    assert (report.rules_run, report.violations) == (1, [])


@pytest.mark.parametrize("name, failing", _params(STACK_CASES, "fails"))
def test_stack_rule_reports_exact_messages(name, failing):
    records, context, expected = failing
    assert STACK_RULE[name].check(records, context_with_defaults(context)) == expected
    report = run_policies(records, context, rules=(), stack_rules=(STACK_RULE[name],))
    assert [(v["urn"], v["message"]) for v in report.violations] == expected


@pytest.mark.parametrize("name, not_applicable", _params(STACK_CASES, "not_applicable"))
def test_stack_rule_ignores_not_applicable_stack(name, not_applicable):
    records, context = not_applicable
    assert run_policies(records, context, rules=(), stack_rules=(STACK_RULE[name],)).violations == []


PRODUCTION_ONLY = {"apigateway-waf", "cognito-deletion-protection", "dynamodb-deletion-protection", "lambda-code-signing",
                   "elb-deletion-protection", "elb-waf", "rds-deletion-protection", "rds-multi-az",
                   "production-stateful-backed-up", "production-vault-locked"}


def test_production_only_rules_are_the_ones_gated_on_production():
    gated = {r.name for r in STACK_RULES if r.applies is not None}
    assert gated == PRODUCTION_ONLY
    assert {r.name for r in STACK_RULES if "production" in r.context_keys} == PRODUCTION_ONLY


@pytest.mark.parametrize("name", sorted(PRODUCTION_ONLY))
def test_production_only_rule_is_skipped_not_run_outside_production(name):
    failing = next(c for c in STACK_CASES if c.rule == name).fails[0][0]
    report = run_policies(failing, {"production": False}, rules=(), stack_rules=(STACK_RULE[name],))
    assert (report.rules_run, report.skipped, report.violations) == (0, [name], [])
    report = run_policies(failing, {"production": True}, rules=(), stack_rules=(STACK_RULE[name],))
    assert (report.rules_run, report.skipped) == (1, []) and report.violations


@pytest.mark.parametrize("rule", RULES + STACK_RULES, ids=lambda r: r.name)
def test_every_failure_message_starts_with_one_of_the_rule_controls(rule):
    cases = [c for c in RESOURCE_CASES + STACK_CASES if c.rule == rule.name]
    messages = [m for c in cases for f in c.fails for m in (f[1] if len(f) == 2 else [m for _, m in f[2]])]
    assert messages
    assert [m for m in messages if not any(m.startswith(f"{c}: ") for c in rule.controls)] == []
