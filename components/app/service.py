"""One serverless service from `landfall:services.<name>`: tables, functions, queues, workflows, schedules,
the REST API and the alarms, wired by planned names (see landfall.plan.service_names) so each function's
role and environment name exactly what it uses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Optional

import pulumi
import pulumi_aws as aws

from landfall.config.serverless import ServiceConfig, TableAccess
from landfall.plan.artifacts import code_key, signed_prefix
from landfall.plan.edge import api_origin_domain
from landfall.plan.grants import FunctionGrants
from landfall.plan.request_models import plan_request_validation
from landfall.plan.service_names import ServiceNames

from .data import ServiceTable, ServiceTableArgs
from .edge import ApiDistribution, ApiDistributionArgs, origin_secret
from .functions import ServiceFunction, ServiceFunctionArgs, SignedCode, VpcPlacement, code_archive
from .monitoring import ServiceAlarms, ServiceAlarmsArgs
from .queues import ServiceQueue, ServiceQueueArgs
from .rest_api import ApiTarget, ServiceApi, ServiceApiArgs
from .schedules import Schedule, ScheduleArgs
from .signing import SigningTarget
from .streams import StreamConsumer, StreamConsumerArgs, stream_failures_name
from .workflow import ServiceWorkflow, ServiceWorkflowArgs


@dataclass(frozen=True)
class ServiceArgs:
    config: ServiceConfig
    names: ServiceNames
    production: bool
    log_key_arn: pulumi.Input[str]
    data_key_arn: pulumi.Input[str]
    user_pool_arn: Optional[pulumi.Input[str]] = None
    vpc: Optional[VpcPlacement] = None
    api_account: Optional[pulumi.Resource] = None  # the account's API Gateway logging role
    signing: Optional[SigningTarget] = None  # code signing on: deploy signed code under the config
    default_backup_plan: Optional[str] = None  # landfall:recovery's plan for tables naming none; None: no backups
    replica_key_arns: Mapping[str, pulumi.Input[str]] = field(default_factory=dict)  # region -> data key there
    edge_log_key_arn: Optional[pulumi.Input[str]] = None  # a LOGS key in us-east-1, for a CloudFront-fronted API
    protect: bool = False


class Service(pulumi.ComponentResource):
    """`landfall:services:Service`."""

    def __init__(self, name: str, args: ServiceArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:services:Service", name, None, opts)
        cfg, names = args.config, args.names
        child = pulumi.ResourceOptions(parent=self)

        self.tables = {
            key: ServiceTable(f"{name}-{key}", ServiceTableArgs(key, table, names.table(key), args.data_key_arn, args.production, args.protect,
                                                             backup_plan=(table.backup_plan or args.default_backup_plan) if args.default_backup_plan else None,
                                                             replica_key_arns={r: args.replica_key_arns[r] for r in table.replicas}), child)
            for key, table in cfg.tables.items()
        }

        code = code_archive([fn.handler for fn in cfg.functions.values()])
        self.signed_code = self._sign(name, names, code, args.signing) if args.signing is not None else None
        consumed = {q.consumer: [] for q in cfg.queues.values()}
        for key, queue in cfg.queues.items():
            consumed[queue.consumer].append(key)
        streams: dict[str, list[str]] = {}  # function -> tables whose stream it consumes
        for key, table in cfg.tables.items():
            if table.stream_consumer is not None:
                streams.setdefault(table.stream_consumer.function, []).append(key)
        self.functions: dict[str, ServiceFunction] = {}
        for key, fn in cfg.functions.items():
            uses = fn.uses
            environment = fn.deployed_environment(names)  # what the config check imported the handler with
            grants = FunctionGrants(
                log_group_arn=names.log_group_arn(key),
                tables={t: (names.table_arn(t), access == TableAccess.READ_WRITE) for t, access in uses.tables.items()},
                send_queue_arns={q: names.queue_arn(names.queue(q)) for q in uses.queues},
                consume_queue_arns={q: names.queue_arn(names.queue(q)) for q in consumed.get(key, [])},
                start_workflow_arns={w: names.state_machine_arn(w) for w in uses.workflows},
                stream_table_arns={t: names.table_arn(t) for t in streams.get(key, [])},
                stream_failure_queue_arns={t: names.queue_arn(stream_failures_name(names, t)) for t in streams.get(key, [])},
                key_arns=(args.data_key_arn,),
            )
            self.functions[key] = ServiceFunction(
                f"{name}-{key}",
                ServiceFunctionArgs(
                    key=key, config=fn, names=names, code=self.signed_code or code, log_key_arn=args.log_key_arn,
                    data_key_arn=args.data_key_arn, grants=grants, environment=environment, vpc=args.vpc if fn.vpc else None,
                    code_signing_config_arn=args.signing.config_arn if args.signing is not None else None, protect=args.protect,
                ),
                child,
            )

        self.queues = {
            key: ServiceQueue(
                f"{name}-{key}",
                ServiceQueueArgs(
                    key=key, config=queue, names=names,
                    visibility_timeout_s=cfg.queue_visibility_timeout_s(key),
                    consumer_function_arn=self.functions[queue.consumer].alias.arn,
                    kms_key_arn=args.data_key_arn, protect=args.protect,
                ),
                child,
            )
            for key, queue in cfg.queues.items()
        }

        self.streams = {
            key: StreamConsumer(
                f"{name}-{key}-stream",
                StreamConsumerArgs(
                    config=table.stream_consumer, queue_name=stream_failures_name(names, key),
                    stream_arn=self.tables[key].table.stream_arn,
                    function_arn=self.functions[table.stream_consumer.function].alias.arn,
                    kms_key_arn=args.data_key_arn, protect=args.protect,
                ),
                child,
            )
            for key, table in cfg.tables.items() if table.stream_consumer is not None
        }

        self.workflows = {}
        for key, workflow in cfg.workflows.items():
            self.workflows[key] = ServiceWorkflow(
                f"{name}-{key}",
                ServiceWorkflowArgs(
                    key=key, config=workflow, names=names,
                    task_arns={step: names.alias_arn(fn) for step, fn in workflow.tasks.items()},
                    log_key_arn=args.log_key_arn,
                    depends_on=[self.functions[fn].alias for fn in workflow.tasks.values()],
                    protect=args.protect,
                ),
                child,
            )

        self.schedules = {
            key: Schedule(
                f"{name}-{key}",
                ScheduleArgs(
                    key=key, config=schedule, names=names, function_key=schedule.function,
                    function_name=self.functions[schedule.function].function.name,
                    alias_arn=self.functions[schedule.function].alias.arn,
                    kms_key_arn=args.data_key_arn, protect=args.protect,
                ),
                child,
            )
            for key, schedule in cfg.schedules.items()
        }

        self.api = None
        self.cdn: Optional[ApiDistribution] = None
        if cfg.api is not None:
            targets = {
                fn: ApiTarget(function_name=self.functions[fn].function.name, invoke_arn=self.functions[fn].alias.invoke_arn)
                for fn in cfg.api_routes_by_function()
            }
            # Validation from the handlers' own body models, planned before anything is declared.
            validation = plan_request_validation(cfg.api.routes, cfg.api_body_schemas(names)) if cfg.api.request_validation else None
            secret = origin_secret(f"{name}-cdn", child) if cfg.api.cdn is not None else None
            self.api = ServiceApi(
                f"{name}-api",
                ServiceApiArgs(
                    config=cfg.api, names=names, functions=targets, log_key_arn=args.log_key_arn,
                    waf=cfg.api.waf_enabled(args.production), user_pool_arn=args.user_pool_arn,
                    account=args.api_account, validation=validation,
                    origin_secret=secret.result if secret is not None else None, protect=args.protect,
                ),
                child,
            )
            if cfg.api.cdn is not None and secret is not None:
                self.cdn = ApiDistribution(
                    f"{name}-cdn",
                    ApiDistributionArgs(
                        config=cfg.api.cdn, name=f"{names.environment}-{names.service}", stage_name=cfg.api.stage_name,
                        api_domain=self.api.rest_api.id.apply(lambda api_id: api_origin_domain(api_id, names.region)),
                        secret=secret.result, log_key_arn=args.edge_log_key_arn,
                        log_retention_days=cfg.api.access_log_retention_days, account_id=names.account_id,
                        partition=names.partition, protect=args.protect,
                    ),
                    child,
                )

        dlqs = {f"queue-{k}": q.dlq.name for k, q in self.queues.items()}
        dlqs.update({f"failures-{k}": f.failures.name for k, f in self.functions.items() if f.failures is not None})
        dlqs.update({f"schedule-{k}": s.dlq.name for k, s in self.schedules.items()})
        dlqs.update({f"stream-{k}": s.failures.name for k, s in self.streams.items()})
        self.alarms = ServiceAlarms(
            f"{name}-alarms",
            ServiceAlarmsArgs(
                config=cfg.alarms, names=names, kms_key_arn=args.data_key_arn,
                function_names={k: f.function.name for k, f in self.functions.items()},
                dlq_names=dlqs,
                api=(self.api.rest_api.name, cfg.api.stage_name) if self.api is not None else None,
            ),
            child,
        )
        self.register_outputs(self.outputs())

    def _sign(self, name: str, names: ServiceNames, code: pulumi.Archive, target: SigningTarget) -> SignedCode:
        """Upload the code archive (a new object version per change), sign exactly that version, and deploy the
        signed package: a changed archive means a new version, a new signing job and a new signed key."""
        upload = aws.s3.BucketObjectv2(
            f"{name}-code",
            bucket=target.bucket,
            key=code_key(names.service),
            source=code,  # the engine zips the archive
            content_type="application/zip",
            opts=pulumi.ResourceOptions(parent=self, depends_on=list(target.ready)),
        )
        self.signing_job = aws.signer.SigningJob(
            f"{name}-code",
            profile_name=target.profile_name,
            source=aws.signer.SigningJobSourceArgs(s3=aws.signer.SigningJobSourceS3Args(
                bucket=upload.bucket, key=upload.key, version=upload.version_id,
            )),
            destination=aws.signer.SigningJobDestinationArgs(s3=aws.signer.SigningJobDestinationS3Args(
                bucket=target.bucket, prefix=signed_prefix(names.service),
            )),
            ignore_signing_job_failure=False,  # a failed signature fails the deployment here, not at Lambda
            opts=pulumi.ResourceOptions(parent=self),
        )
        signed = self.signing_job.signed_objects.apply(lambda objects: objects[0].s3s[0])
        return SignedCode(bucket=signed.apply(lambda o: o.bucket), key=signed.apply(lambda o: o.key))

    def outputs(self) -> dict:
        return {
            "api_url": self.api.invoke_url if self.api is not None else None,
            "cdn_domain": self.cdn.distribution.domain_name if self.cdn is not None else None,
            "functions": {k: f.alias.arn for k, f in self.functions.items()},
            "tables": {k: t.table.name for k, t in self.tables.items()},
            "queues": {k: q.url for k, q in self.queues.items()},
            "workflows": {k: w.state_machine.arn for k, w in self.workflows.items()},
        }
