"""Pure KMS key-policy documents: the account's administrators plus exactly the services that need the key.

Never `Principal: "*"` (FSBP KMS.5). Service principals are scoped with the conditions AWS documents for
each: an encryption-context ARN for CloudWatch Logs and CloudTrail, `kms:ViaService` + `kms:CallerAccount`
for services that use the key on a caller's behalf.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, Sequence

KEY_DELETION_WINDOW_DAYS = 30  # the maximum: the longest chance to cancel an accidental deletion


class KeyPurpose(str, Enum):
    LOGS = "logs"  # CloudWatch log groups (flow logs, Lambda, API access logs)
    DATA = "data"  # DynamoDB, SQS, SNS, S3 in the account
    SECRETS = "secrets"  # Secrets Manager, SSM parameters
    TRAIL = "trail"  # the organization CloudTrail


# Services that use a DATA key through the caller (kms:ViaService).
DATA_VIA_SERVICES = ("dynamodb", "sqs", "sns", "s3", "lambda", "states", "backup", "rds")
SECRETS_VIA_SERVICES = ("secretsmanager", "ssm")


@dataclass(frozen=True)
class KeyPolicyInputs:
    partition: str
    account_id: str
    region: str
    purpose: KeyPurpose
    admin_role_arns: Sequence[str] = ()
    cross_account_ids: Sequence[str] = ()  # accounts that may use (not manage) the key
    service_principals: Sequence[str] = ()  # extra direct service principals, e.g. events.amazonaws.com
    # TRAIL keys: the accounts whose trails may encrypt with the key. An organization trail lives in the
    # management account while its key sits in the log-archive account. Default: the key's own account.
    trail_account_ids: Sequence[str] = ()


def key_policy(p: KeyPolicyInputs) -> dict[str, Any]:
    root = f"arn:{p.partition}:iam::{p.account_id}:root"
    statements: list[dict[str, Any]] = [
        {
            # The account root principal lets IAM policies in this account grant key use: the AWS default.
            "Sid": "AccountAdministration",
            "Effect": "Allow",
            "Principal": {"AWS": root},
            "Action": "kms:*",
            "Resource": "*",
        }
    ]
    if p.admin_role_arns:
        statements.append(
            {
                "Sid": "KeyAdministrators",
                "Effect": "Allow",
                "Principal": {"AWS": sorted(p.admin_role_arns)},
                "Action": [
                    "kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*",
                    "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource",
                    "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion",
                ],
                "Resource": "*",
            }
        )
    use = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    if p.purpose == KeyPurpose.LOGS:
        statements.append(
            {
                "Sid": "CloudWatchLogs",
                "Effect": "Allow",
                "Principal": {"Service": f"logs.{p.region}.amazonaws.com"},
                "Action": use,
                "Resource": "*",
                "Condition": {
                    "ArnLike": {"kms:EncryptionContext:aws:logs:arn": f"arn:{p.partition}:logs:{p.region}:{p.account_id}:log-group:*"}
                },
            }
        )
    elif p.purpose == KeyPurpose.TRAIL:
        statements += [
            {
                "Sid": "CloudTrailEncrypt",
                "Effect": "Allow",
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": "kms:GenerateDataKey*",
                "Resource": "*",
                "Condition": {
                    "StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn": [
                        f"arn:{p.partition}:cloudtrail:*:{account}:trail/*" for account in sorted(p.trail_account_ids or [p.account_id])
                    ]}
                },
            },
            {
                "Sid": "CloudTrailDescribe",
                "Effect": "Allow",
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": "kms:DescribeKey",
                "Resource": "*",
            },
        ]
    elif p.purpose in (KeyPurpose.DATA, KeyPurpose.SECRETS):
        services = DATA_VIA_SERVICES if p.purpose == KeyPurpose.DATA else SECRETS_VIA_SERVICES
        statements.append(
            {
                "Sid": "UseThroughServices",
                "Effect": "Allow",
                "Principal": {"AWS": root},
                "Action": use + ["kms:CreateGrant"],
                "Resource": "*",
                "Condition": {
                    "StringEquals": {
                        "kms:CallerAccount": p.account_id,
                        "kms:ViaService": [f"{s}.{p.region}.amazonaws.com" for s in services],
                    }
                },
            }
        )
    for principal in sorted(p.service_principals):
        statements.append(
            {
                "Sid": "Service" + "".join(part.capitalize() for part in principal.split(".")[0].split("-")),
                "Effect": "Allow",
                "Principal": {"Service": principal},
                "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
                "Resource": "*",
                "Condition": {"StringEquals": {"aws:SourceAccount": p.account_id}},
            }
        )
    if p.cross_account_ids:
        statements.append(
            {
                "Sid": "CrossAccountUse",
                "Effect": "Allow",
                "Principal": {"AWS": [f"arn:{p.partition}:iam::{a}:root" for a in sorted(p.cross_account_ids)]},
                "Action": ["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey*"],
                "Resource": "*",
            }
        )
    return {"Version": "2012-10-17", "Statement": statements}
