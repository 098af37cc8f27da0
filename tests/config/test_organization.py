"""`landfall:organization`: a valid config passes; every mistake is reported with its key path, the value and a fix."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from landfall.config.errors import ConfigError, Problem
from landfall.config.organization import (
    SCP_MAX_CHARACTERS_LIMIT,
    OrganizationConfig,
)
from landfall.plan.scp import library_names
from tests.config.fixtures_organization import ACCOUNTS, STACK, context, organization, parsed

S = "landfall:organization"


def problems_of(org: dict, ctx=None) -> list[Problem]:
    return parsed(org).problems(ctx or context())


def only(problems: list[Problem], path: str) -> Problem:
    """The single problem reported at ``path``; the failure message shows everything that was reported."""
    matching = [p for p in problems if p.path == path]
    assert len(matching) == 1, ConfigError(problems).render() if problems else f"no problem reported at {path}"
    return matching[0]


def deep_ous(levels: int) -> dict:
    """A chain L1/L2/... of ``levels`` OUs under the root."""
    tree: dict = {}
    for level in range(levels, 0, -1):
        tree = {f"L{level}": {"children": tree} if tree else {}}
    return tree


# ---- the valid config --------------------------------------------------------------------------------------


def test_the_sample_management_config_has_no_problems():
    problems = problems_of(organization())
    assert problems == [], ConfigError(problems).render()


def test_ous_written_as_yaml_nulls_are_ous_without_children():
    org = organization()
    org["ous"] = {"Security": None, "Workloads": {"children": {"Prod": None}}}
    org["accounts"] = {"log-archive": {"ou": "Security", "id": "222222222222", "email": "aws+log-archive@example.com"}}
    org["scps"] = {"Workloads/Prod": ["deny-default-vpc"]}
    org["delegated_admins"] = {}
    config = parsed(org)
    assert [n.path for n in config.ou_nodes()] == ["Security", "Workloads", "Workloads/Prod"]
    assert config.problems(context()) == []


def test_an_unknown_key_is_rejected_by_the_model():
    org = organization()
    org["ous"]["Workloads"]["childs"] = {}
    with pytest.raises(ValidationError, match="childs"):
        parsed(org)


def test_the_trail_is_required():
    org = organization()
    del org["trail"]
    with pytest.raises(ValidationError, match="trail"):
        parsed(org)


def test_every_default_says_why():
    def models(model):
        yield model
        for field in model.model_fields.values():
            for arg in (field.annotation, *getattr(field.annotation, "__args__", ())):
                if isinstance(arg, type) and hasattr(arg, "model_fields") and arg is not model:
                    yield from models(arg)

    for model in set(models(OrganizationConfig)):
        for name, field in model.model_fields.items():
            if not field.is_required():
                assert field.description, f"{model.__name__}.{name} has a default but no description"


# ---- OU tree -----------------------------------------------------------------------------------------------


def test_five_levels_of_ous_are_allowed():
    org = organization()
    org["ous"].update(deep_ous(5))
    assert problems_of(org) == []


def test_an_ou_nested_deeper_than_five_levels_is_reported_at_its_full_key_path():
    org = organization()
    org["ous"].update(deep_ous(7))
    problems = problems_of(org)
    path = f"{S}.ous.L1.children.L2.children.L3.children.L4.children.L5.children.L6"
    problem = only(problems, path)
    assert "nested 6 levels" in problem.message and "at most 5" in problem.message
    assert "move L1/L2/L3/L4/L5/L6" in problem.fix
    assert not any(p.path.endswith("L7") for p in problems), "each branch is reported once, at the first level too deep"


def test_an_ou_named_root_is_rejected():
    org = organization()
    org["ous"]["root"] = {}
    problem = only(problems_of(org), f"{S}.ous.root")
    assert "organization root" in problem.message and "rename" in problem.fix


def test_an_ou_key_with_a_slash_is_rejected():
    org = organization()
    org["ous"]["Shared/Services"] = {}
    problem = only(problems_of(org), f"{S}.ous.Shared/Services")
    assert "rename the key" in problem.fix


def test_sibling_ous_with_the_same_aws_name_are_rejected():
    org = organization()
    org["ous"]["Workloads"]["children"]["Production"] = {"name": "prod"}  # declared after Prod
    problem = only(problems_of(org), f"{S}.ous.Workloads.children.Production.name")
    assert "same name as its sibling 'Prod'" in problem.message and problem.value == "prod"


# ---- member accounts ---------------------------------------------------------------------------------------


def test_an_account_in_an_unknown_ou_lists_the_known_paths():
    org = organization()
    org["accounts"]["dev"]["ou"] = "Workloads/Dev"
    problem = only(problems_of(org), f"{S}.accounts.dev.ou")
    assert problem.value == "Workloads/Dev"
    assert "Workloads/NonProd" in problem.fix and "root" in problem.fix


def test_an_account_may_live_directly_under_the_root():
    org = organization()
    org["accounts"]["sandbox"]["ou"] = "root"
    assert problems_of(org) == []


def test_a_created_account_without_an_email_is_rejected():
    org = organization()
    del org["accounts"]["sandbox"]["email"]
    problem = only(problems_of(org), f"{S}.accounts.sandbox.email")
    assert "required to create an account" in problem.message
    assert "aws+<key>@example.com" in problem.fix and "id:" in problem.fix


@pytest.mark.parametrize("email", ["not-an-email", "a@b", "aws+audit@@example.com", "x@example.com " , "a" * 60 + "@example.com"])
def test_an_invalid_email_is_rejected(email):
    org = organization()
    org["accounts"]["sandbox"]["email"] = email
    problem = only(problems_of(org), f"{S}.accounts.sandbox.email")
    assert problem.value == email and "aws+audit@example.com" in problem.fix


def test_duplicate_account_ids_are_rejected():
    org = organization()
    org["accounts"]["staging"]["id"] = "555555555555"
    problem = only(problems_of(org), f"{S}.accounts.staging.id")
    assert "also the id of accounts.dev" in problem.message and "its own id" in problem.fix


def test_duplicate_account_emails_are_rejected():
    org = organization()
    org["accounts"]["sandbox"]["email"] = "AWS+dev@example.com"
    problem = only(problems_of(org), f"{S}.accounts.sandbox.email")
    assert "also the email of accounts.dev" in problem.message


def test_an_account_id_that_differs_from_landfall_accounts_is_rejected():
    org = organization()
    org["accounts"]["audit"]["id"] = "333333333334"
    problem = only(problems_of(org), f"{S}.accounts.audit.id")
    assert "landfall:accounts.audit.id (333333333333)" in problem.message


def test_an_account_declared_in_landfall_accounts_is_adopted_not_created():
    org = organization()
    del org["accounts"]["audit"]["id"]
    problem = only(problems_of(org), f"{S}.accounts.audit.id")
    assert "would create a new account" in problem.message and 'id: "333333333333"' in problem.fix


def test_the_management_account_is_not_a_member_account():
    org = organization()
    org["accounts"]["management"] = {"ou": "Security", "id": "111111111111"}
    problems = problems_of(org)
    assert "not a member account" in only(problems, f"{S}.accounts.management").message
    assert "management account's id" in only(problems, f"{S}.accounts.management.id").message


# ---- SCP attachments ---------------------------------------------------------------------------------------


def test_an_unknown_scp_target_lists_the_valid_targets():
    org = organization()
    org["scps"]["Workloads/Staging"] = ["deny-default-vpc"]
    problem = only(problems_of(org), f"{S}.scps.Workloads/Staging")
    assert "names no OU, member account or the root" in problem.message
    assert "Workloads/Prod" in problem.fix and "log-archive" in problem.fix


def test_an_scp_may_target_a_member_account():
    org = organization()
    org["scps"]["sandbox"] = ["deny-default-vpc"]
    assert problems_of(org) == []


def test_an_scp_on_the_management_account_is_rejected_because_it_would_do_nothing():
    org = organization()
    org["scps"]["management"] = ["deny-root-user"]
    problem = only(problems_of(org), f"{S}.scps.management")
    assert "never restrict it" in problem.message


def test_an_unknown_scp_name_lists_the_library():
    org = organization()
    org["scps"]["Workloads/Prod"].append("deny-evrything")
    problem = only(problems_of(org), f"{S}.scps.Workloads/Prod[1]")
    assert problem.value == "deny-evrything"
    for name in library_names():
        assert name in problem.fix


def test_an_scp_attached_twice_to_one_target_is_rejected():
    org = organization()
    org["scps"]["Workloads/Prod"] = ["deny-default-vpc", "deny-default-vpc"]
    assert "attached twice" in only(problems_of(org), f"{S}.scps.Workloads/Prod[1]").message


def test_four_of_ours_plus_full_aws_access_fit_the_default_quota_of_five():
    org = organization()
    assert len(org["scps"]["Workloads"]) == 4
    assert problems_of(org) == []


def test_a_fifth_scp_on_a_target_exceeds_the_quota_because_full_aws_access_counts():
    org = organization()
    org["scps"]["Workloads/Prod"] = ["deny-default-vpc", "deny-all", "deny-root-user", "require-imdsv2", "region-allow-list"]
    problem = only(problems_of(org), f"{S}.scps.Workloads/Prod[4]")
    assert "6 SCPs directly attached (5 listed + FullAWSAccess)" in problem.message
    assert "attach at most 4 here" in problem.fix and "quotas.scps_per_target" in problem.fix


def test_the_per_target_quota_cannot_be_raised_to_let_more_scps_through():
    org = organization()
    org["scps"]["Workloads/Prod"] = ["deny-default-vpc", "deny-all", "deny-root-user", "require-imdsv2", "region-allow-list"]
    org["quotas"]["scps_per_target"] = 10
    paths = {p.path for p in problems_of(org)}
    assert f"{S}.quotas.scps_per_target" in paths


def test_a_lowered_per_target_quota_is_a_stricter_budget():
    org = organization()
    org["scps"]["Workloads/Prod"] = ["deny-default-vpc", "deny-root-user", "require-imdsv2"]
    org["quotas"]["scps_per_target"] = 3
    problem = only(problems_of(org), f"{S}.scps.Workloads/Prod[2]")
    assert "over quotas.scps_per_target (3)" in problem.message


def test_an_scp_rendered_over_the_size_quota_is_reported_with_its_size():
    org = organization()
    # Fifty long exempt roles push protect-security-services (which repeats them twice) far past 5,120.
    org["scp_parameters"]["exempt_role_arns"] = [f"arn:aws:iam::*:role/team-{i:02d}-pipeline-deployment-role" for i in range(50)]
    problems = problems_of(org)
    problem = only(problems, f"{S}.scps.Infrastructure[1]")  # where protect-security-services is first attached
    assert problem.value == "protect-security-services"
    assert "renders to" in problem.message and "over quotas.scp_max_characters (5120)" in problem.message
    assert "wildcard ARN" in problem.fix and "hard limit of 5120" in problem.fix
    # Each policy is reported once, where it is first attached, not at every target.
    assert not any(p.path == f"{S}.scps.Workloads[1]" for p in problems)


def test_the_size_check_uses_the_configured_quota():
    org = organization()
    assert not any("renders to" in p.message for p in problems_of(org))
    org["quotas"]["scp_max_characters"] = 1024
    assert any("renders to" in p.message and "(1024)" in p.message for p in problems_of(org))
    assert SCP_MAX_CHARACTERS_LIMIT == 5120


def test_scps_need_all_features():
    org = organization()
    org["feature_set"] = "CONSOLIDATED_BILLING"
    problem = only(problems_of(org), f"{S}.feature_set")
    assert "scps" in problem.message and "feature_set: ALL" in problem.fix


# ---- SCP parameters and quotas -----------------------------------------------------------------------------


def test_allowed_regions_must_include_the_home_region():
    org = organization()
    org["scp_parameters"]["allowed_regions"] = ["eu-central-1", "us-east-1"]
    problem = only(problems_of(org), f"{S}.scp_parameters.allowed_regions")
    assert "home region eu-west-1" in problem.message and problem.fix == "add eu-west-1"


def test_no_allowed_regions_means_the_home_region_only():
    org = organization()
    del org["scp_parameters"]["allowed_regions"]
    config = parsed(org)
    assert config.problems(context()) == []
    assert config.scp_parameters_for(context()).allowed_regions == ("eu-west-1",)


def test_a_malformed_region_is_reported_by_index():
    org = organization()
    org["scp_parameters"]["allowed_regions"].append("europe-west")
    assert "not an AWS region" in only(problems_of(org), f"{S}.scp_parameters.allowed_regions[2]").message


def test_an_exempt_role_arn_from_another_partition_is_rejected():
    org = organization()
    org["scp_parameters"]["exempt_role_arns"][1] = "arn:aws-cn:iam::*:role/landfall-deploy"
    problem = only(problems_of(org), f"{S}.scp_parameters.exempt_role_arns[1]")
    assert "partition aws" in problem.message and "arn:aws:iam::*:role/<name>" in problem.fix


def test_an_empty_exempt_role_list_is_rejected_and_sizes_are_not_guessed():
    org = organization()
    org["scp_parameters"]["exempt_role_arns"] = []
    problems = problems_of(org)
    assert "at least one role ARN" in only(problems, f"{S}.scp_parameters.exempt_role_arns").message
    assert len(problems) == 1


@pytest.mark.parametrize(
    "key, value, fragment",
    [
        ("scp_max_characters", 5121, "above AWS's hard limit of 5120 characters"),
        ("scp_max_characters", 10240, "above AWS's hard limit of 5120 characters"),
        ("scp_max_characters", 512, "below 1024"),
        ("scps_per_target", 6, "above AWS's hard limit of 5 SCPs"),
        ("scps_per_target", 10, "above AWS's hard limit of 5 SCPs"),
        ("scps_per_target", 0, "at least 1"),
    ],
)
def test_quotas_may_be_lowered_but_never_raised_past_the_hard_limits(key, value, fragment):
    org = organization()
    org["quotas"][key] = value
    problem = only(problems_of(org), f"{S}.quotas.{key}")
    assert fragment in problem.message and problem.value == value


@pytest.mark.parametrize("key, value", [("scp_max_characters", 4096), ("scps_per_target", 4)])
def test_a_lower_quota_is_accepted(key, value):
    org = organization()
    org["quotas"][key] = value
    assert not any(p.path == f"{S}.quotas.{key}" for p in problems_of(org))


# ---- delegated admins, trail, tag policy, stack kind -------------------------------------------------------


def test_a_delegated_admin_must_be_a_known_member_account():
    org = organization()
    org["delegated_admins"]["guardduty"] = "security"
    problem = only(problems_of(org), f"{S}.delegated_admins.guardduty")
    assert "unknown member account" in problem.message and "audit" in problem.fix


def test_the_management_account_cannot_be_a_delegated_admin():
    org = organization()
    org["delegated_admins"]["securityhub"] = "management"
    problem = only(problems_of(org), f"{S}.delegated_admins.securityhub")
    assert "is the management account" in problem.message


def test_an_unknown_delegated_service_lists_the_supported_ones():
    org = organization()
    org["delegated_admins"]["gaurdduty"] = "audit"
    problem = only(problems_of(org), f"{S}.delegated_admins.gaurdduty")
    assert "guardduty" in problem.fix and "securityhub" in problem.fix


def test_the_trail_account_must_be_a_known_member_account():
    org = organization()
    org["trail"]["account"] = "logs"
    problem = only(problems_of(org), f"{S}.trail.account")
    assert "unknown member account" in problem.message and "log-archive" in problem.fix


def test_the_trail_account_needs_a_provider_in_landfall_accounts():
    accounts = {k: v for k, v in ACCOUNTS.items() if k != "log-archive"}
    problem = only(problems_of(organization(), context(accounts=accounts)), f"{S}.trail.account")
    assert "provider" in problem.message and "landfall:accounts.log-archive" in problem.fix


def test_a_bad_trail_log_group_retention_is_rejected():
    org = organization()
    org["trail"]["cloudwatch_logs_retention_days"] = 100
    assert "365" in only(problems_of(org), f"{S}.trail.cloudwatch_logs_retention_days").fix


def test_tag_policy_targets_and_keys_are_checked():
    org = organization()
    org["tag_policy"] = {"tag_keys": ["owner", "Owner", "aws:name"], "targets": ["root", "Workload"]}
    problems = problems_of(org)
    assert "repeats a key" in only(problems, f"{S}.tag_policy.tag_keys[1]").message
    assert "aws:" in only(problems, f"{S}.tag_policy.tag_keys[2]").message
    assert only(problems, f"{S}.tag_policy.targets[1]").value == "Workload"


def test_the_section_belongs_to_the_management_stack_only():
    stack = {**STACK, "kind": "workload"}
    problem = only(problems_of(organization(), context(stack=stack)), S)
    assert "management stack" in problem.message


# ---- all at once -------------------------------------------------------------------------------------------


def test_every_problem_is_reported_in_one_run():
    org = organization()
    org["ous"].update(deep_ous(6))
    org["accounts"]["dev"]["ou"] = "Workloads/Dev"
    del org["accounts"]["sandbox"]["email"]
    org["accounts"]["staging"]["id"] = "555555555555"
    org["scps"]["Nowhere"] = ["deny-all"]
    org["scps"]["Workloads/Prod"] = ["deny-default-vpc", "deny-nothing"]
    org["scps"]["Sandbox"] = ["region-allow-list", "protect-security-services", "deny-all", "deny-root-user", "require-imdsv2"]
    org["scp_parameters"]["allowed_regions"] = ["us-east-1"]
    org["quotas"]["scp_max_characters"] = 99_999
    org["delegated_admins"]["guardduty"] = "secops"
    org["trail"]["account"] = "logs"
    problems = problems_of(org)
    expected = {
        f"{S}.ous.L1.children.L2.children.L3.children.L4.children.L5.children.L6",
        f"{S}.accounts.dev.ou",
        f"{S}.accounts.sandbox.email",
        f"{S}.accounts.staging.id",
        f"{S}.scps.Nowhere",
        f"{S}.scps.Workloads/Prod[1]",
        f"{S}.scps.Sandbox[4]",
        f"{S}.scp_parameters.allowed_regions",
        f"{S}.quotas.scp_max_characters",
        f"{S}.delegated_admins.guardduty",
        f"{S}.trail.account",
    }
    assert {p.path for p in problems} == expected, ConfigError(problems).render()
    assert all(p.fix for p in problems)
    rendered = ConfigError(problems).render()
    assert rendered.startswith(f"{len(expected)} configuration problems")


# ---- what the component reads ------------------------------------------------------------------------------


def test_the_trail_arn_is_derived_from_the_management_account_and_home_region():
    assert parsed().trail_arn(context()) == "arn:aws:cloudtrail:eu-west-1:111111111111:trail/landfall-org-trail"


def test_only_attached_scps_are_rendered_and_all_fit_the_default_quota():
    rendered = parsed().rendered_scps(context())
    assert set(rendered) == set(library_names())  # the sample attaches every library SCP somewhere
    assert all(r.size <= 5120 for r in rendered.values()), {n: r.size for n, r in rendered.items()}
    org = organization()
    org["scps"] = {"root": ["deny-leave-organization"]}
    assert list(parsed(org).rendered_scps(context())) == ["deny-leave-organization"]


def test_attachments_have_stable_logical_names_from_keys():
    names = [a.logical_name for a in parsed().scp_attachments()]
    assert "scp-deny-root-user.root" in names
    assert "scp-deny-default-vpc.ou-Workloads-Prod" in names
    assert len(names) == len(set(names))


def test_policy_types_and_trusted_access_follow_the_config():
    config = parsed()
    assert config.enabled_policy_types() == ["SERVICE_CONTROL_POLICY", "TAG_POLICY", "AISERVICES_OPT_OUT_POLICY",
                                             "DECLARATIVE_POLICY_EC2", "RESOURCE_CONTROL_POLICY", "BACKUP_POLICY"]
    off = config.model_copy(update={"account_defaults": config.account_defaults.model_copy(update={"ai_opt_out": False, "ec2": None, "data_perimeter": None}),
                                    "backup": None})
    assert off.enabled_policy_types() == ["SERVICE_CONTROL_POLICY", "TAG_POLICY"]
    assert "backup.amazonaws.com" not in off.all_service_access_principals()
    principals = config.all_service_access_principals()
    assert "cloudtrail.amazonaws.com" in principals and "guardduty.amazonaws.com" in principals
    assert "backup.amazonaws.com" in principals  # backup policies and cross-account copies need trusted access
    assert principals == sorted(set(principals))


# ---- adoption and organization-wide administrators ------------------------------------------------------------


@pytest.mark.parametrize("org_id, ok", [("o-a1b2c3d4e5", True), ("o-abcdefghijklmnopqrstuvwxyz123456", True),
                                        ("o-short", False), ("O-A1B2C3D4E5", False), ("a1b2c3d4e5", False)])
def test_an_organization_to_adopt_is_named_by_a_valid_id(org_id, ok):
    org = organization()
    org["id"] = org_id
    problems = problems_of(org)
    if ok:
        assert problems == []
    else:
        problem = only(problems, f"{S}.id")
        assert problem.value == org_id and "o-a1b2c3d4e5" in problem.fix


def test_an_adopted_account_needs_its_current_email_for_the_import():
    org = organization()
    del org["accounts"]["audit"]["email"]
    problem = only(problems_of(org), f"{S}.accounts.audit.email")
    assert "adopt" in problem.message and "current root email" in problem.fix


@pytest.mark.parametrize("service", ["guardduty", "securityhub", "access-analyzer", "config"])
def test_an_organization_wide_administrator_needs_a_provider_in_landfall_accounts(service):
    org = organization()
    org["accounts"]["security-tooling"] = {"ou": "Security", "id": "999999999999", "email": "aws+tooling@example.com"}
    org["delegated_admins"][service] = "security-tooling"
    problem = only(problems_of(org), f"{S}.delegated_admins.{service}")
    assert "landfall:accounts" in problem.message and "landfall:accounts.security-tooling" in problem.fix


def test_a_service_without_organization_wide_settings_needs_no_provider_for_its_administrator():
    org = organization()
    org["accounts"]["security-tooling"] = {"ou": "Security", "id": "999999999999", "email": "aws+tooling@example.com"}
    org["delegated_admins"]["inspector2"] = "security-tooling"
    assert problems_of(org) == []


def test_adopting_accounts_while_creating_the_organization_is_rejected_as_a_likely_mistake():
    org = organization()
    del org["id"]
    problem = only(problems_of(org), f"{S}.id")
    assert "creates a new organization" in problem.message and "adopted by id" in problem.message
    assert "describe-organization" in problem.fix and "new_organization: true" in problem.fix


def test_a_new_organization_may_adopt_accounts_when_the_config_says_so():
    org = organization()
    del org["id"]
    org["new_organization"] = True
    assert not any(p.path == f"{S}.id" for p in problems_of(org))


def test_a_new_organization_without_adopted_accounts_needs_no_flag():
    org = organization()
    del org["id"]
    for account in org["accounts"].values():
        account.pop("id", None)
    assert not any(p.path == f"{S}.id" for p in problems_of(org))


def test_new_organization_and_an_adopted_id_contradict_each_other():
    org = organization()
    org["new_organization"] = True
    assert "contradicts id" in only(problems_of(org), f"{S}.new_organization").message


@pytest.mark.parametrize(
    ("ou_ids", "org_id", "path", "message"),
    [
        ({"Security": "ou-bad"}, "o-a1b2c3d4e5", "landfall:organization.ous.Security.id", "is not an OU id"),
        ({"Security": "ou-a1b2-c3d4e5f6", "Sandbox": "ou-a1b2-c3d4e5f6"}, "o-a1b2c3d4e5", "landfall:organization.ous.Sandbox.id", "is also the id"),
        ({"Security": "ou-a1b2-c3d4e5f6"}, None, "landfall:organization.ous.Security.id", "organization.id is not set"),
    ],
)
def test_bad_ou_adoptions_name_their_key_path(ou_ids, org_id, path, message):
    org = organization()
    for key, ou_id in ou_ids.items():
        org["ous"][key]["id"] = ou_id
    org["id"] = org_id
    if org_id is None:
        org["new_organization"] = True  # the adopted accounts' own check is not the one under test
    problems = problems_of(org)
    assert any(p.path == path and message in p.message for p in problems), ConfigError(problems).render()


def test_an_adopted_ou_keeps_its_logical_name():
    org = organization()
    org["ous"]["Security"]["id"] = "ou-a1b2-c3d4e5f6"
    nodes = {n.path: n for n in parsed(org).ou_nodes()}
    plain = {n.path: n for n in parsed(organization()).ou_nodes()}
    assert nodes["Security"].id == "ou-a1b2-c3d4e5f6" and plain["Security"].id is None
    assert nodes["Security"].logical_name == plain["Security"].logical_name


def test_a_trusted_account_of_the_data_perimeter_must_be_an_account_id():
    org = organization()
    org["account_defaults"] = {"data_perimeter": {"trusted_accounts": ["12345"]}}
    problems = problems_of(org)
    assert any(p.path == "landfall:organization.account_defaults.data_perimeter.trusted_accounts[0]" for p in problems)


def test_a_data_perimeter_too_large_for_the_rcp_quota_is_reported_at_its_trusted_accounts():
    org = organization()
    org["account_defaults"] = {"data_perimeter": {"trusted_accounts": [f"{i:012d}" for i in range(400)]}}
    found = parsed(org).problems(context())
    [problem] = [p for p in found if p.path.endswith("trusted_accounts")]
    assert "over the 5,120 Organizations allows" in problem.message and "fewer trusted accounts" in problem.fix
