"""The account baseline: account-wide security settings, declared through the account's own provider.

GuardDuty membership: the organization's delegated administrator (the audit account) enrolls every member
account (auto-enable ALL) and associates the member's detector with itself; a member neither invites nor
accepts anything. Who owns the member's detector is `guardduty.detector`: `create` (this component creates
it; the accounts of the management stack, whose detectors exist before auto-enable is turned on),
`organization` (auto-enable creates it; the member stacks, deployed later, declare nothing), or `adopt`
(import an existing one by id, leaving its publishing frequency to the administrator).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional, Sequence

import pulumi
import pulumi_aws as aws

from landfall.config.baseline import BaselineConfig, DetectorMode, ServiceLinkedRoleMode
from landfall.config.ci import BREAK_GLASS_ROLE_NAME, DEPLOY_ROLE_NAME, PREVIEW_ROLE_NAME, ci_preview_role_arn
from landfall.config.model import StackConfig
from landfall.plan.kms import KEY_DELETION_WINDOW_DAYS, KeyPolicyInputs, KeyPurpose, key_policy
from landfall.plan.recovery import FULL_MANAGEMENT_SERVICES, OPT_IN_SERVICES, ORG_BACKUP_ROLE, ORG_VAULT_NAME
from landfall.plan.regions import GovernedRegions

from .recovery import backup_service_role

CONFIG_SERVICE_LINKED_ROLE = "aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"

if TYPE_CHECKING:
    from .providers import AccountProviders
    from .workload import AccountKeys


@dataclass(frozen=True)
class AccountBaselineArgs:
    config: BaselineConfig
    environment: str
    data_key_arn: Optional[pulumi.Input[str]]  # the EBS default key in the home region: the stack's data key
    regions: GovernedRegions  # every regional setting is declared once per governed region
    protect: bool = False  # production: keep the detector (and its findings) through a mistaken delete
    partition: str = "aws"
    account_id: str = ""  # the account's id: names its Config service-linked role, scopes regional EBS keys
    # The Config bucket: the management stack passes the one it creates; other stacks take it from config.
    config_bucket: Optional[pulumi.Input[str]] = None
    depends_on: Sequence[pulumi.Resource] = ()  # what the delivery channel needs first (the bucket policy)
    # landfall:organization.ci: the CI role the account's landfall-deploy role trusts; None: no deploy role
    ci_role_arn: Optional[str] = None
    # The management account whose MFA-authenticated principals may assume landfall-break-glass; None: no role
    break_glass_account_id: Optional[str] = None


class AccountBaseline(pulumi.ComponentResource):
    """`landfall:baseline:AccountBaseline`: children named `<name>-<setting>` in the home region and
    `<name>-<setting>-<region>` in every other governed region; each is an account (and region) singleton.

    Account-wide settings (S3 Block Public Access, the password policy, the security contact, the Config
    service-linked role) are global and declared once. Regional ones (EBS encryption by default and its key,
    GuardDuty, Access Analyzer, the Config recorder) carry the per-resource `region` input, so every region
    goes through the account's one provider: no provider, and no provider process, per region.
    """

    def __init__(self, name: str, args: AccountBaselineArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:baseline:AccountBaseline", name, None, opts)
        cfg = args.config
        child = pulumi.ResourceOptions(parent=self)
        outputs: dict[str, pulumi.Input] = {"regions": list(args.regions.regions)}
        self.detectors: dict[str, aws.guardduty.Detector] = {}  # region -> the detector this baseline declares
        self._home = args.regions.home

        if cfg.s3_block_public_access:
            # S3.1: all four flags, so no bucket policy or ACL in the account can make data public.
            block = aws.s3.AccountPublicAccessBlock(
                f"{name}-s3-public-access",
                block_public_acls=True,
                block_public_policy=True,
                ignore_public_acls=True,
                restrict_public_buckets=True,
                opts=child,
            )
            outputs["s3_public_access_block_id"] = block.id

        policy = cfg.password_policy
        if policy is not None:
            aws.iam.AccountPasswordPolicy(
                f"{name}-password-policy",
                minimum_password_length=policy.minimum_length,
                password_reuse_prevention=policy.reuse_prevention,
                max_password_age=policy.max_age_days,
                require_uppercase_characters=policy.require_uppercase,
                require_lowercase_characters=policy.require_lowercase,
                require_numbers=policy.require_numbers,
                require_symbols=policy.require_symbols,
                allow_users_to_change_password=policy.allow_users_to_change,
                hard_expiry=False,  # an expired password must stay changeable, or users lock themselves out
                opts=child,
            )

        contact = cfg.security_contact
        if contact is not None:
            # Account.1: AWS reaches the security team, not only the root mailbox. No account_id: the
            # provider is the account's own, so the contact is set on the account itself.
            aws.account.AlternativeContact(
                f"{name}-security-contact",
                alternate_contact_type="SECURITY",
                name=contact.name,
                title=contact.title,
                email_address=contact.email,
                phone_number=contact.phone,
                opts=child,
            )
            outputs["security_contact"] = contact.email

        if args.ci_role_arn is not None:
            outputs["deploy_role_arn"] = self._deploy_role(name, args.ci_role_arn, args.partition)
            outputs["preview_role_arn"] = self._preview_role(name, ci_preview_role_arn(args.ci_role_arn), args.partition)

        if cfg.break_glass and args.break_glass_account_id:
            outputs["break_glass_role_arn"] = self._break_glass_role(name, args.break_glass_account_id, args.partition)

        config_role = self._config_role(name, args) if cfg.config_recorder.enabled else None
        ebs_keys: dict[str, pulumi.Input[str]] = {}
        detector_ids: dict[str, pulumi.Input[str]] = {}
        analyzers: dict[str, pulumi.Input[str]] = {}
        recorders: dict[str, pulumi.Input[str]] = {}
        for region in args.regions:
            suffix = args.regions.suffix(region)
            if cfg.ebs_encryption:
                key = self._ebs_encryption(name, suffix, region, args)
                if key is not None:
                    ebs_keys[region] = key
            detector = self._detector(name, suffix, region, args)
            if detector is not None:
                detector_ids[region] = detector.id
            if cfg.access_analyzer:
                analyzers[region] = aws.accessanalyzer.Analyzer(
                    f"{name}-access-analyzer{suffix}",
                    region=region,
                    analyzer_name=f"landfall-{args.environment}-account",
                    type="ACCOUNT",  # the organization analyzer lives with the delegated administrator
                    opts=child,
                ).arn
            if config_role is not None:
                recorders[region] = self._config_recorder(name, suffix, region, config_role, args)
        if cfg.backup:
            outputs["backup_vaults"] = self._backup_readiness(name, args, ebs_keys)
        if ebs_keys:
            outputs["ebs_default_key_arns"] = ebs_keys
        if detector_ids:
            outputs["guardduty_detector_ids"] = detector_ids
        if analyzers:
            outputs["access_analyzer_arns"] = analyzers
        if recorders:
            outputs["config_recorders"] = recorders
        self.register_outputs(outputs)

    def _backup_readiness(self, name: str, args: AccountBaselineArgs, keys: dict[str, pulumi.Input[str]]) -> dict[str, pulumi.Output[str]]:
        """What AWS Backup needs before a tag-based plan (the stack's, or the organization's backup policy)
        can protect anything here: per region the service opt-in, DynamoDB's advanced backup (cross-account
        copies) and the landfall-org vault, encrypted with the region's data key where the baseline has one;
        once, the landfall-backup role."""
        child = pulumi.ResourceOptions(parent=self)
        backup_service_role(f"{name}-backup-role", ORG_BACKUP_ROLE, args.account_id, args.partition, child)
        vaults = {}
        for region in args.regions:
            suffix = args.regions.suffix(region)
            aws.backup.RegionSettings(
                f"{name}-backup-settings{suffix}",
                region=region,
                resource_type_opt_in_preference={service: True for service in OPT_IN_SERVICES},
                resource_type_management_preference={service: True for service in FULL_MANAGEMENT_SERVICES},
                opts=child,
            )
            vaults[region] = aws.backup.Vault(
                f"{name}-backup-vault{suffix}",
                region=region,
                name=ORG_VAULT_NAME,
                kms_key_arn=keys.get(region),  # None: AWS Backup's own key (aws/backup)
                opts=pulumi.ResourceOptions(parent=self, protect=args.protect),
            ).arn
        return vaults

    @property
    def detector(self) -> Optional[aws.guardduty.Detector]:
        """The home region's detector, if this baseline declares one."""
        return self.detectors.get(self._home)

    def _ebs_encryption(self, name: str, suffix: str, region: str, args: AccountBaselineArgs) -> Optional[pulumi.Input[str]]:
        """EC2.7: every new volume and snapshot copy is encrypted, with a customer-managed key rather than
        aws/ebs, so key use is logged and the key can be shared for cross-account restores. KMS keys are
        regional: the home region uses the stack's data key, every other region a key of its own."""
        child = pulumi.ResourceOptions(parent=self)
        aws.ebs.EncryptionByDefault(f"{name}-ebs-encryption{suffix}", region=region, enabled=True, opts=child)
        key_arn: Optional[pulumi.Input[str]] = args.data_key_arn if region == args.regions.home else None
        if region != args.regions.home:
            key = aws.kms.Key(
                f"{name}-ebs-key{suffix}",
                region=region,
                description=f"landfall {args.environment} EBS default key in {region}",
                enable_key_rotation=True,
                deletion_window_in_days=KEY_DELETION_WINDOW_DAYS,
                policy=json.dumps(key_policy(KeyPolicyInputs(
                    partition=args.partition, account_id=args.account_id, region=region, purpose=KeyPurpose.DATA))),
                opts=pulumi.ResourceOptions(parent=self, protect=args.protect),
            )
            aws.kms.Alias(f"{name}-ebs-key{suffix}", region=region, name=f"alias/landfall/{args.environment}/ebs",
                          target_key_id=key.key_id, opts=child)
            key_arn = key.arn
        if key_arn is not None:
            aws.ebs.DefaultKmsKey(f"{name}-ebs-default-key{suffix}", region=region, key_arn=key_arn, opts=child)
        return key_arn

    def _detector(self, name: str, suffix: str, region: str, args: AccountBaselineArgs) -> Optional[aws.guardduty.Detector]:
        guardduty = args.config.guardduty
        if not guardduty.declares_detector:
            return None
        # adopt imports the home region's detector; the other regions' are created (or adopted by their own id).
        adopted = guardduty.existing_detector_ids.get(region) if guardduty.detector == DetectorMode.ADOPT else None
        if adopted is None and guardduty.detector == DetectorMode.ADOPT and region == args.regions.home:
            adopted = guardduty.existing_detector_id
        detector = aws.guardduty.Detector(
            f"{name}-guardduty{suffix}",
            region=region,
            enable=True,
            finding_publishing_frequency=guardduty.finding_publishing_frequency.value,
            tags={"Name": f"landfall-{args.environment}"},
            opts=pulumi.ResourceOptions(
                parent=self,
                protect=args.protect,
                import_=adopted,
                # an adopted detector belongs to the administrator's settings
                ignore_changes=["findingPublishingFrequency"] if adopted else None,
            ),
        )
        self.detectors[region] = detector
        return detector

    def _deploy_role(self, name: str, ci_role_arn: str, partition: str) -> pulumi.Output[str]:
        """The role CI deploys this account with: trusted by the landfall-ci role alone (reached through
        GitHub OIDC, no long-lived keys), exempted by the SCPs and guarded by protect-landing-zone-roles.
        Administrator: a landing-zone deploy creates IAM roles, KMS keys and Organizations settings."""
        return self._ci_role(f"{name}-deploy-role", DEPLOY_ROLE_NAME, ci_role_arn, "AdministratorAccess", partition,
                             "landfall: assumed by CI (landfall-ci) to deploy this account's stacks")

    def _preview_role(self, name: str, ci_preview_role: str, partition: str) -> pulumi.Output[str]:
        """What pull-request previews and drift checks run with: read-only, trusted by landfall-ci-preview
        alone, so code nobody has merged can read this account but never change it. Not exempted by the SCPs
        (it needs nothing they deny); protect-landing-zone-roles guards it as landfall-*."""
        return self._ci_role(f"{name}-preview-role", PREVIEW_ROLE_NAME, ci_preview_role, "ReadOnlyAccess", partition,
                             "landfall: assumed by CI (landfall-ci-preview) for read-only previews and drift checks")

    def _ci_role(self, logical: str, role_name: str, trusted_arn: str, managed_policy: str, partition: str,
                 description: str) -> pulumi.Output[str]:
        """A one-hour role that only `trusted_arn` (a CI role of the management account) may assume."""
        child = pulumi.ResourceOptions(parent=self)
        role = aws.iam.Role(
            logical,
            name=role_name,
            description=description,
            max_session_duration=3600,
            assume_role_policy=json.dumps({"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"AWS": trusted_arn}, "Action": ["sts:AssumeRole", "sts:TagSession"],
            }]}),
            opts=child,
        )
        aws.iam.RolePolicyAttachment(logical, role=role.name, policy_arn=f"arn:{partition}:iam::aws:policy/{managed_policy}", opts=child)
        return role.arn

    def _break_glass_role(self, name: str, management_account_id: str, partition: str) -> pulumi.Output[str]:
        """Emergency access when CI or Identity Center is down: AdministratorAccess for one hour, assumable only by
        principals of the management account that signed in with MFA within the hour. The SCPs exempt it
        (scp_parameters.exempt_role_arns) and protect-landing-zone-roles guards it; CloudTrail records every use."""
        child = pulumi.ResourceOptions(parent=self)
        role = aws.iam.Role(
            f"{name}-break-glass-role",
            name=BREAK_GLASS_ROLE_NAME,
            description="landfall: emergency access; MFA-authenticated principals of the management account only",
            max_session_duration=3600,
            assume_role_policy=json.dumps({"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"AWS": f"arn:{partition}:iam::{management_account_id}:root"},
                "Action": "sts:AssumeRole",
                "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"},
                              "NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}},
            }]}),
            opts=child,
        )
        aws.iam.RolePolicyAttachment(
            f"{name}-break-glass-role", role=role.name, policy_arn=f"arn:{partition}:iam::aws:policy/AdministratorAccess",
            opts=child,
        )
        return role.arn

    def _config_role(self, name: str, args: AccountBaselineArgs) -> pulumi.Input[str]:
        """AWSServiceRoleForConfig is an IAM role: global, one per account, shared by every region's recorder."""
        if args.config.config_recorder.service_linked_role == ServiceLinkedRoleMode.CREATE:
            return aws.iam.ServiceLinkedRole(
                f"{name}-config-role", aws_service_name="config.amazonaws.com", opts=pulumi.ResourceOptions(parent=self),
            ).arn
        return f"arn:{args.partition}:iam::{args.account_id}:role/{CONFIG_SERVICE_LINKED_ROLE}"

    def _config_recorder(self, name: str, suffix: str, region: str, role_arn: pulumi.Input[str],
                         args: AccountBaselineArgs) -> pulumi.Output[str]:
        """Config.1 / CIS 3.3: record every supported resource with the service-linked role, deliver to the
        organization's Config bucket, and start recording (the three steps AWS Config needs), in one region.
        Global resource types (IAM) are recorded in the home region only: recorded everywhere, each change
        would produce one identical configuration item per region."""
        recorder_cfg = args.config.config_recorder
        child = pulumi.ResourceOptions(parent=self)
        recorder = aws.cfg.Recorder(
            f"{name}-config{suffix}",
            region=region,
            name="default",  # one recorder per account and region; "default" is what the console creates
            role_arn=role_arn,
            recording_group=aws.cfg.RecorderRecordingGroupArgs(
                all_supported=True,
                include_global_resource_types=recorder_cfg.record_global_resources and region == args.regions.home,
            ),
            opts=child,
        )
        channel = aws.cfg.DeliveryChannel(
            f"{name}-config{suffix}",
            region=region,
            name="default",
            s3_bucket_name=args.config_bucket if args.config_bucket is not None else recorder_cfg.delivery_bucket,
            opts=pulumi.ResourceOptions(parent=self, depends_on=[recorder, *args.depends_on]),
        )
        aws.cfg.RecorderStatus(
            f"{name}-config{suffix}", region=region, name=recorder.name, is_enabled=True,
            opts=pulumi.ResourceOptions(parent=self, depends_on=[channel]),
        )
        return recorder.name


def build_baselines(config: StackConfig, providers: "AccountProviders", keys: "AccountKeys",
                    config_bucket: Optional[pulumi.Input[str]] = None,
                    depends_on: Sequence[pulumi.Resource] = ()) -> dict[str, AccountBaseline]:
    """The baseline in every account the stack baselines (by default its own), through that account's provider."""
    out = {}
    for account in config.baseline.account_names(config.context):
        data_key = keys.ring(account).arn(KeyPurpose.DATA) if config.baseline.ebs_encryption else None
        out[account] = AccountBaseline(
            f"baseline-{account}",
            AccountBaselineArgs(config.baseline, config.stack.environment, data_key, regions=config.governed_regions(),
                                protect=config.stack.production,
                                partition=config.stack.partition, account_id=providers.account_id(account),
                                config_bucket=config_bucket, depends_on=depends_on, ci_role_arn=config.ci_role_arn(),
                                break_glass_account_id=config.management_account_id()),
            providers.opts(account),
        )
    return out
