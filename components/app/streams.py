"""A DynamoDB stream consumer: the event source mapping from a table's stream to a function's `live` alias,
with batch bisection and partial batch responses, and an encrypted queue that keeps the batches it gives up on
(on-failure destination), so a failing record is set aside instead of blocking its shard or vanishing."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Optional

import pulumi
import pulumi_aws as aws

from landfall.config.serverless import DLQ_RETENTION_S, StreamConsumerConfig
from landfall.plan.messaging import tls_only_queue_policy
from landfall.plan.service_names import ServiceNames

from .queues import KMS_DATA_KEY_REUSE_S


def stream_failures_name(names: ServiceNames, table_key: str) -> str:
    """The failure queue of a table's stream consumer (planned, so the function's role can name it first)."""
    return names.queue(f"{table_key}-stream-failures")


@dataclass(frozen=True)
class StreamConsumerArgs:
    config: StreamConsumerConfig
    queue_name: str
    stream_arn: pulumi.Input[str]
    function_arn: pulumi.Input[str]  # the consumer's `live` alias
    kms_key_arn: pulumi.Input[str]
    protect: bool = False


class StreamConsumer(pulumi.ComponentResource):
    """`landfall:data:StreamConsumer`: `<name>` (the mapping) and `<name>-failures` (its on-failure queue)."""

    def __init__(self, name: str, args: StreamConsumerArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:data:StreamConsumer", name, None, opts)
        cfg = args.config
        child = pulumi.ResourceOptions(parent=self)
        self.failures = aws.sqs.Queue(
            f"{name}-failures",
            name=args.queue_name,
            kms_master_key_id=args.kms_key_arn,
            kms_data_key_reuse_period_seconds=KMS_DATA_KEY_REUSE_S,
            message_retention_seconds=DLQ_RETENTION_S,
            opts=pulumi.ResourceOptions(parent=self, protect=args.protect),
        )
        aws.sqs.QueuePolicy(
            f"{name}-failures",
            queue_url=self.failures.url,
            policy=self.failures.arn.apply(lambda arn: json.dumps(tls_only_queue_policy(arn))),
            opts=child,
        )
        self.mapping = aws.lambda_.EventSourceMapping(
            name,
            event_source_arn=args.stream_arn,
            function_name=args.function_arn,
            starting_position=cfg.starting_position,
            batch_size=cfg.batch_size,
            maximum_batching_window_in_seconds=cfg.batching_window_s or None,
            bisect_batch_on_function_error=cfg.bisect_on_error,
            maximum_retry_attempts=cfg.retry_attempts,
            maximum_record_age_in_seconds=cfg.max_record_age_s,
            function_response_types=["ReportBatchItemFailures"],
            destination_config=aws.lambda_.EventSourceMappingDestinationConfigArgs(
                on_failure=aws.lambda_.EventSourceMappingDestinationConfigOnFailureArgs(destination_arn=self.failures.arn)),
            opts=child,
        )
        self.register_outputs({"mapping_uuid": self.mapping.uuid, "failures_queue_arn": self.failures.arn})
