"""Least-privilege IAM documents for a service's function and workflow roles (no pulumi import).

Each statement names exact actions on exact ARNs. The only ``Resource: "*"`` statements are for actions
AWS does not let you scope (X-Ray segment upload, VPC network interfaces, Step Functions log delivery);
none allows ``*`` or ``service:*`` (IAM.1, IAM.21).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

TABLE_READ = ("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:ConditionCheckItem")
TABLE_WRITE = ("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem")
QUEUE_SEND = ("sqs:SendMessage", "sqs:GetQueueAttributes")
# What the event source mapping does with the function's role.
QUEUE_CONSUME = ("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes")
# What a DynamoDB stream's event source mapping does with the function's role.
STREAM_READ = ("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams")
KEY_USE = ("kms:Decrypt", "kms:GenerateDataKey")
XRAY = ("xray:PutTraceSegments", "xray:PutTelemetryRecords")
LOG_WRITE = ("logs:CreateLogStream", "logs:PutLogEvents")
VPC_ENI = (
    "ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface",
    "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses",
)
# Step Functions' CloudWatch Logs delivery: AWS documents these with Resource "*" only.
LOG_DELIVERY = (
    "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
    "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
)


def _sid(*parts: str) -> str:
    return "".join(p[:1].upper() + p[1:] for part in parts for p in part.replace("-", "_").split("_") if p)


@dataclass(frozen=True)
class FunctionGrants:
    """What one function's role may do. ARNs are plain strings (planned names) or resolved outputs."""

    log_group_arn: str
    tables: Mapping[str, tuple[str, bool]] = field(default_factory=dict)  # key -> (table ARN, may write)
    send_queue_arns: Mapping[str, str] = field(default_factory=dict)  # key -> queue ARN
    consume_queue_arns: Mapping[str, str] = field(default_factory=dict)  # key -> queue ARN (event source)
    start_workflow_arns: Mapping[str, str] = field(default_factory=dict)  # key -> state machine ARN
    failure_queue_arn: str | None = None  # on-failure destination of async invocations
    stream_table_arns: Mapping[str, str] = field(default_factory=dict)  # key -> table ARN whose stream it consumes
    stream_failure_queue_arns: Mapping[str, str] = field(default_factory=dict)  # key -> where failed stream batches go
    # Statements planned elsewhere (rds-db:connect through a proxy, reads of secrets and parameters), resolved;
    # an item may be a list of statements.
    extra_statements: Sequence[Any] = ()
    key_arns: Sequence[str] = ()  # CMKs of the tables and queues it touches
    tracing: bool = True
    vpc: bool = False


def resource_statements(tables: Mapping[str, tuple[str, bool]], send_queue_arns: Mapping[str, str],
                        consume_queue_arns: Mapping[str, str], start_workflow_arns: Mapping[str, str]) -> list[dict[str, Any]]:
    """What a function or a container task may do with its service's tables, queues and workflows."""
    statements: list[dict[str, Any]] = []
    for key in sorted(tables):
        arn, write = tables[key]
        statements.append({
            "Sid": _sid("table", key, "write" if write else "read"),
            "Effect": "Allow",
            "Action": list(TABLE_READ + (TABLE_WRITE if write else ())),
            "Resource": [arn, f"{arn}/index/*"],
        })
    for key in sorted(send_queue_arns):
        statements.append({"Sid": _sid("send", key), "Effect": "Allow", "Action": list(QUEUE_SEND), "Resource": send_queue_arns[key]})
    for key in sorted(consume_queue_arns):
        statements.append({"Sid": _sid("consume", key), "Effect": "Allow", "Action": list(QUEUE_CONSUME), "Resource": consume_queue_arns[key]})
    for key in sorted(start_workflow_arns):
        statements.append({"Sid": _sid("start", key), "Effect": "Allow", "Action": ["states:StartExecution"], "Resource": start_workflow_arns[key]})
    return statements


def function_policy(g: FunctionGrants) -> dict[str, Any]:
    statements: list[dict[str, Any]] = [
        {"Sid": "WriteOwnLogs", "Effect": "Allow", "Action": list(LOG_WRITE), "Resource": f"{g.log_group_arn}:*"},
        *resource_statements(g.tables, g.send_queue_arns, g.consume_queue_arns, g.start_workflow_arns),
    ]
    for key in sorted(g.stream_table_arns):
        statements.append({"Sid": _sid("stream", key), "Effect": "Allow", "Action": list(STREAM_READ),
                           "Resource": f"{g.stream_table_arns[key]}/stream/*"})
    for key in sorted(g.stream_failure_queue_arns):
        statements.append({"Sid": _sid("stream", key, "failures"), "Effect": "Allow", "Action": ["sqs:SendMessage"],
                           "Resource": g.stream_failure_queue_arns[key]})
    if g.failure_queue_arn:
        statements.append({"Sid": "OnFailureDestination", "Effect": "Allow", "Action": ["sqs:SendMessage"], "Resource": g.failure_queue_arn})
    if g.key_arns:
        statements.append({"Sid": "UseDataKey", "Effect": "Allow", "Action": list(KEY_USE), "Resource": sorted(set(g.key_arns))})
    for extra in g.extra_statements:  # a statement, or a list of them (planned as one Output)
        statements += [dict(s) for s in extra] if isinstance(extra, list) else [dict(extra)]
    if g.tracing:
        statements.append({"Sid": "Tracing", "Effect": "Allow", "Action": list(XRAY), "Resource": "*"})
    if g.vpc:
        statements.append({"Sid": "VpcNetworkInterfaces", "Effect": "Allow", "Action": list(VPC_ENI), "Resource": "*"})
    return {"Version": "2012-10-17", "Statement": statements}


def workflow_policy(task_arns: Sequence[str], tracing: bool = True) -> dict[str, Any]:
    """A state machine role: invoke exactly its task functions (alias ARNs), deliver logs, trace."""
    statements: list[dict[str, Any]] = [
        {"Sid": "InvokeTasks", "Effect": "Allow", "Action": ["lambda:InvokeFunction"], "Resource": sorted(set(task_arns))},
        {"Sid": "DeliverLogs", "Effect": "Allow", "Action": list(LOG_DELIVERY), "Resource": "*"},
    ]
    if tracing:
        statements.append({"Sid": "Tracing", "Effect": "Allow", "Action": list(XRAY) + ["xray:GetSamplingRules", "xray:GetSamplingTargets"], "Resource": "*"})
    return {"Version": "2012-10-17", "Statement": statements}


def service_trust_policy(service_principal: str, account_id: str, partition: str = "aws") -> dict[str, Any]:
    """Only the named service, acting for this account, may assume the role (confused-deputy guard)."""
    return {
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Service": service_principal},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"aws:SourceAccount": account_id}},
        }],
    }
