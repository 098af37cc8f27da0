"""A Step Functions state machine whose definition is Python data from the service's own code
(e.g. services.orders.workflow:build_definition), logging to an encrypted log group, traced with X-Ray,
with a role that may invoke exactly its task functions."""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Optional, Sequence

import pulumi
import pulumi_aws as aws

from landfall.config.serverless import WorkflowConfig
from landfall.plan.grants import service_trust_policy, workflow_policy
from landfall.plan.service_names import ServiceNames


def definition_builder(reference: str) -> Callable[[Mapping[str, str]], dict[str, Any]]:
    """`module:function` -> the function (config validation has checked it imports)."""
    module, _, function = reference.partition(":")
    return getattr(importlib.import_module(module), function)


@dataclass(frozen=True)
class ServiceWorkflowArgs:
    key: str
    config: WorkflowConfig
    names: ServiceNames
    task_arns: Mapping[str, str]  # step -> alias ARN of the function (planned, so the definition is plain JSON)
    log_key_arn: pulumi.Input[str]
    depends_on: Sequence[pulumi.Resource] = ()  # the task aliases: they must exist before the machine
    protect: bool = False


class ServiceWorkflow(pulumi.ComponentResource):
    """`landfall:workflow:StateMachine`."""

    state_machine: aws.sfn.StateMachine

    def __init__(self, name: str, args: ServiceWorkflowArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:workflow:StateMachine", name, None, opts)
        cfg, names, key = args.config, args.names, args.key
        child = pulumi.ResourceOptions(parent=self)
        definition = definition_builder(cfg.definition)(dict(args.task_arns))
        self.log_group = aws.cloudwatch.LogGroup(
            name,
            name=names.workflow_log_group(key),
            retention_in_days=cfg.log_retention_days,
            kms_key_id=args.log_key_arn,
            opts=pulumi.ResourceOptions(parent=self, protect=args.protect),
        )
        self.role = aws.iam.Role(
            name,
            name=f"{names.state_machine(key)}-sfn",
            assume_role_policy=json.dumps(service_trust_policy("states.amazonaws.com", names.account_id, names.partition)),
            opts=child,
        )
        policy = aws.iam.RolePolicy(
            name,
            role=self.role.id,
            policy=json.dumps(workflow_policy(list(args.task_arns.values()), tracing=cfg.tracing)),
            opts=child,
        )
        self.state_machine = aws.sfn.StateMachine(
            name,
            name=names.state_machine(key),
            type=cfg.type.value,
            role_arn=self.role.arn,
            definition=json.dumps(definition, indent=2),
            logging_configuration=aws.sfn.StateMachineLoggingConfigurationArgs(
                level=cfg.log_level.value,
                include_execution_data=False,  # payloads carry customer data; the execution history has them
                log_destination=self.log_group.arn.apply(lambda arn: f"{arn}:*"),
            ),
            tracing_configuration=aws.sfn.StateMachineTracingConfigurationArgs(enabled=cfg.tracing),
            # Protected in production: deleting it aborts running executions and drops their history.
            opts=pulumi.ResourceOptions(parent=self, protect=args.protect, depends_on=[policy, *args.depends_on]),
        )
        self.register_outputs({"arn": self.state_machine.arn, "log_group": self.log_group.name})
