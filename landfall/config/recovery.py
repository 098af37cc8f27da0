"""`landfall:recovery`: how a workload stack's data is backed up and where it can be restored.

The DR posture sets every default (plans, copies, the DR Region); `plans` replaces the posture's plans
when the stack needs other tiers. Every DynamoDB table of the stack names a plan (`backup_plan`, default the
posture's) through the `landfall:backup-plan` tag; each plan selects its tables by that tag.
"""

from __future__ import annotations

import re
from typing import Optional

from pydantic import Field

from landfall.plan.recovery import POSTURES, BackupRule, DrPosture, VaultLock, rule_problems
from landfall.plan.regions import GovernedRegions
from landfall.plan.schedule import cron_problems

from .base import StrictModel
from .context import Context
from .errors import Problem

SECTION = "landfall:recovery"
PLAN_KEY = re.compile(r"^[a-z][a-z0-9-]{0,31}$")


class PlanConfig(StrictModel):
    schedule: str = Field(description="When the backup starts, cron(...) in UTC, e.g. cron(0 3 * * ? *).")
    retention_days: int = Field(description="Days a recovery point is kept.")
    continuous: bool = Field(default=False, description="Continuous backup (point-in-time restore, at most 35 days). Default: false.")
    cold_storage_after_days: Optional[int] = Field(
        default=None, description="Move recovery points to cold storage after this many days (they stay there >= 90). Default: never.")
    copy_to_dr_region: bool = Field(default=False, description="Copy each recovery point to the vault in dr_region. Default: false.")
    copy_to_central: bool = Field(
        default=False,
        description="Copy each recovery point to the organization's central vault (landfall:organization.backup, another "
        "account: a compromised workload account cannot delete it). Default: false.",
    )
    copy_retention_days: Optional[int] = Field(default=None, description="Days copies are kept. Default: retention_days.")

    def rule(self) -> BackupRule:
        return BackupRule(self.schedule, self.retention_days, self.continuous, self.cold_storage_after_days,
                          self.copy_to_dr_region, self.copy_to_central, self.copy_retention_days)


class RecoveryConfig(StrictModel):
    posture: DrPosture = Field(
        default=DrPosture.BACKUP_RESTORE,
        description="backup_restore | pilot_light | warm_standby: sets the plans, the copies and whether a DR Region "
        "is needed (README, Recovery, gives the RPO/RTO of each). Default: backup_restore.",
    )
    plans: Optional[dict[str, PlanConfig]] = Field(
        default=None, description="Backup plans keyed by tier name (hourly, daily, ...). Default: the posture's plans.")
    default_plan: Optional[str] = Field(
        default=None, description="The plan of a table that names none. Default: the posture's (or the only plan).")
    dr_region: Optional[str] = Field(
        default=None,
        description="Region holding the copies (a governed region other than the stack's). Required by pilot_light and "
        "warm_standby. Default: none.",
    )
    vault_lock: Optional[VaultLock] = Field(
        default=None,
        description="off | governance | compliance. Default: governance in production (retention bounds enforced), "
        "off elsewhere. compliance cannot be undone after its 3-day grace period.",
    )
    enabled: bool = Field(default=True, description="Back up the stack's tables. Default: true (turning it off in production is a policy violation).")

    # ---- resolved plan --------------------------------------------------------------------------------

    def rules(self) -> dict[str, BackupRule]:
        if self.plans is not None:
            return {key: plan.rule() for key, plan in self.plans.items()}
        return dict(POSTURES[self.posture].rules)

    def resolved_default_plan(self) -> Optional[str]:
        if self.default_plan is not None:
            return self.default_plan
        rules = self.rules()
        posture_default = POSTURES[self.posture].default_plan
        if posture_default in rules:
            return posture_default
        return next(iter(rules)) if len(rules) == 1 else None

    def lock_mode(self, production: bool) -> VaultLock:
        if self.vault_lock is not None:
            return self.vault_lock
        return VaultLock.GOVERNANCE if production else VaultLock.OFF

    # ---- validation -----------------------------------------------------------------------------------

    def problems(self, ctx: Context, governed: GovernedRegions, table_plans: dict[str, Optional[str]],
                 central_available: bool) -> list[Problem]:
        """`table_plans`: key path of each table's backup_plan -> the plan it names (None: the default)."""
        found: list[Problem] = []
        rules = self.rules()
        if self.plans is not None and not self.plans:
            found.append(Problem(f"{SECTION}.plans", "is empty", "list at least one plan, or leave plans out for the posture's", {}))
        for key, plan in (self.plans or {}).items():
            path = f"{SECTION}.plans.{key}"
            if not PLAN_KEY.match(key):
                found.append(Problem(path, "plan keys are 1-32 lowercase letters, digits or hyphens", "rename it, e.g. daily", key))
            for message in cron_problems(plan.schedule):
                found.append(Problem(f"{path}.schedule", message, "write cron(minutes hours day-of-month month day-of-week year)", plan.schedule))
            for field_name, problem, fix in rule_problems(plan.rule()):
                found.append(Problem(f"{path}.{field_name}", problem, fix, getattr(plan, field_name)))
        default = self.resolved_default_plan()
        if self.default_plan is not None and self.default_plan not in rules:
            found.append(Problem(f"{SECTION}.default_plan", f"is not one of the plans ({', '.join(rules)})", "name one of them", self.default_plan))
        elif default is None and rules and any(plan is None for plan in table_plans.values()):
            found.append(Problem(f"{SECTION}.default_plan", "is needed: tables name no plan and there are several",
                                 f"set default_plan to one of {', '.join(rules)}", None))
        for path, plan in table_plans.items():
            if plan is not None and plan not in rules:
                found.append(Problem(path, f"names no plan of {SECTION} ({', '.join(rules) or 'none'})",
                                     "name one of them, or add the plan", plan))
        needs_dr = POSTURES[self.posture].needs_dr_region or any(r.copy_to_dr_region for r in rules.values())
        if self.dr_region is None and needs_dr:
            found.append(Problem(f"{SECTION}.dr_region", f"is required by posture {self.posture.value} (or a plan's copy_to_dr_region)",
                                 f"name a governed region other than {ctx.region}: {', '.join(governed.others) or 'add one to the organization'}", None))
        if self.dr_region is not None:
            if self.dr_region == ctx.region:
                found.append(Problem(f"{SECTION}.dr_region", "is the stack's own region: a regional outage takes the copies too",
                                     f"use another governed region ({', '.join(governed.others) or 'add one to the organization'})", self.dr_region))
            elif self.dr_region not in governed.regions:
                found.append(Problem(f"{SECTION}.dr_region", f"is not a governed region ({', '.join(governed.regions)}): the "
                                     "region allow-list SCP denies it and no baseline covers it",
                                     "pick a governed region, or add it to landfall:organization.governed_regions", self.dr_region))
        if not central_available and any(r.copy_to_central for r in rules.values()) and ctx.production:
            found.append(Problem(f"{SECTION}.plans", "copy to the central vault, but the organization configures none",
                                 "set landfall:organization.backup.central_account in the management stack file", None))
        return found
