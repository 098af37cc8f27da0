"""Function and workflow role documents: exact actions on exact ARNs, nothing an IAM rule would call admin."""

from __future__ import annotations

import pytest

from landfall.plan.grants import FunctionGrants, function_policy, service_trust_policy, workflow_policy

LOGS = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/dev-orders-api"
TABLE = "arn:aws:dynamodb:eu-west-1:123456789012:table/dev-orders-orders"
QUEUE = "arn:aws:sqs:eu-west-1:123456789012:dev-orders-orders"
MACHINE = "arn:aws:states:eu-west-1:123456789012:stateMachine:dev-orders-fulfillment"
KEY = "arn:aws:kms:eu-west-1:123456789012:key/abc"


def statements(doc):
    return {s["Sid"]: s for s in doc["Statement"]}


def test_a_function_with_nothing_to_use_may_only_write_its_own_logs_and_trace():
    doc = statements(function_policy(FunctionGrants(log_group_arn=LOGS)))
    assert set(doc) == {"WriteOwnLogs", "Tracing"}
    assert doc["WriteOwnLogs"]["Resource"] == f"{LOGS}:*"
    assert doc["Tracing"]["Action"] == ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]


@pytest.mark.parametrize("write, expected_put", [(False, False), (True, True)])
def test_table_access_is_read_or_read_write_on_the_table_and_its_indexes_never_scan(write, expected_put):
    doc = statements(function_policy(FunctionGrants(log_group_arn=LOGS, tables={"orders": (TABLE, write)})))
    [sid] = [s for s in doc if s.startswith("Table")]
    assert doc[sid]["Resource"] == [TABLE, f"{TABLE}/index/*"]
    assert ("dynamodb:PutItem" in doc[sid]["Action"]) is expected_put
    assert "dynamodb:Scan" not in doc[sid]["Action"] and "dynamodb:GetItem" in doc[sid]["Action"]


def test_sending_consuming_starting_and_the_failure_destination_each_name_one_arn():
    doc = statements(function_policy(FunctionGrants(
        log_group_arn=LOGS, send_queue_arns={"orders": QUEUE}, consume_queue_arns={"jobs": QUEUE + "-jobs"},
        start_workflow_arns={"fulfillment": MACHINE}, failure_queue_arn=QUEUE + "-failures", key_arns=(KEY,),
    )))
    assert doc["SendOrders"]["Resource"] == QUEUE and "sqs:SendMessage" in doc["SendOrders"]["Action"]
    assert doc["ConsumeJobs"]["Resource"] == QUEUE + "-jobs" and "sqs:DeleteMessage" in doc["ConsumeJobs"]["Action"]
    assert doc["StartFulfillment"] == {"Sid": "StartFulfillment", "Effect": "Allow", "Action": ["states:StartExecution"], "Resource": MACHINE}
    assert doc["OnFailureDestination"]["Resource"] == QUEUE + "-failures"
    assert doc["UseDataKey"]["Resource"] == [KEY]


def all_actions(doc):
    for s in doc["Statement"]:
        yield from (s["Action"] if isinstance(s["Action"], list) else [s["Action"]])


@pytest.mark.parametrize("doc", [
    function_policy(FunctionGrants(log_group_arn=LOGS, tables={"t": (TABLE, True)}, send_queue_arns={"q": QUEUE}, vpc=True)),
    workflow_policy([MACHINE]),
], ids=["function", "workflow"])
def test_no_statement_allows_a_wildcard_action(doc):
    assert not [a for a in all_actions(doc) if a == "*" or a.endswith(":*")]


def test_the_workflow_role_invokes_exactly_its_task_aliases():
    tasks = ["arn:aws:lambda:eu-west-1:1:function:b:live", "arn:aws:lambda:eu-west-1:1:function:a:live"]
    doc = statements(workflow_policy(tasks))
    assert doc["InvokeTasks"]["Resource"] == sorted(tasks) and doc["InvokeTasks"]["Action"] == ["lambda:InvokeFunction"]


def test_the_trust_policy_is_bound_to_the_service_and_the_account():
    [s] = service_trust_policy("lambda.amazonaws.com", "123456789012")["Statement"]
    assert s["Principal"] == {"Service": "lambda.amazonaws.com"}
    assert s["Condition"] == {"StringEquals": {"aws:SourceAccount": "123456789012"}}
