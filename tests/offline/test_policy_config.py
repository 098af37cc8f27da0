"""`landfall policy-config <stack>`: the real engine's pack gets the stack's waivers and context, in a shape
the pack's own config schema accepts."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from landfall.config.loader import load_stack_file
from landfall.offline.policy_config import policy_pack_config
from landfall.offline.synth import ROOT
from policies.controls import RULES, STACK_RULES
from policies.controls.pack import CONFIG_PROPERTIES, config_schema

TYPES = {"boolean": bool, "integer": int, "array": list}


def config(stack: str) -> dict:
    return policy_pack_config(load_stack_file(stack, ROOT))


def test_a_stacks_waived_advisory_rules_are_disabled_and_nothing_else_is():
    dev = config("dev")
    waived = load_stack_file("dev", ROOT).stack.policy_waivers
    assert waived and {k for k, v in dev.items() if v == "disabled"} == set(waived)
    assert {k for k, v in config("prod").items() if v == "disabled"} == set(load_stack_file("prod", ROOT).stack.policy_waivers)


@pytest.mark.parametrize("stack, production", [("dev", False), ("prod", True), ("management", True)])
def test_production_comes_from_the_stack_file_for_every_rule_that_reads_it(stack, production):
    out = config(stack)
    gated = {r.name for r in STACK_RULES if "production" in r.context_keys}
    assert {name: out[name]["production"] for name in gated} == dict.fromkeys(gated, production)


@pytest.mark.parametrize("stack", ["management", "network", "dev", "staging", "prod", "baseline-sandbox"])
def test_every_entry_names_a_rule_and_only_the_settings_its_schema_declares(stack):
    rules = {r.name: r for r in RULES + STACK_RULES}
    for name, value in config(stack).items():
        assert name in rules, name
        if value == "disabled":
            assert rules[name].enforcement == "advisory", name
            continue
        assert value["enforcementLevel"] == rules[name].enforcement, name
        schema = config_schema(rules[name])
        settings = {k: v for k, v in value.items() if k != "enforcementLevel"}
        assert schema is not None and set(settings) <= set(schema.properties), name
        for key, setting in settings.items():
            assert isinstance(setting, TYPES[CONFIG_PROPERTIES[key]["type"]]), (name, key, setting)


def test_the_command_writes_the_file_the_workflows_pass_to_the_pack(tmp_path):
    out = tmp_path / "policy-config-dev.json"
    run = subprocess.run([sys.executable, "-m", "landfall", "policy-config", "dev", "--out", str(out)],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert json.loads(out.read_text()) == config("dev")
