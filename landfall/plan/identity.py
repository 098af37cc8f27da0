"""Pure IAM documents for the Cognito identity pool's authenticated role (no pulumi import).

Row-level access: the role may touch only items whose partition key equals the caller's user pool
``sub`` claim, via the ``dynamodb:LeadingKeys`` condition on a principal tag. The data model keys items
by the user pool ``sub`` because that is what the API handlers know (the user pool authorizer's claims);
the Cognito *identity* id exists only for identity-pool callers, so keying by it would hide every order
written through the API from its owner. The identity pool maps the ``sub`` claim to the session tag
``sub`` (attributes for access control: IdentityPoolProviderPrincipalTag), and the role's condition reads
``${aws:PrincipalTag/sub}``. ``ROW_KEY_CLAIM`` is the one name both sides use.
No Security Hub control checks this pattern, so these builders are the single place it is written (and tested).
"""

from __future__ import annotations

from typing import Any, Mapping

# The claim items are keyed by, mapped to a session tag of the same name (services/orders uses it too).
ROW_KEY_CLAIM = "sub"
PRINCIPAL_TAGS = {ROW_KEY_CLAIM: ROW_KEY_CLAIM}  # session tag -> user pool claim
ROW_KEY = "${aws:PrincipalTag/" + ROW_KEY_CLAIM + "}"  # IAM policy variable, not a Python format field

READ_ACTIONS = ("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query")
WRITE_ACTIONS = ("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem")


def row_level_policy(table_arns: Mapping[str, str], access: Mapping[str, str]) -> dict[str, Any]:
    """Policy document for ``service.table`` -> ARN, with ``access`` ``read`` or ``read_write`` per table.

    Scan is never granted: it cannot be limited by partition key. Indexes are included so Query works
    on them too; their partition key must also be the caller's ``sub`` for the condition to match.
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
                "Condition": {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": [ROW_KEY]}},
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
                # TagSession: the identity pool passes the mapped claims as session (principal) tags
                "Action": ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
                "Condition": {
                    "StringEquals": {"cognito-identity.amazonaws.com:aud": identity_pool_id},
                    "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"},
                },
            }
        ],
    }
