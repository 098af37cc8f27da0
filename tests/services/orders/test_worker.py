from __future__ import annotations

import json

from tests.services.orders.conftest import ALICE, KNOWN_ORDER_ID, load_event

GOOD_MESSAGE_ID = "059f36b4-87a3-44ab-83d2-661975830a7d"
MALFORMED_MESSAGE_ID = "2e1424d4-f796-459a-8184-9c92662be6da"


def executions(aws) -> list[dict]:
    return aws.stepfunctions.list_executions(stateMachineArn=aws.state_machine_arn)["executions"]


def test_a_malformed_record_is_the_only_batch_item_failure_and_the_good_one_starts_an_execution(worker, aws, context):
    result = worker.lambda_handler(load_event("sqs_batch_one_malformed"), context)

    assert result == {"batchItemFailures": [{"itemIdentifier": MALFORMED_MESSAGE_ID}]}
    [execution] = executions(aws)
    assert execution["name"] == f"order-{KNOWN_ORDER_ID}"
    described = aws.stepfunctions.describe_execution(executionArn=execution["executionArn"])
    assert json.loads(described["input"]) == {"order_id": KNOWN_ORDER_ID, "owner_id": ALICE}


def test_redelivering_a_message_whose_execution_exists_succeeds_without_a_second_execution(worker, aws, context):
    event = load_event("sqs_batch_one_malformed")
    event["Records"] = [record for record in event["Records"] if record["messageId"] == GOOD_MESSAGE_ID]

    first = worker.lambda_handler(event, context)
    second = worker.lambda_handler(event, context)

    assert first == {"batchItemFailures": []}
    assert second == {"batchItemFailures": []}
    assert len(executions(aws)) == 1


def test_a_message_missing_the_owner_is_a_batch_item_failure(worker, aws, context):
    event = load_event("sqs_batch_one_malformed")
    event["Records"][1]["body"] = json.dumps({"order_id": KNOWN_ORDER_ID})
    result = worker.lambda_handler(event, context)

    assert result == {"batchItemFailures": [{"itemIdentifier": MALFORMED_MESSAGE_ID}]}
