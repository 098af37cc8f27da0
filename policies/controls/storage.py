"""Data-store controls: DynamoDB tables and S3 buckets."""

from __future__ import annotations

import re
from collections.abc import Mapping

from .core import Rule, StackRule, as_list, by_type, get, inputs, is_map, statements

TABLE = "aws:dynamodb/table:Table"
SCALING_TARGET = "aws:appautoscaling/target:Target"
BUCKETS = ("aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2")
BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy"
PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
OWNERSHIP_CONTROLS = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
LIFECYCLES = ("aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
              "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")
BLOCK_FLAGS = ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
CAPACITY_DIMENSIONS = ("dynamodb:table:ReadCapacityUnits", "dynamodb:table:WriteCapacityUnits")


# ---- DynamoDB ------------------------------------------------------------------------------------

def check_pitr(record: Mapping) -> list[str]:
    if get(inputs(record), "pointInTimeRecovery", "enabled") is True:
        return []
    return ["DynamoDB.2: point-in-time recovery is off; set pointInTimeRecovery.enabled to true"]


def check_table_kms(record: Mapping) -> list[str]:
    sse = get(inputs(record), "serverSideEncryption")
    if get(sse, "enabled") is not True:
        return ["LF.DDB.1: serverSideEncryption is not enabled; enable it with a customer managed kmsKeyArn"]
    if not get(sse, "kmsKeyArn"):
        return ["LF.DDB.1: serverSideEncryption has no kmsKeyArn; use the landfall data key"]
    return []


def check_table_deletion_protection(records: list, context: dict) -> list[tuple[str, str]]:
    if not context.get("production"):
        return []
    return [(t["urn"], f"DynamoDB.6: the production table {t.get('name')} has no deletion protection; "
                       "set deletionProtectionEnabled to true")
            for t in by_type(records, TABLE) if get(inputs(t), "deletionProtectionEnabled") is not True]


def _physical_matches(record: Mapping, value: str, prefix: str) -> bool:
    name = get(inputs(record), "name")
    if name:
        return value == prefix + str(name)
    return re.fullmatch(re.escape(prefix + str(record.get("name"))) + r"-[0-9a-z]{7}", value) is not None


def check_table_capacity(records: list, context: dict) -> list[tuple[str, str]]:
    targets = by_type(records, SCALING_TARGET)
    found = []
    for table in by_type(records, TABLE):
        if get(inputs(table), "billingMode", default="PROVISIONED") == "PAY_PER_REQUEST":
            continue
        scaled = {get(inputs(t), "scalableDimension") for t in targets
                  if get(inputs(t), "serviceNamespace") == "dynamodb"
                  and _physical_matches(table, str(get(inputs(t), "resourceId", default="")), "table/")}
        missing = [d.rsplit(":", 1)[-1] for d in CAPACITY_DIMENSIONS if d not in scaled]
        if missing:
            found.append((table["urn"], f"DynamoDB.1: the table {table.get('name')} uses provisioned capacity without "
                                        f"auto scaling of {' and '.join(missing)}; use PAY_PER_REQUEST or add "
                                        f"{SCALING_TARGET} records"))
    return found


# ---- S3 ------------------------------------------------------------------------------------------

def check_public_access_block(record: Mapping) -> list[str]:
    off = [f for f in BLOCK_FLAGS if get(inputs(record), f) is not True]
    if not off:
        return []
    control = "S3.1" if record.get("type") == "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock" else "S3.8"
    return [f"{control}: the public access block leaves {', '.join(off)} off; all four flags must be true"]


def check_ownership(record: Mapping) -> list[str]:
    ownership = get(inputs(record), "rule", "objectOwnership")
    if ownership == "BucketOwnerEnforced":
        return []
    return [f"S3.12: objectOwnership is {ownership or 'not set'}; it must be BucketOwnerEnforced (ACLs disabled)"]


def _bucket_keys(bucket: Mapping) -> set[str]:
    return {str(k) for k in (bucket.get("id"), get(inputs(bucket), "bucket")) if k}


def _of_bucket(records: list, types: tuple, bucket: Mapping) -> list[Mapping]:
    keys = _bucket_keys(bucket)
    return [r for r in by_type(records, *types) if str(get(inputs(r), "bucket")) in keys]


def _denies_insecure_transport(document) -> bool:
    for statement in statements(document):
        condition = statement.get("Condition")
        if statement.get("Effect") != "Deny" or not is_map(condition):
            continue
        for operator, values in condition.items():
            if str(operator).startswith("Bool") and is_map(values):
                for key, value in values.items():
                    if str(key).lower() == "aws:securetransport" and \
                            [str(v).lower() for v in as_list(value)] == ["false"]:
                        return True
    return False


def check_ssl_only(records: list, context: dict) -> list[tuple[str, str]]:
    return [(b["urn"], f"S3.5: the bucket {b.get('name')} has no bucket policy that denies requests with "
                       "aws:SecureTransport false")
            for b in by_type(records, *BUCKETS)
            if not any(_denies_insecure_transport(get(inputs(p), "policy"))
                       for p in _of_bucket(records, (BUCKET_POLICY,), b))
            and not _denies_insecure_transport(get(inputs(b), "policy"))]


def check_lifecycle(records: list, context: dict) -> list[tuple[str, str]]:
    found = []
    for bucket in by_type(records, *BUCKETS):
        configured = any(as_list(get(inputs(c), "rules")) for c in _of_bucket(records, LIFECYCLES, bucket))
        if not configured and not as_list(get(inputs(bucket), "lifecycleRules")):
            found.append((bucket["urn"], f"S3.13: the bucket {bucket.get('name')} has no lifecycle configuration; "
                                         "add one with at least one rule"))
    return found


RULES = (
    Rule("dynamodb-pitr", ("DynamoDB.2",), "Tables have point-in-time recovery.", (TABLE,), check_pitr),
    Rule("dynamodb-sse-kms", ("LF.DDB.1",), "Tables are encrypted with a customer managed KMS key.", (TABLE,),
         check_table_kms),
    Rule("s3-bucket-public-access-block", ("S3.8", "CIS 2.1.4"),
         "Bucket public access blocks set all four flags.", (PUBLIC_ACCESS_BLOCK,), check_public_access_block),
    Rule("s3-bucket-owner-enforced", ("S3.12",), "Buckets disable ACLs (BucketOwnerEnforced).",
         (OWNERSHIP_CONTROLS,), check_ownership),
)

STACK_RULES = (
    StackRule("dynamodb-deletion-protection", ("DynamoDB.6",), "Production tables have deletion protection.",
              check_table_deletion_protection),
    StackRule("dynamodb-capacity-scales", ("DynamoDB.1",),
              "Tables use on-demand capacity or auto scaling of reads and writes.", check_table_capacity),
    StackRule("s3-ssl-only", ("S3.5", "CIS 2.1.1"), "Every bucket policy denies requests without TLS.",
              check_ssl_only),
    StackRule("s3-lifecycle", ("S3.13",), "Every bucket has a lifecycle configuration.", check_lifecycle),
)
