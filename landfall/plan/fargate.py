"""Pure planning for container services on ECS Fargate (no pulumi import).

* The Fargate task size table: which memory sizes each CPU size admits. Source: the ECS Developer Guide,
  "Troubleshoot Amazon ECS task definition invalid CPU or memory errors"
  (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html) and the
  RegisterTaskDefinition ``memory`` parameter: 256 -> 512, 1024, 2048; 512 -> 1-4 GB; 1024 -> 2-8 GB;
  2048 -> 4-16 GB and 4096 -> 8-30 GB in 1 GB steps; 8192 -> 16-60 GB in 4 GB steps and 16384 -> 32-120 GB in
  8 GB steps (those two need Linux platform 1.4.0, which LATEST is).
* ECR documents: the lifecycle policy (keep N tagged images, expire untagged ones after D days) and the
  repository policy (cross-account pull for listed accounts only).
* The task's two roles: the execution role (the ECS agent: pull from one repository, write one log group,
  read only the secrets it is given) and the task role (the application: least privilege from ``uses``).
* The EventBridge role that runs a scheduled task, the SQS backlog-per-task metric, the ALB access-log
  bucket policy and AWS-length-safe names.

Every statement names exact actions on exact ARNs. The one ``Resource: "*"`` is ecr:GetAuthorizationToken,
which AWS does not let you scope; none allows ``*`` or ``service:*`` (IAM.1, IAM.21).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional, Sequence

from .grants import KEY_USE, LOG_WRITE, resource_statements
from .statements import deny_insecure_transport

# --- Fargate task sizes ---------------------------------------------------------------------------------

GB = 1024  # MiB


def _steps(low_gb: int, high_gb: int, step_gb: int) -> tuple[int, ...]:
    return tuple(range(low_gb * GB, high_gb * GB + 1, step_gb * GB))


# CPU units -> memory sizes (MiB) Fargate accepts for a Linux task.
FARGATE_CPU_MEMORY: dict[int, tuple[int, ...]] = {
    256: (512, 1 * GB, 2 * GB),
    512: _steps(1, 4, 1),
    1024: _steps(2, 8, 1),
    2048: _steps(4, 16, 1),
    4096: _steps(8, 30, 1),
    8192: _steps(16, 60, 4),
    16384: _steps(32, 120, 8),
}
FARGATE_CPUS = tuple(sorted(FARGATE_CPU_MEMORY))


def valid_memory(cpu: int) -> tuple[int, ...]:
    """The memory sizes (MiB) Fargate accepts with ``cpu`` units; empty when ``cpu`` is not a Fargate size."""
    return FARGATE_CPU_MEMORY.get(cpu, ())


def is_valid_task_size(cpu: int, memory_mb: int) -> bool:
    return memory_mb in valid_memory(cpu)


def cpus_for_memory(memory_mb: int) -> tuple[int, ...]:
    """The CPU sizes that accept ``memory_mb`` (for a did-you-mean)."""
    return tuple(cpu for cpu in FARGATE_CPUS if memory_mb in FARGATE_CPU_MEMORY[cpu])


def describe_memory(cpu: int) -> str:
    """``1024 -> '2048-8192 MiB in steps of 1024'``; the short list for 256."""
    sizes = valid_memory(cpu)
    if len(sizes) <= 3:
        return ", ".join(map(str, sizes)) + " MiB"
    return f"{sizes[0]}-{sizes[-1]} MiB in steps of {sizes[1] - sizes[0]}"


# --- ECR ------------------------------------------------------------------------------------------------

ECR_PULL = ("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability")
ECR_AUTH = "ecr:GetAuthorizationToken"  # account-wide by design: AWS documents it with Resource "*" only


def lifecycle_policy(keep_tagged: int, expire_untagged_days: int) -> dict[str, Any]:
    """Expire untagged images D days after push (rule 1), keep the N most recent tagged images (rule 2).

    Rules are evaluated in priority order and an image matched by one rule is not seen by later ones; the
    tagged rule matches every tag (``tagPatternList: ["*"]``), so deployed tags are kept while they are among
    the N newest. ECR lifecycle policies: https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html
    """
    return {"rules": [
        {
            "rulePriority": 1,
            "description": f"Expire untagged images {expire_untagged_days} days after push",
            "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": expire_untagged_days},
            "action": {"type": "expire"},
        },
        {
            "rulePriority": 2,
            "description": f"Keep the {keep_tagged} most recent tagged images",
            "selection": {"tagStatus": "tagged", "tagPatternList": ["*"], "countType": "imageCountMoreThan", "countNumber": keep_tagged},
            "action": {"type": "expire"},
        },
    ]}


def repository_policy(pull_accounts: Sequence[str], partition: str = "aws") -> dict[str, Any]:
    """Only the listed accounts may pull (never push, never delete); no ``Principal: "*"`` (ECR public access)."""
    principals = [f"arn:{partition}:iam::{account}:root" for account in sorted(set(pull_accounts))]
    return {"Version": "2012-10-17", "Statement": [{
        "Sid": "CrossAccountPull",
        "Effect": "Allow",
        "Principal": {"AWS": principals},
        "Action": list(ECR_PULL),
    }]}


# --- ECS roles ------------------------------------------------------------------------------------------

SECRETS_READ = "secretsmanager:GetSecretValue"
PARAMETERS_READ = "ssm:GetParameters"
ECS_TASKS_PRINCIPAL = "ecs-tasks.amazonaws.com"


def execution_role_policy(repository_arn: str, log_group_arn: str, secret_arns: Sequence[str] = (),
                          parameter_arns: Sequence[str] = (), key_arns: Sequence[str] = ()) -> dict[str, Any]:
    """What the ECS agent does for the task: pull its image from one repository, create its log streams in one
    log group, and read the secrets and parameters the container definition references (nothing else)."""
    statements: list[dict[str, Any]] = [
        {"Sid": "EcrAuthorizationToken", "Effect": "Allow", "Action": [ECR_AUTH], "Resource": "*"},
        {"Sid": "PullOwnImage", "Effect": "Allow", "Action": list(ECR_PULL), "Resource": repository_arn},
        {"Sid": "WriteOwnLogs", "Effect": "Allow", "Action": list(LOG_WRITE), "Resource": f"{log_group_arn}:*"},
    ]
    if secret_arns:
        statements.append({"Sid": "ReadOwnSecrets", "Effect": "Allow", "Action": [SECRETS_READ], "Resource": sorted(set(secret_arns))})
    if parameter_arns:
        statements.append({"Sid": "ReadOwnParameters", "Effect": "Allow", "Action": [PARAMETERS_READ], "Resource": sorted(set(parameter_arns))})
    if key_arns:
        statements.append({"Sid": "DecryptSecrets", "Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": sorted(set(key_arns))})
    return {"Version": "2012-10-17", "Statement": statements}


@dataclass(frozen=True)
class TaskGrants:
    """What the application in one container service may do. ARNs are plain strings (planned names)."""

    tables: Mapping[str, tuple[str, bool]] = field(default_factory=dict)  # key -> (table ARN, may write)
    send_queue_arns: Mapping[str, str] = field(default_factory=dict)  # key -> queue ARN
    consume_queue_arns: Mapping[str, str] = field(default_factory=dict)  # key -> queue ARN (a worker polls it)
    start_workflow_arns: Mapping[str, str] = field(default_factory=dict)  # key -> state machine ARN
    key_arns: Sequence[str] = ()  # CMKs of the tables and queues it touches

    @property
    def empty(self) -> bool:
        return not (self.tables or self.send_queue_arns or self.consume_queue_arns or self.start_workflow_arns)


def task_role_policy(g: TaskGrants) -> Optional[dict[str, Any]]:
    """The application's permissions, or None when it uses nothing (the role then has no policy at all)."""
    statements = resource_statements(g.tables, g.send_queue_arns, g.consume_queue_arns, g.start_workflow_arns)
    if statements and g.key_arns:
        statements.append({"Sid": "UseDataKey", "Effect": "Allow", "Action": list(KEY_USE), "Resource": sorted(set(g.key_arns))})
    return {"Version": "2012-10-17", "Statement": statements} if statements else None


def task_trust_policy(account_id: str, region: str, partition: str = "aws") -> dict[str, Any]:
    """ECS tasks of this account and Region only (the confused-deputy guard the ECS guide documents for task
    roles). The execution role uses the plain service trust (aws:SourceAccount): the agent assumes it."""
    return {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow",
        "Principal": {"Service": ECS_TASKS_PRINCIPAL},
        "Action": "sts:AssumeRole",
        "Condition": {
            "StringEquals": {"aws:SourceAccount": account_id},
            "ArnLike": {"aws:SourceArn": f"arn:{partition}:ecs:{region}:{account_id}:*"},
        },
    }]}


def run_task_policy(task_definition_family_arn: str, cluster_arn: str, role_arns: Sequence[str]) -> dict[str, Any]:
    """The EventBridge target role: run revisions of one task definition family on one cluster, and pass exactly
    the task's execution and task roles to ECS."""
    return {"Version": "2012-10-17", "Statement": [
        {
            "Sid": "RunOwnTask",
            "Effect": "Allow",
            "Action": ["ecs:RunTask"],
            "Resource": [f"{task_definition_family_arn}:*"],
            "Condition": {"ArnEquals": {"ecs:cluster": cluster_arn}},
        },
        {
            "Sid": "PassTaskRoles",
            "Effect": "Allow",
            "Action": ["iam:PassRole"],
            "Resource": sorted(set(role_arns)),
            "Condition": {"StringLike": {"iam:PassedToService": ECS_TASKS_PRINCIPAL}},
        },
    ]}


# --- autoscaling on an SQS backlog ------------------------------------------------------------------------

def backlog_per_task_metrics(queue_name: str, cluster_name: str, service_name: str) -> list[dict[str, Any]]:
    """Metric math for target tracking on "messages waiting per running task" (Application Auto Scaling's
    documented example: SQS ApproximateNumberOfMessagesVisible / ECS/ContainerInsights RunningTaskCount, which
    needs Container Insights on the cluster). snake_case keys, as pulumi_aws's customized_metric_specification
    takes them."""
    return [
        {"id": "m1", "label": "Messages waiting", "return_data": False, "metric_stat": {
            "metric": {"namespace": "AWS/SQS", "metric_name": "ApproximateNumberOfMessagesVisible",
                       "dimensions": [{"name": "QueueName", "value": queue_name}]},
            "stat": "Sum"}},
        {"id": "m2", "label": "Running tasks", "return_data": False, "metric_stat": {
            "metric": {"namespace": "ECS/ContainerInsights", "metric_name": "RunningTaskCount",
                       "dimensions": [{"name": "ClusterName", "value": cluster_name}, {"name": "ServiceName", "value": service_name}]},
            "stat": "Average"}},
        {"id": "e1", "label": "Backlog per task", "expression": "m1 / m2", "return_data": True},
    ]


# --- ALB access logs ----------------------------------------------------------------------------------------

ELB_LOG_DELIVERY_PRINCIPAL = "logdelivery.elasticloadbalancing.amazonaws.com"
# The per-Region Elastic Load Balancing accounts that deliver access logs in Regions opened before August 2022
# (the ALB guide's "Attach a policy to your S3 bucket"; the list as in the Terraform AWS provider,
# internal/service/elb/service_account_data_source.go). Newer Regions accept only the service principal.
LEGACY_ELB_LOG_ACCOUNTS = {
    "af-south-1": "098369216593", "ap-east-1": "754344448648", "ap-northeast-1": "582318560864",
    "ap-northeast-2": "600734575887", "ap-northeast-3": "383597477331", "ap-south-1": "718504428378",
    "ap-southeast-1": "114774131450", "ap-southeast-2": "783225319266", "ap-southeast-3": "589379963580",
    "ca-central-1": "985666609251", "cn-north-1": "638102146993", "cn-northwest-1": "037604701340",
    "eu-central-1": "054676820928", "eu-north-1": "897822967062", "eu-south-1": "635631232127",
    "eu-west-1": "156460612806", "eu-west-2": "652711504416", "eu-west-3": "009996457667",
    "me-south-1": "076674570225", "sa-east-1": "507241528517", "us-east-1": "127311923021",
    "us-east-2": "033677994240", "us-gov-east-1": "190560391635", "us-gov-west-1": "048591011584",
    "us-west-1": "027434742980", "us-west-2": "797873946194",
}


def alb_log_bucket_policy(partition: str, bucket: str, prefix: str, account_id: str, region: str) -> dict[str, Any]:
    """ELB may write access logs under ``<prefix>/AWSLogs/<account>/`` only; nothing travels without TLS.

    The log-delivery service principal is granted everywhere; in Regions opened before August 2022 the Region's
    Elastic Load Balancing account is granted too (those Regions documented it first, and both are accepted).
    """
    objects = f"arn:{partition}:s3:::{bucket}/{prefix.strip('/') + '/' if prefix.strip('/') else ''}AWSLogs/{account_id}/*"
    statements: list[dict[str, Any]] = [
        deny_insecure_transport("s3:*", [f"arn:{partition}:s3:::{bucket}", f"arn:{partition}:s3:::{bucket}/*"]),
        {"Sid": "ElbLogDelivery", "Effect": "Allow", "Principal": {"Service": ELB_LOG_DELIVERY_PRINCIPAL},
         "Action": "s3:PutObject", "Resource": objects, "Condition": {"StringEquals": {"aws:SourceAccount": account_id}}},
    ]
    legacy = LEGACY_ELB_LOG_ACCOUNTS.get(region)
    if legacy:
        statements.append({"Sid": "ElbLogDeliveryRegionAccount", "Effect": "Allow",
                           "Principal": {"AWS": f"arn:{partition}:iam::{legacy}:root"}, "Action": "s3:PutObject", "Resource": objects})
    return {"Version": "2012-10-17", "Statement": statements}


# --- ARNs, names, environment ---------------------------------------------------------------------------------

ACM_CERTIFICATE_ARN = re.compile(r"^arn:aws[-a-z]*:acm:(?P<region>[a-z]{2}(?:-[a-z]+)+-\d):(?P<account>\d{12}):certificate/(?P<id>[A-Za-z0-9-]+)\Z")
SECRET_ARN = re.compile(r"^arn:aws[-a-z]*:secretsmanager:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:secret:[A-Za-z0-9/_+=.@-]+\Z")
PARAMETER_ARN = re.compile(r"^arn:aws[-a-z]*:ssm:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:parameter/[A-Za-z0-9/_.-]+\Z")
# Words that mark a value as a secret: it belongs in `secrets` (Secrets Manager / Parameter Store), which ECS
# injects at start without showing it to DescribeTaskDefinition (ECS.8), never in plain `environment`.
SECRET_NAME_WORDS = ("PASSWORD", "PASSWD", "SECRET", "TOKEN", "PRIVATE_KEY", "API_KEY", "ACCESS_KEY", "CREDENTIAL")
ECS8_SECRET_KEYS = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "ECS_ENGINE_AUTH_DATA")  # the control's default list


def acm_certificate_region(arn: str) -> Optional[str]:
    """The Region of an ACM certificate ARN; None when ``arn`` is not one."""
    match = ACM_CERTIFICATE_ARN.match(arn)
    return match["region"] if match else None


def looks_secret(name: str) -> bool:
    upper = name.upper()
    return upper in ECS8_SECRET_KEYS or any(word in upper for word in SECRET_NAME_WORDS)


def bounded_name(base: str, limit: int) -> str:
    """``base`` when it fits ``limit`` characters, else a prefix plus 8 hex characters of its hash: stable for a
    given base and unique in practice (ALB and target group names are 32 characters at most)."""
    if len(base) <= limit:
        return base
    suffix = hashlib.sha256(base.encode()).hexdigest()[:8]
    return f"{base[:limit - 9].rstrip('-')}-{suffix}"


ALB_NAME_MAX = 32  # CreateLoadBalancer Name; also CreateTargetGroup Name
BUCKET_NAME_MAX = 63


def task_grants(names: Any, tables: Mapping[str, bool] = {}, send_queues: Sequence[str] = (),  # noqa: B006 (read only)
                workflows: Sequence[str] = (), consume_queues: Sequence[str] = (), key_arns: Sequence[str] = ()) -> TaskGrants:
    """The task role's grants from a container's ``uses`` (planned ARNs from a ``ServiceNames``): tables key ->
    may write, queue keys it sends to, workflow keys it starts, and the queue its backlog scaling consumes."""
    return TaskGrants(
        tables={k: (names.table_arn(k), write) for k, write in tables.items()},
        send_queue_arns={k: names.queue_arn(names.queue(k)) for k in send_queues},
        consume_queue_arns={k: names.queue_arn(names.queue(k)) for k in consume_queues},
        start_workflow_arns={k: names.state_machine_arn(k) for k in workflows},
        key_arns=tuple(key_arns),
    )
