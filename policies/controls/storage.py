"""Data-store controls: DynamoDB tables and S3 buckets."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping

from .core import (
    Rule,
    StackRule,
    as_list,
    by_type,
    get,
    inputs,
    is_map,
    is_production,
    is_public_principal,
    parse_json,
    principals,
    statements,
)
from .kms import statement_label

TABLE = "aws:dynamodb/table:Table"
SCALING_TARGET = "aws:appautoscaling/target:Target"
BUCKETS = ("aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2")
BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy"
PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
OWNERSHIP_CONTROLS = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
LIFECYCLES = ("aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
              "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")
LOGGINGS = ("aws:s3/bucketLoggingV2:BucketLoggingV2", "aws:s3/bucketLogging:BucketLogging")
BUCKET_ACLS = ("aws:s3/bucketAclV2:BucketAclV2", "aws:s3/bucketAcl:BucketAcl")
# Canned ACLs that grant everyone (or every AWS account) read, and write.
PUBLIC_READ_ACLS = ("public-read", "public-read-write", "authenticated-read")
PUBLIC_WRITE_ACLS = ("public-read-write",)
# Representative actions: a statement whose action patterns match one of these grants public read / write.
READ_ACTIONS = ("s3:GetObject", "s3:ListBucket")
WRITE_ACTIONS = ("s3:PutObject", "s3:DeleteObject", "s3:PutObjectAcl")
BLOCK_FLAGS = ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
CAPACITY_DIMENSIONS = ("dynamodb:table:ReadCapacityUnits", "dynamodb:table:WriteCapacityUnits")
# FSBP S3.6: the actions another account must never be allowed on a bucket.
CROSS_ACCOUNT_DENIED_ACTIONS = ("s3:DeleteBucketPolicy", "s3:PutBucketAcl", "s3:PutBucketPolicy",
                                "s3:PutEncryptionConfiguration", "s3:PutObjectAcl")
PROVIDER = "pulumi:providers:aws"
ACCOUNT_IN_PRINCIPAL = re.compile(r"^(?:arn:[^:]+:iam::)?(\d{12})(?::|$)")


# ---- DynamoDB ------------------------------------------------------------------------------------

def check_pitr(record: Mapping) -> list[str]:
    messages = []
    if get(inputs(record), "pointInTimeRecovery", "enabled") is not True:
        messages.append("DynamoDB.2: point-in-time recovery is off; set pointInTimeRecovery.enabled to true")
    for replica in as_list(get(inputs(record), "replicas")):
        if get(replica, "pointInTimeRecovery") is not True:
            messages.append(f"DynamoDB.2: the replica in {get(replica, 'regionName')} has no point-in-time recovery; "
                            "set pointInTimeRecovery on it")
    return messages


def check_table_kms(record: Mapping) -> list[str]:
    sse = get(inputs(record), "serverSideEncryption")
    if get(sse, "enabled") is not True:
        return ["LF.DDB.1: serverSideEncryption is not enabled; enable it with a customer managed kmsKeyArn"]
    if not get(sse, "kmsKeyArn"):
        return ["LF.DDB.1: serverSideEncryption has no kmsKeyArn; use the landfall data key"]
    return [f"LF.DDB.1: the replica in {get(r, 'regionName')} has no kmsKeyArn; give it the data key of its region"
            for r in as_list(get(inputs(record), "replicas")) if not get(r, "kmsKeyArn")]


def check_table_deletion_protection(records: list, context: dict) -> list[tuple[str, str]]:
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

# S3.8 and S3.12 are judged on the resources that set them: since April 2023 a new bucket blocks public access
# and disables ACLs by default, so a bucket without these resources already passes; one that sets them must not weaken.
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


def _grants(statement: Mapping, wanted: tuple[str, ...]) -> bool:
    patterns = [str(a).lower() for a in as_list(statement.get("Action"))]
    return any(fnmatch.fnmatchcase(action.lower(), p) for action in wanted for p in patterns)


def check_bucket_not_public(record: Mapping) -> list[str]:
    props = inputs(record)
    acl = get(props, "acl")
    messages = []
    if acl in PUBLIC_READ_ACLS:
        messages.append(f"S3.2: the canned ACL {acl} lets anyone read; use private (ACLs disabled)")
    if acl in PUBLIC_WRITE_ACLS:
        messages.append(f"S3.3: the canned ACL {acl} lets anyone write; use private (ACLs disabled)")
    for index, statement in enumerate(statements(get(props, "policy"))):
        if statement.get("Effect") != "Allow" or not is_public_principal(statement) or statement.get("Condition"):
            continue
        where = statement_label(index, statement)
        if _grants(statement, READ_ACTIONS):
            messages.append(f'S3.2: bucket policy {where} allows principal "*" to read without a condition')
        if _grants(statement, WRITE_ACTIONS):
            messages.append(f'S3.3: bucket policy {where} allows principal "*" to write without a condition')
    return messages


def _log_targets(records: list) -> set[str]:
    targets = {str(get(inputs(c), "targetBucket")) for c in by_type(records, *LOGGINGS)}
    targets |= {str(get(inputs(b), "logging", "targetBucket")) for b in by_type(records, *BUCKETS)}
    return targets - {"None"}


def has_access_logging(records: list, bucket: Mapping) -> bool:
    return bool(_of_bucket(records, LOGGINGS, bucket) or get(inputs(bucket), "logging", "targetBucket"))


def check_access_logging(records: list, context: dict) -> list[tuple[str, str]]:
    targets = _log_targets(records)
    return [(b["urn"], f"S3.9: the bucket {b.get('name')} has no server access logging; add an "
                       f"{LOGGINGS[0]} with a targetBucket")
            for b in by_type(records, *BUCKETS)
            if not has_access_logging(records, b)
            and not _bucket_keys(b) & targets]  # the access-log bucket itself is exempt (it would log itself)


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
    Rule("s3-bucket-not-public", ("S3.2", "S3.3"),
         "Buckets grant no public read or write through canned ACLs or unconditioned bucket policy statements.",
         BUCKETS + BUCKET_ACLS + (BUCKET_POLICY,), check_bucket_not_public),
)

def _provider_accounts(records: list) -> dict[str, str]:
    """Provider reference (`<urn>::<id>`, as resources name their provider) -> the one account it may act on."""
    out = {}
    for provider in [r for r in records if r.get("type") == PROVIDER]:
        allowed = get(inputs(provider), "allowedAccountIds")
        ids = as_list(parse_json(allowed) if isinstance(allowed, str) else allowed)
        if len(ids) == 1:
            # The offline inventory names a provider `<urn>::<id>`; the policy engine by its URN alone.
            out[f"{provider.get('urn')}::{provider.get('id')}"] = out[str(provider.get("urn"))] = str(ids[0])
    return out


def check_cross_account_access(records: list, context: dict) -> list[tuple[str, str]]:
    owners = _provider_accounts(records)
    found = []
    for policy in by_type(records, BUCKET_POLICY):
        owner = owners.get(str(policy.get("provider")))
        if owner is None:
            continue  # the owning account is unknown here: nothing to compare principals with
        for index, statement in enumerate(statements(get(inputs(policy), "policy"))):
            if statement.get("Effect") != "Allow" or not _grants(statement, CROSS_ACCOUNT_DENIED_ACTIONS):
                continue
            others = sorted({m.group(1) for p in principals(statement) if (m := ACCOUNT_IN_PRINCIPAL.match(p))} - {owner})
            if others:
                found.append((policy["urn"], f"S3.6: bucket policy {statement_label(index, statement)} allows account "
                                             f"{', '.join(others)} to change the bucket's policy, ACLs or encryption; "
                                             "grant other accounts only the object actions they need"))
    return found


STACK_RULES = (
    StackRule("dynamodb-deletion-protection", ("DynamoDB.6",), "Production tables have deletion protection.",
              check_table_deletion_protection, applies=is_production, context_keys=("production",)),
    StackRule("dynamodb-capacity-scales", ("DynamoDB.1",),
              "Tables use on-demand capacity or auto scaling of reads and writes.", check_table_capacity),
    StackRule("s3-ssl-only", ("S3.5", "CIS 2.1.1"), "Every bucket policy denies requests without TLS.",
              check_ssl_only),
    StackRule("s3-lifecycle", ("S3.13",), "Every bucket has a lifecycle configuration.", check_lifecycle),
    StackRule("s3-cross-account-access", ("S3.6",),
              "Bucket policies never let another account change the bucket's policy, ACLs or encryption.",
              check_cross_account_access),
    StackRule("s3-access-logging", ("S3.9",),
              "Every bucket (other than an access-log target) has server access logging.", check_access_logging),
)
