"""The account baseline: account-wide security settings, declared through the account's own provider.

GuardDuty membership: the organization's delegated administrator (the audit account) enrolls every member
account (auto-enable ALL) and associates the member's detector with itself; a member neither invites nor
accepts anything. Who owns the member's detector is `guardduty.detector`: `create` (this component creates
it; the accounts of the management stack, whose detectors exist before auto-enable is turned on),
`organization` (auto-enable creates it; the member stacks, deployed later, declare nothing), or `adopt`
(import an existing one by id, leaving its publishing frequency to the administrator).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional, Sequence

import pulumi
import pulumi_aws as aws

from landfall.config.baseline import BaselineConfig, DetectorMode, ServiceLinkedRoleMode
from landfall.config.model import StackConfig
from landfall.plan.kms import KeyPurpose

CONFIG_SERVICE_LINKED_ROLE = "aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"

if TYPE_CHECKING:
    from .providers import AccountProviders
    from .workload import AccountKeys


@dataclass(frozen=True)
class AccountBaselineArgs:
    config: BaselineConfig
    environment: str
    data_key_arn: Optional[pulumi.Input[str]]  # the EBS default key: the stack's data key in this account
    protect: bool = False  # production: keep the detector (and its findings) through a mistaken delete
    partition: str = "aws"
    account_id: str = ""  # the account's id: names its Config service-linked role
    # The Config bucket: the management stack passes the one it creates; other stacks take it from config.
    config_bucket: Optional[pulumi.Input[str]] = None
    depends_on: Sequence[pulumi.Resource] = ()  # what the delivery channel needs first (the bucket policy)


class AccountBaseline(pulumi.ComponentResource):
    """`landfall:baseline:AccountBaseline`: children named `<name>-<setting>`; each is an account singleton."""

    def __init__(self, name: str, args: AccountBaselineArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:baseline:AccountBaseline", name, None, opts)
        cfg = args.config
        child = pulumi.ResourceOptions(parent=self)
        outputs: dict[str, pulumi.Input] = {}
        self.detector: Optional[aws.guardduty.Detector] = None

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

        if cfg.ebs_encryption:
            # EC2.7: every new volume and snapshot copy is encrypted, with the customer-managed data key
            # rather than aws/ebs, so key use is logged and the key can be shared for cross-account restores.
            aws.ebs.EncryptionByDefault(f"{name}-ebs-encryption", enabled=True, opts=child)
            if args.data_key_arn is not None:
                aws.ebs.DefaultKmsKey(f"{name}-ebs-default-key", key_arn=args.data_key_arn, opts=child)
                outputs["ebs_default_key_arn"] = args.data_key_arn

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

        guardduty = cfg.guardduty
        if guardduty.declares_detector:
            adopted = guardduty.existing_detector_id if guardduty.detector == DetectorMode.ADOPT else None
            detector = aws.guardduty.Detector(
                f"{name}-guardduty",
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
            outputs["guardduty_detector_id"] = detector.id
            self.detector = detector

        if cfg.access_analyzer:
            analyzer = aws.accessanalyzer.Analyzer(
                f"{name}-access-analyzer",
                analyzer_name=f"landfall-{args.environment}-account",
                type="ACCOUNT",  # the organization analyzer lives with the delegated administrator
                opts=child,
            )
            outputs["access_analyzer_arn"] = analyzer.arn

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

        if cfg.config_recorder.enabled:
            outputs["config_recorder"] = self._config_recorder(name, args)

        self.register_outputs(outputs)

    def _config_recorder(self, name: str, args: AccountBaselineArgs) -> pulumi.Output[str]:
        """Config.1 / CIS 3.3: record every supported resource with the service-linked role, deliver to the
        organization's Config bucket, and start recording (the three steps AWS Config needs)."""
        recorder_cfg = args.config.config_recorder
        child = pulumi.ResourceOptions(parent=self)
        if recorder_cfg.service_linked_role == ServiceLinkedRoleMode.CREATE:
            role_arn: pulumi.Input[str] = aws.iam.ServiceLinkedRole(
                f"{name}-config-role", aws_service_name="config.amazonaws.com", opts=child,
            ).arn
        else:
            role_arn = f"arn:{args.partition}:iam::{args.account_id}:role/{CONFIG_SERVICE_LINKED_ROLE}"
        recorder = aws.cfg.Recorder(
            f"{name}-config",
            name="default",  # one recorder per account and region; "default" is what the console creates
            role_arn=role_arn,
            recording_group=aws.cfg.RecorderRecordingGroupArgs(
                all_supported=True, include_global_resource_types=recorder_cfg.record_global_resources,
            ),
            opts=child,
        )
        channel = aws.cfg.DeliveryChannel(
            f"{name}-config",
            name="default",
            s3_bucket_name=args.config_bucket if args.config_bucket is not None else recorder_cfg.delivery_bucket,
            opts=pulumi.ResourceOptions(parent=self, depends_on=[recorder, *args.depends_on]),
        )
        aws.cfg.RecorderStatus(
            f"{name}-config", name=recorder.name, is_enabled=True,
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
            AccountBaselineArgs(config.baseline, config.stack.environment, data_key, protect=config.stack.production,
                                partition=config.stack.partition, account_id=providers.account_id(account),
                                config_bucket=config_bucket, depends_on=depends_on),
            providers.opts(account),
        )
    return out
