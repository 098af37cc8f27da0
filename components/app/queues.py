"""An SQS work queue with its dead-letter queue and the Lambda event source mapping that drains it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Optional

import pulumi
import pulumi_aws as aws

from landfall.config.serverless import DLQ_RETENTION_S, QueueConfig
from landfall.plan.messaging import redrive_allow_policy, redrive_policy, tls_only_queue_policy
from landfall.plan.service_names import ServiceNames

KMS_DATA_KEY_REUSE_S = 300  # SQS's default: one KMS call per 5 minutes per queue, not per message


@dataclass(frozen=True)
class ServiceQueueArgs:
    key: str
    config: QueueConfig
    names: ServiceNames
    visibility_timeout_s: int  # already derived from the consumer's timeout (6x, AWS's advice)
    consumer_function_arn: pulumi.Input[str]  # the consumer's `live` alias
    kms_key_arn: pulumi.Input[str]
    protect: bool = False


class ServiceQueue(pulumi.ComponentResource):
    """`landfall:messaging:Queue`."""

    queue: aws.sqs.Queue
    dlq: aws.sqs.Queue

    def __init__(self, name: str, args: ServiceQueueArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:messaging:Queue", name, None, opts)
        cfg, names, key = args.config, args.names, args.key
        stateful = pulumi.ResourceOptions(parent=self, protect=args.protect)
        child = pulumi.ResourceOptions(parent=self)
        main_name, dlq_name = names.queue(key), names.dlq(key)
        self.dlq = aws.sqs.Queue(
            f"{name}-dlq",
            name=dlq_name,
            kms_master_key_id=args.kms_key_arn,
            kms_data_key_reuse_period_seconds=KMS_DATA_KEY_REUSE_S,
            message_retention_seconds=DLQ_RETENTION_S,
            opts=stateful,
        )
        self.queue = aws.sqs.Queue(
            name,
            name=main_name,
            kms_master_key_id=args.kms_key_arn,
            kms_data_key_reuse_period_seconds=KMS_DATA_KEY_REUSE_S,
            visibility_timeout_seconds=args.visibility_timeout_s,
            message_retention_seconds=cfg.retention_s,
            redrive_policy=json.dumps(redrive_policy(names.queue_arn(dlq_name), cfg.max_receive_count)),
            opts=pulumi.ResourceOptions(parent=self, protect=args.protect, depends_on=[self.dlq]),
        )
        aws.sqs.RedriveAllowPolicy(
            f"{name}-dlq",
            queue_url=self.dlq.url,
            redrive_allow_policy=json.dumps(redrive_allow_policy([names.queue_arn(main_name)])),
            opts=child,
        )
        for suffix, queue, queue_name in (("", self.queue, main_name), ("-dlq", self.dlq, dlq_name)):
            aws.sqs.QueuePolicy(
                f"{name}{suffix}",
                queue_url=queue.url,
                policy=json.dumps(tls_only_queue_policy(names.queue_arn(queue_name))),
                opts=child,
            )
        self.mapping = aws.lambda_.EventSourceMapping(
            name,
            event_source_arn=self.queue.arn,
            function_name=args.consumer_function_arn,
            batch_size=cfg.batch_size,
            maximum_batching_window_in_seconds=cfg.batching_window_s or None,
            function_response_types=["ReportBatchItemFailures"],  # one bad message does not retry the batch
            scaling_config=aws.lambda_.EventSourceMappingScalingConfigArgs(maximum_concurrency=cfg.max_concurrency)
            if cfg.max_concurrency else None,
            opts=child,
        )
        self.register_outputs({"url": self.queue.url, "arn": self.queue.arn, "dlq_arn": self.dlq.arn})

    @property
    def url(self) -> pulumi.Output[str]:
        return self.queue.url
