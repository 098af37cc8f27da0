"""Signed deployments: Signer profile names, artifact bucket names, object keys and the bucket policy."""

from __future__ import annotations

import re

import pytest

from landfall.plan.artifacts import (
    SIGNED_PREFIX,
    UNSIGNED_PREFIX,
    artifact_access_log_bucket_name,
    artifact_bucket_name,
    artifact_bucket_policy,
    code_key,
    signed_prefix,
    signing_profile_name,
)

SIGNER_PROFILE_NAME = re.compile(r"^[A-Za-z0-9_]{2,64}$")  # Signer's own constraint
S3_BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")


@pytest.mark.parametrize("environment, name", [
    ("prod", "landfall_prod"), ("dev-eu", "landfall_dev_eu"), ("a" * 80, "landfall_" + "a" * 55),
])
def test_signing_profile_names_are_what_signer_accepts(environment, name):
    assert signing_profile_name(environment) == name
    assert SIGNER_PROFILE_NAME.match(name)


def test_artifact_buckets_are_named_by_account_and_region_and_differ():
    bucket, logs = artifact_bucket_name("777777777777", "eu-west-1"), artifact_access_log_bucket_name("777777777777", "eu-west-1")
    assert (bucket, logs) == ("landfall-artifacts-777777777777-eu-west-1", "landfall-artifacts-access-logs-777777777777-eu-west-1")
    assert S3_BUCKET_NAME.match(bucket) and S3_BUCKET_NAME.match(logs)


def test_unsigned_uploads_and_signed_packages_live_under_separate_prefixes_per_service():
    assert code_key("orders") == "unsigned/orders/code.zip" and code_key("orders").startswith(UNSIGNED_PREFIX)
    assert signed_prefix("orders") == "signed/orders/" and signed_prefix("orders").startswith(SIGNED_PREFIX)
    assert not code_key("orders").startswith(SIGNED_PREFIX)


def test_the_artifact_bucket_policy_only_refuses_plain_http():
    policy = artifact_bucket_policy("aws", "landfall-artifacts-1-eu-west-1")
    (statement,) = policy["Statement"]
    assert statement["Effect"] == "Deny" and statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    assert statement["Resource"] == ["arn:aws:s3:::landfall-artifacts-1-eu-west-1", "arn:aws:s3:::landfall-artifacts-1-eu-west-1/*"]
