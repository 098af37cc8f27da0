"""KMS key ring: rotation, 30-day window, aliases, and key policies without a public principal."""

from __future__ import annotations

import json

import pytest

from components.kms import KeyRing, KeyRingArgs
from landfall.plan.kms import KeyPolicyInputs, KeyPurpose, key_policy
from tests.conftest import record, unit_provider


@pytest.fixture(scope="module")
def inv():
    def program():
        KeyRing("keys", KeyRingArgs("aws", "123456789012", "eu-west-1", "test", (KeyPurpose.LOGS, KeyPurpose.DATA), protect=True), unit_provider())

    return record(program)


def test_each_purpose_gets_a_rotating_protected_key_with_a_30_day_window_and_an_alias(inv):
    keys = {k.name: k for k in inv.of_type("aws:kms/key:Key")}
    assert set(keys) == {"keys-logs", "keys-data"}
    for key in keys.values():
        assert key.inputs["enableKeyRotation"] is True and key.inputs["deletionWindowInDays"] == 30 and key.protect, key.urn
    aliases = {a.inputs["name"]: a.inputs["targetKeyId"] for a in inv.of_type("aws:kms/alias:Alias")}
    assert aliases == {"alias/landfall/test/logs": keys["keys-logs"].id, "alias/landfall/test/data": keys["keys-data"].id}


def principals(doc):
    for s in doc["Statement"]:
        p = s["Principal"]
        yield from ([p] if isinstance(p, str) else [v for vs in p.values() for v in (vs if isinstance(vs, list) else [vs])])


@pytest.mark.parametrize("purpose", list(KeyPurpose))
def test_no_key_policy_has_a_wildcard_principal(purpose):
    doc = key_policy(KeyPolicyInputs("aws", "123456789012", "eu-west-1", purpose, ("arn:aws:iam::123456789012:role/admin",), ("210987654321",), ("events.amazonaws.com",)))
    assert "*" not in set(principals(doc))


def test_the_logs_key_is_usable_only_by_log_groups_of_its_own_account_and_region():
    doc = key_policy(KeyPolicyInputs("aws", "123456789012", "eu-west-1", KeyPurpose.LOGS))
    [logs] = [s for s in doc["Statement"] if s["Sid"] == "CloudWatchLogs"]
    assert logs["Principal"] == {"Service": "logs.eu-west-1.amazonaws.com"}
    assert logs["Condition"]["ArnLike"]["kms:EncryptionContext:aws:logs:arn"] == "arn:aws:logs:eu-west-1:123456789012:log-group:*"


def test_the_data_key_is_used_only_through_named_services_by_its_own_account():
    doc = key_policy(KeyPolicyInputs("aws", "123456789012", "eu-west-1", KeyPurpose.DATA))
    [via] = [s for s in doc["Statement"] if s["Sid"] == "UseThroughServices"]
    assert via["Condition"]["StringEquals"]["kms:CallerAccount"] == "123456789012"
    assert "dynamodb.eu-west-1.amazonaws.com" in via["Condition"]["StringEquals"]["kms:ViaService"]


def test_the_key_ring_policy_document_is_the_planned_one(inv):
    key = inv.named("keys-logs", "aws:kms/key:Key")
    assert json.loads(key.inputs["policy"]) == key_policy(KeyPolicyInputs("aws", "123456789012", "eu-west-1", KeyPurpose.LOGS))
