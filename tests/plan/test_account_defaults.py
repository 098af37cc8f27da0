"""Account defaults at the root: the EC2 declarative policy and the AI opt-out policy documents."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from landfall.plan.account_defaults import (
    AI_OPT_OUT_POLICY_MAX_CHARS,
    DECLARATIVE_POLICY_MAX_CHARS,
    Ec2Defaults,
    SnapshotBlockPublicAccess,
    VpcBlockPublicAccess,
    ai_opt_out_document,
    ec2_declarative_document,
    minified,
    size_problem,
)


def test_the_default_ec2_policy_blocks_inbound_internet_requires_imdsv2_and_blocks_public_sharing():
    attrs = ec2_declarative_document(Ec2Defaults())["ec2_attributes"]
    assert attrs["vpc_block_public_access"]["internet_gateway_block"]["mode"] == {"@@assign": "block_ingress"}
    assert attrs["instance_metadata_defaults"]["http_tokens"] == {"@@assign": "required"}
    assert attrs["image_block_public_access"]["state"] == {"@@assign": "block_new_sharing"}
    assert attrs["snapshot_block_public_access"]["state"] == {"@@assign": "block_all_sharing"}
    assert attrs["serial_console_access"]["status"] == {"@@assign": "disabled"}


def test_turning_imdsv2_off_leaves_the_instance_metadata_defaults_out():
    attrs = ec2_declarative_document(Ec2Defaults(imdsv2_required=False))["ec2_attributes"]
    assert "instance_metadata_defaults" not in attrs


def test_the_ai_opt_out_covers_every_service_through_the_default_key():
    assert ai_opt_out_document() == {"services": {"default": {"opt_out_policy": {"@@assign": "optOut"}}}}


@given(st.sampled_from(VpcBlockPublicAccess), st.booleans(), st.booleans(), st.booleans(),
       st.sampled_from(SnapshotBlockPublicAccess), st.booleans())
def test_every_ec2_policy_is_within_the_declarative_quota_and_valid_json(mode, exclusions, imds, images, snapshots, serial):
    document = ec2_declarative_document(Ec2Defaults(mode, exclusions, imds, images, snapshots, serial))
    assert size_problem("ec2", document, DECLARATIVE_POLICY_MAX_CHARS) is None
    assert json.loads(minified(document)) == document


def test_the_ai_policy_is_within_its_quota_and_an_oversized_document_is_named():
    assert size_problem("ai", ai_opt_out_document(), AI_OPT_OUT_POLICY_MAX_CHARS) is None
    assert "over the 10 " in size_problem("x", {"k": "v" * 20}, 10)


@pytest.mark.parametrize("module", ["landfall.plan.account_defaults", "landfall.config.account_defaults"])
def test_planning_imports_no_pulumi(module):
    import subprocess
    import sys

    code = f"import sys, {module}; assert 'pulumi' not in sys.modules"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_the_data_perimeter_denies_outside_principals_but_exempts_aws_services_and_federation():
    from landfall.plan.account_defaults import data_perimeter_document

    doc = data_perimeter_document("o-a1b2c3d4e5", ("123456789012",))
    identities, tls = doc["Statement"]
    assert identities["Effect"] == "Deny" and identities["Principal"] == "*"
    assert identities["Condition"]["StringNotEqualsIfExists"]["aws:PrincipalOrgID"] == "o-a1b2c3d4e5"
    assert identities["Condition"]["StringNotEqualsIfExists"]["aws:PrincipalAccount"] == ["123456789012"]
    assert identities["Condition"]["BoolIfExists"] == {"aws:PrincipalIsAWSService": "false"}
    # GitHub OIDC (landfall-ci) and Cognito identity pools federate outside identities on purpose
    assert not {"sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML", "sts:*"} & set(identities["Action"])
    assert tls["Condition"] == {"BoolIfExists": {"aws:SecureTransport": "false"}}
    assert len(data_perimeter_document("o-a1b2c3d4e5", require_tls=False)["Statement"]) == 1


@given(st.lists(st.from_regex(r"\A\d{12}\Z"), max_size=100, unique=True))
def test_the_data_perimeter_fits_the_rcp_quota_with_up_to_100_trusted_accounts(accounts):
    from landfall.plan.account_defaults import RCP_MAX_CHARS, data_perimeter_document

    assert size_problem("rcp", data_perimeter_document("o-" + "a" * 32, tuple(accounts)), RCP_MAX_CHARS) is None
