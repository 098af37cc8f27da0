"""Messaging and orchestration controls: SQS, SNS, EventBridge buses and targets, Step Functions."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .core import Rule, StackRule, by_type, get, inputs, is_public_principal, parse_json, statements
from .kms import statement_label

QUEUE = "aws:sqs/queue:Queue"
QUEUE_POLICY = "aws:sqs/queuePolicy:QueuePolicy"
REDRIVE_POLICY = "aws:sqs/redrivePolicy:RedrivePolicy"
TOPIC = "aws:sns/topic:Topic"
TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy"
STATE_MACHINE = "aws:sfn/stateMachine:StateMachine"
EVENT_BUS = "aws:cloudwatch/eventBus:EventBus"
EVENT_BUS_POLICY = "aws:cloudwatch/eventBusPolicy:EventBusPolicy"
EVENT_TARGET = "aws:cloudwatch/eventTarget:EventTarget"
INVOKE_CONFIG = "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig"
EVENT_SOURCE_MAPPING = "aws:lambda/eventSourceMapping:EventSourceMapping"


# ---- SQS and SNS ---------------------------------------------------------------------------------

def check_queue_encrypted(record: Mapping) -> list[str]:
    props = inputs(record)
    if get(props, "sqsManagedSseEnabled") is True or get(props, "kmsMasterKeyId"):
        return []
    return ["SQS.1: the queue sets neither sqsManagedSseEnabled nor kmsMasterKeyId; encrypt it at rest"]


def _public_statement_messages(control: str, document: Any) -> list[str]:
    if document is None:
        return []
    if parse_json(document) is None:
        return [f"{control}: the access policy is not valid JSON"]
    return [f'{control}: {statement_label(i, s)} allows principal "*" without a condition'
            for i, s in enumerate(statements(document))
            if s.get("Effect") == "Allow" and is_public_principal(s) and not s.get("Condition")]


def check_queue_policy(record: Mapping) -> list[str]:
    return _public_statement_messages("SQS.3", get(inputs(record), "policy"))


def check_topic_policy(record: Mapping) -> list[str]:
    return _public_statement_messages("SNS.4", get(inputs(record), "policy"))


def check_topic_encrypted(record: Mapping) -> list[str]:
    if get(inputs(record), "kmsMasterKeyId"):
        return []
    return ["LF.SNS.1: the topic has no kmsMasterKeyId; encrypt it with a customer managed key"]


def queue_names(queue: Mapping) -> set[str]:
    """Physical names the queue may have: its `name` input, or the last part of its URL id."""
    names = set()
    name = get(inputs(queue), "name")
    if name:
        names.add(str(name))
    rid = str(queue.get("id") or "")
    if rid.startswith("https://"):
        names.add(rid.rstrip("/").rsplit("/", 1)[-1])
    return names


def autonamed(record: Mapping, physical: str, suffix: str = "") -> bool:
    """Whether `physical` is the record's autoname: `<logical name>-<7 random chars>` (plus `suffix`)."""
    return re.fullmatch(re.escape(str(record.get("name"))) + r"-[0-9a-z]{7}" + suffix, physical) is not None


def queue_arn_matches(queue: Mapping, arn: str) -> bool:
    """Whether `arn` is this queue's ARN. Without a `name` input the queue is autonamed `<logical>-<7 chars>`."""
    last = arn.rsplit(":", 1)[-1]
    if last in queue_names(queue):
        return True
    if not get(inputs(queue), "name"):
        return autonamed(queue, last, r"(\.fifo)?")
    return False


def check_queue_redrive(records: list, context: dict) -> list[tuple[str, str]]:
    queues = by_type(records, QUEUE)
    redrives = [get(inputs(q), "redrivePolicy") for q in queues]
    external = by_type(records, REDRIVE_POLICY)
    redrives += [get(inputs(r), "redrivePolicy") for r in external]
    targets = [str(get(parse_json(r), "deadLetterTargetArn", default="")) for r in redrives if r]
    # Queues that catch what a Lambda async invocation or an EventBridge target failed to deliver are
    # dead-letter queues too: nothing consumes them, so they need no redrive of their own.
    targets += [str(get(inputs(c), "destinationConfig", "onFailure", "destination", default=""))
                for c in by_type(records, INVOKE_CONFIG)]
    targets += [str(get(inputs(t), "deadLetterConfig", "arn", default="")) for t in by_type(records, EVENT_TARGET)]
    # ...and so are the on-failure destinations of stream event source mappings.
    targets += [str(get(inputs(m), "destinationConfig", "onFailure", "destinationArn", default=""))
                for m in by_type(records, EVENT_SOURCE_MAPPING)]
    redriven_urls = {str(get(inputs(r), "queueUrl")) for r in external}
    found = []
    for queue in queues:
        if get(inputs(queue), "redrivePolicy") or any(queue_arn_matches(queue, t) for t in targets if t):
            continue
        if queue.get("id") in redriven_urls or any(u.rstrip("/").endswith("/" + n)
                                                   for u in redriven_urls for n in queue_names(queue)):
            continue
        found.append((queue["urn"], f"LF.SQS.1: the queue {queue.get('name')} is not a dead-letter queue and has no "
                                    "redrivePolicy; add one that points at a dead-letter queue"))
    return found


# ---- EventBridge ---------------------------------------------------------------------------------

def check_event_target(record: Mapping) -> list[str]:
    props = inputs(record)
    messages = []
    if not get(props, "deadLetterConfig", "arn"):
        messages.append("LF.EVT.1: the event target has no deadLetterConfig.arn; "
                        "undeliverable events would be dropped")
    if not get(props, "retryPolicy"):
        messages.append("LF.EVT.1: the event target has no retryPolicy; "
                        "set maximumRetryAttempts and maximumEventAgeInSeconds")
    return messages


def _bus_matches(bus: Mapping, name: str) -> bool:
    """A policy's eventBusName names the bus by its `name` input, its id (the name), or its autoname."""
    if name in {str(v) for v in (get(inputs(bus), "name"), bus.get("id")) if v}:
        return True
    return not get(inputs(bus), "name") and autonamed(bus, name)


def check_bus_policies(records: list, context: dict) -> list[tuple[str, str]]:
    # A policy without eventBusName applies to the account's default bus, never to a custom one.
    named = [str(get(inputs(p), "eventBusName")) for p in by_type(records, EVENT_BUS_POLICY)
             if get(inputs(p), "eventBusName")]
    return [(bus["urn"], f"EventBridge.3: the custom event bus {bus.get('name')} has no resource policy; "
                         f"add an {EVENT_BUS_POLICY} with its eventBusName")
            for bus in by_type(records, EVENT_BUS)
            if not get(inputs(bus), "eventSourceName")  # partner buses are not custom buses
            and not any(_bus_matches(bus, n) for n in named)]


# ---- Step Functions ------------------------------------------------------------------------------

def check_state_machine_logging(record: Mapping) -> list[str]:
    logging = get(inputs(record), "loggingConfiguration")
    level = get(logging, "level", default="OFF")
    if level == "OFF":
        return ["StepFunctions.1: loggingConfiguration.level is OFF; set ALL, ERROR or FATAL with a logDestination"]
    if not get(logging, "logDestination"):
        return ["StepFunctions.1: loggingConfiguration has no logDestination; send the logs to a log group"]
    return []


def check_state_machine_tracing(record: Mapping) -> list[str]:
    if get(inputs(record), "tracingConfiguration", "enabled") is True:
        return []
    return ["LF.SFN.1: the state machine does not trace with X-Ray; set tracingConfiguration.enabled to true"]


RULES = (
    Rule("sqs-queue-encrypted", ("SQS.1",), "Queues are encrypted at rest (SSE-SQS or SSE-KMS).", (QUEUE,),
         check_queue_encrypted),
    Rule("sqs-policy-not-public", ("SQS.3",), 'Queue policies grant nothing to principal "*" without a condition.',
         (QUEUE, QUEUE_POLICY), check_queue_policy),
    Rule("sns-policy-not-public", ("SNS.4",), 'Topic policies grant nothing to principal "*" without a condition.',
         (TOPIC, TOPIC_POLICY), check_topic_policy),
    Rule("sns-topic-encrypted", ("LF.SNS.1",), "Topics are encrypted with a customer managed key.", (TOPIC,),
         check_topic_encrypted),
    Rule("stepfunctions-logging", ("StepFunctions.1",), "State machines log to a log group.", (STATE_MACHINE,),
         check_state_machine_logging),
    Rule("stepfunctions-tracing", ("LF.SFN.1",), "State machines trace with X-Ray.", (STATE_MACHINE,),
         check_state_machine_tracing),
    Rule("eventbridge-target-dlq-retry", ("LF.EVT.1",),
         "EventBridge targets have a dead-letter queue and a retry policy.", (EVENT_TARGET,), check_event_target),
)

STACK_RULES = (
    StackRule("sqs-redrive", ("LF.SQS.1",), "Every queue that is not a dead-letter queue (of a queue, an async function, an event target or a stream mapping) has a redrive policy.",
              check_queue_redrive),
    StackRule("eventbridge-bus-policy", ("EventBridge.3",), "Every custom event bus has a resource policy.",
              check_bus_policies),
)
