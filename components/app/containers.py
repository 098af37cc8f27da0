"""The container half of the app tier: ECR repositories, an ECS cluster and Fargate services behind an ALB.

* `landfall:containers:Repository`: a KMS-encrypted, tag-immutable, scan-on-push ECR repository with a
  lifecycle policy (ECR.1/2/3), and a pull-only repository policy for the listed accounts.
* `landfall:containers:Cluster`: an ECS cluster with Container Insights (ECS.12).
* `landfall:containers:FargateService`: one service: its log group, execution and task roles, task definition
  (awsvpc, read-only root filesystem, non-root, unprivileged: ECS.3/4/5/8), a service in private subnets with no
  public IP (ECS.2) and a rolling-back circuit breaker, auto scaling, and optionally an internet-facing ALB
  (HTTPS with a TLS 1.3 policy, HTTP redirected, invalid headers dropped, access logs, deletion protection, WAF:
  ELB.1/4/5/6/16) and an EventBridge rule that runs the task on a schedule or on events.

Arguments are plain ids, ARNs and config models: no component reads a stack file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Mapping, Optional, Sequence

import pulumi
import pulumi_aws as aws

from landfall.config.serverless import DLQ_RETENTION_S
from landfall.config.serverless.common import DEFAULT_SCHEDULE_MAX_EVENT_AGE_S, DEFAULT_SCHEDULE_RETRY_ATTEMPTS
from landfall.config.serverless.containers import ContainerServiceConfig, RepositoryConfig
from landfall.plan.api import waf_rules
from landfall.plan.fargate import (
    ALB_NAME_MAX,
    BUCKET_NAME_MAX,
    PARAMETER_ARN,
    TaskGrants,
    alb_log_bucket_policy,
    backlog_per_task_metrics,
    bounded_name,
    execution_role_policy,
    lifecycle_policy,
    repository_policy,
    run_task_policy,
    task_role_policy,
    task_trust_policy,
)
from landfall.plan.grants import service_trust_policy
from landfall.plan.messaging import events_may_send, tls_only_queue_policy
from landfall.plan.service_names import QUEUE_NAME_MAX, ServiceNames
from landfall.plan.trail import access_log_bucket_policy

from .waf import visibility, web_acl_rules

CONTAINER_INSIGHTS = "enabled"  # ECS.12; "enhanced" adds per-container metrics at a higher CloudWatch cost
HTTPS_PORT, HTTP_PORT = 443, 80
HEALTH_CHECK_GRACE_S = 60  # a new task gets a minute to start before the ALB health check can fail it
DEREGISTRATION_DELAY_S = 30  # in-flight requests drain for 30 s (the ALB default of 300 slows every deploy)
ACCESS_LOG_RETENTION_DAYS = 365  # a year of request evidence, like the log groups
ACCESS_LOG_PREFIX = "alb"
NONCURRENT_VERSION_DAYS = 30
ABORT_MULTIPART_DAYS = 7
SCALE_IN_COOLDOWN_S, SCALE_OUT_COOLDOWN_S = 300, 60  # scale out fast, scale in slowly
TMP_VOLUME = "tmp"  # the writable scratch volume of a read-only-root container


# --- ECR ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RepositoryArgs:
    name: str  # the repository's physical name, e.g. <environment>-<service>-<key>
    config: RepositoryConfig
    kms_key_arn: pulumi.Input[str]  # encrypts the image layers (KMS, not AES256)
    partition: str = "aws"
    protect: bool = False  # production: a deleted repository takes every image with it


class Repository(pulumi.ComponentResource):
    """`landfall:containers:Repository`."""

    repository: aws.ecr.Repository

    def __init__(self, name: str, args: RepositoryArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:containers:Repository", name, None, opts)
        cfg = args.config
        child = pulumi.ResourceOptions(parent=self)
        self.repository = aws.ecr.Repository(
            name,
            name=args.name,
            image_tag_mutability="IMMUTABLE",  # ECR.2: a tag names one image forever
            image_scanning_configuration=aws.ecr.RepositoryImageScanningConfigurationArgs(scan_on_push=cfg.scan_on_push),
            encryption_configurations=[aws.ecr.RepositoryEncryptionConfigurationArgs(encryption_type="KMS", kms_key=args.kms_key_arn)],
            force_delete=False,  # never delete a repository that still holds images
            opts=pulumi.ResourceOptions(parent=self, protect=args.protect),
        )
        aws.ecr.LifecyclePolicy(
            name,
            repository=self.repository.name,
            policy=json.dumps(lifecycle_policy(cfg.keep_tagged, cfg.expire_untagged_days)),
            opts=child,
        )
        if cfg.pull_accounts:
            aws.ecr.RepositoryPolicy(
                name,
                repository=self.repository.name,
                policy=json.dumps(repository_policy(cfg.pull_accounts, args.partition)),
                opts=child,
            )
        self.register_outputs({
            "repository_name": self.repository.name,
            "repository_arn": self.repository.arn,
            "repository_url": self.repository.repository_url,
        })


# --- ECS cluster ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClusterArgs:
    name: str  # the cluster's physical name, e.g. <environment>-<service>
    container_insights: str = CONTAINER_INSIGHTS  # "enabled" or "enhanced" (ECS.12 passes with either)


class Cluster(pulumi.ComponentResource):
    """`landfall:containers:Cluster`."""

    cluster: aws.ecs.Cluster

    def __init__(self, name: str, args: ClusterArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:containers:Cluster", name, None, opts)
        if args.container_insights not in ("enabled", "enhanced"):
            raise ValueError(f"container_insights must be enabled or enhanced (ECS.12), not {args.container_insights!r}")
        self.cluster = aws.ecs.Cluster(
            name,
            name=args.name,
            settings=[aws.ecs.ClusterSettingArgs(name="containerInsights", value=args.container_insights)],
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.register_outputs({"cluster_name": self.cluster.name, "cluster_arn": self.cluster.arn})


# --- Fargate service ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FargateServiceArgs:
    key: str  # the container service's key in the config
    config: ContainerServiceConfig
    names: ServiceNames  # environment, service, partition, region, account
    cluster_name: str
    cluster_arn: pulumi.Input[str]
    repository_arn: pulumi.Input[str]
    repository_url: pulumi.Input[str]
    vpc_id: pulumi.Input[str]
    private_subnet_ids: Sequence[pulumi.Input[str]]  # the tasks (at least two AZs)
    log_key_arn: pulumi.Input[str]  # encrypts the log group
    production: bool
    public_subnet_ids: Sequence[pulumi.Input[str]] = ()  # the ALB; required with config.load_balancer
    grants: TaskGrants = field(default_factory=TaskGrants)  # the task role (see landfall.plan.fargate)
    environment: Mapping[str, str] = field(default_factory=dict)  # config env + wired names (<KEY>_TABLE ...)
    secret_key_arns: Sequence[str] = ()  # CMKs of the secrets in config.secrets, for the execution role
    backlog_queue_name: Optional[str] = None  # the physical name of config.queue_backlog_per_task.queue
    access_logs_bucket: Optional[str] = None  # an existing ELB log bucket; None creates one for this ALB
    server_access_log_bucket: Optional[pulumi.Input[str]] = None  # S3.9 target of the created ALB log bucket; None creates one
    data_key_arn: Optional[pulumi.Input[str]] = None  # encrypts the trigger's dead-letter queue; required with schedule/event_pattern
    web_acl_arn: Optional[pulumi.Input[str]] = None  # a regional web ACL to associate; None with load_balancer.waf on creates one
    protect: bool = False  # the log group, the ALB and its log bucket


class FargateService(pulumi.ComponentResource):
    """`landfall:containers:FargateService`."""

    service: aws.ecs.Service
    task_definition: aws.ecs.TaskDefinition
    security_group: aws.ec2.SecurityGroup
    load_balancer: Optional[aws.lb.LoadBalancer]

    def __init__(self, name: str, args: FargateServiceArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:containers:FargateService", name, None, opts)
        cfg, names, key = args.config, args.names, args.key
        lb_cfg = cfg.load_balancer
        if lb_cfg is not None and len(args.public_subnet_ids) < 2:
            raise ValueError(f"{name}: a load balancer needs public subnets in at least two Availability Zones")
        if (cfg.schedule is not None or cfg.event_pattern is not None) and args.data_key_arn is None:
            raise ValueError(f"{name}: a schedule or event_pattern needs data_key_arn (its dead-letter queue is encrypted)")
        if cfg.queue_backlog_per_task is not None and not args.backlog_queue_name:
            raise ValueError(f"{name}: queue_backlog_per_task is set, so pass backlog_queue_name")
        child = pulumi.ResourceOptions(parent=self)
        stateful = pulumi.ResourceOptions(parent=self, protect=args.protect)
        p, region, account = names.partition, names.region, names.account_id
        base = f"{names.environment}-{names.service}-{key}"
        family = base
        log_group_name = f"/ecs/{base}"
        log_group_arn = f"arn:{p}:logs:{region}:{account}:log-group:{log_group_name}"

        self.log_group = aws.cloudwatch.LogGroup(
            name, name=log_group_name, retention_in_days=cfg.log_retention_days, kms_key_id=args.log_key_arn, opts=stateful,
        )

        # Two roles: the agent's (pull, logs, secrets) and the application's (exactly its uses).
        secret_arns = sorted(arn for arn in cfg.secrets.values() if not PARAMETER_ARN.match(arn))
        parameter_arns = sorted(arn for arn in cfg.secrets.values() if PARAMETER_ARN.match(arn))
        self.execution_role = aws.iam.Role(
            f"{name}-execution",
            name=bounded_name(f"{base}-execution", 64),
            assume_role_policy=json.dumps(service_trust_policy("ecs-tasks.amazonaws.com", account, p)),
            opts=child,
        )
        execution_policy = aws.iam.RolePolicy(
            f"{name}-execution",
            role=self.execution_role.id,
            policy=pulumi.Output.from_input(args.repository_arn).apply(lambda repo: json.dumps(execution_role_policy(
                repo, log_group_arn, secret_arns, parameter_arns, args.secret_key_arns))),
            opts=child,
        )
        self.task_role = aws.iam.Role(
            f"{name}-task",
            name=bounded_name(f"{base}-task", 64),
            assume_role_policy=json.dumps(task_trust_policy(account, region, p)),
            opts=child,
        )
        task_policy = task_role_policy(args.grants)
        if task_policy is not None:
            aws.iam.RolePolicy(f"{name}-task", role=self.task_role.id, policy=json.dumps(task_policy), opts=child)

        self.task_definition = aws.ecs.TaskDefinition(
            name,
            family=family,
            cpu=str(cfg.cpu),
            memory=str(cfg.memory_mb),
            network_mode="awsvpc",
            requires_compatibilities=["FARGATE"],
            runtime_platform=aws.ecs.TaskDefinitionRuntimePlatformArgs(operating_system_family="LINUX", cpu_architecture=cfg.architecture.value),
            execution_role_arn=self.execution_role.arn,
            task_role_arn=self.task_role.arn,
            volumes=[aws.ecs.TaskDefinitionVolumeArgs(name=TMP_VOLUME)],  # task storage: /tmp stays writable
            container_definitions=pulumi.Output.from_input(args.repository_url).apply(
                lambda url: json.dumps([container_definition(key, f"{url}:{cfg.image_tag}", cfg, args.environment, log_group_name, region)])),
            opts=pulumi.ResourceOptions(parent=self, depends_on=[execution_policy]),
        )

        # Tasks: nothing reaches them but the ALB on the task port; they reach AWS APIs over HTTPS.
        self.security_group = aws.ec2.SecurityGroup(
            name,
            vpc_id=args.vpc_id,
            description=f"ECS tasks of {base}: the task port from its load balancer only; HTTPS out",
            opts=child,
        )
        # Rules are separate resources (never inline as well), so the two groups can name each other.
        aws.vpc.SecurityGroupEgressRule(
            f"{name}-https-out", security_group_id=self.security_group.id, ip_protocol="tcp", from_port=HTTPS_PORT,
            to_port=HTTPS_PORT, cidr_ipv4="0.0.0.0/0", description="HTTPS to AWS APIs and ECR", opts=child,
        )

        self.load_balancer = None
        self.target_group = None
        self.web_acl: Optional[aws.wafv2.WebAcl] = None
        self.access_logs_bucket: Optional[pulumi.Output[str]] = None
        listener: Optional[aws.lb.Listener] = None
        if lb_cfg is not None:
            listener = self._load_balancer(name, args, base, child, stateful)

        self.service = aws.ecs.Service(
            name,
            name=base,
            cluster=args.cluster_arn,
            task_definition=self.task_definition.arn,
            launch_type="FARGATE",
            platform_version="LATEST",  # ECS.10
            desired_count=cfg.initial_count,
            network_configuration=aws.ecs.ServiceNetworkConfigurationArgs(
                subnets=list(args.private_subnet_ids), security_groups=[self.security_group.id], assign_public_ip=False,  # ECS.2
            ),
            deployment_circuit_breaker=aws.ecs.ServiceDeploymentCircuitBreakerArgs(enable=True, rollback=True),
            deployment_minimum_healthy_percent=100,
            deployment_maximum_percent=200,
            enable_execute_command=False,  # no shell into production tasks
            enable_ecs_managed_tags=True,
            propagate_tags="SERVICE",
            load_balancers=[aws.ecs.ServiceLoadBalancerArgs(target_group_arn=self.target_group.arn, container_name=key, container_port=cfg.port)]
            if self.target_group is not None else None,
            health_check_grace_period_seconds=HEALTH_CHECK_GRACE_S if self.target_group is not None else None,
            wait_for_steady_state=False,
            # Auto scaling owns the count after the first deploy.
            opts=pulumi.ResourceOptions(parent=self, ignore_changes=["desiredCount"], depends_on=[listener] if listener else None),
        )

        self._autoscaling(name, args, base, child)
        self.rule: Optional[aws.cloudwatch.EventRule] = None
        if cfg.schedule is not None or cfg.event_pattern is not None:
            self._trigger(name, args, base, family, child)

        self.register_outputs({
            "service_name": self.service.name,
            "task_definition_arn": self.task_definition.arn,
            "task_role_arn": self.task_role.arn,
            "execution_role_arn": self.execution_role.arn,
            "log_group": self.log_group.name,
            "security_group_id": self.security_group.id,
            "load_balancer_dns_name": self.load_balancer.dns_name if self.load_balancer else None,
            "load_balancer_arn": self.load_balancer.arn if self.load_balancer else None,
            "target_group_arn": self.target_group.arn if self.target_group else None,
            "access_logs_bucket": self.access_logs_bucket,
            "web_acl_arn": self.web_acl.arn if self.web_acl is not None else args.web_acl_arn,
        })

    # -- the load balancer ------------------------------------------------------------------------------

    def _load_balancer(self, name: str, args: FargateServiceArgs, base: str, child: pulumi.ResourceOptions,
                       stateful: pulumi.ResourceOptions) -> aws.lb.Listener:
        cfg = args.config
        lb_cfg = cfg.load_balancer
        assert lb_cfg is not None
        alb_name = bounded_name(base, ALB_NAME_MAX)
        self.alb_security_group = aws.ec2.SecurityGroup(
            f"{name}-alb",
            vpc_id=args.vpc_id,
            description=f"ALB of {base}: HTTPS and the HTTP redirect from anywhere; out to its tasks only",
            opts=child,
        )
        for port, what in ((HTTPS_PORT, "HTTPS"), (HTTP_PORT, "HTTP, redirected to HTTPS")):
            aws.vpc.SecurityGroupIngressRule(
                f"{name}-alb-{port}", security_group_id=self.alb_security_group.id, ip_protocol="tcp",
                from_port=port, to_port=port, cidr_ipv4="0.0.0.0/0", description=what, opts=child,
            )
        aws.vpc.SecurityGroupEgressRule(
            f"{name}-alb-to-tasks", security_group_id=self.alb_security_group.id, ip_protocol="tcp",
            from_port=cfg.port, to_port=cfg.port, referenced_security_group_id=self.security_group.id,
            description="to the tasks on the task port", opts=child,
        )
        aws.vpc.SecurityGroupIngressRule(
            f"{name}-from-alb", security_group_id=self.security_group.id, ip_protocol="tcp",
            from_port=cfg.port, to_port=cfg.port, referenced_security_group_id=self.alb_security_group.id,
            description="the task port from the load balancer", opts=child,
        )

        depends: list[pulumi.Resource] = []
        if args.access_logs_bucket is not None:
            bucket_name: pulumi.Input[str] = args.access_logs_bucket
            self.access_logs_bucket = pulumi.Output.from_input(args.access_logs_bucket)
        else:
            bucket, policy = self._log_bucket(name, args, base, stateful)
            bucket_name = bucket.bucket
            self.access_logs_bucket = bucket.bucket
            depends.append(policy)  # ELB checks it can write when access logs are switched on

        self.load_balancer = aws.lb.LoadBalancer(
            name,
            name=alb_name,
            load_balancer_type="application",
            internal=False,
            subnets=list(args.public_subnet_ids),
            security_groups=[self.alb_security_group.id],
            drop_invalid_header_fields=True,  # ELB.4
            desync_mitigation_mode="defensive",  # ELB.12 (the default, stated)
            enable_deletion_protection=lb_cfg.deletion_protection_enabled(args.production),  # ELB.6
            idle_timeout=lb_cfg.idle_timeout_s,
            access_logs=aws.lb.LoadBalancerAccessLogsArgs(bucket=bucket_name, prefix=ACCESS_LOG_PREFIX, enabled=True),  # ELB.5
            opts=pulumi.ResourceOptions(parent=self, protect=args.protect, depends_on=depends or None),
        )
        self.target_group = aws.lb.TargetGroup(
            name,
            name=alb_name,
            port=cfg.port,
            protocol="HTTP",
            target_type="ip",  # awsvpc tasks register by IP
            vpc_id=args.vpc_id,
            deregistration_delay=DEREGISTRATION_DELAY_S,
            health_check=aws.lb.TargetGroupHealthCheckArgs(
                enabled=True, path=cfg.health_check_path, port="traffic-port", protocol="HTTP", matcher="200-399",
                healthy_threshold=2, unhealthy_threshold=3, interval=15, timeout=5,
            ),
            opts=child,
        )
        https = aws.lb.Listener(
            f"{name}-https",
            load_balancer_arn=self.load_balancer.arn,
            port=HTTPS_PORT,
            protocol="HTTPS",
            certificate_arn=lb_cfg.certificate_arn,
            ssl_policy=lb_cfg.ssl_policy,
            default_actions=[aws.lb.ListenerDefaultActionArgs(type="forward", target_group_arn=self.target_group.arn)],
            opts=child,
        )
        aws.lb.Listener(
            f"{name}-http",
            load_balancer_arn=self.load_balancer.arn,
            port=HTTP_PORT,
            protocol="HTTP",
            default_actions=[aws.lb.ListenerDefaultActionArgs(
                type="redirect",
                redirect=aws.lb.ListenerDefaultActionRedirectArgs(protocol="HTTPS", port=str(HTTPS_PORT), status_code="HTTP_301"),  # ELB.1
            )],
            opts=child,
        )
        web_acl_arn = args.web_acl_arn
        if web_acl_arn is None and lb_cfg.waf_enabled(args.production):
            self.web_acl = self._web_acl(name, alb_name, args)
            web_acl_arn = self.web_acl.arn
        if web_acl_arn is not None:
            aws.wafv2.WebAclAssociation(name, resource_arn=self.load_balancer.arn, web_acl_arn=web_acl_arn, opts=child)  # ELB.16
        return https

    def _web_acl(self, name: str, acl_name: str, args: FargateServiceArgs) -> aws.wafv2.WebAcl:
        """The ALB's own regional web ACL: the same AWS managed rule groups and per-IP rate limit as the REST
        APIs' (landfall.plan.api.waf_rules), logging what it blocks to an encrypted log group (WAF.11)."""
        child = pulumi.ResourceOptions(parent=self)

        rules = web_acl_rules(waf_rules(acl_name))
        acl = aws.wafv2.WebAcl(
            f"{name}-waf", name=acl_name, scope="REGIONAL",
            default_action=aws.wafv2.WebAclDefaultActionArgs(allow=aws.wafv2.WebAclDefaultActionAllowArgs()),
            rules=rules, visibility_config=aws.wafv2.WebAclVisibilityConfigArgs(**visibility(acl_name)), opts=child,
        )
        waf_logs = aws.cloudwatch.LogGroup(
            f"{name}-waf-logs", name=f"aws-waf-logs-{acl_name}",  # WAF requires the aws-waf-logs- prefix
            retention_in_days=args.config.log_retention_days, kms_key_id=args.log_key_arn,
            opts=pulumi.ResourceOptions(parent=self, protect=args.protect),
        )
        aws.wafv2.WebAclLoggingConfiguration(f"{name}-waf", resource_arn=acl.arn, log_destination_configs=[waf_logs.arn], opts=child)
        return acl

    def _log_bucket(self, name: str, args: FargateServiceArgs, base: str,
                    stateful: pulumi.ResourceOptions) -> tuple[aws.s3.Bucket, aws.s3.BucketPolicy]:
        """The ALB's access-log bucket and, unless args.server_access_log_bucket names one, the bucket that
        receives that bucket's own S3 server access logs (S3.9; the access-log target itself is exempt)."""
        names = args.names
        p, account, region = names.partition, names.account_id, names.region
        bucket_name = bounded_name(f"{base}-alb-logs-{account}-{region}", BUCKET_NAME_MAX)
        bucket, policy = self._private_bucket(
            f"{name}-access-logs", bucket_name, stateful,
            json.dumps(alb_log_bucket_policy(p, bucket_name, ACCESS_LOG_PREFIX, account, region)), "age-out-access-logs")
        target: pulumi.Input[str]
        if args.server_access_log_bucket is not None:
            target = args.server_access_log_bucket
        else:
            target_name = bounded_name(f"{base}-s3-logs-{account}-{region}", BUCKET_NAME_MAX)
            server_logs, _ = self._private_bucket(
                f"{name}-server-access-logs", target_name, stateful,
                json.dumps(access_log_bucket_policy(p, target_name, [bucket_name], account)), "age-out-server-access-logs")
            target = server_logs.bucket
        aws.s3.BucketLogging(f"{name}-access-logs", bucket=bucket.id, target_bucket=target, target_prefix=f"{bucket_name}/",
                             opts=pulumi.ResourceOptions(parent=self))
        return bucket, policy

    def _private_bucket(self, name: str, bucket_name: str, stateful: pulumi.ResourceOptions, policy_document: str,
                        rule_id: str) -> tuple[aws.s3.Bucket, aws.s3.BucketPolicy]:
        """Private, versioned, SSE-S3 (the only encryption ELB and S3 log delivery support), ACLs off, TLS only,
        aged out after a year (S3.5/8/12/13, S3.14)."""
        child = pulumi.ResourceOptions(parent=self)
        bucket = aws.s3.Bucket(name, bucket=bucket_name, force_destroy=False, opts=stateful)
        block = aws.s3.BucketPublicAccessBlock(
            name, bucket=bucket.id, block_public_acls=True, block_public_policy=True, ignore_public_acls=True,
            restrict_public_buckets=True, opts=child,
        )
        aws.s3.BucketOwnershipControls(name, bucket=bucket.id, rule=aws.s3.BucketOwnershipControlsRuleArgs(object_ownership="BucketOwnerEnforced"), opts=child)
        aws.s3.BucketVersioning(name, bucket=bucket.id, versioning_configuration=aws.s3.BucketVersioningVersioningConfigurationArgs(status="Enabled"), opts=child)
        aws.s3.BucketServerSideEncryptionConfiguration(
            name, bucket=bucket.id,
            rules=[aws.s3.BucketServerSideEncryptionConfigurationRuleArgs(
                apply_server_side_encryption_by_default=aws.s3.BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs(sse_algorithm="AES256"),
            )],
            opts=child,
        )
        aws.s3.BucketLifecycleConfiguration(name, bucket=bucket.id, rules=[aws.s3.BucketLifecycleConfigurationRuleArgs(
            id=rule_id, status="Enabled",
            filter=aws.s3.BucketLifecycleConfigurationRuleFilterArgs(prefix=""),
            expiration=aws.s3.BucketLifecycleConfigurationRuleExpirationArgs(days=ACCESS_LOG_RETENTION_DAYS),
            noncurrent_version_expiration=aws.s3.BucketLifecycleConfigurationRuleNoncurrentVersionExpirationArgs(noncurrent_days=NONCURRENT_VERSION_DAYS),
            abort_incomplete_multipart_upload=aws.s3.BucketLifecycleConfigurationRuleAbortIncompleteMultipartUploadArgs(days_after_initiation=ABORT_MULTIPART_DAYS),
        )], opts=child)
        policy = aws.s3.BucketPolicy(name, bucket=bucket.id, policy=policy_document, opts=pulumi.ResourceOptions(parent=self, depends_on=[block]))
        return bucket, policy

    # -- scaling and triggers -----------------------------------------------------------------------------

    def _autoscaling(self, name: str, args: FargateServiceArgs, base: str, child: pulumi.ResourceOptions) -> None:
        cfg = args.config
        target = aws.appautoscaling.Target(
            name,
            service_namespace="ecs",
            resource_id=f"service/{args.cluster_name}/{base}",
            scalable_dimension="ecs:service:DesiredCount",
            min_capacity=cfg.min_tasks,
            max_capacity=cfg.max_tasks,
            opts=pulumi.ResourceOptions(parent=self, depends_on=[self.service]),
        )
        scaling = dict(resource_id=target.resource_id, scalable_dimension=target.scalable_dimension,
                       service_namespace=target.service_namespace, policy_type="TargetTrackingScaling")
        if cfg.cpu_target_percent is not None:
            aws.appautoscaling.Policy(
                f"{name}-cpu", name=f"{base}-cpu", **scaling,
                target_tracking_scaling_policy_configuration=aws.appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationArgs(
                    target_value=float(cfg.cpu_target_percent),
                    predefined_metric_specification=aws.appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecificationArgs(
                        predefined_metric_type="ECSServiceAverageCPUUtilization"),
                    scale_in_cooldown=SCALE_IN_COOLDOWN_S, scale_out_cooldown=SCALE_OUT_COOLDOWN_S,
                ),
                opts=child,
            )
        backlog = cfg.queue_backlog_per_task
        if backlog is not None:
            assert args.backlog_queue_name is not None
            aws.appautoscaling.Policy(
                f"{name}-backlog", name=f"{base}-backlog", **scaling,
                target_tracking_scaling_policy_configuration=aws.appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationArgs(
                    target_value=float(backlog.messages_per_task),
                    customized_metric_specification={"metrics": backlog_per_task_metrics(args.backlog_queue_name, args.cluster_name, base)},
                    scale_in_cooldown=SCALE_IN_COOLDOWN_S, scale_out_cooldown=SCALE_OUT_COOLDOWN_S,
                ),
                opts=child,
            )

    def _trigger(self, name: str, args: FargateServiceArgs, base: str, family: str, child: pulumi.ResourceOptions) -> None:
        cfg, names = args.config, args.names
        p, region, account = names.partition, names.region, names.account_id
        rule_name = bounded_name(base, 64)
        self.rule = aws.cloudwatch.EventRule(
            name,
            name=rule_name,
            description=f"{names.service}: run a {args.key} task " + (f"on {cfg.schedule}" if cfg.schedule else "for matching events"),
            schedule_expression=cfg.schedule,
            event_pattern=json.dumps(cfg.event_pattern) if cfg.event_pattern is not None else None,
            opts=child,
        )
        self.events_role = aws.iam.Role(
            f"{name}-events",
            name=bounded_name(f"{base}-events", 64),
            assume_role_policy=json.dumps(service_trust_policy("events.amazonaws.com", account, p)),
            opts=child,
        )
        family_arn = f"arn:{p}:ecs:{region}:{account}:task-definition/{family}"
        policy = aws.iam.RolePolicy(
            f"{name}-events",
            role=self.events_role.id,
            policy=pulumi.Output.all(args.cluster_arn, self.execution_role.arn, self.task_role.arn).apply(
                lambda v: json.dumps(run_task_policy(family_arn, v[0], [v[1], v[2]]))),
            opts=child,
        )
        # Events EventBridge could not deliver (RunTask throttled, capacity, a deleted role) land here (LF.EVT.1).
        dlq_name = bounded_name(f"{base}-trigger-dlq", QUEUE_NAME_MAX)
        rule_arn = f"arn:{p}:events:{region}:{account}:rule/{rule_name}"
        self.dlq = aws.sqs.Queue(
            f"{name}-dlq", name=dlq_name, kms_master_key_id=args.data_key_arn, message_retention_seconds=DLQ_RETENTION_S,
            opts=pulumi.ResourceOptions(parent=self, protect=args.protect),
        )
        queue_arn = names.queue_arn(dlq_name)
        aws.sqs.QueuePolicy(
            f"{name}-dlq", queue_url=self.dlq.url,
            policy=json.dumps(tls_only_queue_policy(queue_arn, [events_may_send(queue_arn, rule_arn)])), opts=child,
        )
        aws.cloudwatch.EventTarget(
            name,
            rule=self.rule.name,
            arn=args.cluster_arn,
            role_arn=self.events_role.arn,
            ecs_target=aws.cloudwatch.EventTargetEcsTargetArgs(
                task_definition_arn=self.task_definition.arn,
                task_count=1,
                launch_type="FARGATE",
                platform_version="LATEST",
                propagate_tags="TASK_DEFINITION",
                network_configuration=aws.cloudwatch.EventTargetEcsTargetNetworkConfigurationArgs(
                    subnets=list(args.private_subnet_ids), security_groups=[self.security_group.id], assign_public_ip=False,
                ),
            ),
            retry_policy=aws.cloudwatch.EventTargetRetryPolicyArgs(
                maximum_retry_attempts=DEFAULT_SCHEDULE_RETRY_ATTEMPTS, maximum_event_age_in_seconds=DEFAULT_SCHEDULE_MAX_EVENT_AGE_S,
            ),
            dead_letter_config=aws.cloudwatch.EventTargetDeadLetterConfigArgs(arn=self.dlq.arn),
            opts=pulumi.ResourceOptions(parent=self, depends_on=[policy]),
        )


def container_definition(key: str, image: str, cfg: ContainerServiceConfig, environment: Mapping[str, str],
                         log_group: str, region: str) -> dict:
    """The one container of a service's task (ECS container definition JSON, camelCase as ECS takes it)."""
    return {
        "name": key,
        "image": image,
        "essential": True,
        "portMappings": [{"containerPort": cfg.port, "protocol": "tcp"}],
        "readonlyRootFilesystem": cfg.read_only_root_filesystem,  # ECS.5
        "user": cfg.user,  # non-root
        "privileged": False,  # ECS.4
        "linuxParameters": {"initProcessEnabled": True, "capabilities": {"drop": ["ALL"]}},
        "mountPoints": [{"sourceVolume": TMP_VOLUME, "containerPath": "/tmp", "readOnly": False}],
        "environment": [{"name": k, "value": environment[k]} for k in sorted(environment)],
        "secrets": [{"name": k, "valueFrom": cfg.secrets[k]} for k in sorted(cfg.secrets)],  # ECS.8: never plain env
        "logConfiguration": {"logDriver": "awslogs", "options": {
            "awslogs-group": log_group, "awslogs-region": region, "awslogs-stream-prefix": key,
        }},
    }
