"""The prod orders table as a global table, and the stream consumer prod and staging run."""

from __future__ import annotations

import json

import pytest

from tests.conftest import synthesized


@pytest.fixture(scope="module")
def prod():
    return synthesized("prod")


def test_the_replica_has_its_own_regions_key_and_point_in_time_recovery(prod):
    table = prod.named("orders-orders", "aws:dynamodb/table:Table")
    [replica] = table.inputs["replicas"]
    key = prod.named("keys-prod-eu-central-1-data", "aws:kms/key:Key")
    assert replica["regionName"] == "eu-central-1" and replica["kmsKeyArn"] == key.state["arn"], table.urn
    assert replica["pointInTimeRecovery"] is True and replica["deletionProtectionEnabled"] is True
    assert key.inputs["region"] == "eu-central-1" and key.protect
    assert table.inputs["streamEnabled"] is True and table.inputs["streamViewType"] == "NEW_AND_OLD_IMAGES"
    services = json.loads(key.inputs["policy"])["Statement"][1]["Condition"]["StringEquals"]["kms:ViaService"]
    assert "dynamodb.eu-central-1.amazonaws.com" in services


@pytest.mark.parametrize("stack", ["staging", "prod"])
def test_the_stream_consumer_maps_the_tables_stream_to_the_live_alias_and_keeps_failures(stack):
    inv = synthesized(stack)
    mapping = inv.named("orders-orders-stream", "aws:lambda/eventSourceMapping:EventSourceMapping")
    table = inv.named("orders-orders", "aws:dynamodb/table:Table")
    alias = inv.named("orders-order_events", "aws:lambda/alias:Alias")
    failures = inv.named("orders-orders-stream-failures", "aws:sqs/queue:Queue")
    i = mapping.inputs
    assert i["eventSourceArn"] == table.state["streamArn"] and i["functionName"] == alias.state["arn"], mapping.urn
    assert (i["bisectBatchOnFunctionError"], i["maximumRetryAttempts"], i["startingPosition"]) == (True, 3, "LATEST")
    assert i["functionResponseTypes"] == ["ReportBatchItemFailures"]
    assert i["destinationConfig"]["onFailure"]["destinationArn"] == failures.state["arn"]
    assert failures.inputs["kmsMasterKeyId"] == inv.named(f"keys-{stack}-data", "aws:kms/key:Key").state["arn"], failures.urn


@pytest.mark.parametrize("stack", ["staging", "prod"])
def test_only_the_consumer_may_read_the_stream_and_write_its_failure_queue(stack):
    inv = synthesized(stack)
    readers = []
    for policy in inv.of_type("aws:iam/rolePolicy:RolePolicy"):
        for statement in json.loads(policy.inputs["policy"])["Statement"]:
            if "dynamodb:GetRecords" in statement["Action"]:
                readers.append(policy.name)
                assert statement["Resource"].endswith(":table/" + f"{stack}-orders-orders/stream/*"), policy.urn
    assert readers == ["orders-order_events"], readers
