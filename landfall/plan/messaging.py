"""Pure documents for queues and topics: redrive, redrive-allow and the TLS-only resource policies."""

from __future__ import annotations

from typing import Any, Sequence

from .statements import deny_insecure_transport


def redrive_policy(dlq_arn: str, max_receive_count: int) -> dict[str, Any]:
    return {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": max_receive_count}


def redrive_allow_policy(source_queue_arns: Sequence[str]) -> dict[str, Any]:
    """Only the named queues may use this DLQ: a stray queue cannot fill it and trip its alarm."""
    return {"redrivePermission": "byQueue", "sourceQueueArns": sorted(source_queue_arns)}


def tls_only_queue_policy(queue_arn: str, allow: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": [deny_insecure_transport("sqs:*", queue_arn), *allow]}


def events_may_send(queue_arn: str, rule_arn: str) -> dict[str, Any]:
    """EventBridge may deliver failed events to the DLQ, for this one rule only (confused-deputy guard)."""
    return {
        "Sid": "EventBridgeDeadLetters",
        "Effect": "Allow",
        "Principal": {"Service": "events.amazonaws.com"},
        "Action": "sqs:SendMessage",
        "Resource": queue_arn,
        "Condition": {"ArnEquals": {"aws:SourceArn": rule_arn}},
    }


def alarm_topic_policy(topic_arn: str, account_id: str) -> dict[str, Any]:
    """CloudWatch alarms of this account may publish; nothing travels without TLS."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            deny_insecure_transport("sns:Publish", topic_arn),
            {
                "Sid": "CloudWatchAlarms",
                "Effect": "Allow",
                "Principal": {"Service": "cloudwatch.amazonaws.com"},
                "Action": "sns:Publish",
                "Resource": topic_arn,
                "Condition": {"StringEquals": {"aws:SourceAccount": account_id}},
            },
        ],
    }
