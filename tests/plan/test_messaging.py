"""Pure queue and topic documents: redrive, redrive-allow, TLS-only and service-scoped policies."""

from __future__ import annotations

from landfall.plan.messaging import (
    alarm_topic_policy,
    events_may_send,
    redrive_allow_policy,
    redrive_policy,
    tls_only_queue_policy,
)

QUEUE = "arn:aws:sqs:eu-west-1:123456789012:test-orders-dlq"
RULE = "arn:aws:events:eu-west-1:123456789012:rule/test-orders-nightly"


def test_redrive_names_the_dlq_and_the_receive_count():
    assert redrive_policy(QUEUE, 5) == {"deadLetterTargetArn": QUEUE, "maxReceiveCount": 5}


def test_only_the_named_source_queues_may_redrive_into_a_dlq_sorted_for_stable_diffs():
    assert redrive_allow_policy(["arn:b", "arn:a"]) == {"redrivePermission": "byQueue", "sourceQueueArns": ["arn:a", "arn:b"]}


def test_queue_policies_deny_plain_http_first_and_append_the_allowed_senders():
    policy = tls_only_queue_policy(QUEUE, [events_may_send(QUEUE, RULE)])
    deny, allow = policy["Statement"]
    assert deny["Effect"] == "Deny" and deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    assert allow["Principal"] == {"Service": "events.amazonaws.com"}
    assert allow["Condition"] == {"ArnEquals": {"aws:SourceArn": RULE}}


def test_only_this_accounts_alarms_may_publish_to_the_alarm_topic():
    topic = "arn:aws:sns:eu-west-1:123456789012:alarms"
    deny, allow = alarm_topic_policy(topic, "123456789012")["Statement"]
    assert deny["Effect"] == "Deny"
    assert allow["Principal"] == {"Service": "cloudwatch.amazonaws.com"} and allow["Action"] == "sns:Publish"
    assert allow["Condition"] == {"StringEquals": {"aws:SourceAccount": "123456789012"}}
