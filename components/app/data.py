"""A DynamoDB table: point-in-time recovery, SSE with the stack's CMK, deletion protection in production,
on-demand by default or provisioned with target-tracking auto scaling (DynamoDB.1/2/6)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Optional

import pulumi
import pulumi_aws as aws

from landfall.config.serverless import Billing, TableConfig
from landfall.plan.recovery import BACKUP_TAG

# Read and write are scaled the same way; the CloudWatch metric each dimension tracks.
SCALED = {
    "read": ("dynamodb:table:ReadCapacityUnits", "DynamoDBReadCapacityUtilization"),
    "write": ("dynamodb:table:WriteCapacityUnits", "DynamoDBWriteCapacityUtilization"),
}


@dataclass(frozen=True)
class ServiceTableArgs:
    key: str
    config: TableConfig
    table_name: str
    kms_key_arn: pulumi.Input[str]
    production: bool
    protect: bool = False
    backup_plan: Optional[str] = None  # the landfall:recovery plan selecting the table by its tag; None: not backed up
    replica_key_arns: Mapping[str, pulumi.Input[str]] = field(default_factory=dict)  # replica region -> data key there


class ServiceTable(pulumi.ComponentResource):
    """`landfall:data:Table`."""

    table: aws.dynamodb.Table

    def __init__(self, name: str, args: ServiceTableArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:data:Table", name, None, opts)
        cfg = args.config
        provisioned = cfg.billing == Billing.PROVISIONED and cfg.capacity is not None
        self.table = aws.dynamodb.Table(
            name,
            name=args.table_name,
            billing_mode="PROVISIONED" if provisioned else "PAY_PER_REQUEST",
            read_capacity=cfg.capacity.read.min if provisioned else None,
            write_capacity=cfg.capacity.write.min if provisioned else None,
            hash_key=cfg.partition_key,
            range_key=cfg.sort_key,
            attributes=[aws.dynamodb.TableAttributeArgs(name=n, type=t.value) for n, t in cfg.key_attributes().items()],
            global_secondary_indexes=[
                aws.dynamodb.TableGlobalSecondaryIndexArgs(
                    name=index_name,
                    # key_schemas replaces the deprecated per-index hash_key/range_key.
                    key_schemas=[
                        aws.dynamodb.TableGlobalSecondaryIndexKeySchemaArgs(attribute_name=attribute, key_type=key_type)
                        for attribute, key_type in ((index.partition_key, "HASH"), (index.sort_key, "RANGE")) if attribute
                    ],
                    projection_type=index.projection.value,
                    non_key_attributes=index.non_key_attributes or None,
                    read_capacity=cfg.capacity.read.min if provisioned else None,
                    write_capacity=cfg.capacity.write.min if provisioned else None,
                )
                for index_name, index in cfg.global_secondary_indexes.items()
            ] or None,
            ttl=aws.dynamodb.TableTtlArgs(attribute_name=cfg.ttl_attribute, enabled=True) if cfg.ttl_attribute else None,
            point_in_time_recovery=aws.dynamodb.TablePointInTimeRecoveryArgs(enabled=cfg.point_in_time_recovery),
            server_side_encryption=aws.dynamodb.TableServerSideEncryptionArgs(enabled=True, kms_key_arn=args.kms_key_arn),
            deletion_protection_enabled=cfg.deletion_protection_enabled(args.production),
            stream_enabled=cfg.stream_view is not None,
            stream_view_type=cfg.stream_view.value if cfg.stream_view else None,
            # Global table replicas: each with a key of its own region and PITR (DynamoDB.2 holds everywhere).
            replicas=[aws.dynamodb.TableReplicaArgs(
                region_name=region, kms_key_arn=args.replica_key_arns[region], point_in_time_recovery=True,
                propagate_tags=True, deletion_protection_enabled=cfg.deletion_protection_enabled(args.production),
            ) for region in cfg.replicas] or None,
            tags={BACKUP_TAG: args.backup_plan} if args.backup_plan else None,
            # Auto scaling owns the capacity numbers after creation.
            opts=pulumi.ResourceOptions(parent=self, protect=args.protect,
                                        ignore_changes=["readCapacity", "writeCapacity"] if provisioned else None),
        )
        if provisioned:
            for kind, rng in (("read", cfg.capacity.read), ("write", cfg.capacity.write)):
                dimension, metric = SCALED[kind]
                target = aws.appautoscaling.Target(
                    f"{name}-{kind}",
                    service_namespace="dynamodb",
                    resource_id=self.table.name.apply(lambda n: f"table/{n}"),
                    scalable_dimension=dimension,
                    min_capacity=rng.min,
                    max_capacity=rng.max,
                    opts=pulumi.ResourceOptions(parent=self),
                )
                aws.appautoscaling.Policy(
                    f"{name}-{kind}",
                    policy_type="TargetTrackingScaling",
                    service_namespace=target.service_namespace,
                    resource_id=target.resource_id,
                    scalable_dimension=target.scalable_dimension,
                    target_tracking_scaling_policy_configuration=aws.appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationArgs(
                        target_value=cfg.capacity.target_utilization,
                        predefined_metric_specification=aws.appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecificationArgs(
                            predefined_metric_type=metric
                        ),
                    ),
                    opts=pulumi.ResourceOptions(parent=self),
                )
        self.register_outputs({"name": self.table.name, "arn": self.table.arn})
