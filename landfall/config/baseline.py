"""`landfall:baseline`: account-level security settings every account a stack owns gets by default.

S3 account Block Public Access (FSBP S3.1), EBS encryption by default with the stack's data key (EC2.7),
the IAM password policy (CIS 1.8 length >= 14, CIS 1.9 reuse prevention), a GuardDuty detector (GuardDuty.1),
an IAM Access Analyzer for the account, and an alternate SECURITY contact (Account.1) when one is given.
Each setting is on unless the stack file turns it off: leaving the section out gives the secure baseline.

These are account-wide singletons: exactly one stack may manage them per account, so by default a stack
baselines only its own account (landfall:stack.account).
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Optional

from pydantic import Field

from landfall.plan.regions import region_problem

from .accounts import check_account_ref
from .base import StrictModel
from .context import Context
from .errors import Problem

SECTION = "landfall:baseline"
CIS_MIN_PASSWORD_LENGTH = 14  # CIS AWS Foundations v3 1.8
IAM_MAX_PASSWORD_LENGTH = 128
MAX_REUSE_PREVENTION = 24  # the IAM maximum, and what CIS 1.9 asks for
MAX_PASSWORD_AGE_DAYS = 1095  # the IAM maximum
DEFAULT_MAX_PASSWORD_AGE_DAYS = 90
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^[\s0-9()+-]{1,25}$")  # what the Account API accepts
CONTACT_NAME_MAX, CONTACT_TITLE_MAX, CONTACT_EMAIL_MAX = 64, 50, 254  # PutAlternateContact; the phone's 25 is in PHONE
DETECTOR_ID = re.compile(r"^[0-9a-f]{32}\Z")
BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")


class FindingFrequency(str, Enum):
    FIFTEEN_MINUTES = "FIFTEEN_MINUTES"
    ONE_HOUR = "ONE_HOUR"
    SIX_HOURS = "SIX_HOURS"


class PasswordPolicyConfig(StrictModel):
    minimum_length: int = Field(default=CIS_MIN_PASSWORD_LENGTH, description="Default: 14 (CIS 1.8; also the floor).")
    reuse_prevention: int = Field(default=MAX_REUSE_PREVENTION, description="Passwords remembered. Default: 24 (CIS 1.9).")
    max_age_days: Optional[int] = Field(default=DEFAULT_MAX_PASSWORD_AGE_DAYS, description="Default: 90. null: passwords never expire.")
    require_uppercase: bool = True
    require_lowercase: bool = True
    require_numbers: bool = True
    require_symbols: bool = True
    allow_users_to_change: bool = Field(default=True, description="Users may change their own password. Default: true.")


class DetectorMode(str, Enum):
    """Who owns the account's GuardDuty detector (an account has at most one per region)."""

    CREATE = "create"  # this stack creates it (accounts the organization does not auto-enable, or before it does)
    ADOPT = "adopt"  # it exists (say, from auto-enable): import it by existing_detector_id
    ORGANIZATION = "organization"  # the delegated administrator's auto-enable creates and enrolls it: declare nothing
    OFF = "off"  # no GuardDuty in this account


class GuardDutyConfig(StrictModel):
    detector: DetectorMode = Field(
        default=DetectorMode.CREATE,
        description="create | adopt | organization | off. Default: create (GuardDuty.1). Use organization in member "
        "accounts deployed after the management stack, whose GuardDuty administrator auto-enables ALL accounts: "
        "a second detector cannot be created.",
    )
    finding_publishing_frequency: FindingFrequency = Field(
        default=FindingFrequency.FIFTEEN_MINUTES,
        description="Default: FIFTEEN_MINUTES (findings reach EventBridge fast). Once the account is a member of the "
        "organization's delegated administrator, the administrator's setting applies.",
    )
    existing_detector_id: Optional[str] = Field(
        default=None,
        description="With detector: adopt, the id of the detector to import (32 hex characters, from "
        "`aws guardduty list-detectors`). Default: none.",
    )

    existing_detector_ids: dict[str, str] = Field(
        default_factory=dict,
        description="With detector: adopt, region -> id of the detector to import in the other governed regions. "
        "Default: none (existing_detector_id is the home region's; other regions get a new detector).",
    )

    @property
    def declares_detector(self) -> bool:
        return self.detector in (DetectorMode.CREATE, DetectorMode.ADOPT)


class ServiceLinkedRoleMode(str, Enum):
    CREATE = "create"  # this stack creates AWSServiceRoleForConfig (an account Config never ran in has none)
    EXISTING = "existing"  # Config ran here before and left the role: only reference it


class ConfigRecorderConfig(StrictModel):
    enabled: bool = Field(
        default=True,
        description="An AWS Config recorder for all supported resources, delivering to the organization's Config "
        "bucket in the log archive (Config.1, CIS 3.3). Default: true.",
    )
    delivery_bucket: Optional[str] = Field(
        default=None,
        description="The Config bucket in the log-archive account (the management stack's output config_bucket). "
        "Required in every stack but the management stack, which delivers to the bucket it creates.",
    )
    service_linked_role: ServiceLinkedRoleMode = Field(
        default=ServiceLinkedRoleMode.CREATE,
        description="create | existing. Default: create. Use existing where Config was enabled before: the role "
        "AWSServiceRoleForConfig then exists, and creating it again fails.",
    )
    record_global_resources: bool = Field(
        default=True,
        description="Also record IAM users, roles and policies (global resources). Default: true; turn it off in "
        "all but one region when the stack runs in several.",
    )


class ContactConfig(StrictModel):
    name: str
    email: str
    phone: str
    title: str = "Security"


class BaselineConfig(StrictModel):
    enabled: bool = Field(default=True, description="Apply the account baseline. Default: true.")
    accounts: list[str] = Field(
        default_factory=list,
        description="Accounts (landfall:accounts keys) this stack baselines. Default: the stack's own account; each account "
        "must be baselined by exactly one stack.",
    )
    s3_block_public_access: bool = Field(default=True, description="Account-level S3 Block Public Access, all four flags (S3.1). Default: true.")
    ebs_encryption: bool = Field(default=True, description="EBS encryption by default with the stack's data key (EC2.7). Default: true.")
    password_policy: Optional[PasswordPolicyConfig] = Field(default_factory=PasswordPolicyConfig, description="null: leave the account's policy alone.")
    guardduty: GuardDutyConfig = Field(default_factory=GuardDutyConfig)
    config_recorder: ConfigRecorderConfig = Field(default_factory=ConfigRecorderConfig)
    access_analyzer: bool = Field(default=True, description="An external-access analyzer for the account (free). Default: true.")
    break_glass: bool = Field(
        default=True,
        description="A landfall-break-glass role (AdministratorAccess, 1 h sessions) that only MFA-authenticated "
        "principals of the management account may assume; the SCPs exempt it. Default: true.",
    )
    backup: bool = Field(
        default=True,
        description="AWS Backup readiness in every governed region: the service opt-in (and DynamoDB advanced "
        "backup) that tag-based plans need, the landfall-org vault and the landfall-backup role that the "
        "organization's backup policy names. Default: true (free until something is backed up).",
    )
    security_contact: Optional[ContactConfig] = Field(default=None, description="Alternate SECURITY contact (Account.1). Default: none.")

    def account_names(self, ctx: Context) -> list[str]:
        if not self.enabled:
            return []
        return list(self.accounts) or [ctx.settings.account]

    def problems(self, ctx: Context) -> list[Problem]:
        found: list[Problem] = []
        for i, name in enumerate(self.accounts):
            found += check_account_ref(name, f"{SECTION}.accounts[{i}]", ctx.accounts)
        if len(set(self.accounts)) != len(self.accounts):
            found.append(Problem(f"{SECTION}.accounts", "lists an account twice", "list each account once", self.accounts))
        policy = self.password_policy
        if policy is not None:
            path = f"{SECTION}.password_policy"
            if not CIS_MIN_PASSWORD_LENGTH <= policy.minimum_length <= IAM_MAX_PASSWORD_LENGTH:
                found.append(Problem(f"{path}.minimum_length", f"must be {CIS_MIN_PASSWORD_LENGTH}-{IAM_MAX_PASSWORD_LENGTH} (CIS 1.8 asks for at least 14)", "use 14 or more", policy.minimum_length))
            if not 1 <= policy.reuse_prevention <= MAX_REUSE_PREVENTION:
                found.append(Problem(f"{path}.reuse_prevention", f"must be 1-{MAX_REUSE_PREVENTION}", "use 24 (CIS 1.9)", policy.reuse_prevention))
            if policy.max_age_days is not None and not 1 <= policy.max_age_days <= MAX_PASSWORD_AGE_DAYS:
                found.append(Problem(f"{path}.max_age_days", f"must be 1-{MAX_PASSWORD_AGE_DAYS}, or null for no expiry", "use 90", policy.max_age_days))
        found += self._guardduty_problems()
        found += self._regional_detector_problems(ctx)
        found += self._config_recorder_problems(ctx)
        contact = self.security_contact
        if contact is not None:
            path = f"{SECTION}.security_contact"
            if not EMAIL.match(contact.email):
                found.append(Problem(f"{path}.email", "is not an email address", "use a team mailbox, e.g. security@example.com", contact.email))
            if not PHONE.match(contact.phone):
                found.append(Problem(f"{path}.phone", "is not a phone number", "digits, spaces, +, - and parentheses only, e.g. +44 20 7946 0000", contact.phone))
            # PutAlternateContact's limits: past them the account API rejects the contact during `pulumi up`.
            for field, value, limit in (("name", contact.name, CONTACT_NAME_MAX), ("title", contact.title, CONTACT_TITLE_MAX),
                                        ("email", contact.email, CONTACT_EMAIL_MAX)):
                if not 1 <= len(value) <= limit:
                    found.append(Problem(f"{path}.{field}", f"must be 1-{limit} characters (AWS's alternate-contact limit); "
                                         f"this one has {len(value)}", f"shorten the {field}", value))
            for key in ("name", "title"):
                if not getattr(contact, key).strip():
                    found.append(Problem(f"{path}.{key}", "is empty", "write who the contact is"))
        return found

    def _guardduty_problems(self) -> list[Problem]:
        gd, path = self.guardduty, f"{SECTION}.guardduty"
        detector = gd.existing_detector_id
        if gd.detector == DetectorMode.ADOPT and detector is None:
            return [Problem(f"{path}.existing_detector_id", "is required with detector: adopt",
                            "copy the id from `aws guardduty list-detectors`, or use detector: organization", None)]
        if gd.detector != DetectorMode.ADOPT and detector is not None:
            return [Problem(f"{path}.existing_detector_id", f"is only used with detector: adopt (detector is {gd.detector.value})",
                            "set detector: adopt, or remove the id", detector)]
        if detector is not None and not DETECTOR_ID.match(detector):
            return [Problem(f"{path}.existing_detector_id", "is not a GuardDuty detector id (32 hex characters)",
                            "copy it from `aws guardduty list-detectors`", detector)]
        return []

    def _regional_detector_problems(self, ctx: Context) -> list[Problem]:
        """existing_detector_ids: region -> detector id, read only with detector: adopt (otherwise silently ignored)."""
        gd, path = self.guardduty, f"{SECTION}.guardduty.existing_detector_ids"
        if not gd.existing_detector_ids:
            return []
        if gd.detector != DetectorMode.ADOPT:
            return [Problem(path, f"is only used with detector: adopt (detector is {gd.detector.value}), so these "
                            "detectors would not be imported", "set detector: adopt, or remove the ids",
                            gd.existing_detector_ids)]
        found: list[Problem] = []
        for region, detector in gd.existing_detector_ids.items():
            bad = region_problem(region, ctx.settings.partition)
            if bad is not None:
                found.append(Problem(f"{path}.{region}", *bad, region))
            if not DETECTOR_ID.match(detector):
                found.append(Problem(f"{path}.{region}", "is not a GuardDuty detector id (32 hex characters)",
                                     f"copy it from `aws guardduty list-detectors --region {region}`", detector))
        return found

    def _config_recorder_problems(self, ctx: Context) -> list[Problem]:
        recorder, path = self.config_recorder, f"{SECTION}.config_recorder.delivery_bucket"
        if not self.enabled or not recorder.enabled:
            return []
        management = ctx.settings.kind.value == "management"
        if management and recorder.delivery_bucket is not None:
            return [Problem(path, "is set in the management stack, which delivers to the Config bucket it creates",
                            "remove it", recorder.delivery_bucket)]
        if not management and recorder.delivery_bucket is None:
            return [Problem(path, "is required: the recorder delivers to the organization's Config bucket",
                            "use the management stack's output config_bucket, e.g. landfall-config-<log-archive "
                            "account id>-<region>, or set config_recorder.enabled: false", None)]
        if recorder.delivery_bucket is not None and not BUCKET_NAME.match(recorder.delivery_bucket):
            return [Problem(path, "is not an S3 bucket name (3-63 lowercase letters, digits, '.' and '-')",
                            "copy the management stack's output config_bucket", recorder.delivery_bucket)]
        return []
