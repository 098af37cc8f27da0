"""Pure planning of the organization trail's log archive: names, policies, lifecycle, event selectors."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from landfall.plan.trail import (
    BUCKET_NAME_MAX,
    access_log_bucket_policy,
    bucket_name,
    config_bucket_name,
    config_bucket_policy,
    event_selectors,
    log_lifecycle,
    trail_bucket_policy,
)

S3_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")
TRAIL_ARN = "arn:aws:cloudtrail:eu-west-1:111111111111:trail/landfall-org-trail"


@pytest.mark.parametrize(
    "base, purpose, expected",
    [
        ("landfall-org-trail", None, "landfall-org-trail-222222222222-eu-west-1"),
        ("landfall-org-trail", "access-logs", "landfall-org-trail-access-logs-222222222222-eu-west-1"),
        ("Org_Trail.Main", None, "org-trail-main-222222222222-eu-west-1"),
        ("a" * 100, None, "a" * (BUCKET_NAME_MAX - len("-222222222222-eu-west-1")) + "-222222222222-eu-west-1"),
    ],
)
def test_bucket_names_are_stable_valid_and_unique_by_account_and_region(base, purpose, expected):
    assert bucket_name(base, purpose, "222222222222", "eu-west-1") == expected


@given(st.text(alphabet="ABCabc019._-", min_size=1, max_size=128),
       st.sampled_from([None, "access-logs"]), st.sampled_from(["eu-west-1", "ap-southeast-2", "us-gov-west-1"]))
def test_every_bucket_name_is_a_valid_s3_name(base, purpose, region):
    name = bucket_name(base, purpose, "123456789012", region)
    assert S3_NAME.match(name) and "--" not in name, name
    assert name.endswith(f"123456789012-{region}")


def test_the_trail_bucket_accepts_writes_only_from_this_trail_with_owner_control_and_only_over_tls():
    policy = trail_bucket_policy("aws", "logs-bucket", TRAIL_ARN, "111111111111", "o-abcdefghij")
    by_sid = {s["Sid"]: s for s in policy["Statement"]}
    deny = by_sid["DenyInsecureTransport"]
    assert deny["Effect"] == "Deny" and deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    write = by_sid["CloudTrailWrite"]
    assert write["Principal"] == {"Service": "cloudtrail.amazonaws.com"} and write["Action"] == "s3:PutObject"
    assert write["Resource"] == ["arn:aws:s3:::logs-bucket/AWSLogs/111111111111/*", "arn:aws:s3:::logs-bucket/AWSLogs/o-abcdefghij/*"]
    assert write["Condition"]["StringEquals"] == {"aws:SourceArn": TRAIL_ARN, "s3:x-amz-acl": "bucket-owner-full-control"}
    assert by_sid["CloudTrailAclCheck"]["Condition"]["StringEquals"] == {"aws:SourceArn": TRAIL_ARN}
    assert not [s for s in policy["Statement"] if s["Effect"] == "Allow" and s["Principal"] == "*"]


def test_the_access_log_bucket_accepts_logs_only_from_the_log_buckets():
    policy = access_log_bucket_policy("aws", "access-logs", ["logs-bucket", "config-bucket"], "222222222222")
    (allow,) = [s for s in policy["Statement"] if s["Effect"] == "Allow"]
    assert allow["Principal"] == {"Service": "logging.s3.amazonaws.com"}
    assert allow["Condition"] == {"ArnLike": {"aws:SourceArn": ["arn:aws:s3:::config-bucket", "arn:aws:s3:::logs-bucket"]},
                                  "StringEquals": {"aws:SourceAccount": "222222222222"}}


@pytest.mark.parametrize(
    "retention, transitions",
    [
        (365, [(30, "STANDARD_IA"), (90, "GLACIER")]),
        (90, [(30, "STANDARD_IA")]),
        (30, []),
        (7, []),
    ],
)
def test_logs_move_to_cheaper_storage_only_when_they_live_past_the_transition(retention, transitions):
    plan = log_lifecycle(retention)
    assert plan.expiration_days == retention
    assert [(t.days, t.storage_class) for t in plan.transitions] == transitions
    assert plan.noncurrent_days > 0 and plan.abort_multipart_days > 0


def test_event_selectors_record_all_management_events_and_s3_objects_only_when_asked():
    (plain,) = event_selectors(False)
    assert plain == {"read_write_type": "All", "include_management_events": True}
    (with_data,) = event_selectors(True, "aws-us-gov")
    assert with_data["data_resources"] == [{"type": "AWS::S3::Object", "values": ["arn:aws-us-gov:s3"]}]


def test_each_account_delivers_config_items_only_into_its_own_prefix():
    policy = config_bucket_policy("aws", "cfg", ["222222222222", "111111111111", "111111111111"])
    by_sid = {s["Sid"]: s for s in policy["Statement"]}
    assert by_sid["ConfigAclCheck"]["Condition"] == {"StringEquals": {"aws:SourceAccount": ["111111111111", "222222222222"]}}
    delivery = by_sid["ConfigDelivery111111111111"]
    assert delivery["Resource"] == "arn:aws:s3:::cfg/AWSLogs/111111111111/Config/*"
    assert delivery["Condition"]["StringEquals"] == {"aws:SourceAccount": "111111111111", "s3:x-amz-acl": "bucket-owner-full-control"}
    assert len([s for s in policy["Statement"] if s["Sid"].startswith("ConfigDelivery")]) == 2
    assert config_bucket_name("222222222222", "eu-west-1") == "landfall-config-222222222222-eu-west-1"


def test_the_config_bucket_policy_grants_each_account_its_prefix_while_that_fits_the_20_kb_limit():
    import json

    from landfall.plan.trail import BUCKET_POLICY_MAX_BYTES, config_bucket_policy

    few = config_bucket_policy("aws", "cfg", [f"{i:012d}" for i in range(10)], "o-abcdefghij")
    assert sum(1 for s in few["Statement"] if s["Sid"].startswith("ConfigDelivery")) == 10
    many_ids = [f"{i:012d}" for i in range(300)]
    many = config_bucket_policy("aws", "cfg", many_ids, "o-abcdefghij")
    assert len(json.dumps(many, separators=(",", ":"))) <= BUCKET_POLICY_MAX_BYTES
    (delivery,) = [s for s in many["Statement"] if s["Sid"].startswith("ConfigDelivery")]
    assert delivery["Condition"]["StringEquals"]["aws:SourceOrgID"] == "o-abcdefghij"
    assert delivery["Resource"] == "arn:aws:s3:::cfg/AWSLogs/*/Config/*"
    # without an organization id nothing is widened
    assert len(config_bucket_policy("aws", "cfg", many_ids)["Statement"]) == 303
