"""DynamoDB and S3 rules: passing, failing (exact messages) and not-applicable fixtures."""

from __future__ import annotations

import json

from .records import (
    BUCKET,
    BUCKET_LOGGING,
    BUCKET_POLICY,
    BUCKET_V7,
    DENY_HTTP,
    NONPROD,
    OPEN,
    PROD,
    QUEUE,
    TABLE,
    Case,
    StackCase,
    doc,
    rec,
)


def owner_provider() -> dict:
    return rec("pulumi:providers:aws", "aws-test", {"region": "eu-west-1", "allowedAccountIds": json.dumps(["111111111111"])},
               id="aws-test-provider")


def cross_account_policy(actions: list, account: str, service: str = "") -> dict:
    principal = {"Service": service} if service else {"AWS": account}
    return rec("aws:s3/bucketPolicy:BucketPolicy", "shared", {"bucket": "shared-1", "policy": json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Sid": "Shared", "Effect": "Allow", "Principal": principal, "Action": actions,
                       "Resource": ["arn:aws:s3:::shared", "arn:aws:s3:::shared/*"]}]})})


RESOURCE_CASES = [
    Case("dynamodb-pitr",
         passes=[rec(TABLE, "orders", {"pointInTimeRecovery": {"enabled": True}}),
                 rec(TABLE, "global", {"pointInTimeRecovery": {"enabled": True},
                                       "replicas": [{"regionName": "eu-central-1", "pointInTimeRecovery": True}]})],
         fails=[(rec(TABLE, "orders", {}),
                 ["DynamoDB.2: point-in-time recovery is off; set pointInTimeRecovery.enabled to true"]),
                (rec(TABLE, "global", {"pointInTimeRecovery": {"enabled": True}, "replicas": [{"regionName": "eu-central-1"}]}),
                 ["DynamoDB.2: the replica in eu-central-1 has no point-in-time recovery; set pointInTimeRecovery on it"])],
         not_applicable=[rec(QUEUE, "q", {})]),
    Case("dynamodb-sse-kms",
         passes=[rec(TABLE, "orders", {"serverSideEncryption": {"enabled": True, "kmsKeyArn": "arn:aws:kms:x"}})],
         fails=[(rec(TABLE, "orders", {}),
                 ["LF.DDB.1: serverSideEncryption is not enabled; enable it with a customer managed kmsKeyArn"]),
                (rec(TABLE, "orders", {"serverSideEncryption": {"enabled": True}}),
                 ["LF.DDB.1: serverSideEncryption has no kmsKeyArn; use the landfall data key"]),
                (rec(TABLE, "global", {"serverSideEncryption": {"enabled": True, "kmsKeyArn": "arn:aws:kms:x"},
                                       "replicas": [{"regionName": "eu-central-1"}]}),
                 ["LF.DDB.1: the replica in eu-central-1 has no kmsKeyArn; give it the data key of its region"])],
         not_applicable=[rec(QUEUE, "q", {})]),
    Case("s3-bucket-public-access-block",
         passes=[rec("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "pab",
                     {"blockPublicAcls": True, "blockPublicPolicy": True, "ignorePublicAcls": True,
                      "restrictPublicBuckets": True})],
         fails=[(rec("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "pab",
                     {"blockPublicAcls": True, "blockPublicPolicy": True}),
                 ["S3.8: the public access block leaves ignorePublicAcls, restrictPublicBuckets off; "
                  "all four flags must be true"])],
         not_applicable=[rec("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", "acct", {})]),
    Case("s3-bucket-owner-enforced",
         passes=[rec("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "own",
                     {"rule": {"objectOwnership": "BucketOwnerEnforced"}})],
         fails=[(rec("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "own",
                     {"rule": {"objectOwnership": "ObjectWriter"}}),
                 ["S3.12: objectOwnership is ObjectWriter; it must be BucketOwnerEnforced (ACLs disabled)"])],
         not_applicable=[rec(BUCKET, "logs", {})]),
    Case("s3-bucket-not-public",
         passes=[rec(BUCKET_V7, "logs", {"acl": "private"}), rec(BUCKET, "logs2", {}),
                 rec("aws:s3/bucketAclV2:BucketAclV2", "acl", {"bucket": "logs-1", "acl": "log-delivery-write"}),
                 rec(BUCKET_POLICY, "logs", {"bucket": "logs-1", "policy": DENY_HTTP}),
                 rec(BUCKET_POLICY, "cf", {"bucket": "site-1", "policy": doc(
                     {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*",
                      "Condition": {"StringEquals": {"aws:SourceArn": "arn:aws:cloudfront::1:distribution/D"}}})})],
         fails=[(rec(BUCKET_V7, "site", {"acl": "public-read-write"}),
                 ["S3.2: the canned ACL public-read-write lets anyone read; use private (ACLs disabled)",
                  "S3.3: the canned ACL public-read-write lets anyone write; use private (ACLs disabled)"]),
                (rec("aws:s3/bucketAcl:BucketAcl", "acl", {"bucket": "site-1", "acl": "public-read"}),
                 ["S3.2: the canned ACL public-read lets anyone read; use private (ACLs disabled)"]),
                (rec(BUCKET_POLICY, "site", {"bucket": "site-1", "policy": doc(
                    {"Sid": "Read", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:Get*",
                     "Resource": "*"},
                    {"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"})}),
                 ['S3.2: bucket policy statement "Read" allows principal "*" to read without a condition',
                  'S3.2: bucket policy statement 1 allows principal "*" to read without a condition',
                  'S3.3: bucket policy statement 1 allows principal "*" to write without a condition'])],
         not_applicable=[rec("aws:sqs/queuePolicy:QueuePolicy", "qp", {"policy": doc(OPEN)}),
                         rec(BUCKET_LOGGING, "logging", {"bucket": "logs-1", "acl": "public-read"})]),
]

STACK_CASES = [
    StackCase("dynamodb-deletion-protection",
              passes=[([rec(TABLE, "orders", {"deletionProtectionEnabled": True})], PROD)],
              fails=[([rec(TABLE, "orders", {})], PROD,
                      [(rec(TABLE, "orders")["urn"], "DynamoDB.6: the production table orders has no deletion "
                                                     "protection; set deletionProtectionEnabled to true")])],
              not_applicable=[([rec(TABLE, "orders", {})], NONPROD)]),
    StackCase("dynamodb-capacity-scales",
              passes=[([rec(TABLE, "orders", {"billingMode": "PAY_PER_REQUEST"})], NONPROD),
                      ([rec(TABLE, "orders", {"name": "orders", "billingMode": "PROVISIONED"})]
                       + [rec("aws:appautoscaling/target:Target", f"t-{d}", {
                           "serviceNamespace": "dynamodb", "resourceId": "table/orders",
                           "scalableDimension": f"dynamodb:table:{d}CapacityUnits"}) for d in ("Read", "Write")],
                       NONPROD)],
              fails=[([rec(TABLE, "orders", {}), rec("aws:appautoscaling/target:Target", "t-read", {
                  "serviceNamespace": "dynamodb", "resourceId": "table/orders-1a2b3c4",
                  "scalableDimension": "dynamodb:table:ReadCapacityUnits"})], NONPROD,
                      [(rec(TABLE, "orders")["urn"], "DynamoDB.1: the table orders uses provisioned capacity without "
                                                     "auto scaling of WriteCapacityUnits; use PAY_PER_REQUEST or add "
                                                     "aws:appautoscaling/target:Target records")])],
              not_applicable=[([rec(QUEUE, "q", {})], NONPROD)]),
    StackCase("s3-ssl-only",
              passes=[([rec(BUCKET, "logs", {}, id="logs-1"),
                        rec("aws:s3/bucketPolicy:BucketPolicy", "logs", {"bucket": "logs-1", "policy": DENY_HTTP})],
                       NONPROD)],
              fails=[([rec(BUCKET, "logs", {}, id="logs-1"),
                       rec("aws:s3/bucketPolicy:BucketPolicy", "logs", {"bucket": "logs-1", "policy": doc(
                           {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
                            "Condition": {"Bool": {"aws:SecureTransport": "true"}}})})], NONPROD,
                      [(rec(BUCKET, "logs")["urn"], "S3.5: the bucket logs has no bucket policy that denies requests "
                                                    "with aws:SecureTransport false")])],
              not_applicable=[([rec("aws:s3/bucketPolicy:BucketPolicy", "orphan", {"bucket": "x", "policy": "{}"})],
                               NONPROD)]),
    StackCase("s3-cross-account-access",
              # Another account may read and write objects; the owner itself may do anything.
              passes=[([owner_provider(), cross_account_policy(["s3:GetObject", "s3:PutObject"], "arn:aws:iam::999999999999:root"),
                        ], NONPROD),
                       ([owner_provider(), cross_account_policy(["s3:PutBucketPolicy"], "arn:aws:iam::111111111111:role/admin")],
                        NONPROD)],
              fails=[([owner_provider(), cross_account_policy(["s3:Put*"], "999999999999")], NONPROD,
                      [(cross_account_policy([], "")["urn"], 'S3.6: bucket policy statement "Shared" allows account '
                                                             "999999999999 to change the bucket's policy, ACLs or "
                                                             "encryption; grant other accounts only the object actions "
                                                             "they need")])],
              # No provider on record (the owner is unknown), or only a service principal.
              not_applicable=[([cross_account_policy(["s3:*"], "arn:aws:iam::999999999999:root")], NONPROD),
                              ([owner_provider(), cross_account_policy(["s3:*"], "", service="cloudtrail.amazonaws.com")],
                               NONPROD)]),
    StackCase("s3-lifecycle",
              passes=[([rec(BUCKET, "logs", {}, id="logs-1"),
                        rec("aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", "logs",
                            {"bucket": "logs-1", "rules": [{"id": "expire", "status": "Enabled",
                                                            "expiration": {"days": 365}}]})], NONPROD)],
              fails=[([rec(BUCKET, "logs", {}, id="logs-1"),
                       rec("aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", "other",
                           {"bucket": "other-1", "rules": [{"id": "expire"}]})], NONPROD,
                      [(rec(BUCKET, "logs")["urn"], "S3.13: the bucket logs has no lifecycle configuration; add one "
                                                    "with at least one rule")])],
              not_applicable=[([rec(QUEUE, "q", {})], NONPROD)]),
    StackCase("s3-access-logging",
              passes=[([rec(BUCKET, "data", {}, id="data-1"), rec(BUCKET, "access-logs", {}, id="access-logs-1"),
                        rec(BUCKET_LOGGING, "data", {"bucket": "data-1", "targetBucket": "access-logs-1",
                                                     "targetPrefix": "data/"})], NONPROD),
                      ([rec(BUCKET_V7, "data", {"logging": {"targetBucket": "access-logs-1"}}, id="data-1"),
                        rec(BUCKET_V7, "access-logs", {"bucket": "access-logs-1"}, id="access-logs-1")], NONPROD)],
              fails=[([rec(BUCKET, "data", {}, id="data-1"), rec(BUCKET, "other", {}, id="other-1"),
                       rec(BUCKET, "access-logs", {}, id="access-logs-1"),
                       rec(BUCKET_LOGGING, "data", {"bucket": "data-1", "targetBucket": "access-logs-1"})], NONPROD,
                      [(rec(BUCKET, "other")["urn"], "S3.9: the bucket other has no server access logging; add an "
                                                     "aws:s3/bucketLoggingV2:BucketLoggingV2 with a targetBucket")])],
              not_applicable=[([rec(BUCKET_LOGGING, "orphan", {"bucket": "x", "targetBucket": "y"})], NONPROD),
                              ([rec(BUCKET, "component", {}, custom=False)], NONPROD)]),
]
