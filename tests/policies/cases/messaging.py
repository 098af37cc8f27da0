"""SQS, SNS, EventBridge and Step Functions rules: passing, failing (exact messages) and not-applicable fixtures."""

from __future__ import annotations

from .records import (
    BUS,
    BUS_POLICY,
    FUNCTION,
    NONPROD,
    OPEN,
    QUEUE,
    STATE_MACHINE,
    TOPIC,
    Case,
    StackCase,
    doc,
    rec,
    redrive_to,
)

RESOURCE_CASES = [
    Case("sqs-queue-encrypted",
         passes=[rec(QUEUE, "q", {"sqsManagedSseEnabled": True}), rec(QUEUE, "k", {"kmsMasterKeyId": "alias/x"})],
         fails=[(rec(QUEUE, "q", {}),
                 ["SQS.1: the queue sets neither sqsManagedSseEnabled nor kmsMasterKeyId; encrypt it at rest"])],
         not_applicable=[rec(TOPIC, "t", {})]),
    Case("sqs-policy-not-public",
         passes=[rec("aws:sqs/queuePolicy:QueuePolicy", "qp", {"policy": doc(
             {**OPEN, "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:x"}}})})],
         fails=[(rec("aws:sqs/queuePolicy:QueuePolicy", "qp", {"policy": doc(OPEN)}),
                 ['SQS.3: statement 0 allows principal "*" without a condition']),
                (rec(QUEUE, "q", {"policy": doc({**OPEN, "Sid": "Open", "Principal": {"AWS": ["*"]}})}),
                 ['SQS.3: statement "Open" allows principal "*" without a condition'])],
         not_applicable=[rec("aws:sns/topicPolicy:TopicPolicy", "tp", {"policy": doc(OPEN)})]),
    Case("sns-policy-not-public",
         passes=[rec("aws:sns/topicPolicy:TopicPolicy", "tp", {"policy": doc(
             {**OPEN, "Condition": {"StringEquals": {"aws:SourceAccount": "111111111111"}}})})],
         fails=[(rec("aws:sns/topicPolicy:TopicPolicy", "tp", {"policy": doc(OPEN)}),
                 ['SNS.4: statement 0 allows principal "*" without a condition'])],
         not_applicable=[rec("aws:sqs/queuePolicy:QueuePolicy", "qp", {"policy": doc(OPEN)})]),
    Case("sns-topic-encrypted",
         passes=[rec(TOPIC, "t", {"kmsMasterKeyId": "arn:aws:kms:x"})],
         fails=[(rec(TOPIC, "t", {}),
                 ["LF.SNS.1: the topic has no kmsMasterKeyId; encrypt it with a customer managed key"])],
         not_applicable=[rec(QUEUE, "q", {})]),
    Case("stepfunctions-logging",
         passes=[rec(STATE_MACHINE, "sm", {"loggingConfiguration": {"level": "ALL",
                                                                     "logDestination": "arn:aws:logs:x:*"}})],
         fails=[(rec(STATE_MACHINE, "sm", {}),
                 ["StepFunctions.1: loggingConfiguration.level is OFF; set ALL, ERROR or FATAL with a logDestination"]),
                (rec(STATE_MACHINE, "sm2", {"loggingConfiguration": {"level": "ERROR"}}),
                 ["StepFunctions.1: loggingConfiguration has no logDestination; send the logs to a log group"])],
         not_applicable=[rec(FUNCTION, "fn", {})]),
    Case("stepfunctions-tracing",
         passes=[rec(STATE_MACHINE, "sm", {"tracingConfiguration": {"enabled": True}})],
         fails=[(rec(STATE_MACHINE, "sm", {}),
                 ["LF.SFN.1: the state machine does not trace with X-Ray; set tracingConfiguration.enabled to true"])],
         not_applicable=[rec(FUNCTION, "fn", {})]),
    Case("eventbridge-target-dlq-retry",
         passes=[rec("aws:cloudwatch/eventTarget:EventTarget", "t", {
             "arn": "arn:aws:lambda:x", "deadLetterConfig": {"arn": "arn:aws:sqs:x"},
             "retryPolicy": {"maximumRetryAttempts": 3, "maximumEventAgeInSeconds": 3600}})],
         fails=[(rec("aws:cloudwatch/eventTarget:EventTarget", "t", {"arn": "arn:aws:lambda:x"}),
                 ["LF.EVT.1: the event target has no deadLetterConfig.arn; undeliverable events would be dropped",
                  "LF.EVT.1: the event target has no retryPolicy; set maximumRetryAttempts and "
                  "maximumEventAgeInSeconds"])],
         not_applicable=[rec("aws:cloudwatch/eventRule:EventRule", "r", {})]),
]

STACK_CASES = [
    StackCase("sqs-redrive",
              passes=[([rec(QUEUE, "orders", {"name": "orders",
                                              "redrivePolicy": redrive_to("arn:aws:sqs:eu-west-1:1:orders-dlq")}),
                        rec(QUEUE, "orders-dlq", {"name": "orders-dlq"})], NONPROD),
                      ([rec(QUEUE, "jobs", {"redrivePolicy": redrive_to("arn:aws:sqs:eu-west-1:1:jobs-dlq-1a2b3c4")}),
                        rec(QUEUE, "jobs-dlq", {})], NONPROD),
                      # The on-failure destination of an async function and an event target's DLQ are DLQs.
                      ([rec(QUEUE, "api-failures", {"name": "api-failures"}),
                        rec("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig", "api", {
                            "destinationConfig": {"onFailure": {"destination": "arn:aws:sqs:eu-west-1:1:api-failures"}}}),
                        rec(QUEUE, "nightly-dlq", {"name": "nightly-dlq"}),
                        rec("aws:cloudwatch/eventTarget:EventTarget", "nightly", {
                            "deadLetterConfig": {"arn": "arn:aws:sqs:eu-west-1:1:nightly-dlq"}})], NONPROD),
                      # ...and so is a stream mapping's on-failure queue.
                      ([rec(QUEUE, "orders-stream-failures", {"name": "orders-stream-failures"}),
                        rec("aws:lambda/eventSourceMapping:EventSourceMapping", "orders-stream", {
                            "destinationConfig": {"onFailure": {"destinationArn": "arn:aws:sqs:eu-west-1:1:orders-stream-failures"}}})],
                       NONPROD)],
              fails=[([rec(QUEUE, "jobs", {"name": "jobs"}), rec(QUEUE, "jobs-dlq", {"name": "jobs-dlq"})], NONPROD,
                      [(rec(QUEUE, "jobs")["urn"], "LF.SQS.1: the queue jobs is not a dead-letter queue and has no "
                                                   "redrivePolicy; add one that points at a dead-letter queue"),
                       (rec(QUEUE, "jobs-dlq")["urn"], "LF.SQS.1: the queue jobs-dlq is not a dead-letter queue and "
                                                       "has no redrivePolicy; add one that points at a dead-letter "
                                                       "queue")])],
              not_applicable=[([rec(TOPIC, "t", {})], NONPROD)]),
    StackCase("eventbridge-bus-policy",
              passes=[([rec(BUS, "orders", {"name": "orders"}),
                        rec(BUS_POLICY, "orders", {"eventBusName": "orders", "policy": doc(
                            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"},
                             "Action": "events:PutEvents", "Resource": "*"})})], NONPROD),
                      ([rec(BUS, "audit", {}, id="audit-1a2b3c4"),
                        rec(BUS_POLICY, "audit", {"eventBusName": "audit-1a2b3c4", "policy": "{}"})], NONPROD)],
              fails=[([rec(BUS, "orders", {"name": "orders"}), rec(BUS, "billing", {"name": "billing"}),
                       rec(BUS_POLICY, "orders", {"eventBusName": "orders", "policy": "{}"}),
                       # no eventBusName: the policy is the default bus's, not billing's
                       rec(BUS_POLICY, "default", {"policy": "{}"})], NONPROD,
                      [(rec(BUS, "billing")["urn"], "EventBridge.3: the custom event bus billing has no resource "
                                                    "policy; add an aws:cloudwatch/eventBusPolicy:EventBusPolicy with "
                                                    "its eventBusName")])],
              not_applicable=[([rec(BUS, "partner", {"eventSourceName": "aws.partner/saas.example/123/events"})],
                               NONPROD),
                              ([rec(BUS_POLICY, "default", {"policy": "{}"})], NONPROD)]),
]
