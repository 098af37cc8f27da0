"""A service's alarms and where they go: a KMS-encrypted SNS topic (email subscribers optional) and
CloudWatch alarms on function errors and throttles, dead-letter queue depth and API 5xx."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Mapping, Optional

import pulumi
import pulumi_aws as aws

from landfall.config.serverless import AlarmsConfig
from landfall.plan.alarms import plan_alarms
from landfall.plan.messaging import alarm_topic_policy
from landfall.plan.service_names import ServiceNames


@dataclass(frozen=True)
class ServiceAlarmsArgs:
    config: AlarmsConfig
    names: ServiceNames
    kms_key_arn: pulumi.Input[str]
    function_names: Mapping[str, pulumi.Input[str]] = field(default_factory=dict)
    dlq_names: Mapping[str, pulumi.Input[str]] = field(default_factory=dict)
    api: Optional[tuple[pulumi.Input[str], str]] = None  # (API name, stage name)


class ServiceAlarms(pulumi.ComponentResource):
    """`landfall:alarms:ServiceAlarms`."""

    topic: Optional[aws.sns.Topic]

    def __init__(self, name: str, args: ServiceAlarmsArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:alarms:ServiceAlarms", name, None, opts)
        cfg, names = args.config, args.names
        child = pulumi.ResourceOptions(parent=self)
        self.topic = None
        self.alarms: dict[str, aws.cloudwatch.MetricAlarm] = {}
        if not cfg.enabled:
            self.register_outputs({})
            return
        topic_name = f"{names.environment}-{cfg.topic_name(names.service)}"
        topic_arn = f"arn:{names.partition}:sns:{names.region}:{names.account_id}:{topic_name}"
        self.topic = aws.sns.Topic(name, name=topic_name, kms_master_key_id=args.kms_key_arn, opts=child)
        aws.sns.TopicPolicy(name, arn=self.topic.arn, policy=json.dumps(alarm_topic_policy(topic_arn, names.account_id)), opts=child)
        for address in cfg.email:
            # The address itself is personal data; a short digest keeps the logical name stable and opaque.
            digest = hashlib.sha256(address.lower().encode()).hexdigest()[:10]
            aws.sns.TopicSubscription(f"{name}-email-{digest}", topic=self.topic.arn, protocol="email", endpoint=address, opts=child)
        for spec in plan_alarms(cfg, args.function_names, args.dlq_names, args.api):
            self.alarms[spec.key] = aws.cloudwatch.MetricAlarm(
                f"{name}-{spec.key}",
                name=f"{names.environment}-{names.service}-{spec.key}",
                alarm_description=f"{names.service}: {spec.description}",
                namespace=spec.namespace,
                metric_name=spec.metric,
                dimensions=dict(spec.dimensions),
                statistic=spec.statistic,
                comparison_operator=spec.comparison,
                threshold=spec.threshold,
                period=cfg.period_s,
                evaluation_periods=cfg.evaluation_periods,
                treat_missing_data="notBreaching",  # no traffic is not an incident
                alarm_actions=[self.topic.arn],
                ok_actions=[self.topic.arn],
                opts=child,
            )
        self.register_outputs({"topic_arn": self.topic.arn, "alarms": sorted(self.alarms)})
