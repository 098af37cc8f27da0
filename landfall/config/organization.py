"""`landfall:organization`: the AWS Organization of the management stack.

OUs (a tree keyed by stable names), member accounts (adopted by id or created), SCP attachments from the
library in ``policies/scp/`` with their parameters and quotas, a tag policy, delegated administrators and the
organization CloudTrail.

Account references inside this section (``scps`` targets, ``delegated_admins``, ``trail.account``) name keys
of ``landfall:organization.accounts``: the organization's member accounts, which this stack may create and
which therefore need not have an id yet. The management account is not a member account; it is the stack's
own account (``landfall:stack.account``). An account that appears in both ``landfall:accounts`` (to get a
provider) and here must have the same id in both. The trail's log account must be in both, because its log
bucket is declared through that account's provider.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Any, Optional

from pydantic import Field, field_validator

from landfall.plan.account_defaults import AI_OPT_OUT_TYPE, DECLARATIVE_EC2_TYPE, RCP_TYPE
from landfall.plan.org import (
    ACCOUNT_KEY_PATTERN,
    MAX_OU_DEPTH,
    OU_KEY_PATTERN,
    ROOT,
    OuNode,
    PolicyAttachment,
    TagPolicyPlan,
    classify_target,
    flatten_ous,
    plan_attachments,
)
from landfall.plan.recovery import BACKUP_POLICY_TYPE, MAX_RETENTION_DAYS
from landfall.plan.regions import GovernedRegions, region_problem
from landfall.plan.scp import RenderedScp, ScpParameters, ScpRenderError, library_names, render

from .account_defaults import AccountDefaultsConfig
from .base import StrictModel
from .ci import CiConfig, ci_role_arn
from .context import Context
from .errors import Problem, format_path
from .identity_center import IdentityCenterConfig
from .network import LOG_RETENTION_DAYS
from .stack import StackKind
from .tags import ALLOWED_CHARACTERS, TAG_KEY_MAX, tag_text_allowed

SECTION = "landfall:organization"

# SCP quotas (security-controls.md section 2, the Organizations quotas page). Both are hard limits: Service
# Quotas cannot raise them, so config may lower them (a stricter budget) but never raise them, which would only
# switch the check off and let `pulumi up` fail half-way. (A 10,240-character SCP limit reported by one
# third-party source is unconfirmed by AWS.) Also fixed, not configurable: 5 levels of OUs under the root,
# 2,000 OUs and 10,000 SCPs per organization.
SCP_MAX_CHARACTERS_DEFAULT = 5_120
SCP_MAX_CHARACTERS_LIMIT = 5_120  # hard limit, not adjustable
SCP_MAX_CHARACTERS_MIN = 1_024  # below this not even one library SCP with its parameters fits
SCPS_PER_TARGET_DEFAULT = 5  # counts FullAWSAccess, which stays attached everywhere
SCPS_PER_TARGET_LIMIT = 5  # hard limit, not adjustable
SCPS_PER_TARGET_MIN = 1  # FullAWSAccess alone
FULL_AWS_ACCESS = "FullAWSAccess"
# Said in every quota error: which Organizations quotas can be raised and which cannot.
QUOTAS_NOT_ADJUSTABLE = ("neither SCP quota is adjustable: Service Quotas raises neither the 5 SCPs per target nor the "
                         "5,120 characters per SCP (of the Organizations quotas, the number of accounts is the one AWS "
                         "raises on request)")

DEFAULT_TRAIL_NAME = "landfall-org-trail"
DEFAULT_TRAIL_RETENTION_DAYS = 365  # a year of API evidence, what CIS/FSBP auditors ask for
DEFAULT_TRAIL_LOG_GROUP_RETENTION_DAYS = 90  # CloudWatch Logs copy is for alerting; S3 keeps the record
DEFAULT_ROLE_NAME = "OrganizationAccountAccessRole"
DEFAULT_EXEMPT_ROLE_ARNS = (
    "arn:aws:iam::*:role/OrganizationAccountAccessRole",  # how the management stack reaches member accounts
    "arn:aws:iam::*:role/landfall-deploy",  # the CI/CD deploy role
)
DEFAULT_PROTECTED_ROLE_ARNS = (
    "arn:aws:iam::*:role/OrganizationAccountAccessRole",
    "arn:aws:iam::*:role/landfall-*",
)

# Short service name -> service principal, for delegated administration and trusted access.
DELEGATED_ADMIN_SERVICES: dict[str, str] = {
    "guardduty": "guardduty.amazonaws.com",
    "securityhub": "securityhub.amazonaws.com",
    "config": "config.amazonaws.com",
    "access-analyzer": "access-analyzer.amazonaws.com",
    "inspector2": "inspector2.amazonaws.com",
    "macie": "macie.amazonaws.com",
    "detective": "detective.amazonaws.com",
    "cloudtrail": "cloudtrail.amazonaws.com",
    "sso": "sso.amazonaws.com",
    "ipam": "ipam.amazonaws.com",
    "backup": "backup.amazonaws.com",
    "fms": "fms.amazonaws.com",
}
# Services whose organization-wide settings the stack declares in the administrator account itself.
ORGANIZATION_WIDE_SERVICES = ("guardduty", "securityhub", "access-analyzer", "config")
# Trusted access the organization always needs: the organization trail.
BASE_SERVICE_ACCESS_PRINCIPALS = ("cloudtrail.amazonaws.com",)
BACKUP_SERVICE_PRINCIPAL = "backup.amazonaws.com"

ACCOUNT_NAME_MAX = 50  # Organizations: account names are 1-50 characters
ACCOUNT_NAME_PATTERN = re.compile(r"^[\x20-\x7e]{1,50}\Z")  # CreateAccount AccountName: printable ASCII
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
EMAIL_MIN, EMAIL_MAX = 6, 64  # Organizations: account email 6-64 characters
TRAIL_NAME_PATTERN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]{1,126})[A-Za-z0-9]$")
OU_ID_PATTERN = re.compile(r"^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$")
ORGANIZATION_ID_PATTERN = re.compile(r"^o-[a-z0-9]{10,32}$")
ROLE_NAME_PATTERN = re.compile(r"^[\w+=,.@-]{1,64}\Z", re.ASCII)  # IAM's \w is ASCII: no "rôle"
OU_NAME_MAX = 128
# EnableAWSServiceAccess ServicePrincipal: 1-128 of [\w+=,.@-]; every service principal is <service>.amazonaws.com.
SERVICE_PRINCIPAL_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)*\.amazonaws\.com\Z")
SERVICE_PRINCIPAL_MAX = 128


def _role_arn_pattern(partition: str) -> re.Pattern[str]:
    return re.compile(rf"^arn:{re.escape(partition)}:iam::(\d{{12}}|\*):role/[\w+=,.@/*?-]+$")


class FeatureSet(str, Enum):
    ALL = "ALL"  # needed for SCPs, tag policies, delegated administrators and trusted access
    CONSOLIDATED_BILLING = "CONSOLIDATED_BILLING"


def _null_ous_are_empty(value: Any) -> Any:
    # `Security:` with nothing after it is YAML null: treat it as an OU without children.
    if isinstance(value, dict):
        return {k: ({} if v is None else v) for k, v in value.items()}
    return value


class OuConfig(StrictModel):
    name: Optional[str] = Field(
        default=None,
        description="Name shown in AWS. Default: the key. Renaming here renames the OU in place; the key (and so "
        "the Pulumi logical name and every reference) stays.",
    )
    children: dict[str, OuConfig] = Field(default_factory=dict, description="Child OUs keyed by stable names. Default: none.")
    id: Optional[str] = Field(
        default=None,
        description="Adopt this existing OU (ou-xxxx-xxxxxxxx): imported, not created, so an organization that "
        "already has it gets no duplicate. Its name and parent must match AWS. Default: none (created).",
    )

    _null_children = field_validator("children", mode="before")(_null_ous_are_empty)


class MemberAccountConfig(StrictModel):
    ou: str = Field(description="Path of the OU the account lives in (e.g. Workloads/Prod), or root.")
    id: Optional[str] = Field(
        default=None,
        description="Adopt this existing member account (12 digits, quoted). Default: none, meaning the stack "
        "creates the account, which then needs an email.",
    )
    email: Optional[str] = Field(
        default=None,
        description="Root user email. Required to create an account; for an adopted account give its current "
        "email so the import matches.",
    )
    name: Optional[str] = Field(default=None, description="Account name shown in AWS (1-50 characters). Default: the key.")
    role_name: str = Field(
        default=DEFAULT_ROLE_NAME,
        description="Admin role Organizations creates in a new account. Default: OrganizationAccountAccessRole "
        "(what landfall:accounts assumes by default). Only used at creation.",
    )
    close_on_deletion: bool = Field(
        default=False,
        description="Default: false. Removing the account from this file then only removes it from the "
        "organization; true would close it, which cannot be undone after 90 days.",
    )


class ScpParametersConfig(StrictModel):
    allowed_regions: list[str] = Field(
        default_factory=list,
        description="Regions region-allow-list allows. Default: empty, meaning only the stack's home region. "
        "Must include the home region.",
    )
    exempt_role_arns: list[str] = Field(
        default_factory=lambda: list(DEFAULT_EXEMPT_ROLE_ARNS),
        description="Roles the SCPs' exemption conditions let through (ArnNotLike aws:PrincipalArn); wildcards "
        "allowed. Default: OrganizationAccountAccessRole and landfall-deploy, so the platform can still deploy.",
    )
    protected_role_arns: list[str] = Field(
        default_factory=lambda: list(DEFAULT_PROTECTED_ROLE_ARNS),
        description="Roles protect-landing-zone-roles guards against change. Default: OrganizationAccountAccessRole "
        "and every landfall-* role.",
    )


class QuotasConfig(StrictModel):
    scp_max_characters: int = Field(
        default=SCP_MAX_CHARACTERS_DEFAULT,
        description="Largest SCP document, in characters of minified JSON. Default and maximum: 5120, AWS's hard "
        "limit (not adjustable in Service Quotas); set lower for a stricter budget.",
    )
    scps_per_target: int = Field(
        default=SCPS_PER_TARGET_DEFAULT,
        description="SCPs directly attached to one root, OU or account, FullAWSAccess included. Default and maximum: "
        "5, AWS's hard limit (not adjustable in Service Quotas); set lower for a stricter budget.",
    )


class TagPolicyConfig(StrictModel):
    tag_keys: list[str] = Field(
        description="Tag keys whose exact capitalization the tag policy enforces (owner, cost-center, ...). A tag "
        "policy cannot make a tag mandatory; presence comes from the providers' default tags."
    )
    targets: list[str] = Field(
        default_factory=lambda: [ROOT],
        description="Where the tag policy is attached: root, OU paths or account keys. Default: root (everywhere).",
    )


class TrailConfig(StrictModel):
    account: str = Field(description="Member account (key of landfall:organization.accounts) holding the log bucket.")
    name: str = Field(default=DEFAULT_TRAIL_NAME, description="Trail name. Default: landfall-org-trail.")
    retention_days: int = Field(
        default=DEFAULT_TRAIL_RETENTION_DAYS,
        description="Days the bucket keeps log files before expiring them. Default: 365 (a year of evidence).",
    )
    cloudwatch_logs_retention_days: Optional[int] = Field(
        default=DEFAULT_TRAIL_LOG_GROUP_RETENTION_DAYS,
        description="Also deliver to a CloudWatch log group kept this long (FSBP CloudTrail.5; billed per GB "
        "ingested). Default: 90. null: no log group.",
    )
    s3_data_events: bool = Field(
        default=False,
        description="Log S3 object-level reads and writes (CIS 3.8/3.9). Default: false (billed per event; "
        "turn on where auditors ask for it).",
    )


class OrgBackupConfig(StrictModel):
    central_account: Optional[str] = Field(
        default=None,
        description="Member account (key of landfall:organization.accounts, and of this stack's landfall:accounts) "
        "holding landfall-central, the vault workload plans copy into; turns on cross-account backup for the "
        "organization. Default: none (no cross-account copies).",
    )
    floor_policy: bool = Field(
        default=True,
        description="Attach a backup policy (the floor): in every account it reaches, resources tagged "
        "landfall:backup-plan=org-floor are backed up daily into the landfall-org vault the account baseline "
        "creates in every governed region. Default: true.",
    )
    floor_targets: list[str] = Field(default_factory=lambda: ["root"], description="OU paths, account keys or root. Default: root.")
    floor_retention_days: int = Field(default=35, description="Days the floor keeps a recovery point. Default: 35.")


class OrganizationConfig(StrictModel):
    id: Optional[str] = Field(
        default=None,
        description="Adopt the existing organization with this id (o-...). Default: none, meaning the stack "
        "creates the organization (which fails if the management account already has one).",
    )
    new_organization: bool = Field(
        default=False,
        description="Say explicitly that a new organization is intended although some accounts are adopted by id "
        "(they must leave their organization first). Default: false, so adopting accounts without organization.id "
        "is rejected as the likely mistake it is.",
    )
    feature_set: FeatureSet = Field(
        default=FeatureSet.ALL, description="Default: ALL (SCPs, tag policies and delegated admins need it)."
    )
    ous: dict[str, OuConfig] = Field(default_factory=dict, description="OU tree under the root, keyed by stable names.")
    accounts: dict[str, MemberAccountConfig] = Field(
        default_factory=dict, description="Member accounts keyed by stable names (not the management account)."
    )
    scps: dict[str, list[str]] = Field(
        default_factory=dict,
        description="SCP attachments: target (root, an OU path such as Workloads/Prod, or a member account key) -> "
        "library SCP names. Attached SCPs are inherited by everything below the target.",
    )
    scp_parameters: ScpParametersConfig = Field(
        default_factory=ScpParametersConfig,
        description="Values substituted into the library SCPs. Default: home region only, the platform roles exempt.",
    )
    governed_regions: list[str] = Field(
        default_factory=list,
        description="Regions every account of the organization is baselined in (Config, GuardDuty, Security Hub, EBS "
        "encryption, Access Analyzer). Default: scp_parameters.allowed_regions, or the home region alone. The "
        "home region (landfall:stack.region) must be one of them; it records global resources and aggregates "
        "Security Hub findings.",
    )
    quotas: QuotasConfig = Field(
        default_factory=QuotasConfig, description="SCP quotas. Default: the conservative documented values (5120, 5)."
    )
    tag_policy: Optional[TagPolicyConfig] = Field(default=None, description="Default: no tag policy.")
    account_defaults: AccountDefaultsConfig = Field(
        default_factory=AccountDefaultsConfig,
        description="Management policies at the root: AI services opt-out and the EC2 declarative policy. Default: both on.",
    )
    delegated_admins: dict[str, str] = Field(
        default_factory=dict,
        description="Service (guardduty, securityhub, ...) -> member account that administers it for the organization.",
    )
    service_access_principals: list[str] = Field(
        default_factory=list,
        description="Extra service principals given trusted access. The trail's and each delegated admin's "
        "service are always included.",
    )
    trail: TrailConfig = Field(description="The organization CloudTrail.")
    identity_center: Optional[IdentityCenterConfig] = Field(
        default=None,
        description="IAM Identity Center: permission sets, groups and assignments to root, OUs or accounts. Default: none.",
    )
    backup: Optional[OrgBackupConfig] = Field(
        default_factory=OrgBackupConfig,
        description="AWS Backup across the organization: the central copy vault and the backup policy floor. "
        "null: neither. Default: the floor policy at the root, no central vault.",
    )
    ci: Optional[CiConfig] = Field(
        default=None,
        description="GitHub OIDC access for CI: the landfall-ci role, and a landfall-deploy role in every account "
        "that trusts it. Default: none (CI uses credentials you provide).",
    )

    _null_ous = field_validator("ous", mode="before")(_null_ous_are_empty)

    # ---- plans the component loops over -------------------------------------------------------------------

    def ou_nodes(self) -> list[OuNode]:
        """Every OU, parents before children."""
        return flatten_ous(self.ous)

    def ou_paths(self) -> list[str]:
        return [n.path for n in self.ou_nodes()]

    def scp_attachments(self) -> list[PolicyAttachment]:
        """(policy, target) records with stable logical names. Call after validation."""
        return plan_attachments(self.scps, self.ou_paths(), self.accounts)

    def tag_policy_plan(self) -> Optional[TagPolicyPlan]:
        """The tag policy's keys and classified targets, or None. Call after validation."""
        if self.tag_policy is None:
            return None
        ou_paths, accounts = self.ou_paths(), list(self.accounts)
        targets = [classify_target(t, ou_paths, accounts) for t in self.tag_policy.targets]
        return TagPolicyPlan(self.tag_policy.tag_keys, [t for t in targets if t is not None])

    def attached_scp_names(self) -> list[str]:
        """Library SCPs attached somewhere, in first-attached order: the only ones the stack creates."""
        return list(dict.fromkeys(name for names in self.scps.values() for name in names))

    def management_account_id(self, ctx: Context) -> Optional[str]:
        account = ctx.accounts.get(ctx.settings.account)
        return account.id if account else None

    def trail_arn(self, ctx: Context) -> str:
        # Organization trails live in the management account, in the stack's home region.
        account_id = self.management_account_id(ctx) or "000000000000"  # same length: the size check stays honest
        return f"arn:{ctx.settings.partition}:cloudtrail:{ctx.region}:{account_id}:trail/{self.trail.name}"

    def ci_role_arn(self, ctx: Context) -> Optional[str]:
        """The landfall-ci role every landfall-deploy role trusts, or None without landfall:organization.ci."""
        if self.ci is None:
            return None
        key = self.ci.account or ctx.settings.account
        account_id = ctx.accounts[key].id if key in ctx.accounts else (self.accounts[key].id if key in self.accounts else None)
        return ci_role_arn(ctx.settings.partition, account_id) if account_id else None

    def governed(self, ctx: Context) -> GovernedRegions:
        """The governed regions, home first. Call after validation."""
        return GovernedRegions(ctx.region, self.governed_regions or self.scp_parameters.allowed_regions or [ctx.region])

    def scp_parameters_for(self, ctx: Context) -> ScpParameters:
        p = self.scp_parameters
        return ScpParameters(
            allowed_regions=tuple(p.allowed_regions or [ctx.region]),
            exempt_role_arns=tuple(p.exempt_role_arns),
            protected_role_arns=tuple(p.protected_role_arns),
            trail_arn=self.trail_arn(ctx),
            partition=ctx.settings.partition,
        )

    def rendered_scps(self, ctx: Context) -> dict[str, RenderedScp]:
        """The attached SCPs rendered with this stack's parameters (name -> minified document and size)."""
        params = self.scp_parameters_for(ctx)
        return {name: render(name, params) for name in self.attached_scp_names()}

    def enabled_policy_types(self) -> list[str]:
        types = ["SERVICE_CONTROL_POLICY"]
        if self.tag_policy is not None:
            types.append("TAG_POLICY")
        if self.account_defaults.ai_opt_out:
            types.append(AI_OPT_OUT_TYPE)
        if self.account_defaults.ec2 is not None:
            types.append(DECLARATIVE_EC2_TYPE)
        if self.account_defaults.data_perimeter is not None:
            types.append(RCP_TYPE)
        if self.backup is not None and self.backup.floor_policy:
            types.append(BACKUP_POLICY_TYPE)
        return types

    def all_service_access_principals(self) -> list[str]:
        principals = [*BASE_SERVICE_ACCESS_PRINCIPALS]
        principals += [DELEGATED_ADMIN_SERVICES[s] for s in self.delegated_admins if s in DELEGATED_ADMIN_SERVICES]
        principals += self.service_access_principals
        if self.backup is not None:
            principals.append(BACKUP_SERVICE_PRINCIPAL)  # backup policies and cross-account copies need trusted access
        return sorted(set(principals))

    # ---- validation ---------------------------------------------------------------------------------------

    def problems(self, ctx: Context) -> list[Problem]:
        nodes = self.ou_nodes()
        found: list[Problem] = []
        if ctx.settings.kind != StackKind.MANAGEMENT:
            found.append(
                Problem(SECTION, "only the management stack manages the organization", "move this section to the "
                        "stack whose landfall:stack.kind is management", ctx.settings.kind.value)
            )
        if self.id is not None and not ORGANIZATION_ID_PATTERN.match(self.id):
            found.append(Problem(f"{SECTION}.id", "is not an organization id", "use the id Organizations shows, "
                                 "such as o-a1b2c3d4e5, or remove it to create the organization", self.id))
        adopted = [key for key, account in self.accounts.items() if account.id is not None]
        if self.id is None and adopted and not self.new_organization:
            found.append(Problem(f"{SECTION}.id", f"is not set, so this stack creates a new organization, yet "
                                 f"{len(adopted)} accounts are adopted by id ({', '.join(adopted[:5])}"
                                 f"{', ...' if len(adopted) > 5 else ''}): accounts that exist belong to an organization "
                                 "already", "set id to that organization's id (`aws organizations describe-organization`"
                                 ") to adopt it, or set new_organization: true if the accounts will leave it and join "
                                 "a new one", None))
        if self.id is not None and self.new_organization:
            found.append(Problem(f"{SECTION}.new_organization", "contradicts id, which adopts an existing organization",
                                 "remove one of the two", True))
        found += self._ou_problems(nodes)
        if self.account_defaults.data_perimeter is not None:
            found += self.account_defaults.data_perimeter.problems(f"{SECTION}.account_defaults.data_perimeter")
        found += self._management_policy_sizes(ctx)
        found += self._account_problems(ctx, nodes)
        found += self._feature_set_problems()
        found += self._quota_problems()
        param_problems = self._parameter_problems(ctx)
        found += param_problems
        found += self._scp_problems(ctx, nodes, render_sizes=not param_problems)
        found += self._tag_policy_problems(ctx, nodes)
        found += self._backup_problems(ctx, nodes)
        if self.identity_center is not None:
            found += self.identity_center.problems([n.path for n in nodes], list(self.accounts), ctx.settings.account)
        found += self._delegated_admin_problems(ctx)
        found += self._service_principal_problems()
        if self.ci is not None:
            found += self.ci.problems({ctx.settings.account: None, **self.accounts})
            key = self.ci.account or ctx.settings.account
            if key not in ctx.accounts:
                found.append(Problem("landfall:organization.ci.account", "is not in landfall:accounts, so this stack has "
                                     "no provider to create the CI role there", f"add {key} to landfall:accounts", key))
            member = self.accounts.get(key)
            if member is not None and member.id is None:
                found.append(Problem("landfall:organization.ci.account", "is created by this stack and has no id yet: "
                                     "CI needs its role before the account exists", "hold the CI role in an existing "
                                     "account (default: the management account)", key))
        found += self._trail_problems(ctx)
        return found

    def _ou_problems(self, nodes: list[OuNode]) -> list[Problem]:
        found: list[Problem] = []
        sibling_names: dict[tuple[Optional[str], str], str] = {}
        adopted_ids: dict[str, str] = {}
        for node in nodes:
            path = format_path([SECTION, *node.key_path])
            if node.id is not None:
                if not OU_ID_PATTERN.match(node.id):
                    found.append(Problem(f"{path}.id", "is not an OU id", "use the id Organizations shows, such as "
                                         "ou-ab12-cd34ef56", node.id))
                elif node.id in adopted_ids:
                    found.append(Problem(f"{path}.id", f"is also the id of OU {adopted_ids[node.id]!r}",
                                         "adopt each OU once", node.id))
                adopted_ids.setdefault(node.id, node.path)
                if self.id is None:
                    found.append(Problem(f"{path}.id", "adopts an existing OU, but organization.id is not set, so this "
                                         "stack creates a new organization (an OU belongs to its organization)",
                                         "set landfall:organization.id to adopt the organization, or remove the OU's id", node.id))
            if not OU_KEY_PATTERN.match(node.key):
                found.append(Problem(path, "OU keys must be 1-64 letters, digits, '.', '_' or '-', starting and ending "
                                     "with a letter or digit", "rename the key, e.g. NonProd; set name: for the name "
                                     "shown in AWS", node.key))
            if node.key.lower() == ROOT:
                found.append(Problem(path, "'root' is the name of the organization root in scps targets",
                                     "rename the OU, e.g. Core", node.key))
            if not 1 <= len(node.name) <= OU_NAME_MAX:
                found.append(Problem(f"{path}.name", f"OU names are 1-{OU_NAME_MAX} characters", "shorten the name", node.name))
            seen = sibling_names.setdefault((node.parent, node.name.lower()), node.key)
            if seen != node.key:
                found.append(Problem(f"{path}.name", f"has the same name as its sibling {seen!r}",
                                     "give OUs under the same parent distinct names", node.name))
            if node.depth == MAX_OU_DEPTH + 1:  # report each branch once, at the first level too deep
                found.append(Problem(path, f"is nested {node.depth} levels under the root; AWS Organizations allows "
                                     f"at most {MAX_OU_DEPTH}", f"move {node.path} (and its children) up so no branch "
                                     f"is deeper than {MAX_OU_DEPTH} OUs", node.path))
        return found

    def _account_problems(self, ctx: Context, nodes: list[OuNode]) -> list[Problem]:
        found: list[Problem] = []
        ou_paths = [n.path for n in nodes]
        management_id = self.management_account_id(ctx)
        ids: dict[str, str] = {}
        emails: dict[str, str] = {}
        for key, account in self.accounts.items():
            path = f"{SECTION}.accounts.{key}"
            if not ACCOUNT_KEY_PATTERN.match(key):
                found.append(Problem(path, "account keys must be lowercase letters, digits or hyphens (1-32), starting "
                                     "with a letter", "rename the key, e.g. log-archive", key))
            if key == ctx.settings.account:
                found.append(Problem(path, "is the management account (landfall:stack.account), which is not a "
                                     "member account", "remove it; the management account is the stack's own account", key))
            if account.ou != ROOT and account.ou not in ou_paths:
                found.append(Problem(f"{path}.ou", "names no OU of landfall:organization.ous",
                                     f"use root or one of the OU paths: {', '.join(ou_paths) or 'none declared'}", account.ou))
            if account.id is None:
                if account.email is None:
                    found.append(Problem(f"{path}.email", "is required to create an account (no id given)",
                                         "add email: a unique address such as aws+<key>@example.com, or id: to adopt "
                                         "an existing account", None))
                declared = ctx.accounts.get(key)
                if declared is not None:
                    found.append(Problem(f"{path}.id", f"is missing, so the stack would create a new account, but "
                                         f"landfall:accounts.{key} already has id {declared.id}",
                                         f'add id: "{declared.id}" to adopt that account', None))
            else:
                if account.email is None:
                    found.append(Problem(f"{path}.email", "is required to adopt an account: Pulumi imports it with "
                                         "these inputs and refuses an import whose inputs differ from AWS",
                                         "add the account's current root email", None))
                if not re.fullmatch(r"\d{12}", account.id):
                    found.append(Problem(f"{path}.id", "must be a 12-digit AWS account id",
                                         'quote it in YAML so leading zeros survive: id: "012345678901"', account.id))
                elif account.id == management_id:
                    found.append(Problem(f"{path}.id", "is the management account's id; it is not a member account",
                                         "remove this entry", account.id))
                other = ids.setdefault(account.id, key)
                if other != key:
                    found.append(Problem(f"{path}.id", f"is also the id of accounts.{other}",
                                         "give each account its own id; one AWS account can be declared once", account.id))
                declared = ctx.accounts.get(key)
                if declared is not None and declared.id != account.id:
                    found.append(Problem(f"{path}.id", f"differs from landfall:accounts.{key}.id ({declared.id})",
                                         "make both ids the same account's id", account.id))
            if account.email is not None:
                if not (EMAIL_MIN <= len(account.email) <= EMAIL_MAX and EMAIL_PATTERN.match(account.email)):
                    found.append(Problem(f"{path}.email", f"is not a valid email address of {EMAIL_MIN}-{EMAIL_MAX} "
                                         "characters", "use an address such as aws+audit@example.com", account.email))
                other = emails.setdefault(account.email.lower(), key)
                if other != key:
                    found.append(Problem(f"{path}.email", f"is also the email of accounts.{other}",
                                         "every AWS account needs its own email; use plus addressing: aws+<key>@...",
                                         account.email))
            if account.name is not None and not 1 <= len(account.name) <= ACCOUNT_NAME_MAX:
                found.append(Problem(f"{path}.name", f"account names are 1-{ACCOUNT_NAME_MAX} characters",
                                     "shorten the name", account.name))
            elif account.name is not None and not ACCOUNT_NAME_PATTERN.match(account.name):
                found.append(Problem(f"{path}.name", "account names are printable ASCII only (CreateAccount rejects "
                                     "other characters)", "use ASCII letters, digits, spaces and punctuation", account.name))
            if not ROLE_NAME_PATTERN.match(account.role_name):
                found.append(Problem(f"{path}.role_name", "is not a valid IAM role name", "use a role name, not an ARN",
                                     account.role_name))
        return found

    def _feature_set_problems(self) -> list[Problem]:
        if self.feature_set == FeatureSet.ALL:
            return []
        used = [k for k, v in (("scps", self.scps), ("tag_policy", self.tag_policy),
                               ("delegated_admins", self.delegated_admins)) if v]
        return [Problem(f"{SECTION}.feature_set", f"CONSOLIDATED_BILLING organizations cannot use {', '.join(used)}",
                        "set feature_set: ALL", self.feature_set.value)] if used else []

    def _quota_problems(self) -> list[Problem]:
        found: list[Problem] = []
        q = self.quotas
        if q.scp_max_characters > SCP_MAX_CHARACTERS_LIMIT:
            found.append(Problem(f"{SECTION}.quotas.scp_max_characters",
                                 f"is above AWS's hard limit of {SCP_MAX_CHARACTERS_LIMIT} characters per SCP; "
                                 f"{QUOTAS_NOT_ADJUSTABLE}. A larger SCP would pass the preview and fail in `pulumi up`",
                                 f"remove the key (default {SCP_MAX_CHARACTERS_DEFAULT}) or set a lower budget",
                                 q.scp_max_characters))
        elif q.scp_max_characters < SCP_MAX_CHARACTERS_MIN:
            found.append(Problem(f"{SECTION}.quotas.scp_max_characters",
                                 f"is below {SCP_MAX_CHARACTERS_MIN}, too small for any library SCP",
                                 f"use {SCP_MAX_CHARACTERS_MIN}..{SCP_MAX_CHARACTERS_LIMIT}", q.scp_max_characters))
        if q.scps_per_target > SCPS_PER_TARGET_LIMIT:
            found.append(Problem(f"{SECTION}.quotas.scps_per_target",
                                 f"is above AWS's hard limit of {SCPS_PER_TARGET_LIMIT} SCPs per root, OU or account "
                                 f"(FullAWSAccess included); {QUOTAS_NOT_ADJUSTABLE}. Raising it only switches "
                                 "the check off", f"remove the key (default {SCPS_PER_TARGET_DEFAULT}) or set a lower budget, "
                                 "and move extra SCPs to a parent OU (SCPs are inherited)", q.scps_per_target))
        elif q.scps_per_target < SCPS_PER_TARGET_MIN:
            found.append(Problem(f"{SECTION}.quotas.scps_per_target",
                                 "must be at least 1 (FullAWSAccess stays attached to every target)",
                                 f"use {SCPS_PER_TARGET_MIN}..{SCPS_PER_TARGET_LIMIT}", q.scps_per_target))
        return found

    def _governed_region_problems(self, ctx: Context) -> list[Problem]:
        """Governed regions are real, include the home region, and are exactly the regions accounts may use."""
        found: list[Problem] = []
        path, governed = f"{SECTION}.governed_regions", self.governed_regions
        for i, region in enumerate(governed):
            bad = region_problem(region, ctx.settings.partition)
            if bad is not None:
                found.append(Problem(f"{path}[{i}]", *bad, region))
            elif region in governed[:i]:
                found.append(Problem(f"{path}[{i}]", "is listed twice", "list each region once", region))
        if governed and ctx.region not in governed:
            found.append(Problem(path, f"does not include the home region {ctx.region} (landfall:stack.region), where "
                                 "global resources are recorded and Security Hub findings are aggregated",
                                 f"add {ctx.region}", governed))
        allowed = self.scp_parameters.allowed_regions
        if governed and allowed and "region-allow-list" in self.attached_scp_names():
            for i, region in enumerate(governed):
                if region not in allowed and region != ctx.region:
                    found.append(Problem(f"{path}[{i}]", "is denied by the region-allow-list SCP "
                                         "(scp_parameters.allowed_regions), so its baseline could not be deployed",
                                         f"add {region} to scp_parameters.allowed_regions, or remove it here", region))
            ungoverned = [r for r in allowed if r not in governed]
            if ungoverned:
                found.append(Problem(path, f"leaves {', '.join(ungoverned)} ungoverned although the SCPs allow "
                                     "accounts to use it: no Config, GuardDuty or Security Hub would watch it",
                                     "govern every allowed region (remove governed_regions to default to "
                                     "scp_parameters.allowed_regions), or deny the region", governed))
        return found

    def _parameter_problems(self, ctx: Context) -> list[Problem]:
        found: list[Problem] = []
        path = f"{SECTION}.scp_parameters"
        regions = self.scp_parameters.allowed_regions
        for i, region in enumerate(regions):
            bad = region_problem(region, ctx.settings.partition)
            if bad is not None:
                # A misspelt region in the allow-list denies the real one to everyone.
                found.append(Problem(f"{path}.allowed_regions[{i}]", *bad, region))
            elif region in regions[:i]:
                found.append(Problem(f"{path}.allowed_regions[{i}]", "is listed twice", "list each region once", region))
        if regions and ctx.region not in regions:
            found.append(Problem(f"{path}.allowed_regions", f"does not include the stack's home region {ctx.region}, so "
                                 "region-allow-list would deny the landing zone's own resources",
                                 f"add {ctx.region}", regions))
        found += self._governed_region_problems(ctx)
        arn = _role_arn_pattern(ctx.settings.partition)
        for field in ("exempt_role_arns", "protected_role_arns"):
            values = getattr(self.scp_parameters, field)
            if not values:
                found.append(Problem(f"{path}.{field}", "must list at least one role ARN (an empty list makes an "
                                     "invalid SCP condition)", f"keep the defaults: {list(getattr(ScpParametersConfig(), field))}", values))
            for i, value in enumerate(values):
                if not arn.match(value):
                    found.append(Problem(f"{path}.{field}[{i}]", f"is not an IAM role ARN in partition "
                                         f"{ctx.settings.partition}", f"use arn:{ctx.settings.partition}:iam::*:role/<name> "
                                         "(wildcards allowed)", value))
                elif value in values[:i]:
                    found.append(Problem(f"{path}.{field}[{i}]", "is listed twice", "list each ARN once", value))
        return found

    def _target_problem(self, ctx: Context, path: str, target: str, ou_paths: list[str]) -> list[Problem]:
        """No problem if the target resolves; else why not. Targets are root, OU paths or member-account keys."""
        if target in ou_paths and target in self.accounts:
            return [Problem(path, "names both an OU and a member account", "rename the OU or the account key", target)]
        if classify_target(target, ou_paths, self.accounts) is not None:
            return []
        if target == ctx.settings.account:
            return [Problem(path, "is the management account; SCPs and tag policies never restrict it",
                            "attach the policy to root or an OU instead", target)]
        known = [ROOT, *ou_paths, *self.accounts]
        return [Problem(path, "names no OU, member account or the root",
                        f"use root, an OU path or a key of {SECTION}.accounts: {', '.join(known)}", target)]

    def _scp_problems(self, ctx: Context, nodes: list[OuNode], render_sizes: bool) -> list[Problem]:
        found: list[Problem] = []
        ou_paths = [n.path for n in nodes]
        library = library_names()
        quota = self.quotas.scps_per_target
        first_use: dict[str, str] = {}
        for target, names in self.scps.items():
            path = f"{SECTION}.scps.{target}"
            found += self._target_problem(ctx, path, target, ou_paths)
            for i, name in enumerate(names):
                if name not in library:
                    found.append(Problem(f"{path}[{i}]", "is not an SCP of the library (policies/scp/)",
                                         f"use one of: {', '.join(library)}", name))
                elif name in names[:i]:
                    found.append(Problem(f"{path}[{i}]", "is attached twice to the same target", "list it once", name))
                else:
                    first_use.setdefault(name, f"{path}[{i}]")
            if len(names) + 1 > quota:  # + FullAWSAccess, which stays attached
                found.append(Problem(f"{path}[{quota - 1}]",
                                     f"{target} would have {len(names) + 1} SCPs directly attached ({len(names)} listed + "
                                     f"{FULL_AWS_ACCESS}), over quotas.scps_per_target ({quota})",
                                     f"attach at most {quota - 1} here: move some to a parent OU (SCPs are inherited) "
                                     f"or merge two into one; quotas.scps_per_target cannot exceed AWS's hard limit of "
                                     f"{SCPS_PER_TARGET_LIMIT}", names))
        if render_sizes:
            found += self._size_problems(ctx, first_use)
        return found

    def _size_problems(self, ctx: Context, first_use: dict[str, str]) -> list[Problem]:
        found: list[Problem] = []
        params = self.scp_parameters_for(ctx)
        limit = self.quotas.scp_max_characters
        for name, path in first_use.items():
            try:
                rendered = render(name, params)
            except ScpRenderError as err:  # a library bug, reported rather than hidden behind a traceback
                found.append(Problem(path, f"cannot be rendered: {err}", f"fix policies/scp/{name}.json", name))
                continue
            if rendered.size > limit:
                found.append(Problem(path, f"renders to {rendered.size} characters with these scp_parameters, over "
                                     f"quotas.scp_max_characters ({limit})",
                                     "shorten scp_parameters (e.g. one wildcard ARN such as arn:aws:iam::*:role/landfall-* "
                                     "instead of several), or split the SCP in two; quotas.scp_max_characters cannot "
                                     f"exceed AWS's hard limit of {SCP_MAX_CHARACTERS_LIMIT}", name))
        return found

    def _tag_policy_problems(self, ctx: Context, nodes: list[OuNode]) -> list[Problem]:
        if self.tag_policy is None:
            return []
        found: list[Problem] = []
        path = f"{SECTION}.tag_policy"
        keys = self.tag_policy.tag_keys
        if not keys:
            found.append(Problem(f"{path}.tag_keys", "is empty", "list the tag keys to standardize, or remove tag_policy", keys))
        for i, key in enumerate(keys):
            if not 1 <= len(key) <= TAG_KEY_MAX or key.lower().startswith("aws:"):
                found.append(Problem(f"{path}.tag_keys[{i}]", f"tag keys are 1-{TAG_KEY_MAX} characters and must not "
                                     "start with aws:", "use a key such as cost-center", key))
            elif not tag_text_allowed(key):
                found.append(Problem(f"{path}.tag_keys[{i}]", f"has characters tag keys cannot have (only "
                                     f"{ALLOWED_CHARACTERS})", "use a key such as cost-center", key))
            elif key.lower() in (k.lower() for k in keys[:i]):
                found.append(Problem(f"{path}.tag_keys[{i}]", "repeats a key (tag policies compare keys ignoring case)",
                                     "list each key once", key))
        ou_paths = [n.path for n in nodes]
        for i, target in enumerate(self.tag_policy.targets):
            found += self._target_problem(ctx, f"{path}.targets[{i}]", target, ou_paths)
        return found

    def _management_policy_sizes(self, ctx: Context) -> list[Problem]:
        """Each rendered management policy against its type's quota (the longest organization id stands in
        for one not known yet, so the check never passes on a short placeholder)."""
        from landfall.plan.account_defaults import (
            AI_OPT_OUT_POLICY_MAX_CHARS,
            DECLARATIVE_POLICY_MAX_CHARS,
            RCP_MAX_CHARS,
            ai_opt_out_document,
            data_perimeter_document,
            ec2_declarative_document,
            size_problem,
        )
        from landfall.plan.recovery import BACKUP_POLICY_MAX_CHARS, BackupRule, backup_policy_document

        defaults = self.account_defaults
        org_id = self.id or "o-" + "a" * 32
        checks = []
        if defaults.ai_opt_out:
            checks.append((f"{SECTION}.account_defaults.ai_opt_out", ai_opt_out_document(), AI_OPT_OUT_POLICY_MAX_CHARS))
        if defaults.ec2 is not None:
            checks.append((f"{SECTION}.account_defaults.ec2", ec2_declarative_document(defaults.ec2.plan()), DECLARATIVE_POLICY_MAX_CHARS))
        perimeter = defaults.data_perimeter
        if perimeter is not None:
            checks.append((f"{SECTION}.account_defaults.data_perimeter.trusted_accounts",
                           data_perimeter_document(org_id, tuple(perimeter.trusted_accounts), perimeter.require_tls), RCP_MAX_CHARS))
        if self.backup is not None and self.backup.floor_policy:
            regions = list(self.governed(ctx).regions)
            checks.append((f"{SECTION}.backup", backup_policy_document(BackupRule("cron(0 5 * * ? *)", self.backup.floor_retention_days),
                                                                       regions=regions, partition=ctx.settings.partition),
                           BACKUP_POLICY_MAX_CHARS))
        found = []
        for path, document, limit in checks:
            problem = size_problem("the rendered policy", document, limit)
            if problem is not None:
                found.append(Problem(path, problem, "shorten it: fewer trusted accounts or regions", None))
        return found

    def _backup_problems(self, ctx: Context, nodes: list[OuNode]) -> list[Problem]:
        if self.backup is None:
            return []
        found: list[Problem] = []
        path = f"{SECTION}.backup"
        central = self.backup.central_account
        if central is not None:
            found += self._member_account_ref(ctx, f"{path}.central_account", central,
                                              "the central vault must be in a member account, apart from the workloads")
            if central in self.accounts and central not in ctx.accounts:
                found.append(Problem(f"{path}.central_account", "is not in landfall:accounts, so this stack has no "
                                     "provider to create the central vault there", f"add {central} to landfall:accounts", central))
        if not 1 <= self.backup.floor_retention_days <= MAX_RETENTION_DAYS:
            found.append(Problem(f"{path}.floor_retention_days", f"must be 1-{MAX_RETENTION_DAYS:,} days", "use 35", self.backup.floor_retention_days))
        if self.backup.floor_policy:
            ou_paths = [n.path for n in nodes]
            for i, target in enumerate(self.backup.floor_targets):
                found += self._target_problem(ctx, f"{path}.floor_targets[{i}]", target, ou_paths)
        return found

    def _delegated_admin_problems(self, ctx: Context) -> list[Problem]:
        found: list[Problem] = []
        for service, account in self.delegated_admins.items():
            path = f"{SECTION}.delegated_admins.{service}"
            if service not in DELEGATED_ADMIN_SERVICES:
                found.append(Problem(path, "is not a service landfall can delegate",
                                     f"use one of: {', '.join(DELEGATED_ADMIN_SERVICES)}", service))
            found += self._member_account_ref(ctx, path, account, "a delegated administrator must be a member account")
            if service in ORGANIZATION_WIDE_SERVICES and account in self.accounts and account not in ctx.accounts:
                found.append(Problem(path, f"is not in landfall:accounts, but {service}'s organization-wide settings are "
                                     "declared through the administrator account's provider",
                                     f"add landfall:accounts.{account} with its id (for an account this stack creates: "
                                     "apply once, then add the id to both sections)", account))
        return found

    def _service_principal_problems(self) -> list[Problem]:
        found: list[Problem] = []
        principals = self.service_access_principals
        for i, principal in enumerate(principals):
            path = f"{SECTION}.service_access_principals[{i}]"
            if len(principal) > SERVICE_PRINCIPAL_MAX or not SERVICE_PRINCIPAL_PATTERN.match(principal):
                known = ", ".join(sorted(DELEGATED_ADMIN_SERVICES.values())[:3])
                found.append(Problem(path, "is not a service principal (<service>.amazonaws.com, at most "
                                     f"{SERVICE_PRINCIPAL_MAX} characters), so enabling trusted access would fail",
                                     f"write the service's principal, e.g. {known}", principal))
            elif principal in principals[:i]:
                found.append(Problem(path, "is listed twice", "list each principal once", principal))
        return found

    def _member_account_ref(self, ctx: Context, path: str, account: str, why_member: str) -> list[Problem]:
        if account in self.accounts:
            return []
        if account == ctx.settings.account:
            return [Problem(path, f"is the management account; {why_member}", f"use one of {SECTION}.accounts: "
                            f"{', '.join(self.accounts) or 'none declared'}", account)]
        return [Problem(path, "names an unknown member account", f"use a key of {SECTION}.accounts "
                        f"({', '.join(self.accounts) or 'none declared'}) or add the account there", account)]

    def _trail_problems(self, ctx: Context) -> list[Problem]:
        found: list[Problem] = []
        path = f"{SECTION}.trail"
        trail = self.trail
        found += self._member_account_ref(ctx, f"{path}.account", trail.account,
                                          "keep the logs out of the management account (a log-archive member account)")
        if trail.account in self.accounts and trail.account not in ctx.accounts:
            found.append(Problem(f"{path}.account", "is not in landfall:accounts, but the log bucket is declared through "
                                 "that account's provider", f"add landfall:accounts.{trail.account} with its id (for an "
                                 "account this stack creates: apply once, then add the id to both sections)", trail.account))
        if not TRAIL_NAME_PATTERN.match(trail.name) or re.search(r"[._-]{2}", trail.name):
            found.append(Problem(f"{path}.name", "trail names are 3-128 letters, digits, '.', '_' or '-', start and end "
                                 "with a letter or digit, and have no two symbols in a row", f"use e.g. {DEFAULT_TRAIL_NAME}",
                                 trail.name))
        if trail.retention_days < 1:
            found.append(Problem(f"{path}.retention_days", "must be at least 1 day",
                                 f"use {DEFAULT_TRAIL_RETENTION_DAYS} (a year of evidence)", trail.retention_days))
        days = trail.cloudwatch_logs_retention_days
        if days is not None and days not in LOG_RETENTION_DAYS:
            found.append(Problem(f"{path}.cloudwatch_logs_retention_days", "is not a retention period CloudWatch Logs "
                                 "accepts", f"use one of {', '.join(map(str, LOG_RETENTION_DAYS))}, or null for no log group",
                                 days))
        return found
