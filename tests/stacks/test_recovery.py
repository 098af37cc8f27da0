"""AWS Backup as the stacks declare it: each workload stack's plans select its tables by tag, production
vaults are locked, prod copies to the DR Region and the central vault; the management stack attaches the
backup policy floor and holds the central vault in the log archive."""

from __future__ import annotations

import json

import pytest

from tests.conftest import synthesized

TAG = "landfall:backup-plan"
MANAGEMENT_ID, LOG_ARCHIVE_ID, PROD_ID = "111111111111", "222222222222", "777777777777"
CENTRAL_VAULT_ARN = f"arn:aws:backup:eu-west-1:{LOG_ARCHIVE_ID}:backup-vault:landfall-central"


@pytest.fixture(scope="module")
def prod():
    return synthesized("prod")


@pytest.fixture(scope="module")
def dev():
    return synthesized("dev")


@pytest.fixture(scope="module")
def mgmt():
    return synthesized("management")


def backup_children(inv):
    component = inv.named("backup", "landfall:recovery:WorkloadBackup")
    return component, inv.children(component)


def test_every_table_carries_the_plan_that_a_selection_of_the_stack_picks(workload):
    selected = {s.inputs["selectionTags"][0]["value"] for s in workload.of_type("aws:backup/selection:Selection")}
    tables = workload.of_type("aws:dynamodb/table:Table")
    assert tables
    for table in tables:
        assert table.inputs["tags"][TAG] in selected, table.urn
    for selection in workload.of_type("aws:backup/selection:Selection"):
        [tag] = selection.inputs["selectionTags"]
        assert (tag["type"], tag["key"]) == ("STRINGEQUALS", TAG), selection.urn
        assert "resources" not in selection.inputs, f"{selection.urn}: tag-only, so resources created later are covered"


def test_prod_runs_the_pilot_light_plans_with_hourly_copies_in_the_dr_region_and_daily_ones_centrally(prod):
    plans = {p.name: p for p in prod.of_type("aws:backup/plan:Plan")}
    assert set(plans) == {"backup-hourly", "backup-daily"}
    [hourly] = plans["backup-hourly"].inputs["rules"]
    [daily] = plans["backup-daily"].inputs["rules"]
    assert hourly["schedule"] == "cron(0 * * * ? *)" and hourly["lifecycle"]["deleteAfter"] == 7
    dr_vault = prod.named("backup-vault-eu-central-1", "aws:backup/vault:Vault")
    assert dr_vault.inputs["region"] == "eu-central-1"
    assert [c["destinationVaultArn"] for c in hourly["copyActions"]] == [dr_vault.state["arn"]]
    assert [c["destinationVaultArn"] for c in daily["copyActions"]] == [CENTRAL_VAULT_ARN]
    assert daily["lifecycle"]["deleteAfter"] == 35 and daily["targetVaultName"] == "landfall-prod"


def test_the_dr_vault_is_encrypted_with_a_key_of_its_own_region(prod):
    key = prod.named("backup-key-eu-central-1", "aws:kms/key:Key")
    vault = prod.named("backup-vault-eu-central-1", "aws:backup/vault:Vault")
    assert key.inputs["region"] == "eu-central-1" and vault.inputs["kmsKeyArn"] == key.state["arn"]
    services = json.loads(key.inputs["policy"])["Statement"][1]["Condition"]["StringEquals"]["kms:ViaService"]
    assert "backup.eu-central-1.amazonaws.com" in services and "dynamodb.eu-central-1.amazonaws.com" in services


def test_production_vaults_are_protected_and_locked_within_the_retention_their_rules_use(prod):
    locks = {lock.inputs.get("region") or "eu-west-1": lock.inputs for lock in prod.of_type("aws:backup/vaultLockConfiguration:VaultLockConfiguration")}
    assert locks["eu-west-1"]["minRetentionDays"] == 7 and locks["eu-west-1"]["maxRetentionDays"] == 35
    assert locks["eu-central-1"]["minRetentionDays"] == 7 and locks["eu-central-1"]["maxRetentionDays"] == 7
    assert all("changeableForDays" not in lock for lock in locks.values())  # governance, not compliance
    _, children = backup_children(prod)
    for vault in [c for c in children if c.type == "aws:backup/vault:Vault"]:
        assert vault.protect, vault.urn
    assert prod.named("backup-vault", "aws:backup/vault:Vault").inputs["kmsKeyArn"] == prod.named("keys-prod-data", "aws:kms/key:Key").state["arn"]


def test_dev_backs_up_daily_without_a_lock_or_a_dr_region(dev):
    assert dev.of_type("aws:backup/vaultLockConfiguration:VaultLockConfiguration") == []
    _, children = backup_children(dev)
    assert [c.name for c in children if c.type == "aws:backup/plan:Plan"] == ["backup-daily"]
    assert not any(c.inputs.get("region") for c in children), "dev has no DR region"


def test_the_backup_role_trusts_only_aws_backup_for_this_account(prod):
    role = prod.named("backup-role", "aws:iam/role:Role")
    [statement] = json.loads(role.inputs["assumeRolePolicy"])["Statement"]
    assert statement["Principal"] == {"Service": "backup.amazonaws.com"}
    assert statement["Condition"] == {"StringEquals": {"aws:SourceAccount": PROD_ID}}


def test_the_management_stack_attaches_the_backup_floor_at_the_root(mgmt):
    policy = mgmt.named("backup-floor", "aws:organizations/policy:Policy")
    assert policy.inputs["type"] == "BACKUP_POLICY" and len(policy.inputs["content"]) <= 10_000
    plan = json.loads(policy.inputs["content"])["plans"]["landfall-org-floor"]
    assert plan["regions"]["@@assign"] == ["eu-central-1", "eu-west-1"]
    assert plan["rules"]["daily"]["target_backup_vault_name"]["@@assign"] == "landfall-org"
    assert plan["selections"]["tags"]["tagged"]["iam_role_arn"]["@@assign"] == "arn:aws:iam::$account:role/landfall-backup"
    [attachment] = [a for a in mgmt.of_type("aws:organizations/policyAttachment:PolicyAttachment")
                    if a.name.startswith("backup-floor.")]
    assert attachment.name == "backup-floor.root" and attachment.inputs["policyId"] == policy.id


def test_the_central_vault_lives_in_the_log_archive_and_admits_copies_from_the_organization_only(mgmt):
    vault = mgmt.named("central-backup-vault", "aws:backup/vault:Vault")
    key = mgmt.named("central-backup-key", "aws:kms/key:Key")
    assert mgmt.account_of(vault) == LOG_ARCHIVE_ID and mgmt.account_of(key) == LOG_ARCHIVE_ID
    assert vault.inputs["name"] == "landfall-central" and vault.inputs["kmsKeyArn"] == key.state["arn"] and vault.protect
    policy = json.loads(mgmt.named("central-backup-vault", "aws:backup/vaultPolicy:VaultPolicy").inputs["policy"])
    [statement] = policy["Statement"]
    assert statement["Action"] == "backup:CopyIntoBackupVault"
    assert statement["Condition"]["StringEquals"]["aws:PrincipalOrgID"].startswith("o-")
    settings = mgmt.named("backup-cross-account", "aws:backup/globalSettings:GlobalSettings")
    assert settings.inputs["globalSettings"] == {"isCrossAccountBackupEnabled": "true"}
    assert mgmt.account_of(settings) == MANAGEMENT_ID


def test_every_baseline_prepares_the_floor_vault_in_every_governed_region(workload):
    vaults = [v for v in workload.of_type("aws:backup/vault:Vault") if v.inputs["name"] == "landfall-org"]
    assert sorted(v.inputs.get("region") for v in vaults) == ["eu-central-1", "eu-west-1"]
    settings = workload.of_type("aws:backup/regionSettings:RegionSettings")
    assert sorted(s.inputs["region"] for s in settings) == ["eu-central-1", "eu-west-1"]
