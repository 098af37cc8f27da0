"""One serverless service from `landfall:services.<name>`: tables, functions, queues, workflows, schedules,
the REST API and the alarms, wired by planned names (see landfall.plan.service_names) so each function's
role and environment name exactly what it uses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Optional, Sequence

import pulumi
import pulumi_aws as aws

from landfall.config.serverless import ServiceConfig, TableAccess
from landfall.plan import database as DB
from landfall.plan.artifacts import code_key, signed_prefix
from landfall.plan.database import PROXY_PORT
from landfall.plan.edge import api_origin_domain
from landfall.plan.fargate import task_grants
from landfall.plan.grants import FunctionGrants
from landfall.plan.request_models import plan_request_validation
from landfall.plan.service_names import ServiceNames

from .containers import Cluster, ClusterArgs, FargateService, FargateServiceArgs, Repository, RepositoryArgs
from .data import ServiceTable, ServiceTableArgs
from .database import AuroraCluster, AuroraClusterArgs, RdsProxy, RdsProxyArgs, Secrets, SecretsArgs
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
class DatabaseNetwork:
    vpc_id: pulumi.Input[str]
    subnet_ids: Sequence[pulumi.Input[str]]
    availability_zones: Sequence[str]
    cidrs: Sequence[str]  # the tier's subnets: where the proxies are, the only place clients may connect to


@dataclass(frozen=True)
class ContainerNetwork:
    vpc_id: pulumi.Input[str]
    private_subnet_ids: Sequence[pulumi.Input[str]]
    public_subnet_ids: Sequence[pulumi.Input[str]]


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
    edge_function_log_keys: Mapping[str, pulumi.Input[str]] = field(default_factory=dict)  # region -> LOGS key (Lambda@Edge)
    secrets_key_arn: Optional[pulumi.Input[str]] = None  # the SECRETS key: secrets, parameters, database secrets
    database_network: Optional[DatabaseNetwork] = None  # the isolated tier the clusters and proxies live in
    container_network: Optional[ContainerNetwork] = None  # private subnets for tasks, public ones for load balancers
    protect: bool = False


class Service(pulumi.ComponentResource):
    """`landfall:services:Service`."""

    def __init__(self, name: str, args: ServiceArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:services:Service", name, None, opts)
        cfg, names = args.config, args.names
        self._config = cfg
        child = pulumi.ResourceOptions(parent=self)

        self.tables = {
            key: ServiceTable(f"{name}-{key}", ServiceTableArgs(key, table, names.table(key), args.data_key_arn, args.production, args.protect,
                                                             backup_plan=(table.backup_plan or args.default_backup_plan) if args.default_backup_plan else None,
                                                             replica_key_arns={r: args.replica_key_arns[r] for r in table.replicas}), child)
            for key, table in cfg.tables.items()
        }

        self._data(name, cfg, names, args, child)
        code = code_archive([fn.handler for fn in cfg.functions.values()]) if cfg.functions else None
        self.signed_code = self._sign(name, names, code, args.signing) if args.signing is not None and code is not None else None
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
            environment = {**fn.deployed_environment(names), **self._data_environment(names, fn.uses)}
            grants = FunctionGrants(
                log_group_arn=names.log_group_arn(key),
                tables={t: (names.table_arn(t), access == TableAccess.READ_WRITE) for t, access in uses.tables.items()},
                send_queue_arns={q: names.queue_arn(names.queue(q)) for q in uses.queues},
                consume_queue_arns={q: names.queue_arn(names.queue(q)) for q in consumed.get(key, [])},
                start_workflow_arns={w: names.state_machine_arn(w) for w in uses.workflows},
                stream_table_arns={t: names.table_arn(t) for t in streams.get(key, [])},
                extra_statements=tuple(self._data_statements(names, fn.uses, args)),
                stream_failure_queue_arns={t: names.queue_arn(stream_failures_name(names, t)) for t in streams.get(key, [])},
                key_arns=(args.data_key_arn,),
            )
            self.functions[key] = ServiceFunction(
                f"{name}-{key}",
                ServiceFunctionArgs(
                    key=key, config=fn, names=names, code=self.signed_code or code, log_key_arn=args.log_key_arn,
                    data_key_arn=args.data_key_arn, grants=grants, environment=environment, vpc=args.vpc if fn.vpc else None,
                    extra_security_group_ids=tuple(self.db_clients[d].id for d in fn.uses.databases),
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

        self._containers(name, cfg, names, args, child)

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
                        partition=names.partition, protect=args.protect, function_log_keys=args.edge_function_log_keys,
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

    def _data(self, name: str, cfg: ServiceConfig, names: ServiceNames, args: ServiceArgs, child: pulumi.ResourceOptions) -> None:
        """Secrets and parameters, then each database: its cluster, the security group its clients join, and its
        proxy, which admits only that group (created first, so the functions can name the proxy)."""
        self.secrets = Secrets(f"{name}-secrets", SecretsArgs(
            names.environment, names.service, args.secrets_key_arn, cfg.secrets, cfg.parameters, protect=args.protect),
            child) if (cfg.secrets or cfg.parameters) else None
        self.clusters: dict[str, AuroraCluster] = {}
        self.proxies: dict[str, RdsProxy] = {}
        self.db_clients: dict[str, aws.ec2.SecurityGroup] = {}
        net = args.database_network
        for key, db in cfg.databases.items():
            assert net is not None and args.secrets_key_arn is not None  # validated: a database needs an isolated tier
            identifier = f"{names.environment}-{names.service}-{key}"
            plan = db.backup_plan or args.default_backup_plan
            cluster = AuroraCluster(f"{name}-{key}", AuroraClusterArgs(
                key, db.model_copy(update={"backup_plan": plan}), identifier=identifier, vpc_id=net.vpc_id,
                subnet_ids=list(net.subnet_ids), data_key_arn=args.data_key_arn, secrets_key_arn=args.secrets_key_arn,
                production=args.production, account_id=names.account_id, partition=names.partition,
                availability_zones=list(net.availability_zones), protect=args.protect), child)
            clients = aws.ec2.SecurityGroup(
                f"{name}-{key}-clients", vpc_id=net.vpc_id,
                description=f"clients of database {identifier}: PostgreSQL to its proxy only",
                egress=[aws.ec2.SecurityGroupEgressArgs(protocol="tcp", from_port=PROXY_PORT, to_port=PROXY_PORT,
                                                        cidr_blocks=list(net.cidrs), description="the database proxy")],
                opts=child)
            users = {user: self.secrets.secret_arns[secret] for user, secret in db.proxy.user_secrets.items()} if self.secrets else {}
            self.proxies[key] = RdsProxy(f"{name}-{key}-proxy", RdsProxyArgs(
                key, db.proxy, name=identifier, vpc_id=net.vpc_id, subnet_ids=list(net.subnet_ids),
                cluster_identifier=cluster.cluster.cluster_identifier, cluster_port=db.port,
                cluster_security_group_id=cluster.security_group.id, master_secret_arn=cluster.master_secret_arn,
                secrets_key_arn=args.secrets_key_arn, client_security_group_ids=[clients.id], region=names.region,
                account_id=names.account_id, partition=names.partition, user_secret_arns=users), child)
            self.clusters[key], self.db_clients[key] = cluster, clients

    def _data_statements(self, names: ServiceNames, uses, args: ServiceArgs) -> list:
        """rds-db:connect through each database's proxy, and reads of the secrets and parameters used."""
        statements: list = [self.proxies[key].resource_id.apply(
            lambda proxy_id, key=key, user=user: DB.connect_statement(key, names.partition, names.region, names.account_id, proxy_id, user))
            for key, user in uses.databases.items()]
        if uses.secrets or uses.parameters:
            cfg = self._config
            secret_names = {k: cfg.secrets[k].resolved_name(names.environment, names.service, k) for k in uses.secrets}
            parameter_names = {k: cfg.parameters[k].resolved_name(names.environment, names.service, k) for k in uses.parameters}
            # One Output holding the read statements and the Decrypt grant on the (not yet known) key.
            statements.append(pulumi.Output.from_input(args.secrets_key_arn).apply(lambda key_arn: DB.planned_read_statements(
                names.partition, names.region, names.account_id, secret_names, parameter_names, key_arn)))
        return statements

    def _data_environment(self, names: ServiceNames, uses) -> dict:
        cfg = self._config
        env: dict = {}
        for key, user in uses.databases.items():
            env.update(DB.database_environment(key, self.proxies[key].proxy.endpoint, cfg.databases[key].database_name, user))
        env.update(DB.secrets_environment(
            {k: cfg.secrets[k].resolved_name(names.environment, names.service, k) for k in uses.secrets},
            {k: cfg.parameters[k].resolved_name(names.environment, names.service, k) for k in uses.parameters}))
        return env

    def _containers(self, name: str, cfg: ServiceConfig, names: ServiceNames, args: ServiceArgs, child: pulumi.ResourceOptions) -> None:
        """ECR repositories, one ECS cluster for the service, and its Fargate services."""
        self.repositories = {key: Repository(f"{name}-{key}", RepositoryArgs(
            name=f"{names.environment}-{names.service}-{key}", config=repo, kms_key_arn=args.data_key_arn,
            partition=names.partition, protect=args.protect), child) for key, repo in cfg.repositories.items()}
        self.containers: dict[str, FargateService] = {}
        if not cfg.containers:
            return
        net = args.container_network
        assert net is not None  # validated: containers need private subnets
        cluster_name = f"{names.environment}-{names.service}"
        cluster = Cluster(name, ClusterArgs(name=cluster_name), child)
        for key, c in cfg.containers.items():
            repo = self.repositories[c.repository]
            backlog = c.queue_backlog_per_task.queue if c.queue_backlog_per_task else None
            self.containers[key] = FargateService(f"{name}-{key}", FargateServiceArgs(
                key=key, config=c, names=names, cluster_name=cluster_name, cluster_arn=cluster.cluster.arn,
                repository_arn=repo.repository.arn, repository_url=repo.repository.repository_url,
                vpc_id=net.vpc_id, private_subnet_ids=list(net.private_subnet_ids), public_subnet_ids=list(net.public_subnet_ids),
                log_key_arn=args.log_key_arn, data_key_arn=args.data_key_arn, production=args.production, protect=args.protect,
                grants=task_grants(names, {t: a == TableAccess.READ_WRITE for t, a in c.uses.tables.items()}, c.uses.queues,
                                   c.uses.workflows, consume_queues=[backlog] if backlog else [], key_arns=[args.data_key_arn]),
                environment=c.deployed_environment(names),
                backlog_queue_name=names.queue(backlog) if backlog else None,
            ), child)

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
