"""`landfall:recovery`: the posture sets the plans; every bad value is reported with its key path, value and
fix, several at once, before anything is registered."""

from __future__ import annotations

import copy

import pytest

from landfall.config.errors import ConfigError
from landfall.config.loader import parse, read_stack_file
from landfall.plan.recovery import POSTURES, DrPosture, VaultLock

ROOT = "landfall:recovery"


def values(stack: str = "prod") -> dict:
    return {k: v for k, v in copy.deepcopy(read_stack_file(stack, ".")).items() if k.startswith("landfall:")}


def problems(recovery: dict, stack: str = "prod", tables: dict | None = None) -> list:
    config = values(stack)
    config[ROOT] = recovery
    for path, plan in (tables or {}).items():
        service, table = path.split(".")
        config["landfall:services"][service]["tables"][table]["backup_plan"] = plan
    with pytest.raises(ConfigError) as caught:
        parse(stack, config)
    return caught.value.problems


def paths(found) -> list[str]:
    return [p.path for p in found]


def test_the_samples_parse_and_prod_takes_the_pilot_light_plans():
    prod = parse("prod", values("prod"))
    assert prod.recovery.posture == DrPosture.PILOT_LIGHT and prod.recovery.dr_region == "eu-central-1"
    assert set(prod.recovery.rules()) == {"hourly", "daily"}
    assert prod.recovery.resolved_default_plan() == "hourly"
    assert prod.recovery.lock_mode(production=True) == VaultLock.GOVERNANCE
    dev = parse("dev", values("dev"))
    assert dev.recovery.posture == DrPosture.BACKUP_RESTORE and set(dev.recovery.rules()) == {"daily"}
    assert dev.recovery.lock_mode(production=False) == VaultLock.OFF


@pytest.mark.parametrize("posture", list(DrPosture))
def test_every_posture_names_a_default_plan_among_its_rules_and_documents_rpo_and_rto(posture):
    profile = POSTURES[posture]
    assert profile.default_plan in profile.rules and profile.rpo and profile.rto
    assert profile.needs_dr_region == any(r.copy_to_dr_region for r in profile.rules.values())


def test_a_posture_needing_a_dr_region_without_one_is_reported():
    [problem] = problems({"posture": "warm_standby"})
    assert problem.path == f"{ROOT}.dr_region" and "eu-central-1" in problem.fix


@pytest.mark.parametrize("region, message", [
    ("eu-west-1", "is the stack's own region"),
    ("us-east-1", "is not a governed region"),
])
def test_a_dr_region_must_be_another_governed_region(region, message):
    [problem] = problems({"posture": "pilot_light", "dr_region": region})
    assert problem.path == f"{ROOT}.dr_region" and message in problem.message and problem.value == region


def test_every_bad_plan_value_is_reported_at_once_with_its_key_path():
    found = problems({"posture": "backup_restore", "plans": {
        "Daily": {"schedule": "cron(0 3 * * *)", "retention_days": 0},
        "pitr": {"schedule": "cron(0 * * * ? *)", "retention_days": 90, "continuous": True, "cold_storage_after_days": 10},
        "cold": {"schedule": "cron(0 3 ? * SUN *)", "retention_days": 100, "cold_storage_after_days": 30},
    }, "default_plan": "Daily"})
    assert sorted(paths(found)) == sorted([
        f"{ROOT}.plans.Daily", f"{ROOT}.plans.Daily.schedule", f"{ROOT}.plans.Daily.retention_days",
        f"{ROOT}.plans.pitr.retention_days", f"{ROOT}.plans.pitr.cold_storage_after_days",
        f"{ROOT}.plans.cold.cold_storage_after_days",
    ]), [p.render() for p in found]
    rendered = "\n".join(p.render() for p in found)
    assert "add the year field" in rendered and "at least 90 days" in rendered and "at most 35 days" in rendered


def test_a_table_naming_an_unknown_plan_and_an_unknown_default_are_both_reported():
    found = problems({"posture": "pilot_light", "dr_region": "eu-central-1", "default_plan": "weekly"},
                     tables={"orders.orders": "monthly"})
    assert sorted(paths(found)) == [f"{ROOT}.default_plan", "landfall:services.orders.tables.orders.backup_plan"]


def test_several_plans_and_no_default_is_reported_when_a_table_names_none():
    plans = {"a": {"schedule": "cron(0 3 * * ? *)", "retention_days": 7},
             "b": {"schedule": "cron(0 4 * * ? *)", "retention_days": 7}}
    [problem] = problems({"plans": plans})
    assert problem.path == f"{ROOT}.default_plan" and "a, b" in problem.fix


def test_an_empty_plan_list_is_reported():
    assert f"{ROOT}.plans" in paths(problems({"plans": {}}))


def test_a_recovery_section_in_a_stack_without_tables_is_reported():
    config = values("network")
    config[ROOT] = {"posture": "backup_restore"}
    with pytest.raises(ConfigError) as caught:
        parse("network", config)
    assert ROOT in caught.value.paths


def test_an_unknown_posture_is_a_config_error_naming_the_values():
    found = problems({"posture": "hot_standby"})
    assert paths(found) == [f"{ROOT}.posture"]
    assert "backup_restore" in found[0].render()
