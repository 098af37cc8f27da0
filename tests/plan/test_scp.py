"""The SCP library and its renderer: documented action lists, size within quota, structural substitution."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from landfall.plan.scp import (
    DESCRIPTIONS,
    SCP_DIR,
    RenderedScp,
    ScpParameters,
    ScpRenderError,
    library_names,
    load_library,
    render,
    render_all,
    render_document,
    template_placeholders,
)

PARAMS = ScpParameters(
    allowed_regions=("eu-west-1", "eu-central-1", "us-east-1"),
    exempt_role_arns=(
        "arn:aws:iam::*:role/OrganizationAccountAccessRole",
        "arn:aws:iam::*:role/landfall-deploy",
        "arn:aws:iam::*:role/landfall-break-glass",
    ),
    protected_role_arns=("arn:aws:iam::*:role/OrganizationAccountAccessRole", "arn:aws:iam::*:role/landfall-*"),
    trail_arn="arn:aws:cloudtrail:eu-west-1:111111111111:trail/landfall-org-trail",
)

# security-controls.md section 2, item 2: the 42 exemptions of the [R] region-deny example, verbatim.
GLOBAL_SERVICE_EXEMPTIONS = """
a4b:* acm:* aws-marketplace-management:* aws-marketplace:* aws-portal:* budgets:* ce:* chime:* cloudfront:* config:*
cur:* directconnect:* ec2:DescribeRegions ec2:DescribeTransitGateways ec2:DescribeVpnGateways fms:* globalaccelerator:*
health:* iam:* importexport:* kms:* mobileanalytics:* networkmanager:* organizations:* pricing:* route53:*
route53domains:* route53-recovery-cluster:* route53-recovery-control-config:* route53-recovery-readiness:*
s3:GetAccountPublic* s3:ListAllMyBuckets s3:ListMultiRegionAccessPoints s3:PutAccountPublic* shield:* sts:* support:*
trustedadvisor:* waf-regional:* waf:* wafv2:* wellarchitected:*
""".split()

GUARDDUTY = """AcceptInvitation ArchiveFindings CreateDetector CreateFilter CreateIPSet CreateMembers CreatePublishingDestination
CreateSampleFindings CreateThreatIntelSet DeclineInvitations DeleteDetector DeleteFilter DeleteInvitations DeleteIPSet
DeleteMembers DeletePublishingDestination DeleteThreatIntelSet DisassociateFromMasterAccount DisassociateMembers
InviteMembers StartMonitoringMembers StopMonitoringMembers TagResource UnarchiveFindings UntagResource UpdateDetector
UpdateFilter UpdateFindingsFeedback UpdateIPSet UpdatePublishingDestination UpdateThreatIntelSet""".split()
CONFIG = """DeleteConfigurationAggregator DeleteConfigurationRecorder DeleteDeliveryChannel PutConfigRule DeleteConfigRule
DeleteOrganizationConfigRule DeleteRetentionConfiguration PutConfigurationAggregator PutConfigurationRecorder
PutDeliveryChannel PutRetentionConfiguration StopConfigurationRecorder DeliverConfigSnapshot
DeleteAggregationAuthorization DeleteEvaluationResults PutOrganizationConfigRule PutRemediationConfigurations
DeleteRemediationConfiguration DeleteServiceLinkedConfigurationRecorder DeleteRemediationExceptions
DeletePendingAggregationRequest""".split()
SECURITYHUB = """DeleteInvitations BatchDisableStandards DeleteActionTarget DeleteInsight TagResource UntagResource
UpdateStandardsControl UpdateSecurityHubConfiguration UpdateFindingAggregator UpdateOrganizationConfiguration
DisableSecurityHub DisassociateFromMasterAccount DeleteMembers DisassociateMembers DisableSecurityHubV2
DeleteConfigurationPolicy BatchDeleteAutomationRules DeleteAutomationRuleV2 DisassociateFromAdministratorAccount
DeleteConnectorV2 DisableImportFindingsForProduct""".split()
ACCESS_ANALYZER = "ApplyArchiveRule CreateArchiveRule DeleteAnalyzer DeleteArchiveRule UpdateArchiveRule UpdateFindings".split()
# [CT] GRIAMROLEPOLICY: the 11 iam actions, no tag actions and no sts:AssumeRole (that would lock out the pipeline).
ROLE_ACTIONS = """AttachRolePolicy CreateRole DeleteRole DeleteRolePermissionsBoundary DeleteRolePolicy DetachRolePolicy
PutRolePermissionsBoundary PutRolePolicy UpdateRole UpdateAssumeRolePolicy UpdateRoleDescription""".split()

EXPECTED_LIBRARY = {
    "deny-leave-organization", "region-allow-list", "protect-security-services", "deny-root-user", "require-imdsv2",
    "deny-disable-ebs-encryption", "deny-s3-public-access-changes", "protect-landing-zone-roles", "deny-default-vpc",
    "deny-all",
}

REGIONS = ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1",
           "eu-central-2", "eu-north-1", "eu-south-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "ca-central-1",
           "sa-east-1", "me-central-1", "af-south-1", "il-central-1", "mx-central-1"]


def doc(name: str) -> dict:
    return render(name, PARAMS).document


def statement(name: str, sid: str) -> dict:
    [found] = [s for s in doc(name)["Statement"] if s["Sid"] == sid]
    return found


def whitespace_outside_strings(text: str) -> list[int]:
    """Offsets of whitespace characters that are not inside a JSON string."""
    out, in_string, escaped = [], False, False
    for i, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch.isspace():
            out.append(i)
    return out


# ---- the whole library -------------------------------------------------------------------------------------


def test_the_library_holds_the_standard_scp_set():
    assert set(library_names()) == EXPECTED_LIBRARY


def test_every_library_scp_has_a_description_that_fits_organizations():
    assert set(DESCRIPTIONS) == set(library_names())
    assert all(0 < len(text) <= 512 for text in DESCRIPTIONS.values())


@pytest.mark.parametrize("name", sorted(EXPECTED_LIBRARY))
def test_every_scp_renders_within_5120_characters_with_realistic_parameters(name):
    rendered = render(name, PARAMS)
    assert rendered.size == len(rendered.document_json)
    assert rendered.size <= 5120, f"{name}: {rendered.size} characters"


@pytest.mark.parametrize("name", sorted(EXPECTED_LIBRARY))
def test_every_rendered_scp_is_a_minified_valid_policy_without_placeholders(name):
    rendered = render(name, PARAMS)
    document = json.loads(rendered.document_json)
    assert document["Version"] == "2012-10-17"
    assert document["Statement"] and isinstance(document["Statement"], list)
    sids = [s["Sid"] for s in document["Statement"]]
    assert len(sids) == len(set(sids)) and all(sid.isalnum() and len(sid) <= 20 for sid in sids)
    assert whitespace_outside_strings(rendered.document_json) == []
    assert "${" not in rendered.document_json
    assert template_placeholders(document) == set()


def test_every_exemption_condition_lists_exactly_the_exempt_roles():
    for name in library_names():
        for s in doc(name)["Statement"]:
            condition = s.get("Condition", {})
            if "ArnNotLike" in condition:
                assert condition["ArnNotLike"] == {"aws:PrincipalArn": list(PARAMS.exempt_role_arns)}, (name, s["Sid"])


def test_render_all_renders_the_library_in_name_order():
    rendered = render_all(PARAMS)
    assert list(rendered) == sorted(EXPECTED_LIBRARY)
    assert all(isinstance(r, RenderedScp) and r.name == n for n, r in rendered.items())
    assert list(render_all(PARAMS, ["deny-all", "deny-root-user", "deny-all"])) == ["deny-all", "deny-root-user"]


# ---- each policy's content (security-controls.md section 2) ------------------------------------------------


def test_deny_leave_organization_is_exactly_the_documented_action():
    assert doc("deny-leave-organization")["Statement"] == [
        {"Sid": "DenyLeaveOrg", "Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}
    ]


def test_the_region_deny_exempts_exactly_the_42_global_service_actions():
    s = statement("region-allow-list", "DenyOtherRegions")
    assert len(GLOBAL_SERVICE_EXEMPTIONS) == 42
    assert sorted(s["NotAction"]) == sorted(GLOBAL_SERVICE_EXEMPTIONS)
    assert s["Effect"] == "Deny" and s["Resource"] == "*"
    assert s["Condition"]["StringNotEquals"] == {"aws:RequestedRegion": ["eu-west-1", "eu-central-1", "us-east-1"]}


def test_the_region_scp_also_denies_region_opt_in_changes():
    assert statement("region-allow-list", "DenyRegionOptIn")["Action"] == ["account:EnableRegion", "account:DisableRegion"]


def test_protect_security_services_covers_the_documented_actions():
    trail = statement("protect-security-services", "ProtectOrgTrail")
    assert trail["Resource"] == PARAMS.trail_arn
    assert sorted(trail["Action"]) == sorted(
        f"cloudtrail:{a}" for a in ("DeleteTrail", "PutEventSelectors", "StopLogging", "UpdateTrail", "CreateTrail")
    )
    actions = statement("protect-security-services", "ProtectSecuritySvcs")["Action"]
    expected = (
        [f"guardduty:{a}" for a in GUARDDUTY]
        + [f"config:{a}" for a in CONFIG]
        + [f"securityhub:{a}" for a in SECURITYHUB]
        + [f"access-analyzer:{a}" for a in ACCESS_ANALYZER]
        + ["ec2:DeleteFlowLogs"]
    )
    assert (len(GUARDDUTY), len(CONFIG), len(SECURITYHUB), len(ACCESS_ANALYZER)) == (31, 21, 21, 6)
    assert sorted(actions) == sorted(expected)


def test_the_root_user_is_denied_except_centralized_root_sessions():
    s = statement("deny-root-user", "DenyRootUser")
    assert s["Action"] == "*" and s["Effect"] == "Deny"
    assert s["Condition"] == {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}, "Null": {"aws:AssumedRoot": "true"}}


def test_imdsv2_is_required_at_launch_and_metadata_options_are_locked():
    launch = statement("require-imdsv2", "RequireImdsv2")
    assert launch["Action"] == "ec2:RunInstances"
    assert launch["Resource"] == "arn:aws:ec2:*:*:instance/*"  # the condition key exists only on the instance
    assert launch["Condition"] == {"StringNotEquals": {"ec2:MetadataHttpTokens": "required"}}
    change = statement("require-imdsv2", "DenyImdsChange")
    assert change["Action"] == "ec2:ModifyInstanceMetadataOptions" and "ArnNotLike" in change["Condition"]


def test_ebs_default_encryption_cannot_be_disabled():
    assert doc("deny-disable-ebs-encryption")["Statement"][0]["Action"] == "ec2:DisableEbsEncryptionByDefault"


def test_s3_block_public_access_is_protected_at_account_and_bucket_level():
    # The region deny exempts s3:PutAccountPublic*, so this policy must deny it on its own.
    actions = doc("deny-s3-public-access-changes")["Statement"][0]["Action"]
    assert set(actions) == {"s3:PutAccountPublicAccessBlock", "s3:PutBucketPublicAccessBlock"}


def test_landing_zone_roles_follow_the_control_tower_variant():
    s = statement("protect-landing-zone-roles", "ProtectLzRoles")
    assert sorted(s["Action"]) == sorted(f"iam:{a}" for a in ROLE_ACTIONS) and len(s["Action"]) == 11
    assert "sts:AssumeRole" not in s["Action"], "denying AssumeRole on the deploy role would lock out the pipeline"
    assert s["Resource"] == list(PARAMS.protected_role_arns)


def test_default_vpcs_cannot_be_recreated():
    assert set(doc("deny-default-vpc")["Statement"][0]["Action"]) == {"ec2:CreateDefaultVpc", "ec2:CreateDefaultSubnet"}


def test_the_quarantine_policy_denies_everything_but_the_exempt_roles():
    s = statement("deny-all", "DenyAll")
    assert s["Action"] == "*" and s["Condition"] == {"ArnNotLike": {"aws:PrincipalArn": list(PARAMS.exempt_role_arns)}}


def test_the_partition_parameter_reaches_every_arn():
    gov = replace(PARAMS, partition="aws-us-gov")
    assert statement_of(render("require-imdsv2", gov), "RequireImdsv2")["Resource"] == "arn:aws-us-gov:ec2:*:*:instance/*"
    root = statement_of(render("deny-root-user", gov), "DenyRootUser")
    assert root["Condition"]["ArnLike"]["aws:PrincipalArn"] == "arn:aws-us-gov:iam::*:root"


def statement_of(rendered: RenderedScp, sid: str) -> dict:
    return next(s for s in rendered.document["Statement"] if s["Sid"] == sid)


# ---- the renderer ------------------------------------------------------------------------------------------

VALUES = {"regions": ("a", "b"), "partition": "aws"}


def test_a_whole_value_placeholder_becomes_a_list_and_an_inline_one_a_string():
    template = {"R": "${regions}", "A": "arn:${partition}:s3:::x", "V": "${aws:username}", "N": 1}
    assert render_document(template, VALUES) == {"R": ["a", "b"], "A": "arn:aws:s3:::x", "V": "${aws:username}", "N": 1}


def test_an_unknown_placeholder_is_an_error_naming_the_known_ones():
    with pytest.raises(ScpRenderError, match=r"unknown placeholder \$\{region\}; known: partition, regions"):
        render_document({"Statement": [{"R": "${region}"}]}, VALUES)


def test_a_list_parameter_cannot_be_spliced_into_a_string():
    with pytest.raises(ScpRenderError, match="must be the whole value"):
        render_document({"R": "x-${regions}"}, VALUES)


@pytest.mark.parametrize("bad", [(), ("",)])
def test_an_empty_list_parameter_is_an_error(bad):
    with pytest.raises(ScpRenderError, match="non-empty list"):
        render_document({"R": "${regions}"}, {"regions": bad})


def test_placeholders_in_keys_are_errors():
    with pytest.raises(ScpRenderError, match="not allowed in keys"):
        render_document({"${partition}": 1}, VALUES)


def test_malformed_placeholders_are_errors():
    with pytest.raises(ScpRenderError, match="malformed"):
        render_document({"R": "${Not-A-Name}"}, VALUES)


def test_parameter_values_are_data_never_json_or_placeholders():
    values = {"x": '"}],"Effect":"Allow', "y": ("${x}",)}
    out = render_document({"A": "${x}", "B": "${y}"}, values)
    assert out == {"A": '"}],"Effect":"Allow', "B": ["${x}"]}  # no re-substitution, no structure change


def test_rendering_never_changes_the_cached_library():
    before = json.dumps(load_library()["region-allow-list"], sort_keys=True)
    render("region-allow-list", PARAMS)
    assert json.dumps(load_library()["region-allow-list"], sort_keys=True) == before
    assert "${allowed_regions}" in before


def test_an_unknown_scp_name_lists_the_library():
    with pytest.raises(ScpRenderError, match="deny-all, deny-default-vpc"):
        render("deny-everything", PARAMS)


def test_a_library_document_with_a_bad_shape_is_rejected(tmp_path):
    (tmp_path / "no-version.json").write_text('{"Statement":[{"Sid":"A","Effect":"Deny","Action":"*","Resource":"*"}]}')
    (tmp_path / "no-statement.json").write_text('{"Version":"2012-10-17","Statement":[]}')
    (tmp_path / "no-sid.json").write_text('{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}')
    (tmp_path / "unknown-param.json").write_text(
        '{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Deny","Action":"*","Resource":"${nope}"}]}'
    )
    for name, message in [
        ("no-version", "Version must be"),
        ("no-statement", "non-empty list"),
        ("no-sid", "Sid"),
        ("unknown-param", "unknown placeholder"),
    ]:
        with pytest.raises(ScpRenderError, match=message):
            render(name, PARAMS, directory=tmp_path)


def test_the_library_directory_is_policies_scp():
    assert SCP_DIR.parts[-2:] == ("policies", "scp") and (SCP_DIR / "deny-all.json").exists()


# ---- properties --------------------------------------------------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(regions=st.lists(st.sampled_from(REGIONS), min_size=2, max_size=len(REGIONS), unique=True))
def test_rendered_size_grows_with_the_number_of_allowed_regions(regions):
    sizes = {name: [] for name in library_names()}
    for n in range(1, len(regions) + 1):
        for name, rendered in render_all(replace(PARAMS, allowed_regions=tuple(regions[:n]))).items():
            sizes[name].append(rendered.size)
    region = sizes.pop("region-allow-list")
    assert all(a < b for a, b in zip(region, region[1:], strict=False)), region
    for name, series in sizes.items():
        assert len(set(series)) == 1, f"{name} does not use allowed_regions, so its size must not change"


@settings(max_examples=50, deadline=None)
@given(
    regions=st.lists(st.sampled_from(REGIONS), min_size=1, max_size=6, unique=True),
    roles=st.lists(st.from_regex(r"[a-z][a-z0-9-]{0,30}", fullmatch=True), min_size=1, max_size=5, unique=True),
)
def test_rendering_is_deterministic(regions, roles):
    params = replace(
        PARAMS, allowed_regions=tuple(regions), exempt_role_arns=tuple(f"arn:aws:iam::*:role/{r}" for r in roles)
    )
    first, second = render_all(params), render_all(params)
    assert first == second
    assert [r.document_json for r in first.values()] == [r.document_json for r in second.values()]
