"""The account baseline: S3.1, EC2.7, CIS 1.8/1.9, GuardDuty.1, Access Analyzer and Account.1, per account."""

from __future__ import annotations

import copy
import json

import pytest

from components.baseline import AccountBaseline, AccountBaselineArgs
from landfall.config.baseline import BaselineConfig
from landfall.config.errors import ConfigError
from landfall.config.loader import load_stack_file, parse
from landfall.offline.synth import stack_names
from landfall.plan.regions import GovernedRegions
from tests.conftest import WORKLOAD_STACKS, record, stack_values, synthesized, unit_provider

DATA_KEY = "arn:aws:kms:eu-west-1:123456789012:key/data"
CONTACT = {"name": "Security Operations", "email": "security@example.com", "phone": "+44 20 7946 0000"}
BASELINE_TYPES = {
    "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock",
    "aws:ebs/encryptionByDefault:EncryptionByDefault",
    "aws:ebs/defaultKmsKey:DefaultKmsKey",
    "aws:iam/accountPasswordPolicy:AccountPasswordPolicy",
    "aws:guardduty/detector:Detector",
    "aws:accessanalyzer/analyzer:Analyzer",
    "aws:account/alternativeContact:AlternativeContact",
    "aws:iam/serviceLinkedRole:ServiceLinkedRole",
    "aws:cfg/recorder:Recorder",
    "aws:cfg/deliveryChannel:DeliveryChannel",
    "aws:cfg/recorderStatus:RecorderStatus",
    "aws:backup/regionSettings:RegionSettings",
    "aws:backup/vault:Vault",
    "aws:iam/role:Role",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
}


CONFIG_BUCKET = "landfall-config-222222222222-eu-west-1"


HOME_ONLY = GovernedRegions("eu-west-1")
THREE_REGIONS = GovernedRegions("eu-west-1", ["eu-central-1", "us-east-1", "eu-west-1"])


def build(config: dict | None = None, protect: bool = False, regions: GovernedRegions = HOME_ONLY):
    config = copy.deepcopy(config or {})
    config.setdefault("config_recorder", {}).setdefault("delivery_bucket", CONFIG_BUCKET)
    cfg = BaselineConfig.model_validate(config)

    def program():
        AccountBaseline("baseline-unit", AccountBaselineArgs(cfg, "test", DATA_KEY, regions, protect=protect,
                                                               account_id="123456789012"),
                        unit_provider())

    return record(program)


def one(inv, type_):
    [r] = inv.of_type(type_)
    return r


@pytest.fixture(scope="module")
def defaults():
    return build({"security_contact": CONTACT})


def test_s3_block_public_access_sets_all_four_flags(defaults):
    block = one(defaults, "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock")
    for flag in ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"):
        assert block.inputs[flag] is True, (block.urn, flag)
    assert "accountId" not in block.inputs  # the provider's own account


def test_ebs_encryption_is_on_by_default_with_the_data_key(defaults):
    assert one(defaults, "aws:ebs/encryptionByDefault:EncryptionByDefault").inputs["enabled"] is True
    assert one(defaults, "aws:ebs/defaultKmsKey:DefaultKmsKey").inputs["keyArn"] == DATA_KEY


def test_the_password_policy_meets_cis(defaults):
    policy = one(defaults, "aws:iam/accountPasswordPolicy:AccountPasswordPolicy").inputs
    assert policy["minimumPasswordLength"] >= 14 and policy["passwordReusePrevention"] == 24 and policy["maxPasswordAge"] == 90
    for flag in ("requireUppercaseCharacters", "requireLowercaseCharacters", "requireNumbers", "requireSymbols"):
        assert policy[flag] is True, flag
    assert policy["hardExpiry"] is False


def test_guardduty_is_enabled_with_fast_finding_publication(defaults):
    detector = one(defaults, "aws:guardduty/detector:Detector")
    assert detector.inputs["enable"] is True and detector.inputs["findingPublishingFrequency"] == "FIFTEEN_MINUTES"
    assert len(detector.id) == 32


def test_an_account_analyzer_and_the_security_contact_exist(defaults):
    assert one(defaults, "aws:accessanalyzer/analyzer:Analyzer").inputs["type"] == "ACCOUNT"
    contact = one(defaults, "aws:account/alternativeContact:AlternativeContact").inputs
    assert contact["alternateContactType"] == "SECURITY" and contact["emailAddress"] == "security@example.com"
    assert "accountId" not in contact


def test_every_setting_is_a_child_of_the_baseline_with_the_accounts_provider(defaults):
    component = defaults.named("baseline-unit", "landfall:baseline:AccountBaseline")
    assert {r.type for r in defaults.custom()} == BASELINE_TYPES
    for r in defaults.custom():
        assert r.parent == component.urn and r.provider.startswith("urn:pulumi:unit::landfall::pulumi:providers:aws::aws-unit::"), r.urn
    outputs = defaults.component_outputs[component.urn]
    assert outputs["guardduty_detector_ids"] == {"eu-west-1": one(defaults, "aws:guardduty/detector:Detector").id}
    assert outputs["ebs_default_key_arns"] == {"eu-west-1": DATA_KEY}
    assert outputs["regions"] == ["eu-west-1"]


def test_backup_readiness_opts_the_services_in_and_creates_the_vault_and_role_the_backup_policy_names(defaults):
    settings = one(defaults, "aws:backup/regionSettings:RegionSettings").inputs
    assert settings["resourceTypeOptInPreference"]["DynamoDB"] is True and settings["resourceTypeOptInPreference"]["Aurora"] is True
    assert settings["resourceTypeManagementPreference"] == {"DynamoDB": True, "EFS": True}  # advanced DynamoDB backup
    vault = one(defaults, "aws:backup/vault:Vault")
    assert vault.inputs["name"] == "landfall-org" and vault.inputs["kmsKeyArn"] == DATA_KEY, vault.urn
    role = one(defaults, "aws:iam/role:Role")
    assert role.inputs["name"] == "landfall-backup", role.urn
    trust = json.loads(role.inputs["assumeRolePolicy"])["Statement"][0]
    assert trust["Principal"] == {"Service": "backup.amazonaws.com"} and trust["Condition"]["StringEquals"]["aws:SourceAccount"]
    attached = {a.inputs["policyArn"].rsplit("/", 1)[1] for a in defaults.of_type("aws:iam/rolePolicyAttachment:RolePolicyAttachment")}
    assert attached == {"AWSBackupServiceRolePolicyForBackup", "AWSBackupServiceRolePolicyForRestores"}


def test_without_a_contact_there_is_no_alternate_contact_and_settings_can_be_turned_off():
    assert build().of_type("aws:account/alternativeContact:AlternativeContact") == []
    inv = build({"s3_block_public_access": False, "ebs_encryption": False, "password_policy": None, "guardduty": {"detector": "off"}, "access_analyzer": False,
                 "config_recorder": {"enabled": False}, "backup": False})
    assert inv.custom() == []


def test_production_protects_the_detector():
    assert one(build(protect=True), "aws:guardduty/detector:Detector").protect


def test_a_detector_the_delegated_administrator_created_is_adopted_not_created(monkeypatch):
    from landfall.offline.recorder import RecordingMonitor

    seen = {}
    register = RecordingMonitor.RegisterResource

    def spy(self, request):
        seen[request.name] = (request.importId, list(request.ignoreChanges))
        return register(self, request)

    monkeypatch.setattr(RecordingMonitor, "RegisterResource", spy)
    build({"guardduty": {"detector": "adopt", "existing_detector_id": "0123456789abcdef0123456789abcdef"}})
    assert seen["baseline-unit-guardduty"] == ("0123456789abcdef0123456789abcdef", ["findingPublishingFrequency"])
    seen.clear()
    build()
    assert seen["baseline-unit-guardduty"] == ("", [])


@pytest.mark.parametrize("stack", WORKLOAD_STACKS)
def test_each_workload_account_gets_the_full_baseline_through_its_own_provider(stack):
    inv = synthesized(stack)
    account, home = inv.config.account().id, inv.config.stack.region
    # The home region's settings (the other governed regions are covered by the regional tests below).
    found = {r.type: r for r in inv.custom() if r.type in BASELINE_TYPES and r.inputs.get("region", home) == home}
    # The organization's GuardDuty administrator (management stack) creates and enrolls member detectors.
    assert inv.config.baseline.guardduty.detector.value == "organization"
    assert set(found) == BASELINE_TYPES - {"aws:guardduty/detector:Detector"}, stack
    for r in found.values():
        assert inv.account_of(r) == account, r.urn
    data_key = next(k for k in inv.of_type("aws:kms/key:Key") if k.name.endswith("-data") and inv.account_of(k) == account)
    assert found["aws:ebs/defaultKmsKey:DefaultKmsKey"].inputs["keyArn"] == data_key.state["arn"]
    assert found["aws:ebs/encryptionByDefault:EncryptionByDefault"].inputs["enabled"] is True
    assert all(found["aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock"].inputs[f] is True
               for f in ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"))



def test_no_account_is_baselined_by_two_stacks():
    """Account-level settings are singletons: two stacks managing one account's password policy would fight."""
    owners: dict[str, str] = {}
    for stack in ("network", *WORKLOAD_STACKS):
        config = synthesized(stack).config
        for name in config.baseline.account_names(config.context):
            account = config.accounts[name].id
            assert account not in owners, f"{stack} and {owners.get(account)} both baseline {account}"
            owners[account] = stack
    assert set(owners) == {"444444444444", "555555555555", "666666666666", "777777777777"}
    assert "network" in stack_names()


@pytest.mark.parametrize(
    "baseline, path",
    [
        ({"password_policy": {"minimum_length": 8}}, "landfall:baseline.password_policy.minimum_length"),
        ({"password_policy": {"reuse_prevention": 25}}, "landfall:baseline.password_policy.reuse_prevention"),
        ({"password_policy": {"max_age_days": 0}}, "landfall:baseline.password_policy.max_age_days"),
        ({"security_contact": {**CONTACT, "email": "security"}}, "landfall:baseline.security_contact.email"),
        ({"security_contact": {**CONTACT, "phone": "call us"}}, "landfall:baseline.security_contact.phone"),
        ({"security_contact": {**CONTACT, "name": "n" * 65}}, "landfall:baseline.security_contact.name"),
        ({"security_contact": {**CONTACT, "title": "t" * 51}}, "landfall:baseline.security_contact.title"),
        ({"security_contact": {**CONTACT, "email": "e" * 250 + "@x.io"}}, "landfall:baseline.security_contact.email"),
        ({"guardduty": {"detector": "adopt", "existing_detector_id": "abc"}}, "landfall:baseline.guardduty.existing_detector_id"),
        ({"guardduty": {"detector": "adopt"}}, "landfall:baseline.guardduty.existing_detector_id"),
        ({"guardduty": {"existing_detector_id": "0123456789abcdef0123456789abcdef"}}, "landfall:baseline.guardduty.existing_detector_id"),
        ({"accounts": ["dev", "dev"]}, "landfall:baseline.accounts"),
        ({"guardduty": {"finding_publishing_frequency": "DAILY"}}, "landfall:baseline.guardduty.finding_publishing_frequency"),
    ],
)
def test_bad_baseline_settings_name_their_key_path(baseline, path):
    config = {k: v for k, v in copy.deepcopy(stack_values("dev")).items() if k.startswith("landfall:")}
    config["landfall:baseline"] = {**baseline, "config_recorder": {"delivery_bucket": CONFIG_BUCKET},
                                   "guardduty": {"detector": "organization", **baseline.get("guardduty", {})}}
    with pytest.raises(ConfigError) as caught:
        parse("dev", config)
    assert caught.value.paths == (path,)


def test_a_member_left_to_the_organization_declares_no_detector():
    assert build({"guardduty": {"detector": "organization"}}).of_type("aws:guardduty/detector:Detector") == []


def test_leaving_the_detector_to_an_organization_that_delegates_no_guardduty_is_an_error(project_copy):
    management = stack_values("management")
    del management["landfall:organization"]["delegated_admins"]["guardduty"]
    project = project_copy({"management": management})
    with pytest.raises(ConfigError) as caught:
        load_stack_file("dev", project)
    assert caught.value.paths == ("landfall:baseline.guardduty.detector",)
    assert "delegated_admins.guardduty" in caught.value.render()


def test_the_config_recorder_records_everything_with_the_service_linked_role_and_delivers_before_it_starts(defaults):
    role = one(defaults, "aws:iam/serviceLinkedRole:ServiceLinkedRole")
    recorder = one(defaults, "aws:cfg/recorder:Recorder")
    channel = one(defaults, "aws:cfg/deliveryChannel:DeliveryChannel")
    status = one(defaults, "aws:cfg/recorderStatus:RecorderStatus")
    assert role.inputs == {"awsServiceName": "config.amazonaws.com"}
    assert recorder.inputs["roleArn"] == "arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"
    assert recorder.inputs["recordingGroup"] == {"allSupported": True, "includeGlobalResourceTypes": True}
    assert channel.inputs["s3BucketName"] == CONFIG_BUCKET and recorder.urn in channel.dependencies
    assert status.inputs == {"name": "default", "isEnabled": True, "region": "eu-west-1"} and channel.urn in status.dependencies


def test_an_existing_service_linked_role_is_referenced_not_created():
    inv = build({"config_recorder": {"service_linked_role": "existing"}})
    assert inv.of_type("aws:iam/serviceLinkedRole:ServiceLinkedRole") == []
    assert one(inv, "aws:cfg/recorder:Recorder").inputs["roleArn"].endswith(":role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig")


@pytest.mark.parametrize("recorder, message", [
    ({}, "is required"),
    ({"delivery_bucket": "Not_A_Bucket"}, "is not an S3 bucket name"),
    ({"delivery_bucket": "landfall-config-999999999999-eu-west-1"}, "is not the Config bucket Pulumi.management.yaml creates"),
])
def test_a_member_stack_must_name_the_organizations_config_bucket(recorder, message):
    config = {k: v for k, v in copy.deepcopy(stack_values("dev")).items() if k.startswith("landfall:")}
    config["landfall:baseline"]["config_recorder"] = recorder
    with pytest.raises(ConfigError) as caught:
        parse("dev", config)
    assert caught.value.paths == ("landfall:baseline.config_recorder.delivery_bucket",)
    assert message in caught.value.render()


GLOBAL_TYPES = {
    "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock",
    "aws:iam/accountPasswordPolicy:AccountPasswordPolicy",
    "aws:account/alternativeContact:AlternativeContact",
    "aws:iam/serviceLinkedRole:ServiceLinkedRole",
}
# Global, and declared more than once (one role, its two managed policies).
GLOBAL_MANY_TYPES = {"aws:iam/role:Role", "aws:iam/rolePolicyAttachment:RolePolicyAttachment"}


@pytest.fixture(scope="module")
def three_regions():
    return build({"security_contact": CONTACT}, regions=THREE_REGIONS)


def test_every_regional_setting_is_declared_once_per_governed_region_through_the_region_input(three_regions):
    for type_ in BASELINE_TYPES - GLOBAL_TYPES - GLOBAL_MANY_TYPES:
        regions = sorted(r.inputs.get("region") for r in three_regions.of_type(type_))
        assert regions == ["eu-central-1", "eu-west-1", "us-east-1"], (type_, [r.urn for r in three_regions.of_type(type_)])
    for type_ in GLOBAL_TYPES:
        [resource] = three_regions.of_type(type_)
        assert "region" not in resource.inputs, resource.urn
    for type_ in GLOBAL_MANY_TYPES:
        assert all("region" not in r.inputs for r in three_regions.of_type(type_)), type_
    # one provider for every region
    assert len({r.provider for r in three_regions.custom()}) == 1


def test_global_resource_types_are_recorded_in_the_home_region_only(three_regions):
    recorders = {r.inputs["region"]: r.inputs["recordingGroup"] for r in three_regions.of_type("aws:cfg/recorder:Recorder")}
    assert recorders["eu-west-1"]["includeGlobalResourceTypes"] is True
    assert recorders["eu-central-1"]["includeGlobalResourceTypes"] is False
    assert recorders["us-east-1"]["includeGlobalResourceTypes"] is False
    assert all(g["allSupported"] is True for g in recorders.values())


def test_each_other_region_encrypts_ebs_with_a_key_of_its_own_region(three_regions):
    keys = {r.inputs["region"]: r for r in three_regions.of_type("aws:kms/key:Key")}
    assert sorted(keys) == ["eu-central-1", "us-east-1"]  # the home region uses the stack's data key
    defaults = {r.inputs["region"]: r.inputs["keyArn"] for r in three_regions.of_type("aws:ebs/defaultKmsKey:DefaultKmsKey")}
    assert defaults["eu-west-1"] == DATA_KEY
    for region, key in keys.items():
        assert defaults[region] == key.state["arn"] and f":{region}:" in defaults[region], key.urn
        assert key.inputs["enableKeyRotation"] is True, key.urn
        assert f".{region}.amazonaws.com" in key.inputs["policy"], key.urn  # ViaService scoped to that region


def test_adding_regions_renames_and_changes_nothing_in_the_home_region(defaults, three_regions):
    before = {(r.type, r.name): r.inputs for r in defaults.custom()}
    after = {(r.type, r.name): r.inputs for r in three_regions.custom()}
    for key, inputs in before.items():
        assert key in after, f"{key} was renamed when regions were added"
        assert after[key] == inputs, key
    added = set(after) - set(before)
    assert added and all(name.endswith(("-eu-central-1", "-us-east-1")) for _, name in added), sorted(added)


def test_an_adopted_detector_in_another_region_is_imported_by_its_own_id(monkeypatch):
    from landfall.offline.recorder import RecordingMonitor

    seen = {}
    register = RecordingMonitor.RegisterResource

    def spy(self, request):
        seen[request.name] = request.importId
        return register(self, request)

    monkeypatch.setattr(RecordingMonitor, "RegisterResource", spy)
    build({"guardduty": {"detector": "adopt", "existing_detector_id": "0" * 32,
                         "existing_detector_ids": {"us-east-1": "1" * 32}}}, regions=THREE_REGIONS)
    assert seen["baseline-unit-guardduty"] == "0" * 32
    assert seen["baseline-unit-guardduty-us-east-1"] == "1" * 32
    assert seen["baseline-unit-guardduty-eu-central-1"] == ""  # no id given: created


@pytest.mark.parametrize("stack", WORKLOAD_STACKS)
def test_each_workload_account_is_baselined_in_every_governed_region(stack):
    inv = synthesized(stack)
    governed = set(inv.config.governed_regions().regions)
    assert governed == {"eu-west-1", "eu-central-1"}  # the SCP region allow-list of Pulumi.management.yaml
    for type_ in ("aws:cfg/recorder:Recorder", "aws:ebs/encryptionByDefault:EncryptionByDefault",
                  "aws:ebs/defaultKmsKey:DefaultKmsKey", "aws:accessanalyzer/analyzer:Analyzer"):
        assert {r.inputs.get("region") for r in inv.of_type(type_)} == governed, (stack, type_)
