"""One Lambda function the landfall way: arm64 Python, its own encrypted log group, X-Ray, a least-privilege
role, a published version behind the `live` alias, and an SQS on-failure destination for async invocations."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field, replace
from typing import Mapping, Optional, Sequence, Union

import pulumi
import pulumi_aws as aws

from landfall.config import limits as L
from landfall.config.serverless import DLQ_RETENTION_S, FunctionConfig
from landfall.plan.grants import FunctionGrants, function_policy, service_trust_policy
from landfall.plan.messaging import tls_only_queue_policy
from landfall.plan.packages import package_members
from landfall.plan.service_names import ALIAS, ServiceNames

# Async invocations are retried twice by Lambda before the on-failure destination gets the event (AWS's
# default); an hour-old event is more likely harmful than useful.
ASYNC_MAX_RETRIES = 2
ASYNC_MAX_EVENT_AGE_S = 3_600


def code_archive(handlers: list[str]) -> pulumi.AssetArchive:
    """The packages the handlers live in (landfall.plan.packages), paths relative to the project (the
    program's working directory)."""
    return pulumi.AssetArchive({path: pulumi.FileArchive(path) if is_dir else pulumi.FileAsset(path)
                                for path, is_dir in package_members(handlers).items()})


@dataclass(frozen=True)
class SignedCode:
    """A signed deployment package in S3 (the output of a Signer signing job)."""

    bucket: pulumi.Input[str]
    key: pulumi.Input[str]


def _code_inputs(code: Union[pulumi.Archive, SignedCode]) -> dict:
    if isinstance(code, SignedCode):
        return {"s3_bucket": code.bucket, "s3_key": code.key}
    return {"code": code}


@dataclass(frozen=True)
class VpcPlacement:
    vpc_id: pulumi.Input[str]
    subnet_ids: Sequence[pulumi.Input[str]]  # private subnets in at least two AZs (Lambda.5)


@dataclass(frozen=True)
class ServiceFunctionArgs:
    key: str
    config: FunctionConfig
    names: ServiceNames
    code: Union[pulumi.Archive, SignedCode]  # an archive is uploaded as is (unsigned)
    log_key_arn: pulumi.Input[str]
    data_key_arn: pulumi.Input[str]  # encrypts the on-failure queue
    grants: FunctionGrants  # without the log group / failure queue, which this component fills in
    environment: Mapping[str, str] = field(default_factory=dict)  # config env + wired names
    vpc: Optional[VpcPlacement] = None
    code_signing_config_arn: Optional[pulumi.Input[str]] = None
    extra_security_group_ids: Sequence[pulumi.Input[str]] = ()  # database client groups (uses.databases)
    protect: bool = False


class ServiceFunction(pulumi.ComponentResource):
    """`landfall:functions:Function`."""

    function: aws.lambda_.Function
    alias: aws.lambda_.Alias
    failures: Optional[aws.sqs.Queue]

    def __init__(self, name: str, args: ServiceFunctionArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:functions:Function", name, None, opts)
        cfg, names, key = args.config, args.names, args.key
        child = pulumi.ResourceOptions(parent=self)
        stateful = pulumi.ResourceOptions(parent=self, protect=args.protect)
        fn_name = names.function(key)

        self.log_group = aws.cloudwatch.LogGroup(
            name,
            name=names.log_group(key),
            retention_in_days=cfg.log_retention_days,
            kms_key_id=args.log_key_arn,
            opts=stateful,
        )
        self.failures = None
        if cfg.async_on_failure:
            self.failures = aws.sqs.Queue(
                f"{name}-failures",
                name=names.failures_queue(key),
                kms_master_key_id=args.data_key_arn,
                message_retention_seconds=DLQ_RETENTION_S,
                opts=stateful,
            )
            # TLS only, like every queue of the service; Lambda sends through the function role, not this policy.
            aws.sqs.QueuePolicy(
                f"{name}-failures",
                queue_url=self.failures.url,
                policy=json.dumps(tls_only_queue_policy(names.queue_arn(names.failures_queue(key)))),
                opts=pulumi.ResourceOptions(parent=self),
            )
        # The service's grants, completed with what only the function knows (its log group, failure queue,
        # tracing and VPC placement).
        grants = dataclasses.replace(
            args.grants,
            log_group_arn=names.log_group_arn(key),
            failure_queue_arn=names.queue_arn(names.failures_queue(key)) if cfg.async_on_failure else None,
            tracing=cfg.tracing,
            vpc=args.vpc is not None,
        )
        self.role = aws.iam.Role(
            name,
            name=fn_name,
            assume_role_policy=json.dumps(service_trust_policy("lambda.amazonaws.com", names.account_id, names.partition)),
            opts=child,
        )
        policy = aws.iam.RolePolicy(
            name,
            role=self.role.id,
            policy=pulumi.Output.all(list(grants.key_arns), list(grants.extra_statements)).apply(
                lambda resolved: json.dumps(function_policy(replace(grants, key_arns=tuple(resolved[0]), extra_statements=tuple(resolved[1]))))),
            opts=child,
        )
        vpc_config = None
        self.security_group = None
        if args.vpc is not None:
            # No ingress: nothing connects to a function. Egress only to HTTPS (AWS APIs, endpoints).
            self.security_group = aws.ec2.SecurityGroup(
                name,
                vpc_id=args.vpc.vpc_id,
                description=f"Lambda function {fn_name}: HTTPS out only",
                egress=[aws.ec2.SecurityGroupEgressArgs(protocol="tcp", from_port=443, to_port=443, cidr_blocks=["0.0.0.0/0"], description="HTTPS to AWS APIs")],
                opts=child,
            )
            # A function that uses a database also joins that database's client group (PostgreSQL to its proxy).
            vpc_config = aws.lambda_.FunctionVpcConfigArgs(subnet_ids=list(args.vpc.subnet_ids),
                                                           security_group_ids=[self.security_group.id, *args.extra_security_group_ids])
        self.function = aws.lambda_.Function(
            name,
            name=fn_name,
            description=cfg.description or f"{names.service} {key}",
            runtime=cfg.runtime,
            architectures=[cfg.architecture],
            handler=cfg.handler,
            **_code_inputs(args.code),
            code_signing_config_arn=args.code_signing_config_arn,
            layers=[L.powertools_layer_arn(names.partition, names.region)],
            memory_size=cfg.memory_mb,
            timeout=cfg.timeout_s,
            ephemeral_storage=aws.lambda_.FunctionEphemeralStorageArgs(size=cfg.ephemeral_storage_mb),
            reserved_concurrent_executions=cfg.reserved_concurrency if cfg.reserved_concurrency is not None else -1,
            tracing_config=aws.lambda_.FunctionTracingConfigArgs(mode="Active" if cfg.tracing else "PassThrough"),
            environment=aws.lambda_.FunctionEnvironmentArgs(variables=dict(args.environment)) if args.environment else None,
            logging_config=aws.lambda_.FunctionLoggingConfigArgs(log_format="JSON", log_group=self.log_group.name),
            publish=True,  # every deployment is a new immutable version; `live` moves to it
            role=self.role.arn,
            vpc_config=vpc_config,
            opts=pulumi.ResourceOptions(parent=self, depends_on=[policy, self.log_group]),
        )
        self.alias = aws.lambda_.Alias(
            name,
            name=ALIAS,
            function_name=self.function.name,
            function_version=self.function.version,
            opts=child,
        )
        if cfg.provisioned_concurrency:
            aws.lambda_.ProvisionedConcurrencyConfig(
                name,
                function_name=self.function.name,
                qualifier=self.alias.name,
                provisioned_concurrent_executions=cfg.provisioned_concurrency,
                opts=child,
            )
        if self.failures is not None:
            aws.lambda_.FunctionEventInvokeConfig(
                name,
                function_name=self.function.name,
                qualifier=self.alias.name,
                maximum_retry_attempts=ASYNC_MAX_RETRIES,
                maximum_event_age_in_seconds=ASYNC_MAX_EVENT_AGE_S,
                destination_config=aws.lambda_.FunctionEventInvokeConfigDestinationConfigArgs(
                    on_failure=aws.lambda_.FunctionEventInvokeConfigDestinationConfigOnFailureArgs(destination=self.failures.arn)
                ),
                opts=pulumi.ResourceOptions(parent=self, depends_on=[policy]),
            )
        self.register_outputs({
            "function_name": self.function.name,
            "alias_arn": self.alias.arn,
            "role_arn": self.role.arn,
            "log_group": self.log_group.name,
        })

    @property
    def invoke_arn(self) -> pulumi.Output[str]:
        return self.alias.invoke_arn
