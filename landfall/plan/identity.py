"""Pure IAM documents for the Cognito identity pool's authenticated role (no pulumi import).

Row-level access: the role may touch only items whose partition key equals the caller's Cognito
identity id, via the ``dynamodb:LeadingKeys`` condition. No Security Hub control checks this
pattern, so these builders are the single place it is written (and tested).
"""

from __future__ import annotations

from typing import Any, Mapping

IDENTITY_SUB = "${cognito-identity.amazonaws.com:sub}"  # IAM policy variable, not a Python format field

READ_ACTIONS = ("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query")
WRITE_ACTIONS = ("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem")


def row_level_policy(table_arns: Mapping[str, str], access: Mapping[str, str]) -> dict[str, Any]:
    """Policy document for ``service.table`` -> ARN, with ``access`` ``read`` or ``read_write`` per table.

    Scan is never granted: it cannot be limited by partition key. Indexes are included so Query works
    on them too; their partition key must also be the identity id for the condition to match.
    """
    statements = []
    for ref in sorted(table_arns):
        arn = table_arns[ref]
        actions = list(READ_ACTIONS) + (list(WRITE_ACTIONS) if access.get(ref) == "read_write" else [])
        statements.append(
            {
                "Sid": "RowLevel" + "".join(p.capitalize() for p in ref.replace("-", "_").replace(".", "_").split("_")),
                "Effect": "Allow",
                "Action": actions,
                "Resource": [arn, f"{arn}/index/*"],
                "Condition": {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": [IDENTITY_SUB]}},
            }
        )
    return {"Version": "2012-10-17", "Statement": statements}


def authenticated_trust_policy(identity_pool_id: str) -> dict[str, Any]:
    """Trust policy letting only authenticated identities of this one identity pool assume the role."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Federated": "cognito-identity.amazonaws.com"},
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": {
                    "StringEquals": {"cognito-identity.amazonaws.com:aud": identity_pool_id},
                    "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"},
                },
            }
        ],
    }
