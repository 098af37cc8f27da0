"""Signed Lambda deployments for a workload account (checkov CKV_AWS_272): an AWS Signer profile, a Lambda code
signing config that names it, and the artifact bucket the code is signed in (versioned, SSE, TLS-only, public
access blocked, access-logged to a bucket of its own). Each service uploads and signs its code through
`SigningTarget` (components/app/service.py); the plan is landfall.plan.artifacts."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Optional, Sequence

import pulumi
import pulumi_aws as aws

from landfall.config.serverless import CodeSigningMode
from landfall.plan.artifacts import (
    ABORT_MULTIPART_DAYS,
    ACCESS_LOG_RETENTION_DAYS,
    NONCURRENT_VERSION_DAYS,
    SIGNATURE_VALIDITY_MONTHS,
    SIGNING_PLATFORM,
    artifact_access_log_bucket_name,
    artifact_bucket_name,
    artifact_bucket_policy,
    signing_profile_name,
)
from landfall.plan.trail import access_log_bucket_policy


@dataclass(frozen=True)
class CodeSigningArgs:
    environment: str
    partition: str
    account_id: str
    region: str
    mode: CodeSigningMode  # enforce or warn (off declares nothing)
    trusted_publishers: Sequence[str] = ()
    protect: bool = False


@dataclass(frozen=True)
class SigningTarget:
    """What a service needs to sign its code: where to upload, which profile signs, which config to attach."""

    bucket: pulumi.Input[str]
    profile_name: pulumi.Input[str]
    config_arn: pulumi.Input[str]
    ready: Sequence[pulumi.Resource] = field(default_factory=tuple)  # versioning: uploads must get a version id


def _lifecycle(rule_id: str, expiration_days: Optional[int]) -> list[aws.s3.BucketLifecycleConfigurationRuleArgs]:
    return [aws.s3.BucketLifecycleConfigurationRuleArgs(
        id=rule_id,
        status="Enabled",
        filter=aws.s3.BucketLifecycleConfigurationRuleFilterArgs(prefix=""),  # the whole bucket
        expiration=aws.s3.BucketLifecycleConfigurationRuleExpirationArgs(days=expiration_days) if expiration_days else None,
        noncurrent_version_expiration=aws.s3.BucketLifecycleConfigurationRuleNoncurrentVersionExpirationArgs(noncurrent_days=NONCURRENT_VERSION_DAYS),
        abort_incomplete_multipart_upload=aws.s3.BucketLifecycleConfigurationRuleAbortIncompleteMultipartUploadArgs(days_after_initiation=ABORT_MULTIPART_DAYS),
    )]


class CodeSigning(pulumi.ComponentResource):
    """`landfall:signing:CodeSigning`: `<name>` profile and config, `<name>-artifacts` and
    `<name>-artifacts-access-logs` buckets."""

    profile: aws.signer.SigningProfile
    config: aws.lambda_.CodeSigningConfig
    bucket: aws.s3.Bucket

    def __init__(self, name: str, args: CodeSigningArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:signing:CodeSigning", name, None, opts)
        if args.mode.lambda_policy is None:
            raise ValueError("code signing is off: declare no CodeSigning component")
        # A canceled profile cannot sign and keeps its name for two years: protected in production.
        self.profile = aws.signer.SigningProfile(
            name,
            name=signing_profile_name(args.environment),
            platform_id=SIGNING_PLATFORM,
            signature_validity_period=aws.signer.SigningProfileSignatureValidityPeriodArgs(value=SIGNATURE_VALIDITY_MONTHS, type="MONTHS"),
            opts=pulumi.ResourceOptions(parent=self, protect=args.protect),
        )
        self.config = aws.lambda_.CodeSigningConfig(
            name,
            description=f"landfall {args.environment}: code signed by {signing_profile_name(args.environment)} ({args.mode.value})",
            allowed_publishers=aws.lambda_.CodeSigningConfigAllowedPublishersArgs(
                signing_profile_version_arns=[self.profile.version_arn, *args.trusted_publishers],
            ),
            policies=aws.lambda_.CodeSigningConfigPoliciesArgs(untrusted_artifact_on_deployment=args.mode.lambda_policy),
            opts=pulumi.ResourceOptions(parent=self),
        )
        p = args.partition
        bucket = artifact_bucket_name(args.account_id, args.region)
        log_bucket = artifact_access_log_bucket_name(args.account_id, args.region)
        self.access_logs, _ = self._bucket(
            f"{name}-artifacts-access-logs", log_bucket, args.protect,
            json.dumps(access_log_bucket_policy(p, log_bucket, [bucket], args.account_id)),
            _lifecycle("age-out-access-logs", ACCESS_LOG_RETENTION_DAYS),
        )
        self.bucket, self.versioning = self._bucket(
            f"{name}-artifacts", bucket, args.protect, json.dumps(artifact_bucket_policy(p, bucket)),
            _lifecycle("expire-superseded-uploads", None),
        )
        aws.s3.BucketLogging(f"{name}-artifacts", bucket=self.bucket.id, target_bucket=self.access_logs.id,
                             target_prefix=f"{bucket}/", opts=pulumi.ResourceOptions(parent=self))
        self.register_outputs({
            "profile_version_arn": self.profile.version_arn,
            "code_signing_config_arn": self.config.arn,
            "artifact_bucket": self.bucket.bucket,
        })

    @property
    def target(self) -> SigningTarget:
        return SigningTarget(bucket=self.bucket.bucket, profile_name=self.profile.name, config_arn=self.config.arn,
                             ready=(self.versioning,))

    def _bucket(self, name: str, bucket: str, protect: bool, policy: str,
                lifecycle: list[aws.s3.BucketLifecycleConfigurationRuleArgs]) -> tuple[aws.s3.Bucket, aws.s3.BucketVersioning]:
        """Private, versioned, SSE-S3, ACLs disabled, TLS-only, with a lifecycle (S3.5/8/12/13, S3.14).

        SSE-S3 rather than the stack's CMK: the packages are not secret, and the deploy role, Signer and Lambda
        then read and write them with S3 permissions alone (server access logs can only be delivered to SSE-S3).
        """
        child = pulumi.ResourceOptions(parent=self)
        resource = aws.s3.Bucket(name, bucket=bucket, force_destroy=not protect,
                                 opts=pulumi.ResourceOptions(parent=self, protect=protect))
        block = aws.s3.BucketPublicAccessBlock(
            name, bucket=resource.id, block_public_acls=True, block_public_policy=True,
            ignore_public_acls=True, restrict_public_buckets=True, opts=child,
        )
        aws.s3.BucketOwnershipControls(
            name, bucket=resource.id, rule=aws.s3.BucketOwnershipControlsRuleArgs(object_ownership="BucketOwnerEnforced"), opts=child,
        )
        versioning = aws.s3.BucketVersioning(
            name, bucket=resource.id,
            versioning_configuration=aws.s3.BucketVersioningVersioningConfigurationArgs(status="Enabled"), opts=child,
        )
        aws.s3.BucketServerSideEncryptionConfiguration(
            name, bucket=resource.id,
            rules=[aws.s3.BucketServerSideEncryptionConfigurationRuleArgs(
                apply_server_side_encryption_by_default=aws.s3.BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs(sse_algorithm="AES256"),
            )],
            opts=child,
        )
        aws.s3.BucketLifecycleConfiguration(name, bucket=resource.id, rules=lifecycle, opts=child)
        aws.s3.BucketPolicy(name, bucket=resource.id, policy=policy, opts=pulumi.ResourceOptions(parent=self, depends_on=[block]))
        return resource, versioning
