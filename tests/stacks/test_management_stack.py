"""The management stack's recorded inventory: the organization, its policies, delegation and the org trail."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from landfall.plan.scp import render
from tests.conftest import stack_values, synthesized

MANAGEMENT, LOG_ARCHIVE, AUDIT = "111111111111", "222222222222", "333333333333"


@pytest.fixture(scope="module")
def mgmt():
    return synthesized("management")


def org_config():
    return stack_values("management")["landfall:organization"]


def one(inv, type_):
    [r] = inv.of_type(type_)
    return r


def test_every_resource_uses_an_explicit_provider_of_one_of_the_three_organization_accounts(mgmt):
    accounts = Counter(mgmt.account_of(r) for r in mgmt.custom())
    assert set(accounts) == {MANAGEMENT, LOG_ARCHIVE, AUDIT}, accounts
    for r in mgmt.custom():
        assert r.provider, r.urn


def test_organization_resources_are_management_calls(mgmt):
    for r in mgmt.custom():
        if r.type.startswith("aws:organizations/") or r.type.endswith("OrganizationAdminAccount") or r.type.startswith("aws:cloudtrail/"):
            assert mgmt.account_of(r) == MANAGEMENT, f"{r.urn} is in {mgmt.account_of(r)}"


def test_the_trail_bucket_and_its_key_live_in_the_log_archive_account(mgmt):
    archive_parts = [r for r in mgmt.custom() if r.type.startswith("aws:s3/bucket") or r.name == "log-archive-keys-trail"]
    assert len(archive_parts) >= 15
    for r in archive_parts:
        assert mgmt.account_of(r) == LOG_ARCHIVE, r.urn


def test_organization_wide_security_settings_are_declared_in_the_audit_account(mgmt):
    for type_ in ("aws:guardduty/organizationConfiguration:OrganizationConfiguration",
                  "aws:securityhub/organizationConfiguration:OrganizationConfiguration"):
        for r in mgmt.of_type(type_):
            assert mgmt.account_of(r) == AUDIT, r.urn
    for region, suffix in (("eu-west-1", ""), ("eu-central-1", "-eu-central-1")):
        gd = mgmt.named(f"guardduty-org-audit{suffix}", "aws:guardduty/organizationConfiguration:OrganizationConfiguration")
        assert gd.inputs["autoEnableOrganizationMembers"] == "ALL" and gd.inputs["region"] == region, gd.urn
        audit_detector = mgmt.named(f"baseline-audit-guardduty{suffix}", "aws:guardduty/detector:Detector")
        assert gd.inputs["detectorId"] == audit_detector.id and audit_detector.inputs["region"] == region
        delegation = mgmt.named(f"delegate-guardduty{suffix}", "aws:guardduty/organizationAdminAccount:OrganizationAdminAccount")
        assert delegation.inputs == {"adminAccountId": AUDIT, "region": region}
        analyzer = mgmt.named(f"access-analyzer-org-audit{suffix}", "aws:accessanalyzer/analyzer:Analyzer")
        assert analyzer.inputs["type"] == "ORGANIZATION" and mgmt.account_of(analyzer) == AUDIT
        assert analyzer.inputs["region"] == region
    assert one(mgmt, "aws:securityhub/organizationAdminAccount:OrganizationAdminAccount").inputs["adminAccountId"] == AUDIT


def test_security_hub_is_centrally_configured_from_the_home_region_for_every_account_and_region(mgmt):
    aggregator = one(mgmt, "aws:securityhub/findingAggregator:FindingAggregator")
    assert aggregator.inputs == {"linkingMode": "SPECIFIED_REGIONS", "specifiedRegions": ["eu-central-1"], "region": "eu-west-1"}
    org = one(mgmt, "aws:securityhub/organizationConfiguration:OrganizationConfiguration")
    assert org.inputs["organizationConfiguration"] == {"configurationType": "CENTRAL"}
    assert org.inputs["autoEnable"] is False and aggregator.urn in org.dependencies
    policy = one(mgmt, "aws:securityhub/configurationPolicy:ConfigurationPolicy")
    body = policy.inputs["configurationPolicy"]
    assert body["serviceEnabled"] is True
    assert any("aws-foundational-security-best-practices" in arn for arn in body["enabledStandardArns"])
    association = one(mgmt, "aws:securityhub/configurationPolicyAssociation:ConfigurationPolicyAssociation")
    # the root: every account, existing ones too (auto-enable covers only accounts created later)
    assert association.inputs["targetId"] == mgmt.outputs["root_id"] and association.inputs["policyId"] == policy.id
    for r in (aggregator, org, policy, association):
        assert mgmt.account_of(r) == AUDIT, r.urn


def test_services_with_their_own_admin_api_are_not_also_registered_through_organizations(mgmt):
    principals = {d.inputs["servicePrincipal"] for d in mgmt.of_type("aws:organizations/delegatedAdministrator:DelegatedAdministrator")}
    assert principals == {"access-analyzer.amazonaws.com", "config.amazonaws.com"}


def test_the_organization_enables_scps_tag_policies_and_trusted_access_for_the_trail(mgmt):
    org = one(mgmt, "aws:organizations/organization:Organization")
    assert org.inputs["featureSet"] == "ALL"
    assert set(org.inputs["enabledPolicyTypes"]) == {"SERVICE_CONTROL_POLICY", "TAG_POLICY", "AISERVICES_OPT_OUT_POLICY", "DECLARATIVE_POLICY_EC2", "RESOURCE_CONTROL_POLICY", "BACKUP_POLICY"}
    assert {"cloudtrail.amazonaws.com", "guardduty.amazonaws.com", "securityhub.amazonaws.com", "backup.amazonaws.com"} <= set(org.inputs["awsServiceAccessPrincipals"])


def test_the_ou_tree_follows_config_with_parents_by_reference(mgmt):
    ous = {o.name: o for o in mgmt.of_type("aws:organizations/organizationalUnit:OrganizationalUnit")}
    assert set(ous) == {"ou-Security", "ou-Infrastructure", "ou-Workloads", "ou-Workloads-Prod", "ou-Workloads-NonProd",
                        "ou-Sandbox", "ou-Suspended"}
    assert ous["ou-Workloads-Prod"].inputs["parentId"] == ous["ou-Workloads"].id
    assert ous["ou-Security"].inputs["parentId"] == mgmt.outputs["root_id"]


def test_member_accounts_are_adopted_by_id_or_created_and_never_closed_on_deletion(mgmt):
    config = org_config()["accounts"]
    accounts = {a.name.removeprefix("acct-"): a for a in mgmt.of_type("aws:organizations/account:Account")}
    assert set(accounts) == set(config)
    for key, account in accounts.items():
        assert account.inputs["closeOnDeletion"] is False, account.urn
        assert account.inputs["email"] == config[key]["email"] and account.inputs["roleName"] == "OrganizationAccountAccessRole"
        if "id" in config[key]:
            assert account.id == config[key]["id"], f"{account.urn} was not imported with its id"
        else:
            assert account.id not in {c.get("id") for c in config.values()}, account.urn
    ous = {o.id: o.name for o in mgmt.of_type("aws:organizations/organizationalUnit:OrganizationalUnit")}
    assert ous[accounts["prod"].inputs["parentId"]] == "ou-Workloads-Prod"


def test_stateful_governance_resources_are_protected(mgmt):
    protected_types = ("aws:organizations/organization:Organization", "aws:organizations/organizationalUnit:OrganizationalUnit",
                       "aws:organizations/account:Account", "aws:s3/bucket:Bucket", "aws:kms/key:Key",
                       "aws:cloudtrail/trail:Trail", "aws:guardduty/detector:Detector")
    for type_ in protected_types:
        resources = mgmt.of_type(type_)
        assert resources, type_
        for r in resources:
            assert r.protect, f"{r.urn} is not protected"
    for bucket in mgmt.of_type("aws:s3/bucket:Bucket"):
        assert bucket.retain_on_delete and bucket.inputs["forceDestroy"] is False, bucket.urn


def test_only_attached_scps_are_created_each_rendered_within_the_quota(mgmt):
    org = org_config()
    attached = {name for names in org["scps"].values() for name in names}
    policies = {p.name.removeprefix("scp-"): p for p in mgmt.of_type("aws:organizations/policy:Policy") if p.inputs["type"] == "SERVICE_CONTROL_POLICY"}
    assert set(policies) == attached
    limit = org["quotas"]["scp_max_characters"]
    for policy in policies.values():
        content = policy.inputs["content"]
        assert len(content) <= limit, f"{policy.urn} has {len(content)} characters"
        assert content == json.dumps(json.loads(content), separators=(",", ":")), f"{policy.urn} is not minified"


def test_no_target_carries_more_scps_than_fit_beside_full_aws_access(mgmt):
    per_target = Counter(a.inputs["targetId"] for a in mgmt.of_type("aws:organizations/policyAttachment:PolicyAttachment")
                         if a.name.startswith("scp-"))
    limit = org_config()["quotas"]["scps_per_target"] - 1
    assert per_target and max(per_target.values()) <= limit, per_target


def test_the_region_deny_exempts_global_services_and_names_the_allowed_regions(mgmt):
    policy = mgmt.named("scp-region-allow-list", "aws:organizations/policy:Policy")
    doc = json.loads(policy.inputs["content"])
    (deny,) = [s for s in doc["Statement"] if s["Effect"] == "Deny" and "NotAction" in s]
    not_actions = set(deny["NotAction"])
    assert {"iam:*", "organizations:*", "sts:*", "route53:*", "cloudfront:*", "support:*"} <= not_actions
    assert set(deny["Condition"]["StringNotEquals"]["aws:RequestedRegion"]) == {"eu-west-1", "eu-central-1"}


def test_the_suspended_ou_denies_everything_and_the_root_denies_leaving(mgmt):
    attachments = {a.name for a in mgmt.of_type("aws:organizations/policyAttachment:PolicyAttachment")}
    assert {"scp-deny-all.ou-Suspended", "scp-deny-leave-organization.root", "tag-management.root"} <= attachments


def test_the_rendered_scps_match_the_library_rendering_for_this_stack(mgmt):
    from landfall.config.loader import load_stack_file
    from landfall.offline.synth import ROOT

    config = load_stack_file("management", ROOT)
    params = config.organization.scp_parameters_for(config.context)
    for name in ("deny-root-user", "protect-security-services"):
        assert mgmt.named(f"scp-{name}", "aws:organizations/policy:Policy").inputs["content"] == render(name, params).document_json


def test_the_org_trail_is_multi_region_validated_kms_encrypted_and_delivers_to_cloudwatch(mgmt):
    trail = one(mgmt, "aws:cloudtrail/trail:Trail")
    i = trail.inputs
    assert (i["isOrganizationTrail"], i["isMultiRegionTrail"], i["enableLogFileValidation"], i["includeGlobalServiceEvents"]) == (True,) * 4
    key = mgmt.named("log-archive-keys-trail", "aws:kms/key:Key")
    assert i["kmsKeyId"] == mgmt.outputs["trail_key_arn"] and mgmt.account_of(key) == LOG_ARCHIVE
    assert i["s3BucketName"] == mgmt.outputs["trail_bucket"]
    group = one(mgmt, "aws:cloudwatch/logGroup:LogGroup")
    assert i["cloudWatchLogsGroupArn"].startswith(f"arn:aws:logs:eu-west-1:{MANAGEMENT}:log-group:/landfall/cloudtrail/")
    assert group.inputs["retentionInDays"] == 90 and group.inputs["kmsKeyId"].startswith(f"arn:aws:kms:eu-west-1:{MANAGEMENT}:")
    bucket_policy = mgmt.named("log-archive-trail", "aws:s3/bucketPolicy:BucketPolicy")
    assert bucket_policy.urn in trail.dependencies, "CloudTrail checks the bucket policy when the trail is created"


def test_the_trail_key_lets_only_the_management_accounts_trails_encrypt(mgmt):
    key = mgmt.named("log-archive-keys-trail", "aws:kms/key:Key")
    policy = json.loads(key.inputs["policy"])
    assert key.inputs["enableKeyRotation"] is True and key.inputs["deletionWindowInDays"] == 30
    for statement in policy["Statement"]:
        assert statement["Principal"] != "*" and statement["Principal"] != {"AWS": "*"}, statement["Sid"]
    encrypt = next(s for s in policy["Statement"] if s["Sid"] == "CloudTrailEncrypt")
    assert encrypt["Condition"]["StringLike"]["kms:EncryptionContext:aws:cloudtrail:arn"] == [f"arn:aws:cloudtrail:*:{MANAGEMENT}:trail/*"]


def test_the_trail_bucket_is_private_versioned_kms_encrypted_tls_only_and_ages_out_logs(mgmt):
    bucket = mgmt.named("log-archive-trail", "aws:s3/bucket:Bucket")
    of_bucket = {r.type: r for r in mgmt.resources if r.inputs.get("bucket") == bucket.id and r.type != bucket.type}
    block = of_bucket["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"].inputs
    assert all(block[k] is True for k in ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"))
    assert of_bucket["aws:s3/bucketOwnershipControls:BucketOwnershipControls"].inputs["rule"]["objectOwnership"] == "BucketOwnerEnforced"
    assert of_bucket["aws:s3/bucketVersioning:BucketVersioning"].inputs["versioningConfiguration"]["status"] == "Enabled"
    sse = of_bucket["aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"].inputs["rules"][0]
    assert sse["applyServerSideEncryptionByDefault"] == {"sseAlgorithm": "aws:kms", "kmsMasterKeyId": mgmt.outputs["trail_key_arn"]}
    (rule,) = of_bucket["aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"].inputs["rules"]
    assert rule["expiration"]["days"] == org_config()["trail"]["retention_days"]
    logging = of_bucket["aws:s3/bucketLogging:BucketLogging"].inputs
    assert logging["targetBucket"] == mgmt.named("log-archive-access-logs", "aws:s3/bucket:Bucket").id
    policy = json.loads(of_bucket["aws:s3/bucketPolicy:BucketPolicy"].inputs["policy"])
    sids = {s["Sid"] for s in policy["Statement"]}
    assert {"DenyInsecureTransport", "CloudTrailAclCheck", "CloudTrailWrite"} == sids
    write = next(s for s in policy["Statement"] if s["Sid"] == "CloudTrailWrite")
    assert f"AWSLogs/{mgmt.outputs['organization_id']}/*" in write["Resource"][1]


def test_management_log_archive_and_audit_accounts_get_the_baseline(mgmt):
    for account in ("management", "log-archive", "audit"):
        block = mgmt.named(f"baseline-{account}-s3-public-access", "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock")
        assert mgmt.account_of(block) == {"management": MANAGEMENT, "log-archive": LOG_ARCHIVE, "audit": AUDIT}[account]


def test_every_account_of_the_organization_may_deliver_config_items_into_its_own_prefix(mgmt):
    policy = json.loads(mgmt.named("log-archive-config", "aws:s3/bucketPolicy:BucketPolicy").inputs["policy"])
    delivering = {s["Sid"].removeprefix("ConfigDelivery") for s in policy["Statement"] if s["Sid"].startswith("ConfigDelivery")}
    accounts = {a.id for a in mgmt.of_type("aws:organizations/account:Account")} | {MANAGEMENT}
    assert delivering == accounts
    assert mgmt.outputs["config_bucket"] == "landfall-config-222222222222-eu-west-1"


def test_each_baselined_account_records_with_config_into_the_log_archive_and_audit_aggregates(mgmt):
    for account, account_id in (("management", MANAGEMENT), ("log-archive", LOG_ARCHIVE), ("audit", AUDIT)):
        channel = mgmt.named(f"baseline-{account}-config", "aws:cfg/deliveryChannel:DeliveryChannel")
        assert channel.inputs["s3BucketName"] == mgmt.outputs["config_bucket"] and mgmt.account_of(channel) == account_id
        bucket_policy = mgmt.named("log-archive-config", "aws:s3/bucketPolicy:BucketPolicy")
        assert bucket_policy.urn in channel.dependencies, "Config checks the bucket policy when the channel is created"
    aggregator = one(mgmt, "aws:cfg/configurationAggregator:ConfigurationAggregator")
    assert mgmt.account_of(aggregator) == AUDIT
    assert aggregator.inputs["organizationAggregationSource"]["allRegions"] is True


def test_ci_reaches_aws_through_github_oidc_for_the_deploy_environments_only(mgmt):
    import json

    oidc = one(mgmt, "aws:iam/openIdConnectProvider:OpenIdConnectProvider")
    assert oidc.inputs["url"] == "https://token.actions.githubusercontent.com"
    assert oidc.inputs["clientIdLists"] == ["sts.amazonaws.com"]
    role = mgmt.named("ci-role", "aws:iam/role:Role")
    assert role.inputs["name"] == "landfall-ci" and mgmt.account_of(role) == "111111111111"
    (statement,) = json.loads(role.inputs["assumeRolePolicy"])["Statement"]
    subjects = statement["Condition"]["ForAnyValue:StringEquals"]["token.actions.githubusercontent.com:sub"]
    assert "repo:example-org/landfall:environment:prod" in subjects
    assert not [s for s in subjects if "*" in s or "pull_request" in s or ":ref:" in s]
    policy = json.loads(mgmt.named("ci-role", "aws:iam/rolePolicy:RolePolicy").inputs["policy"])
    (allow,) = policy["Statement"]
    assert allow["Resource"] == "arn:aws:iam::*:role/landfall-deploy"
    assert allow["Condition"]["StringEquals"]["aws:ResourceOrgID"] == mgmt.outputs["organization_id"]
    assert mgmt.outputs["ci_role_arn"] == role.state["arn"]


@pytest.mark.parametrize("stack", ["management", "network", "dev", "staging", "prod", "baseline-sandbox"])
def test_every_baselined_account_has_a_deploy_role_trusted_by_the_ci_role_alone(stack):
    import json

    from tests.conftest import synthesized

    inv = synthesized(stack)
    roles = [r for r in inv.of_type("aws:iam/role:Role") if r.inputs.get("name") == "landfall-deploy"]
    baselined = {inv.config.accounts[a].id or inv.outputs.get("account_id")
                 for a in inv.config.baseline.account_names(inv.config.context)}
    assert {inv.account_of(r) for r in roles} == baselined, stack
    for role in roles:
        (statement,) = json.loads(role.inputs["assumeRolePolicy"])["Statement"]
        assert statement["Principal"] == {"AWS": "arn:aws:iam::111111111111:role/landfall-ci"}, role.urn


def test_ci_preview_role_trusts_only_the_preview_environments_and_reaches_only_landfall_preview(mgmt):
    from landfall.config.ci import CiConfig

    [role] = [r for r in mgmt.of_type("aws:iam/role:Role") if r.name == "ci-preview-role"]
    assert role.inputs["name"] == "landfall-ci-preview", role.urn
    trust = json.loads(role.inputs["assumeRolePolicy"])
    subjects = trust["Statement"][0]["Condition"]["ForAnyValue:StringEquals"]["token.actions.githubusercontent.com:sub"]
    assert subjects and all(s.split(":environment:")[1] in CiConfig.model_fields["preview_environments"].default_factory() for s in subjects), role.urn
    [policy] = [r for r in mgmt.of_type("aws:iam/rolePolicy:RolePolicy") if r.name == "ci-preview-role"]
    [statement] = json.loads(policy.inputs["policy"])["Statement"]
    assert statement["Resource"].endswith(":role/landfall-preview"), policy.urn
    [deploy] = [r for r in mgmt.of_type("aws:iam/rolePolicy:RolePolicy") if r.name == "ci-role"]
    assert json.loads(deploy.inputs["policy"])["Statement"][0]["Resource"].endswith(":role/landfall-deploy"), deploy.urn


def test_every_baselined_account_gets_a_read_only_preview_role_trusted_by_ci_preview(mgmt):
    roles = [r for r in mgmt.of_type("aws:iam/role:Role") if r.inputs.get("name") == "landfall-preview"]
    assert len(roles) == len([r for r in mgmt.of_type("aws:iam/role:Role") if r.inputs.get("name") == "landfall-deploy"]) > 0
    for role in roles:
        principal = json.loads(role.inputs["assumeRolePolicy"])["Statement"][0]["Principal"]["AWS"]
        assert principal.endswith(":role/landfall-ci-preview"), role.urn
    attachments = [r for r in mgmt.of_type("aws:iam/rolePolicyAttachment:RolePolicyAttachment") if r.name.endswith("-preview-role")]
    assert {a.inputs["policyArn"] for a in attachments} == {"arn:aws:iam::aws:policy/ReadOnlyAccess"}


def test_the_root_carries_the_ai_opt_out_and_ec2_declarative_policies_with_their_types_enabled(mgmt):
    policies = {r.name: r for r in mgmt.of_type("aws:organizations/policy:Policy")}
    assert policies["ai-opt-out"].inputs["type"] == "AISERVICES_OPT_OUT_POLICY", policies["ai-opt-out"].urn
    ec2 = policies["ec2-declarative"]
    assert ec2.inputs["type"] == "DECLARATIVE_POLICY_EC2", ec2.urn
    assert json.loads(ec2.inputs["content"])["ec2_attributes"]["instance_metadata_defaults"]["http_tokens"] == {"@@assign": "required"}
    attachments = {r.name: r for r in mgmt.of_type("aws:organizations/policyAttachment:PolicyAttachment")}
    [org] = mgmt.of_type("aws:organizations/organization:Organization")
    for key in ("ai-opt-out", "ec2-declarative"):
        assert attachments[f"{key}.root"].inputs["targetId"] == org.state["roots"][0]["id"], attachments[f"{key}.root"].urn
    assert {"AISERVICES_OPT_OUT_POLICY", "DECLARATIVE_POLICY_EC2"} <= set(org.inputs["enabledPolicyTypes"]), org.urn


def test_ous_with_an_id_are_imported_and_the_others_created_under_the_same_logical_names(mgmt):
    ous = {r.name: r for r in mgmt.of_type("aws:organizations/organizationalUnit:OrganizationalUnit")}
    ids = {name: r.import_id for name, r in ous.items() if r.import_id}
    assert ids == {"ou-Security": "ou-a1b2-c3d4e5f6", "ou-Workloads": "ou-a1b2-f7e8d9c0"}, sorted(ous)
    assert all(r.op == "create" for name, r in ous.items() if name not in ids)


def test_the_data_perimeter_rcp_is_attached_to_the_root_with_the_organizations_id(mgmt):
    [policy] = [r for r in mgmt.of_type("aws:organizations/policy:Policy") if r.name == "data-perimeter"]
    assert policy.inputs["type"] == "RESOURCE_CONTROL_POLICY", policy.urn
    content = json.loads(policy.inputs["content"])
    assert content["Statement"][0]["Condition"]["StringNotEqualsIfExists"]["aws:PrincipalOrgID"] == "o-a1b2c3d4e5", policy.urn
    assert len(policy.inputs["content"]) <= 5120
    attachments = [r for r in mgmt.of_type("aws:organizations/policyAttachment:PolicyAttachment") if r.name == "data-perimeter.root"]
    assert len(attachments) == 1
