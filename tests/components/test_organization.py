"""The management components on their own: adopting an organization, policy targets, delegation without a
baseline detector, and a trail without CloudWatch Logs delivery (branches the management stack file does not take)."""

from __future__ import annotations

import json

import pulumi
import pulumi_aws as aws
import pytest

from components.org.delegation import AdministratorAccount, SecurityDelegation, SecurityDelegationArgs
from components.org.organization import Organization, OrganizationArgs
from components.org.policies import OrganizationPolicies, OrganizationPoliciesArgs
from components.org.trail import OrganizationTrail, OrganizationTrailArgs
from landfall.plan.org import PolicyTarget, TagPolicyPlan, TargetKind
from landfall.plan.regions import GovernedRegions
from tests.config.fixtures_organization import organization, parsed
from tests.conftest import record, unit_provider

MANAGEMENT, AUDIT = "123456789012", "333333333333"


def adopted_org():
    org = organization()
    org["id"] = "o-abcdefghij"
    return parsed(org)


@pytest.fixture(scope="module")
def inv():
    def program():
        opts = unit_provider(MANAGEMENT)
        cfg = adopted_org()
        org = Organization("organization", OrganizationArgs(cfg, cfg.ou_nodes()), opts)
        OrganizationPolicies("policies", OrganizationPoliciesArgs(
            org, {}, [], TagPolicyPlan(["owner"], [PolicyTarget("prod", TargetKind.ACCOUNT),
                                                   PolicyTarget("Workloads/Prod", TargetKind.OU)]), "unit"), opts)
        audit = aws.Provider("aws-audit", region="eu-west-1", allowed_account_ids=[AUDIT])
        SecurityDelegation("security", SecurityDelegationArgs(
            {"guardduty": "audit", "macie": "audit", "config": "audit"},
            {"audit": AdministratorAccount("audit", AUDIT, pulumi.ResourceOptions(providers={"aws": audit}))},
            depends_on=[org.organization], regions=GovernedRegions("eu-west-1", ["eu-central-1"]),
            root_id=org.root_id, environment="unit"), opts)
        OrganizationTrail("trail", OrganizationTrailArgs(
            partition="aws", region="eu-west-1", account_id=MANAGEMENT, trail_name="org-trail", bucket_name="logs-bucket",
            kms_key_arn="arn:aws:kms:eu-west-1:222222222222:key/trail", log_group_kms_key_arn=None,
            log_group_retention_days=None, s3_data_events=True, depends_on=[]), opts)

    return record(program, account=MANAGEMENT)


def one(inv, type_):
    [r] = inv.of_type(type_)
    return r


def test_an_organization_with_an_id_is_adopted_with_that_id_and_protected(inv):
    org = one(inv, "aws:organizations/organization:Organization")
    assert org.id == "o-abcdefghij" and org.protect, org.urn


def test_accounts_with_an_id_are_imported_and_the_rest_created(inv):
    accounts = {a.name: a for a in inv.of_type("aws:organizations/account:Account")}
    assert accounts["acct-prod"].id == "777777777777"
    assert accounts["acct-sandbox"].id.isdigit() and accounts["acct-sandbox"].id not in {"777777777777", "222222222222"}
    assert all(a.protect and a.inputs["closeOnDeletion"] is False for a in accounts.values())


def test_a_tag_policy_attaches_to_accounts_and_ous_by_their_ids(inv):
    tag = inv.named("tag-unit", "aws:organizations/policy:Policy")
    assert tag.inputs["type"] == "TAG_POLICY"
    assert json.loads(tag.inputs["content"]) == {"tags": {"owner": {"tag_key": {"@@assign": "owner"}}}}
    targets = {a.name: a.inputs["targetId"] for a in inv.of_type("aws:organizations/policyAttachment:PolicyAttachment")}
    assert targets["tag-unit.acct-prod"] == "777777777777"
    assert targets["tag-unit.ou-Workloads-Prod"] == inv.named("ou-Workloads-Prod", "aws:organizations/organizationalUnit:OrganizationalUnit").id


def test_delegation_uses_each_services_own_api_and_makes_a_detector_when_the_admin_has_none(inv):
    for type_ in ("aws:guardduty/organizationAdminAccount:OrganizationAdminAccount",
                  "aws:macie2/organizationAdminAccount:OrganizationAdminAccount"):
        # designated "in the current Region": once per governed region
        found = {r.inputs["region"]: r.inputs["adminAccountId"] for r in inv.of_type(type_)}
        assert found == {"eu-west-1": AUDIT, "eu-central-1": AUDIT}, type_
    (generic,) = inv.of_type("aws:organizations/delegatedAdministrator:DelegatedAdministrator")
    assert generic.inputs == {"accountId": AUDIT, "servicePrincipal": "config.amazonaws.com"}
    for name, region in (("guardduty-audit", "eu-west-1"), ("guardduty-audit-eu-central-1", "eu-central-1")):
        detector = inv.named(name, "aws:guardduty/detector:Detector")
        config = inv.named(name.replace("guardduty-", "guardduty-org-"),
                           "aws:guardduty/organizationConfiguration:OrganizationConfiguration")
        assert inv.account_of(detector) == AUDIT and detector.protect and detector.inputs["region"] == region
        assert config.inputs["detectorId"] == detector.id and inv.account_of(config) == AUDIT
        assert config.inputs["region"] == region and config.inputs["autoEnableOrganizationMembers"] == "ALL"
    assert not inv.of_type("aws:securityhub/organizationConfiguration:OrganizationConfiguration")


def test_a_trail_without_a_log_group_delivers_only_to_s3_and_logs_s3_objects_when_asked(inv):
    trail = one(inv, "aws:cloudtrail/trail:Trail")
    assert "cloudWatchLogsGroupArn" not in trail.inputs and not inv.of_type("aws:cloudwatch/logGroup:LogGroup")
    trail_component = inv.named("trail", "landfall:trail:OrganizationTrail")
    assert not [r for r in inv.of_type("aws:iam/role:Role") if r.parent == trail_component.urn]
    (selector,) = trail.inputs["eventSelectors"]
    assert selector["dataResources"] == [{"type": "AWS::S3::Object", "values": ["arn:aws:s3"]}]
