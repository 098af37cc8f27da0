"""landfall:stack.policy_waivers: a named advisory rule waived with a reason is printed as waived; a mandatory
rule, an unknown rule or an empty reason is a config error with its key path."""

import pytest

from landfall.config.errors import ConfigError
from landfall.config.loader import parse, read_stack_file
from landfall.offline.report import report_for
from landfall.offline.synth import ROOT
from policies.runner import run_policies
from tests.conftest import synthesized

REASON = "gateway endpoints only, on purpose: no workload calls these APIs"


def test_a_waived_advisory_rule_is_reported_as_waived_with_its_reason_not_as_findings():
    report = report_for(synthesized("dev"))
    assert not [v for v in report.policy.violations if v["policy"] == "ec2-vpc-interface-endpoints"]
    reason, findings = report.policy.waived["ec2-vpc-interface-endpoints"]
    assert findings > 0 and "gateway-endpoints-only" in reason
    assert any(line.startswith("[waived] ec2-vpc-interface-endpoints") for line in report.policy.render())
    assert report.policy.to_json()["waived"][0]["findings"] == findings


def test_without_the_waiver_the_same_findings_are_advisories():
    inventory = synthesized("dev")
    report = run_policies([r.to_json() for r in inventory.resources], {"production": False})
    assert [v for v in report.violations if v["policy"] == "ec2-vpc-interface-endpoints" and v["enforcement"] == "advisory"]


def test_a_waiver_never_hides_a_mandatory_finding():
    records = [{"urn": "urn:q", "type": "aws:sqs/queue:Queue", "name": "q", "custom": True, "inputs": {}}]
    plain = run_policies(records, {"production": False})
    mandatory = {v["policy"] for v in plain.mandatory}
    assert mandatory
    waived = run_policies(records, {"production": False}, waivers={name: REASON for name in mandatory})
    assert {v["policy"] for v in waived.mandatory} == mandatory


@pytest.mark.parametrize(
    ("name", "reason", "message"),
    [
        ("no-such-rule", REASON, "is not a rule of the policy pack"),
        ("sqs-queue-encrypted", REASON, "mandatory"),
        ("ec2-vpc-interface-endpoints", "n/a", "needs a reason"),
    ],
)
def test_bad_waivers_are_config_errors_naming_their_key_path(name, reason, message):
    values = read_stack_file("dev", ROOT)
    values["landfall:stack"]["policy_waivers"] = {name: reason}
    with pytest.raises(ConfigError) as err:
        parse("dev", values, ROOT)
    assert any(p.path == f"landfall:stack.policy_waivers.{name}" and message in p.message for p in err.value.problems)
