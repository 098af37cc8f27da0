"""An account baseline stack (baseline-sandbox, generated from the template, no stack file): one account, one
provider, every governed region; the account id of a pending account comes from the management stack."""

from __future__ import annotations

import pytest

from landfall.offline.regions import GLOBAL, provider_processes, region_of, takes_region
from landfall.offline.report import report_for
from landfall.offline.synth import ROOT, synthesize
from tests.conftest import synthesized

STACK = "baseline-sandbox"


@pytest.fixture(scope="module")
def inv():
    return synthesized(STACK)


def test_the_stack_needs_no_stack_file():
    assert not (ROOT / f"Pulumi.{STACK}.yaml").exists()


def test_exactly_one_aws_provider_the_accounts_own(inv):
    providers = [r for r in inv.resources if r.type.startswith("pulumi:providers:")]
    assert [p.name for p in providers] == ["aws-sandbox"]
    assert provider_processes(inv) == {"aws": ["aws-sandbox"]}
    management = synthesized("management")
    sandbox_id = management.outputs["account_ids"]["sandbox"]
    assert {inv.account_of(r) for r in inv.custom()} == {sandbox_id}
    assert inv.outputs["account_id"] == sandbox_id  # the pending account's id, read from management's outputs


def test_every_regional_resource_names_its_region_and_every_governed_region_is_covered(inv):
    governed = {"eu-west-1", "eu-central-1"}
    baseline = inv.named("baseline-sandbox", "landfall:baseline:AccountBaseline")
    for r in inv.custom():
        if takes_region(r.type):
            assert region_of(inv, r) in governed, r.urn
            if r.parent == baseline.urn:  # the baseline names the region explicitly, never by provider
                assert r.inputs.get("region") in governed, r.urn
        else:
            assert region_of(inv, r) == GLOBAL and "region" not in r.inputs, r.urn
    for type_ in ("aws:cfg/recorder:Recorder", "aws:ebs/encryptionByDefault:EncryptionByDefault",
                  "aws:accessanalyzer/analyzer:Analyzer", "aws:ebs/defaultKmsKey:DefaultKmsKey"):
        assert {r.inputs["region"] for r in inv.of_type(type_)} == governed, type_
    # GuardDuty: the organization's administrator auto-enables the member in every governed region
    assert inv.of_type("aws:guardduty/detector:Detector") == []


def test_the_preview_has_no_policy_violation(inv):
    report = report_for(inv)
    assert report.policy.violations == [], report.policy.render()


def test_a_pending_account_the_management_stack_has_not_created_stops_with_a_clear_error():
    with pytest.raises(Exception) as caught:
        synthesize(STACK, ROOT, stack_references={"organization/landfall/management": {"account_ids": {}}})
    assert "has no id yet" in str(caught.value) and "pulumi up" in str(caught.value)


def test_the_break_glass_role_the_scps_exempt_exists_and_needs_mfa_from_the_management_account(inv):
    import json as _json

    [role] = [r for r in inv.of_type("aws:iam/role:Role") if r.inputs.get("name") == "landfall-break-glass"]
    assert role.inputs["maxSessionDuration"] == 3600, role.urn
    [statement] = _json.loads(role.inputs["assumeRolePolicy"])["Statement"]
    assert statement["Principal"] == {"AWS": "arn:aws:iam::111111111111:root"}, role.urn
    assert statement["Condition"]["Bool"] == {"aws:MultiFactorAuthPresent": "true"}, role.urn
    assert statement["Condition"]["NumericLessThan"] == {"aws:MultiFactorAuthAge": "3600"}, role.urn
    from landfall.config.loader import load_stack_file
    from landfall.offline.synth import ROOT

    exempt = load_stack_file("management", ROOT).organization.scp_parameters.exempt_role_arns
    assert "arn:aws:iam::*:role/landfall-break-glass" in exempt
