"""Pure planning for the organization trail's log archive (no pulumi import): bucket names, bucket policies,
lifecycle rules and event selectors.

The trail lives in the management account; its bucket, the bucket's access-log bucket and the trail's KMS key
live in the log-archive account, so nobody who administers the organization can quietly edit the evidence.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Optional, Sequence

from .statements import deny_insecure_transport

BUCKET_NAME_MAX = 63  # S3 bucket names are 3-63 characters
NONCURRENT_VERSION_DAYS = 30  # overwritten or deleted log objects stay recoverable for a month
ABORT_MULTIPART_DAYS = 7
INFREQUENT_ACCESS_AFTER_DAYS = 30  # S3's minimum age for STANDARD_IA
GLACIER_AFTER_DAYS = 90  # logs older than a quarter are read only for investigations
ACCESS_LOG_RETENTION_DAYS = 365


def _bucket_safe(text: str) -> str:
    return re.sub(r"-{2,}", "-", re.sub(r"[^a-z0-9-]", "-", text.lower())).strip("-")


def bucket_name(base: str, purpose: Optional[str], account_id: str, region: str) -> str:
    """A globally unique, valid S3 name: `<base>[-<purpose>]-<account>-<region>`, the base shortened to fit.

    Account and region make it unique across the world without random suffixes, so the name is stable
    between previews (a random suffix would show as a replacement in every diff).
    """
    suffix = "-".join(p for p in (purpose, account_id, region) if p)
    room = BUCKET_NAME_MAX - len(suffix) - 1
    head = _bucket_safe(base)[:room].rstrip("-") or "landfall"
    return f"{head}-{suffix}"


def trail_bucket_policy(partition: str, bucket: str, trail_arn: str, management_account_id: str,
                        organization_id: str) -> dict[str, Any]:
    """CloudTrail may check the ACL and write under AWSLogs/ for this trail only (aws:SourceArn); TLS only."""
    bucket_arn = f"arn:{partition}:s3:::{bucket}"
    only_this_trail = {"aws:SourceArn": trail_arn}
    return {
        "Version": "2012-10-17",
        "Statement": [
            deny_insecure_transport("s3:*", [bucket_arn, f"{bucket_arn}/*"]),
            {
                "Sid": "CloudTrailAclCheck",
                "Effect": "Allow",
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": "s3:GetBucketAcl",
                "Resource": bucket_arn,
                "Condition": {"StringEquals": only_this_trail},
            },
            {
                "Sid": "CloudTrailWrite",
                "Effect": "Allow",
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": "s3:PutObject",
                "Resource": [
                    # The management account's own events, then every member's under the organization id.
                    f"{bucket_arn}/AWSLogs/{management_account_id}/*",
                    f"{bucket_arn}/AWSLogs/{organization_id}/*",
                ],
                "Condition": {"StringEquals": {**only_this_trail, "s3:x-amz-acl": "bucket-owner-full-control"}},
            },
        ],
    }


def access_log_bucket_policy(partition: str, bucket: str, source_buckets: Sequence[str], source_account_id: str) -> dict[str, Any]:
    """S3 server access logging may write here for the log buckets only; TLS only.

    With ACLs disabled (BucketOwnerEnforced) the logging service is authorised by this policy, not by the
    log-delivery group ACL.
    """
    bucket_arn = f"arn:{partition}:s3:::{bucket}"
    return {
        "Version": "2012-10-17",
        "Statement": [
            deny_insecure_transport("s3:*", [bucket_arn, f"{bucket_arn}/*"]),
            {
                "Sid": "S3ServerAccessLogs",
                "Effect": "Allow",
                "Principal": {"Service": "logging.s3.amazonaws.com"},
                "Action": "s3:PutObject",
                "Resource": f"{bucket_arn}/*",
                "Condition": {
                    "ArnLike": {"aws:SourceArn": [f"arn:{partition}:s3:::{b}" for b in sorted(source_buckets)]},
                    "StringEquals": {"aws:SourceAccount": source_account_id},
                },
            },
        ],
    }


CONFIG_BUCKET_BASE = "landfall-config"


def config_bucket_name(log_archive_account_id: str, region: str) -> str:
    """The organization's AWS Config bucket: member stacks name it in landfall:baseline.config_recorder."""
    return bucket_name(CONFIG_BUCKET_BASE, None, log_archive_account_id, region)


BUCKET_POLICY_MAX_BYTES = 20_480  # S3 hard limit on a bucket policy document


def config_bucket_policy(partition: str, bucket: str, account_ids: Sequence[str],
                         organization_id: str | None = None) -> dict[str, Any]:
    """AWS Config of the listed accounts may check the bucket and deliver under AWSLogs/<account>/Config/,
    each account into its own prefix only (aws:SourceAccount); TLS only.

    One delivery statement per account is the tightest grant, and it fits the 20 KB bucket-policy limit up
    to about 70 accounts. Past that (and only then) the policy grants the organization instead:
    aws:SourceOrgID, the organization of the account whose recorder delivers, with every account's prefix;
    an account can then write under another member's prefix, which the log archive's object ownership and
    versioning keep attributable. Without an organization id the per-account policy is returned as is.
    """
    bucket_arn = f"arn:{partition}:s3:::{bucket}"
    accounts = sorted(set(account_ids))
    service = {"Service": "config.amazonaws.com"}

    def checks(condition: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            deny_insecure_transport("s3:*", [bucket_arn, f"{bucket_arn}/*"]),
            {"Sid": "ConfigAclCheck", "Effect": "Allow", "Principal": service, "Action": "s3:GetBucketAcl",
             "Resource": bucket_arn, "Condition": {"StringEquals": condition}},
            {"Sid": "ConfigExistenceCheck", "Effect": "Allow", "Principal": service, "Action": "s3:ListBucket",
             "Resource": bucket_arn, "Condition": {"StringEquals": condition}},
        ]

    statements = checks({"aws:SourceAccount": accounts})
    for account in accounts:
        statements.append({
            "Sid": f"ConfigDelivery{account}", "Effect": "Allow", "Principal": service, "Action": "s3:PutObject",
            "Resource": f"{bucket_arn}/AWSLogs/{account}/Config/*",
            "Condition": {"StringEquals": {"aws:SourceAccount": account, "s3:x-amz-acl": "bucket-owner-full-control"}},
        })
    per_account = {"Version": "2012-10-17", "Statement": statements}
    if organization_id is None or len(json.dumps(per_account, separators=(",", ":"))) <= BUCKET_POLICY_MAX_BYTES:
        return per_account
    org = {"aws:SourceOrgID": organization_id}
    return {"Version": "2012-10-17", "Statement": [*checks(org), {
        "Sid": "ConfigDeliveryOrganization", "Effect": "Allow", "Principal": service, "Action": "s3:PutObject",
        "Resource": f"{bucket_arn}/AWSLogs/*/Config/*",
        "Condition": {"StringEquals": {**org, "s3:x-amz-acl": "bucket-owner-full-control"}},
    }]}


@dataclass(frozen=True)
class Transition:
    days: int
    storage_class: str


@dataclass(frozen=True)
class LifecyclePlan:
    """One rule for the whole bucket: cheaper storage as logs age, expiry at the retention period."""

    rule_id: str
    expiration_days: int
    transitions: tuple[Transition, ...]
    noncurrent_days: int = NONCURRENT_VERSION_DAYS
    abort_multipart_days: int = ABORT_MULTIPART_DAYS


def log_lifecycle(retention_days: int, rule_id: str = "age-out-logs") -> LifecyclePlan:
    """Transitions only where the object lives past them (a transition at or after expiry only costs money)."""
    transitions = tuple(
        Transition(days, storage_class)
        for days, storage_class in ((INFREQUENT_ACCESS_AFTER_DAYS, "STANDARD_IA"), (GLACIER_AFTER_DAYS, "GLACIER"))
        if days < retention_days
    )
    return LifecyclePlan(rule_id, retention_days, transitions)


def event_selectors(s3_data_events: bool, partition: str = "aws") -> list[dict[str, Any]]:
    """All read and write management events (CloudTrail.1); S3 object events for all buckets when asked (CIS 3.8/3.9)."""
    selector: dict[str, Any] = {"read_write_type": "All", "include_management_events": True}
    if s3_data_events:
        selector["data_resources"] = [{"type": "AWS::S3::Object", "values": [f"arn:{partition}:s3"]}]
    return [selector]
