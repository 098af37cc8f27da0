"""Row-level security lines up: an order the API writes for a user is the row the identity pool's role lets
that same user reach, and no one else's.

The API keys orders by the user pool `sub` claim (services/orders/settings.py OWNER_CLAIM). The identity pool
maps that claim to the session tag `sub` and the role's dynamodb:LeadingKeys condition reads
${aws:PrincipalTag/sub} (landfall/plan/identity.py). moto does not evaluate IAM conditions, so the role's
policy, as the stack renders it, is evaluated here by a minimal evaluator of exactly the statement shape it
uses (Allow + ForAllValues:StringEquals on dynamodb:LeadingKeys): on the item moto actually stored.
"""

from __future__ import annotations

from landfall.plan.identity import PRINCIPAL_TAGS, ROW_KEY, ROW_KEY_CLAIM, authenticated_trust_policy, row_level_policy
from services.orders.settings import OWNER_CLAIM, PARTITION_KEY
from tests.services.orders.conftest import ALICE, BOB, load_event
from tests.services.orders.test_api import call

TABLE_ARN = "arn:aws:dynamodb:eu-west-1:555555555555:table/dev-orders-orders"


def allowed(policy: dict, action: str, table_arn: str, partition_key: str, principal_tags: dict[str, str]) -> bool:
    """Does any Allow statement admit `action` on the table for a caller with these session tags?"""
    for statement in policy["Statement"]:
        if statement["Effect"] != "Allow" or action not in statement["Action"] or table_arn not in statement["Resource"]:
            continue
        leading = statement["Condition"]["ForAllValues:StringEquals"]["dynamodb:LeadingKeys"]
        resolved = []
        for value in leading:
            if value.startswith("${aws:PrincipalTag/"):
                tag = value[len("${aws:PrincipalTag/"):-1]
                if tag not in principal_tags:
                    break  # an unresolvable variable matches nothing
                resolved.append(principal_tags[tag])
            else:
                resolved.append(value)
        else:
            if partition_key in resolved:
                return True
    return False


def session_tags(claims: dict[str, str]) -> dict[str, str]:
    """What the identity pool puts in the session: each mapped claim under its tag name."""
    return {tag: claims[claim] for tag, claim in PRINCIPAL_TAGS.items() if claim in claims}


def test_the_handlers_and_the_role_use_the_same_claim():
    assert OWNER_CLAIM == ROW_KEY_CLAIM
    assert ROW_KEY == "${aws:PrincipalTag/" + ROW_KEY_CLAIM + "}"
    assert PRINCIPAL_TAGS == {ROW_KEY_CLAIM: OWNER_CLAIM}
    trust = authenticated_trust_policy("eu-west-1:pool")["Statement"][0]
    assert "sts:TagSession" in trust["Action"]  # the session tags reach the role only with TagSession


def test_an_order_written_through_the_api_is_readable_by_its_owner_and_no_one_else(api, aws, context):
    status, body = call(api, context, load_event("api_create_ok"))
    assert status == 201
    [item] = aws.orders()
    stored_key = item[PARTITION_KEY]["S"]
    assert stored_key == ALICE
    policy = row_level_policy({"orders.orders": TABLE_ARN}, {"orders.orders": "read"})
    alice = session_tags({"sub": ALICE, "email": "alice@example.com"})
    bob = session_tags({"sub": BOB})
    assert allowed(policy, "dynamodb:GetItem", TABLE_ARN, stored_key, alice)
    assert not allowed(policy, "dynamodb:GetItem", TABLE_ARN, stored_key, bob)
    assert not allowed(policy, "dynamodb:PutItem", TABLE_ARN, stored_key, alice)  # read access only


def test_keying_by_the_identity_id_would_not_line_up():
    # The defect this replaces: a condition on the Cognito identity id never equals the `sub` the API stores.
    policy = {"Statement": [{"Effect": "Allow", "Action": ["dynamodb:GetItem"], "Resource": [TABLE_ARN],
                             "Condition": {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["eu-west-1:identity-id-of-alice"]}}}]}
    assert not allowed(policy, "dynamodb:GetItem", TABLE_ARN, ALICE, session_tags({"sub": ALICE}))
