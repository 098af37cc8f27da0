"""Recovery planning: rule limits, vault lock bounds and the backup policy document."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from landfall.plan.recovery import (
    BACKUP_POLICY_MAX_CHARS,
    BackupRule,
    VaultLock,
    backup_policy_document,
    central_vault_policy,
    lock_bounds,
    rule_problems,
)

DAILY = "cron(0 3 * * ? *)"


@pytest.mark.parametrize("rule, fields", [
    (BackupRule(DAILY, 35), []),
    (BackupRule(DAILY, 0), ["retention_days"]),
    (BackupRule(DAILY, 36_501), ["retention_days"]),
    (BackupRule(DAILY, 36, continuous=True), ["retention_days"]),
    (BackupRule(DAILY, 35, continuous=True, cold_storage_after_days=7), ["cold_storage_after_days"]),
    (BackupRule(DAILY, 119, cold_storage_after_days=30), ["cold_storage_after_days"]),
    (BackupRule(DAILY, 120, cold_storage_after_days=30), []),
    (BackupRule(DAILY, 7, copy_retention_days=0), ["copy_retention_days"]),
])
def test_rule_limits_name_the_field_at_fault(rule, fields):
    assert [f for f, _, _ in rule_problems(rule)] == fields


@given(st.lists(st.integers(1, 36_500), min_size=1, max_size=6), st.sampled_from([VaultLock.GOVERNANCE, VaultLock.COMPLIANCE]))
def test_a_lock_admits_every_retention_the_rules_use_and_nothing_shorter(retentions, mode):
    bounds = lock_bounds(mode, retentions)
    assert bounds is not None
    assert all(bounds.min_retention_days <= r <= bounds.max_retention_days for r in retentions)
    assert bounds.min_retention_days in retentions and bounds.max_retention_days in retentions
    assert (bounds.changeable_for_days is not None) == (mode == VaultLock.COMPLIANCE)


def test_no_lock_when_off_or_without_rules():
    assert lock_bounds(VaultLock.OFF, [7]) is None and lock_bounds(VaultLock.GOVERNANCE, []) is None


def test_the_backup_policy_fits_its_quota_even_for_every_commercial_region():
    regions = [f"xx-region-{i}" for i in range(40)]
    document = backup_policy_document(BackupRule(DAILY, 35), regions=regions)
    assert len(json.dumps(document, separators=(",", ":"))) < BACKUP_POLICY_MAX_CHARS
    assert document["plans"]["landfall-org-floor"]["regions"]["@@assign"] == sorted(regions)


def test_the_central_vault_admits_only_copies_from_the_organization():
    [statement] = central_vault_policy("o-a1b2c3d4e5")["Statement"]
    assert statement["Action"] == "backup:CopyIntoBackupVault"
    assert statement["Condition"] == {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}
