"""The organization CloudTrail and its log archive.

`LogArchive` lives in the log-archive account (its provider): the trail's KMS key, the trail bucket and the
bucket that receives the trail bucket's server access logs. `OrganizationTrail` lives in the management
account: the trail itself and its CloudWatch Logs delivery. Both buckets and the key are protected and
retained on delete: a stack teardown must never take the audit record with it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Optional

import pulumi
import pulumi_aws as aws

from landfall.plan.kms import KeyPurpose
from landfall.plan.trail import (
    ACCESS_LOG_RETENTION_DAYS,
    LifecyclePlan,
    access_log_bucket_policy,
    bucket_name,
    config_bucket_name,
    config_bucket_policy,
    event_selectors,
    log_lifecycle,
    trail_bucket_policy,
)

from ..kms import KeyRing, KeyRingArgs


def _lifecycle_rules(plan: LifecyclePlan) -> list[aws.s3.BucketLifecycleConfigurationRuleArgs]:
    return [
        aws.s3.BucketLifecycleConfigurationRuleArgs(
            id=plan.rule_id,
            status="Enabled",
            filter=aws.s3.BucketLifecycleConfigurationRuleFilterArgs(prefix=""),  # the whole bucket
            transitions=[
                aws.s3.BucketLifecycleConfigurationRuleTransitionArgs(days=t.days, storage_class=t.storage_class)
                for t in plan.transitions
            ] or None,
            expiration=aws.s3.BucketLifecycleConfigurationRuleExpirationArgs(days=plan.expiration_days),
            noncurrent_version_expiration=aws.s3.BucketLifecycleConfigurationRuleNoncurrentVersionExpirationArgs(
                noncurrent_days=plan.noncurrent_days
            ),
            abort_incomplete_multipart_upload=aws.s3.BucketLifecycleConfigurationRuleAbortIncompleteMultipartUploadArgs(
                days_after_initiation=plan.abort_multipart_days
            ),
        )
    ]


class _SecureBucket:
    """A private, versioned, TLS-only bucket with ACLs disabled and a lifecycle (S3.1/5/8/12/13 and S3.14).

    Not a component: its resources are children of the LogArchive, named `<name>-<setting>`.
    """

    def __init__(self, name: str, bucket: str, parent: pulumi.Resource, lifecycle: LifecyclePlan,
                 policy: pulumi.Input[str], kms_key_arn: Optional[pulumi.Input[str]],
                 access_log_bucket: Optional[pulumi.Input[str]] = None) -> None:
        kept = pulumi.ResourceOptions(parent=parent, protect=True, retain_on_delete=True)
        child = pulumi.ResourceOptions(parent=parent)
        self.bucket = aws.s3.Bucket(name, bucket=bucket, force_destroy=False, opts=kept)
        self.public_access_block = aws.s3.BucketPublicAccessBlock(
            name, bucket=self.bucket.id, block_public_acls=True, block_public_policy=True,
            ignore_public_acls=True, restrict_public_buckets=True, opts=child,
        )
        aws.s3.BucketOwnershipControls(
            name, bucket=self.bucket.id,
            rule=aws.s3.BucketOwnershipControlsRuleArgs(object_ownership="BucketOwnerEnforced"), opts=child,
        )
        aws.s3.BucketVersioning(
            name, bucket=self.bucket.id,
            versioning_configuration=aws.s3.BucketVersioningVersioningConfigurationArgs(status="Enabled"), opts=child,
        )
        # SSE-KMS with the trail key for the trail bucket; S3-managed keys for the access-log bucket, the only
        # encryption S3 server access logging can deliver into.
        aws.s3.BucketServerSideEncryptionConfiguration(
            name, bucket=self.bucket.id,
            rules=[aws.s3.BucketServerSideEncryptionConfigurationRuleArgs(
                apply_server_side_encryption_by_default=aws.s3.BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs(
                    sse_algorithm="aws:kms" if kms_key_arn is not None else "AES256",
                    kms_master_key_id=kms_key_arn,
                ),
                bucket_key_enabled=kms_key_arn is not None,  # one data key per bucket-hour, not per object
            )],
            opts=child,
        )
        aws.s3.BucketLifecycleConfiguration(name, bucket=self.bucket.id, rules=_lifecycle_rules(lifecycle), opts=child)
        # After the public access block: a policy granting a service would otherwise race it.
        self.policy = aws.s3.BucketPolicy(
            name, bucket=self.bucket.id, policy=policy,
            opts=pulumi.ResourceOptions(parent=parent, depends_on=[self.public_access_block]),
        )
        if access_log_bucket is not None:
            aws.s3.BucketLogging(
                name, bucket=self.bucket.id, target_bucket=access_log_bucket, target_prefix=f"{bucket}/", opts=child,
            )


@dataclass(frozen=True)
class LogArchiveArgs:
    partition: str
    region: str
    account_id: str  # the log-archive account
    management_account_id: str  # where the organization trail lives
    trail_name: str
    trail_arn: str
    organization_id: pulumi.Input[str]
    retention_days: int
    environment: str = "management"
    # Accounts whose AWS Config delivers to the Config bucket (the management account and every member);
    # None: no Config bucket.
    config_account_ids: Optional[pulumi.Input[list[str]]] = None


class LogArchive(pulumi.ComponentResource):
    """`landfall:logarchive:LogArchive`: the trail key, `<name>-trail`, `<name>-config` and `<name>-access-logs`
    buckets."""

    def __init__(self, name: str, args: LogArchiveArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:logarchive:LogArchive", name, None, opts)
        p = args.partition
        self.keys = KeyRing(
            f"{name}-keys",
            KeyRingArgs(partition=p, account_id=args.account_id, region=args.region, environment=args.environment,
                        purposes=(KeyPurpose.TRAIL,), trail_account_ids=(args.management_account_id,), protect=True),
            pulumi.ResourceOptions(parent=self),
        )
        self.key_arn = self.keys.arn(KeyPurpose.TRAIL)
        trail_bucket = bucket_name(args.trail_name, None, args.account_id, args.region)
        log_bucket = bucket_name(args.trail_name, "access-logs", args.account_id, args.region)
        logged = [trail_bucket] + ([config_bucket_name(args.account_id, args.region)] if args.config_account_ids is not None else [])
        self.access_logs = _SecureBucket(
            f"{name}-access-logs", log_bucket, self, log_lifecycle(ACCESS_LOG_RETENTION_DAYS, "age-out-access-logs"),
            json.dumps(access_log_bucket_policy(p, log_bucket, logged, args.account_id)), kms_key_arn=None,
        )
        policy = pulumi.Output.from_input(args.organization_id).apply(
            lambda org_id: json.dumps(trail_bucket_policy(p, trail_bucket, args.trail_arn, args.management_account_id, org_id))
        )
        self.trail_bucket = _SecureBucket(
            f"{name}-trail", trail_bucket, self, log_lifecycle(args.retention_days), policy,
            kms_key_arn=self.key_arn, access_log_bucket=self.access_logs.bucket.id,
        )
        self.bucket_name = self.trail_bucket.bucket.id
        self.config_bucket: Optional[_SecureBucket] = None
        if args.config_account_ids is not None:
            # SSE-S3: AWS Config delivers cross-account into SSE-S3 without a key policy per account.
            # One delivery statement per account while that fits the 20 KB bucket-policy limit (about 70
            # accounts), the organization's id beyond (landfall.plan.trail.config_bucket_policy).
            config_bucket = config_bucket_name(args.account_id, args.region)
            config_policy = pulumi.Output.all(args.organization_id, args.config_account_ids).apply(
                lambda values: json.dumps(config_bucket_policy(p, config_bucket, values[1], values[0]))
            )
            self.config_bucket = _SecureBucket(
                f"{name}-config", config_bucket, self, log_lifecycle(args.retention_days, "age-out-config"), config_policy,
                kms_key_arn=None, access_log_bucket=self.access_logs.bucket.id,
            )
        self.register_outputs({
            "trail_bucket": self.trail_bucket.bucket.id,
            "config_bucket": self.config_bucket.bucket.id if self.config_bucket else None,
            "access_log_bucket": self.access_logs.bucket.id,
            "trail_key_arn": self.key_arn,
        })


@dataclass(frozen=True)
class OrganizationTrailArgs:
    partition: str
    region: str
    account_id: str  # the management account
    trail_name: str
    bucket_name: pulumi.Input[str]
    kms_key_arn: pulumi.Input[str]  # the log-archive account's trail key
    log_group_kms_key_arn: Optional[pulumi.Input[str]]  # the management account's logs key
    log_group_retention_days: Optional[int]  # None: no CloudWatch Logs delivery
    s3_data_events: bool
    depends_on: list[pulumi.Resource]  # the bucket policy and trusted access: CloudTrail checks both at creation


class OrganizationTrail(pulumi.ComponentResource):
    """`landfall:trail:OrganizationTrail`: a multi-Region organization trail with log file validation."""

    trail: aws.cloudtrail.Trail

    def __init__(self, name: str, args: OrganizationTrailArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:trail:OrganizationTrail", name, None, opts)
        p = args.partition
        log_group_arn = role_arn = None
        if args.log_group_retention_days is not None:
            group_name = f"/landfall/cloudtrail/{args.trail_name}"
            group = aws.cloudwatch.LogGroup(
                name, name=group_name, retention_in_days=args.log_group_retention_days,
                kms_key_id=args.log_group_kms_key_arn, opts=pulumi.ResourceOptions(parent=self, protect=True),
            )
            group_arn = f"arn:{p}:logs:{args.region}:{args.account_id}:log-group:{group_name}"
            role = aws.iam.Role(
                name,
                name=f"landfall-cloudtrail-{args.trail_name}"[:64],
                assume_role_policy=json.dumps({"Version": "2012-10-17", "Statement": [{
                    "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "sts:AssumeRole",
                    "Condition": {"StringEquals": {"aws:SourceArn": f"arn:{p}:cloudtrail:{args.region}:{args.account_id}:trail/{args.trail_name}"}},
                }]}),
                opts=pulumi.ResourceOptions(parent=self),
            )
            aws.iam.RolePolicy(
                name, role=role.id,
                policy=json.dumps({"Version": "2012-10-17", "Statement": [{
                    "Sid": "DeliverToTrailLogGroup", "Effect": "Allow",
                    "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                    # Organization trails write one stream per member account: any stream of this group only.
                    "Resource": f"{group_arn}:log-stream:*",
                }]}),
                opts=pulumi.ResourceOptions(parent=self),
            )
            log_group_arn = group.arn.apply(lambda arn: f"{arn}:*")  # CloudTrail wants the stream wildcard
            role_arn = role.arn
        self.trail = aws.cloudtrail.Trail(
            name,
            name=args.trail_name,
            s3_bucket_name=args.bucket_name,
            kms_key_id=args.kms_key_arn,
            is_organization_trail=True,
            is_multi_region_trail=True,
            include_global_service_events=True,
            enable_log_file_validation=True,
            enable_logging=True,
            event_selectors=[aws.cloudtrail.TrailEventSelectorArgs(
                read_write_type=s["read_write_type"],
                include_management_events=s["include_management_events"],
                data_resources=[aws.cloudtrail.TrailEventSelectorDataResourceArgs(**d) for d in s.get("data_resources", [])] or None,
            ) for s in event_selectors(args.s3_data_events, p)],
            cloud_watch_logs_group_arn=log_group_arn,
            cloud_watch_logs_role_arn=role_arn,
            opts=pulumi.ResourceOptions(parent=self, protect=True, depends_on=args.depends_on),
        )
        self.register_outputs({"trail_arn": self.trail.arn})
