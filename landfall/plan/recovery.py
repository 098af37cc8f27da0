"""Recovery planning: DR postures, the backup rules each implies, vault lock bounds and the organization's
backup policy document. Pure: no pulumi.

AWS Backup facts this relies on (AWS Backup developer guide and API reference):
* Tag-only resource assignments honour the Region's service opt-in (UpdateRegionSettings); the account
  baseline opts in the services landfall backs up, in every governed Region.
* Cross-account copies need `isCrossAccountBackupEnabled` in the management account's global settings, and
  a destination vault whose access policy allows `backup:CopyIntoBackupVault` (landfall: to the organization
  through aws:PrincipalOrgID). DynamoDB copies also need the advanced DynamoDB backup features
  (ResourceTypeManagementPreference DynamoDB: true).
* Recovery points moved to cold storage stay there at least 90 days; continuous backups keep at most 35 days.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

BACKUP_TAG = "landfall:backup-plan"  # the selection key: a resource carries the name of the plan covering it
VAULT_NAME = "landfall-{environment}"  # one vault per workload stack and Region
CENTRAL_VAULT_NAME = "landfall-central"  # the organization's copy vault in the central backup account
COLD_STORAGE_MIN_DAYS = 90
CONTINUOUS_MAX_RETENTION_DAYS = 35
MAX_RETENTION_DAYS = 36_500
BACKUP_POLICY_TYPE = "BACKUP_POLICY"
BACKUP_POLICY_MAX_CHARS = 10_000  # Organizations quota: maximum size of a backup policy document
# Services the baseline opts in per Region (ResourceTypeOptInPreference keys), and those AWS Backup manages
# fully (advanced DynamoDB backup: cross-account copy, cold storage, the vault's own key).
OPT_IN_SERVICES = ("Aurora", "DynamoDB", "EBS", "EC2", "EFS", "RDS", "S3")
FULL_MANAGEMENT_SERVICES = ("DynamoDB", "EFS")
# What a backup selection by tag covers: the stateful types landfall declares that AWS Backup supports.
BACKED_UP_TYPES = (
    "aws:dynamodb/table:Table",
    "aws:rds/cluster:Cluster",
    "aws:efs/fileSystem:FileSystem",
)


class DrPosture(str, Enum):
    """How an environment recovers from the loss of data, of an account or of its Region."""

    BACKUP_RESTORE = "backup_restore"  # daily backups; restore and redeploy after a disaster
    PILOT_LIGHT = "pilot_light"  # hourly backups copied to the DR Region: data is there, the stack is redeployed
    WARM_STANDBY = "warm_standby"  # continuous + hourly copies to the DR Region, beside a scaled-down stack there


class VaultLock(str, Enum):
    OFF = "off"
    GOVERNANCE = "governance"  # retention bounds enforced; principals with backup:DeleteBackupVaultLockConfiguration may lift them
    COMPLIANCE = "compliance"  # after a 3-day grace period nobody, root included, can shorten retention or delete the lock


COMPLIANCE_GRACE_DAYS = 3  # ChangeableForDays: the lock can still be removed during these days


@dataclass(frozen=True)
class BackupRule:
    """One rule of a backup plan (one RPO tier)."""

    schedule: str  # cron(...) in UTC
    retention_days: int
    continuous: bool = False
    cold_storage_after_days: int | None = None
    copy_to_dr_region: bool = False
    copy_to_central: bool = False
    copy_retention_days: int | None = None  # copies: default the rule's retention

    @property
    def copy_retention(self) -> int:
        return self.copy_retention_days if self.copy_retention_days is not None else self.retention_days


@dataclass(frozen=True)
class PostureProfile:
    rules: dict[str, BackupRule]  # plan key -> rule
    default_plan: str  # the plan a table gets when it names none
    needs_dr_region: bool
    rpo: str
    rto: str


_DAILY = "cron(0 3 * * ? *)"
_HOURLY = "cron(0 * * * ? *)"

POSTURES: dict[DrPosture, PostureProfile] = {
    DrPosture.BACKUP_RESTORE: PostureProfile(
        rules={"daily": BackupRule(_DAILY, 35, copy_to_central=True)},
        default_plan="daily",
        needs_dr_region=False,
        rpo="24 h (the last daily backup); DynamoDB point-in-time recovery gives 5 min inside the Region",
        rto="hours: restore the tables from the vault, then `pulumi up` the stack",
    ),
    DrPosture.PILOT_LIGHT: PostureProfile(
        rules={
            "hourly": BackupRule(_HOURLY, 7, copy_to_dr_region=True),
            "daily": BackupRule(_DAILY, 35, copy_to_central=True),
        },
        default_plan="hourly",
        needs_dr_region=True,
        rpo="1 h, also for the loss of the Region (hourly copies in the DR Region)",
        rto="1-4 h: restore from the DR Region's vault and deploy the stack there",
    ),
    DrPosture.WARM_STANDBY: PostureProfile(
        rules={
            "continuous": BackupRule(_HOURLY, 35, continuous=True, copy_to_dr_region=True, copy_retention_days=7),
            "daily": BackupRule(_DAILY, 35, copy_to_central=True),
        },
        default_plan="continuous",
        needs_dr_region=True,
        rpo="minutes in the Region (continuous backup, PITR); 1 h for the loss of the Region (hourly copies)",
        rto="minutes to 1 h: a scaled-down copy of the stack already runs in the DR Region (a second stack file)",
    ),
}


def rule_problems(rule: BackupRule) -> list[tuple[str, str, str]]:
    """(field, problem, fix) for one rule, independent of the rest of the config."""
    found: list[tuple[str, str, str]] = []
    if not 1 <= rule.retention_days <= MAX_RETENTION_DAYS:
        found.append(("retention_days", f"must be 1-{MAX_RETENTION_DAYS:,} days", "keep backups for 7-35 days, or years for audits"))
    if rule.continuous and rule.retention_days > CONTINUOUS_MAX_RETENTION_DAYS:
        found.append(("retention_days", f"continuous backups keep at most {CONTINUOUS_MAX_RETENTION_DAYS} days",
                      f"use {CONTINUOUS_MAX_RETENTION_DAYS} or less, or a separate snapshot rule for longer retention"))
    if rule.cold_storage_after_days is not None:
        if rule.continuous:
            found.append(("cold_storage_after_days", "continuous backups cannot move to cold storage", "remove it"))
        elif rule.retention_days - rule.cold_storage_after_days < COLD_STORAGE_MIN_DAYS:
            found.append(("cold_storage_after_days", f"recovery points stay in cold storage at least {COLD_STORAGE_MIN_DAYS} days",
                          f"make retention_days at least cold_storage_after_days + {COLD_STORAGE_MIN_DAYS}"))
    if rule.copy_retention_days is not None and not 1 <= rule.copy_retention_days <= MAX_RETENTION_DAYS:
        found.append(("copy_retention_days", f"must be 1-{MAX_RETENTION_DAYS:,} days", "keep copies at least as long as the DR objective needs"))
    return found


@dataclass(frozen=True)
class LockBounds:
    min_retention_days: int
    max_retention_days: int
    changeable_for_days: int | None


def lock_bounds(mode: VaultLock, retentions: list[int]) -> LockBounds | None:
    """The vault lock that admits every retention the vault's rules use, and nothing shorter."""
    if mode == VaultLock.OFF or not retentions:
        return None
    return LockBounds(min(retentions), max(retentions), COMPLIANCE_GRACE_DAYS if mode == VaultLock.COMPLIANCE else None)


def vault_name(environment: str) -> str:
    return VAULT_NAME.format(environment=environment)


def vault_arn(partition: str, region: str, account_id: str, name: str) -> str:
    return f"arn:{partition}:backup:{region}:{account_id}:backup-vault:{name}"


def central_vault_policy(organization_id: str, partition: str = "aws") -> dict:
    """The central vault admits copies from any account of the organization and nothing else."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "CopyIntoFromTheOrganization",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "backup:CopyIntoBackupVault",
                "Resource": "*",
                "Condition": {"StringEquals": {"aws:PrincipalOrgID": organization_id}},
            },
        ],
    }


ORG_FLOOR_PLAN = "landfall-org-floor"
ORG_FLOOR_TAG_VALUE = "org-floor"
ORG_VAULT_NAME = "landfall-org"  # created by every account baseline in every governed Region (the policy needs it there)
ORG_BACKUP_ROLE = "landfall-backup"  # created by every account baseline: the role the backup policy's plans assume


def backup_policy_document(rule: BackupRule, *, regions: list[str], partition: str = "aws",
                           vault: str = ORG_VAULT_NAME, role_name: str = ORG_BACKUP_ROLE,
                           plan_name: str = ORG_FLOOR_PLAN, tag_value: str = ORG_FLOOR_TAG_VALUE) -> dict:
    """An Organizations BACKUP_POLICY: every account it reaches gets a plan backing up resources tagged
    landfall:backup-plan=<tag_value> into `vault` in each of `regions` (the floor under the stack plans).
    Management-policy syntax (@@assign)."""
    rule_body: dict = {
        "schedule_expression": {"@@assign": rule.schedule},
        "start_backup_window_minutes": {"@@assign": "60"},
        "complete_backup_window_minutes": {"@@assign": "360"},
        "target_backup_vault_name": {"@@assign": vault},
        "lifecycle": {"delete_after_days": {"@@assign": str(rule.retention_days)}},
    }
    return {
        "plans": {
            plan_name: {
                "regions": {"@@assign": sorted(regions)},
                "rules": {"daily": rule_body},
                "selections": {
                    "tags": {
                        "tagged": {
                            "iam_role_arn": {"@@assign": f"arn:{partition}:iam::$account:role/{role_name}"},
                            "tag_key": {"@@assign": BACKUP_TAG},
                            "tag_value": {"@@assign": [tag_value]},
                        }
                    }
                },
            }
        }
    }
