"""Fixtures for the orders service handlers: env, moto-mocked AWS resources, (re)imported handler modules."""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

EVENTS = Path(__file__).resolve().parents[2] / "events" / "orders"
REGION = "eu-west-1"
ACCOUNT = "123456789012"
ORDERS_TABLE = "orders-test"
IDEMPOTENCY_TABLE = "orders-idempotency-test"
QUEUE_NAME = "orders-test"
STATE_MACHINE_NAME = "orders-fulfillment-test"
ALICE = "11111111-aaaa-4aaa-8aaa-111111111111"
BOB = "22222222-bbbb-4bbb-8bbb-222222222222"
KNOWN_ORDER_ID = "9b2e4c1a-5d3f-4e7a-8c6b-0a1b2c3d4e5f"


def load_event(name: str) -> dict:
    return json.loads((EVENTS / f"{name}.json").read_text())


@dataclass
class FakeContext:
    function_name: str = "orders-test"
    function_version: str = "$LATEST"
    memory_limit_in_mb: int = 256
    invoked_function_arn: str = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:orders-test"
    aws_request_id: str = "6f1c0e6a-0000-4000-8000-000000000001"
    log_group_name: str = "/aws/lambda/orders-test"
    log_stream_name: str = "2024/05/01/[$LATEST]abcdef"

    def get_remaining_time_in_millis(self) -> int:
        return 30_000


@pytest.fixture
def context() -> FakeContext:
    return FakeContext()


@dataclass
class Aws:
    dynamodb: object
    sqs: object
    stepfunctions: object
    queue_url: str
    state_machine_arn: str

    def orders(self) -> list[dict]:
        return self.dynamodb.scan(TableName=ORDERS_TABLE, ConsistentRead=True)["Items"]

    def idempotency_records(self) -> list[dict]:
        return self.dynamodb.scan(TableName=IDEMPOTENCY_TABLE, ConsistentRead=True)["Items"]

    def messages(self) -> list[dict]:
        received: list[dict] = []
        while True:
            batch = self.sqs.receive_message(
                QueueUrl=self.queue_url, MaxNumberOfMessages=10, VisibilityTimeout=0, WaitTimeSeconds=0
            ).get("Messages", [])
            if not batch:
                return received
            received.extend(batch)
            for message in batch:  # delete so the loop ends; tests read messages once
                self.sqs.delete_message(QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"])

    def queue_depth(self) -> int:
        attributes = self.sqs.get_queue_attributes(
            QueueUrl=self.queue_url,
            AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        )["Attributes"]
        return int(attributes["ApproximateNumberOfMessages"]) + int(attributes["ApproximateNumberOfMessagesNotVisible"])

    def put_order(self, owner_id: str, order_id: str, status: str = "PENDING", created_at: str = "2024-05-01T12:00:00.000Z"):
        self.dynamodb.put_item(
            TableName=ORDERS_TABLE,
            Item={
                "owner_id": {"S": owner_id},
                "order_id": {"S": order_id},
                "status": {"S": status},
                "items": {"L": [{"M": {"sku": {"S": "SKU-1"}, "quantity": {"N": "1"}}}]},
                "created_at": {"S": created_at},
            },
        )

    def status(self, owner_id: str, order_id: str) -> str | None:
        item = self.dynamodb.get_item(
            TableName=ORDERS_TABLE, Key={"owner_id": {"S": owner_id}, "order_id": {"S": order_id}}
        ).get("Item")
        return item["status"]["S"] if item else None


@pytest.fixture
def aws(monkeypatch) -> Aws:
    for name, value in {
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "POWERTOOLS_TRACE_DISABLED": "1",
        "POWERTOOLS_SERVICE_NAME": "orders",
        "POWERTOOLS_LOG_LEVEL": "WARNING",
        "ORDERS_TABLE": ORDERS_TABLE,
        "IDEMPOTENCY_TABLE": IDEMPOTENCY_TABLE,
        "STALE_AFTER_HOURS": "24",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.delenv("POWERTOOLS_IDEMPOTENCY_DISABLED", raising=False)

    with mock_aws():
        dynamodb = boto3.client("dynamodb", region_name=REGION)
        dynamodb.create_table(
            TableName=ORDERS_TABLE,
            BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[
                {"AttributeName": name, "AttributeType": "S"}
                for name in ("owner_id", "order_id", "status", "created_at")
            ],
            KeySchema=[
                {"AttributeName": "owner_id", "KeyType": "HASH"},
                {"AttributeName": "order_id", "KeyType": "RANGE"},
            ],
            GlobalSecondaryIndexes=[
                {
                    "IndexName": "status-created_at",
                    "KeySchema": [
                        {"AttributeName": "status", "KeyType": "HASH"},
                        {"AttributeName": "created_at", "KeyType": "RANGE"},
                    ],
                    "Projection": {"ProjectionType": "KEYS_ONLY"},
                }
            ],
        )
        dynamodb.create_table(
            TableName=IDEMPOTENCY_TABLE,
            BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        )
        sqs = boto3.client("sqs", region_name=REGION)
        queue_url = sqs.create_queue(QueueName=QUEUE_NAME)["QueueUrl"]
        stepfunctions = boto3.client("stepfunctions", region_name=REGION)
        state_machine_arn = stepfunctions.create_state_machine(
            name=STATE_MACHINE_NAME,
            definition=json.dumps({"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}),
            roleArn=f"arn:aws:iam::{ACCOUNT}:role/orders-fulfillment-test",
        )["stateMachineArn"]
        monkeypatch.setenv("ORDERS_QUEUE_URL", queue_url)
        monkeypatch.setenv("FULFILLMENT_STATE_MACHINE_ARN", state_machine_arn)
        yield Aws(dynamodb, sqs, stepfunctions, queue_url, state_machine_arn)


def _fresh(module_name: str):
    """Import (or re-import) a handler module so its module-level clients/settings bind to this test's mock."""
    module = importlib.import_module(module_name)
    return importlib.reload(module)


@pytest.fixture
def api(aws):
    return _fresh("services.orders.api")


@pytest.fixture
def worker(aws):
    return _fresh("services.orders.worker")


@pytest.fixture
def fulfillment(aws):
    return _fresh("services.orders.fulfillment")


@pytest.fixture
def nightly(aws):
    return _fresh("services.orders.nightly")


@pytest.fixture
def events(aws):
    return _fresh("services.orders.events")
