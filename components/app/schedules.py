"""An EventBridge scheduled rule invoking a function's `live` alias, with a retry policy and a dead-letter
queue for events EventBridge could not deliver."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Optional

import pulumi
import pulumi_aws as aws

from landfall.config.serverless import DLQ_RETENTION_S, ScheduleConfig
from landfall.plan.messaging import events_may_send, tls_only_queue_policy
from landfall.plan.service_names import ALIAS, ServiceNames


@dataclass(frozen=True)
class ScheduleArgs:
    key: str
    config: ScheduleConfig
    names: ServiceNames
    function_key: str
    function_name: pulumi.Input[str]
    alias_arn: pulumi.Input[str]
    kms_key_arn: pulumi.Input[str]  # the DATA key; its policy lets events.amazonaws.com use it
    protect: bool = False  # the DLQ holds undelivered events: protected in production like every queue


class Schedule(pulumi.ComponentResource):
    """`landfall:schedule:Schedule`."""

    rule: aws.cloudwatch.EventRule
    dlq: aws.sqs.Queue

    def __init__(self, name: str, args: ScheduleArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:schedule:Schedule", name, None, opts)
        cfg, names = args.config, args.names
        child = pulumi.ResourceOptions(parent=self)
        rule_name = f"{names.environment}-{names.service}-{args.key}"
        rule_arn = f"arn:{names.partition}:events:{names.region}:{names.account_id}:rule/{rule_name}"
        dlq_name = names.schedule_dlq(args.key)
        self.rule = aws.cloudwatch.EventRule(
            name,
            name=rule_name,
            description=f"{names.service}: invoke {args.function_key} on {cfg.expression}",
            schedule_expression=cfg.expression,
            state="ENABLED" if cfg.enabled else "DISABLED",
            opts=child,
        )
        self.dlq = aws.sqs.Queue(
            f"{name}-dlq",
            name=dlq_name,
            kms_master_key_id=args.kms_key_arn,
            message_retention_seconds=DLQ_RETENTION_S,
            opts=pulumi.ResourceOptions(parent=self, protect=args.protect),
        )
        queue_arn = names.queue_arn(dlq_name)
        aws.sqs.QueuePolicy(
            f"{name}-dlq",
            queue_url=self.dlq.url,
            policy=json.dumps(tls_only_queue_policy(queue_arn, [events_may_send(queue_arn, rule_arn)])),
            opts=child,
        )
        permission = aws.lambda_.Permission(
            name,
            action="lambda:InvokeFunction",
            function=args.function_name,
            qualifier=ALIAS,
            principal="events.amazonaws.com",
            source_arn=self.rule.arn,
            opts=child,
        )
        aws.cloudwatch.EventTarget(
            name,
            rule=self.rule.name,
            arn=args.alias_arn,
            retry_policy=aws.cloudwatch.EventTargetRetryPolicyArgs(
                maximum_retry_attempts=cfg.retry_attempts, maximum_event_age_in_seconds=cfg.max_event_age_s
            ),
            dead_letter_config=aws.cloudwatch.EventTargetDeadLetterConfigArgs(arn=self.dlq.arn),
            opts=pulumi.ResourceOptions(parent=self, depends_on=[permission]),
        )
        self.register_outputs({"rule_arn": self.rule.arn, "dlq_arn": self.dlq.arn})
