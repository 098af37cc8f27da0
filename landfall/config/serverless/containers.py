"""Container images and Fargate services of a service: ECR repositories, task sizes, scaling, the load balancer.

Three models, each with a ``problems(path, ...)`` that returns every problem with its full key path:

* :class:`RepositoryConfig`: an ECR repository (immutable tags, scan on push, lifecycle, cross-account pull).
* :class:`LoadBalancerConfig`: the internet-facing ALB in front of a service (HTTPS only, TLS 1.3 policy).
* :class:`ContainerServiceConfig`: one ECS Fargate service (task size, user, environment, scaling, schedule).

:func:`containers_problems` checks a service's ``repositories`` and ``containers`` together (references to
repositories, queues, tables and workflows), so the service model calls one function.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Any, Collection, Mapping, Optional

from pydantic import Field

from landfall.plan.fargate import (
    ACM_CERTIFICATE_ARN,
    FARGATE_CPUS,
    PARAMETER_ARN,
    SECRET_ARN,
    acm_certificate_region,
    cpus_for_memory,
    describe_memory,
    is_valid_task_size,
    looks_secret,
)
from landfall.plan.schedule import cron_problems, rate_problems
from landfall.plan.service_names import ServiceNames, wired_environment

from .. import limits as L
from ..base import StrictModel
from ..errors import Problem, format_path
from .common import DEFAULT_LOG_RETENTION_DAYS, NAME_PATTERN, _retention_problem
from .functions import UsesConfig

# --- defaults and limits (each one's reason is in its Field description too) ------------------------------

DEFAULT_KEEP_TAGGED = 20  # enough to roll back a few weeks of deploys
DEFAULT_EXPIRE_UNTAGGED_DAYS = 7  # untagged layers are failed or superseded pushes
DEFAULT_CPU = 256
DEFAULT_MEMORY_MB = 512
DEFAULT_PORT = 8080  # above 1024: a non-root user may bind it
DEFAULT_HEALTH_CHECK_PATH = "/health"
DEFAULT_USER = "1000:1000"
DEFAULT_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06"  # TLS 1.3 and 1.2, the ELB guide's recommended policy
DEFAULT_IDLE_TIMEOUT_S = 60  # the ALB default
MIN_IDLE_TIMEOUT_S, MAX_IDLE_TIMEOUT_S = 1, 4_000  # ALB idle_timeout.timeout_seconds
# landfall's own ceiling on a service's tasks, not an AWS quota: a runaway scale-out is a bill, and a service
# that needs more than 100 Fargate tasks should raise the cap deliberately.
MAX_TASKS = 100
MIN_CPU_TARGET, MAX_CPU_TARGET = 10, 90  # below 10 scales on noise, above 90 leaves no headroom for a spike
MAX_IMAGE_TAG = 128
IMAGE_TAG_PATTERN = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}\Z")  # the Docker/ECR tag grammar
ENV_NAME_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\Z")
ACCOUNT_ID_PATTERN = re.compile(r"^\d{12}\Z")
HEALTH_PATH_PATTERN = re.compile(r"^/[A-Za-z0-9/_.~%!$&'()*+,;=:@-]{0,1023}\Z")  # ALB health check path: 1-1024 characters
ROOT_USERS = {"root", "0"}


class Architecture(str, Enum):
    """ECS runtime platform CPU architecture."""

    ARM64 = "ARM64"  # Graviton: about 20% cheaper per vCPU-hour on Fargate; the Lambda functions are arm64 too
    X86_64 = "X86_64"


# --- ECR ------------------------------------------------------------------------------------------------


class RepositoryConfig(StrictModel):
    """An ECR repository: tags are immutable (ECR.2) and images KMS-encrypted, always."""

    scan_on_push: bool = Field(default=True, description="Basic scan of every pushed image (ECR.1). Default: true. Enhanced (Inspector) scanning is a registry-level setting, outside this model.")
    keep_tagged: int = Field(default=DEFAULT_KEEP_TAGGED, description=f"The lifecycle policy keeps this many most recent tagged images (ECR.3). Default: {DEFAULT_KEEP_TAGGED} (a few weeks of rollbacks). At least 1.")
    expire_untagged_days: int = Field(default=DEFAULT_EXPIRE_UNTAGGED_DAYS, description=f"Untagged images expire this many days after push (ECR.3). Default: {DEFAULT_EXPIRE_UNTAGGED_DAYS} (failed or superseded pushes). At least 1.")
    pull_accounts: list[str] = Field(default_factory=list, description="12-digit account ids that may pull (never push) cross-account. Default: none (only this account).")

    def problems(self, path: str, account_id: Optional[str] = None) -> list[Problem]:
        found: list[Problem] = []
        if not self.scan_on_push:
            found.append(Problem(f"{path}.scan_on_push", "ECR.1 needs image scanning on every repository", "leave scan_on_push at true", self.scan_on_push))
        if self.keep_tagged < 1:
            found.append(Problem(f"{path}.keep_tagged", "must keep at least 1 tagged image, or the running image could expire", f"use e.g. {DEFAULT_KEEP_TAGGED}", self.keep_tagged))
        if self.expire_untagged_days < 1:
            found.append(Problem(f"{path}.expire_untagged_days", "ECR lifecycle counts days from 1", f"use e.g. {DEFAULT_EXPIRE_UNTAGGED_DAYS}", self.expire_untagged_days))
        for i, account in enumerate(self.pull_accounts):
            where = format_path([f"{path}.pull_accounts", i])
            if not ACCOUNT_ID_PATTERN.match(account):
                found.append(Problem(where, "is not a 12-digit AWS account id", "quote it in YAML so leading zeros survive, e.g. '012345678901'", account))
            elif account == account_id:
                found.append(Problem(where, "is this repository's own account, which may pull already", "remove it", account))
        if len(set(self.pull_accounts)) != len(self.pull_accounts):
            found.append(Problem(f"{path}.pull_accounts", "lists an account more than once", "list each account once", self.pull_accounts))
        return found


# --- ALB ------------------------------------------------------------------------------------------------


class LoadBalancerConfig(StrictModel):
    """The internet-facing Application Load Balancer in front of a service: HTTPS only, HTTP redirects (ELB.1)."""

    certificate_arn: Optional[str] = Field(default=None, description="ACM certificate of the HTTPS listener, in the stack's Region. Required: there is no plain-HTTP listener to fall back to.")
    ssl_policy: str = Field(default=DEFAULT_SSL_POLICY, description=f"HTTPS listener security policy. Default: {DEFAULT_SSL_POLICY} (TLS 1.3 and 1.2 only, ELB.17). Must be a TLS13 policy that refuses TLS 1.0 and 1.1.")
    deletion_protection: Optional[bool] = Field(default=None, description="ELB.6. Default: on in production, off elsewhere (dev stacks can be torn down).")
    waf: Optional[bool] = Field(default=None, description="Put the ALB behind a regional WAF web ACL (ELB.16): the one the stack passes, else its own with AWS managed rules and a per-IP rate limit. Default: on in production, off elsewhere (a web ACL costs $5/month plus $1 per rule).")
    idle_timeout_s: int = Field(default=DEFAULT_IDLE_TIMEOUT_S, description=f"Seconds a connection may idle. Default: {DEFAULT_IDLE_TIMEOUT_S} (the ALB default). {MIN_IDLE_TIMEOUT_S}-{MAX_IDLE_TIMEOUT_S:,}.")

    def deletion_protection_enabled(self, production: bool) -> bool:
        return self.deletion_protection if self.deletion_protection is not None else production

    def waf_enabled(self, production: bool) -> bool:
        return self.waf if self.waf is not None else production

    def problems(self, path: str, production: bool, region: str) -> list[Problem]:
        found: list[Problem] = []
        arn = self.certificate_arn
        if arn is None:
            found.append(Problem(f"{path}.certificate_arn", "is required: the load balancer serves HTTPS only (HTTP redirects to it, ELB.1)",
                                 f"request or import a certificate in ACM in {region} and give its ARN, e.g. arn:aws:acm:{region}:123456789012:certificate/<id>"))
        elif not ACM_CERTIFICATE_ARN.match(arn):
            found.append(Problem(f"{path}.certificate_arn", "is not an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)", "copy the ARN from the ACM console", arn))
        elif acm_certificate_region(arn) != region:
            found.append(Problem(f"{path}.certificate_arn", f"is in {acm_certificate_region(arn)}, but a load balancer can only use an ACM certificate of its own Region ({region})",
                                 f"request or import the certificate in ACM in {region} (CloudFront alone uses us-east-1 certificates)", arn))
        policy = self.ssl_policy
        if not policy.startswith("ELBSecurityPolicy-TLS13-") or "-TLS13-1-0-" in policy or "-TLS13-1-1-" in policy:
            found.append(Problem(f"{path}.ssl_policy", "must be a TLS 1.3 security policy that refuses TLS 1.0 and 1.1 (ELB.17)", f"use {DEFAULT_SSL_POLICY}, or ELBSecurityPolicy-TLS13-1-3-2021-06 for TLS 1.3 only", policy))
        if production and self.deletion_protection is False:
            found.append(Problem(f"{path}.deletion_protection", "production load balancers keep deletion protection (ELB.6)", "remove deletion_protection", False))
        if production and self.waf is False:
            found.append(Problem(f"{path}.waf", "production load balancers are behind the WAF web ACL (ELB.16)", "remove waf", False))
        if not MIN_IDLE_TIMEOUT_S <= self.idle_timeout_s <= MAX_IDLE_TIMEOUT_S:
            found.append(Problem(f"{path}.idle_timeout_s", f"must be {MIN_IDLE_TIMEOUT_S}-{MAX_IDLE_TIMEOUT_S:,} seconds", f"use e.g. {DEFAULT_IDLE_TIMEOUT_S}", self.idle_timeout_s))
        return found


# --- ECS Fargate ------------------------------------------------------------------------------------------


class BacklogScalingConfig(StrictModel):
    """Target tracking on messages waiting per running task (SQS ApproximateNumberOfMessagesVisible / RunningTaskCount)."""

    queue: str = Field(description="Key of the service's queue the tasks consume; their role may receive and delete its messages.")
    messages_per_task: int = Field(description="Target backlog per task: (acceptable latency) / (time to process one message). At least 1.")


class ContainerServiceConfig(StrictModel):
    """One ECS Fargate service: a task definition, its roles and log group, scaling, and optionally an ALB and a
    schedule that runs extra tasks."""

    repository: str = Field(description="Key of the service's repositories holding the image.")
    image_tag: str = Field(description="Tag of the image to run (tags are immutable, so a tag is a version). 'latest' is refused: it cannot be pushed twice.")
    cpu: int = Field(default=DEFAULT_CPU, description=f"Task CPU units. Default: {DEFAULT_CPU} (a quarter vCPU). One of {', '.join(map(str, FARGATE_CPUS))}.")
    memory_mb: int = Field(default=DEFAULT_MEMORY_MB, description=f"Task memory in MiB. Default: {DEFAULT_MEMORY_MB}. Must be a size Fargate pairs with cpu (e.g. 256 takes 512, 1024 or 2048).")
    architecture: Architecture = Field(default=Architecture.ARM64, description="Default: ARM64 (Graviton is cheaper; build the image for linux/arm64).")
    port: int = Field(default=DEFAULT_PORT, description=f"Port the container listens on. Default: {DEFAULT_PORT} (a non-root user cannot bind ports below 1024). 1-65,535.")
    health_check_path: str = Field(default=DEFAULT_HEALTH_CHECK_PATH, description=f"Target group health check path. Default: {DEFAULT_HEALTH_CHECK_PATH}.")
    desired_count: Optional[int] = Field(default=None, description="Tasks at the first deploy (auto scaling owns the count afterwards). Default: min_tasks.")
    min_tasks: int = Field(default=1, description=f"Auto scaling floor. Default: 1. 1 <= min_tasks <= max_tasks <= {MAX_TASKS}; 2 or more spreads production over two AZs.")
    max_tasks: int = Field(default=1, description=f"Auto scaling ceiling. Default: 1 (no scaling). At most {MAX_TASKS} (landfall's cap, not an AWS quota).")
    cpu_target_percent: Optional[int] = Field(default=None, description=f"Target tracking on average CPU, percent. Default: none. {MIN_CPU_TARGET}-{MAX_CPU_TARGET}.")
    queue_backlog_per_task: Optional[BacklogScalingConfig] = Field(default=None, description="Target tracking on a queue's backlog per task. Default: none.")
    read_only_root_filesystem: bool = Field(default=True, description="ECS.5. Default: true (/tmp is a writable task volume). Only false with a reason: the image writes outside /tmp.")
    user: str = Field(default=DEFAULT_USER, description=f"uid[:gid] or name[:group] the container runs as. Default: {DEFAULT_USER} (non-root). root and 0 are refused.")
    environment: dict[str, str] = Field(default_factory=dict, description="Plain environment variables (readable by anyone who may DescribeTaskDefinition). Names that look like secrets are refused (ECS.8): use secrets. Default: none.")
    secrets: dict[str, str] = Field(default_factory=dict, description="Environment variable -> Secrets Manager secret ARN or SSM parameter ARN; ECS injects the value at start and the execution role may read only these. Default: none.")
    schedule: Optional[str] = Field(default=None, description="EventBridge cron(...) or rate(...) that runs one extra task (a job). Default: none. Not with event_pattern.")
    event_pattern: Optional[dict[str, Any]] = Field(default=None, description="EventBridge event pattern whose events each run one task. Default: none. Not with schedule.")
    log_retention_days: int = Field(default=DEFAULT_LOG_RETENTION_DAYS, description="Default: 365 (a year of evidence, CloudWatch.16; as the functions). One of CloudWatch's allowed values.")
    load_balancer: Optional[LoadBalancerConfig] = Field(default=None, description="Internet-facing ALB in the public subnets. Default: none (a worker: nothing connects to it).")
    uses: UsesConfig = Field(default_factory=UsesConfig, description="Tables, queues and workflows of this service the tasks use; the task role allows only these. Default: none.")

    @property
    def initial_count(self) -> int:
        return self.desired_count if self.desired_count is not None else self.min_tasks

    def deployed_environment(self, names: ServiceNames) -> dict[str, str]:
        """The plain environment the container gets: the names of what it uses (<KEY>_TABLE, <KEY>_QUEUE_URL,
        <KEY>_STATE_MACHINE_ARN, as the functions get them), then the config's own variables (which win)."""
        uses = self.uses
        queues = list(dict.fromkeys([*uses.queues, *([self.queue_backlog_per_task.queue] if self.queue_backlog_per_task else [])]))
        return {"SERVICE_NAME": names.service, **wired_environment(names, list(uses.tables), queues, uses.workflows), **self.environment}

    def problems(self, path: str, production: bool, region: str, queues: Collection[str] = ()) -> list[Problem]:
        found: list[Problem] = []
        found += self._size_problems(path)
        if not IMAGE_TAG_PATTERN.match(self.image_tag):
            found.append(Problem(f"{path}.image_tag", f"is not a Docker tag (letters, digits, '_', '.', '-'; at most {MAX_IMAGE_TAG}, not starting with '.' or '-')", "use a version or a commit sha, e.g. 1.4.2 or 3f2c1ab", self.image_tag))
        elif self.image_tag == "latest":
            found.append(Problem(f"{path}.image_tag", "repositories are tag-immutable (ECR.2), so 'latest' can be pushed once and never moves", "tag each build with its version or commit sha and deploy that tag", self.image_tag))
        if not 1 <= self.port <= 65_535:
            found.append(Problem(f"{path}.port", "must be 1-65,535", f"use e.g. {DEFAULT_PORT}", self.port))
        if not HEALTH_PATH_PATTERN.match(self.health_check_path):
            found.append(Problem(f"{path}.health_check_path", "must be a URL path starting with / (at most 1,024 characters)", f"e.g. {DEFAULT_HEALTH_CHECK_PATH}", self.health_check_path))
        found += self._scaling_problems(path, queues)
        if not self.read_only_root_filesystem:
            found.append(Problem(f"{path}.read_only_root_filesystem", "ECS.5 needs a read-only root filesystem", "write only to /tmp (a task volume landfall mounts) and leave this at true", False))
        found += self._user_problems(path)
        found += self._environment_problems(path)
        found += self._trigger_problems(path)
        if self.log_retention_days not in L.CLOUDWATCH_LOG_RETENTION_DAYS:
            found.append(_retention_problem(f"{path}.log_retention_days", self.log_retention_days))
        if self.load_balancer is not None:
            found += self.load_balancer.problems(f"{path}.load_balancer", production, region)
            if production and self.min_tasks < 2:
                found.append(Problem(f"{path}.min_tasks", "a production service behind a load balancer needs at least 2 tasks, so one Availability Zone can fail", "set min_tasks: 2", self.min_tasks))
        return found

    def _size_problems(self, path: str) -> list[Problem]:
        if self.cpu not in FARGATE_CPUS:
            return [Problem(f"{path}.cpu", f"is not a Fargate CPU size ({', '.join(map(str, FARGATE_CPUS))} units)", "use e.g. 256 (a quarter vCPU) or 1024 (one vCPU)", self.cpu)]
        if is_valid_task_size(self.cpu, self.memory_mb):
            return []
        others = cpus_for_memory(self.memory_mb)
        hint = f", or cpu {' or '.join(map(str, others))} for {self.memory_mb} MiB" if others else ""
        return [Problem(f"{path}.memory_mb", f"Fargate does not pair {self.memory_mb} MiB with cpu {self.cpu}; cpu {self.cpu} takes {describe_memory(self.cpu)}",
                        f"use a memory size from that list{hint}", self.memory_mb)]

    def _scaling_problems(self, path: str, queues: Collection[str]) -> list[Problem]:
        found: list[Problem] = []
        if not 1 <= self.min_tasks <= MAX_TASKS:
            found.append(Problem(f"{path}.min_tasks", f"must be 1-{MAX_TASKS}", "use 1, or 2 to spread over two Availability Zones", self.min_tasks))
        if not 1 <= self.max_tasks <= MAX_TASKS:
            found.append(Problem(f"{path}.max_tasks", f"must be 1-{MAX_TASKS} (landfall's cap on a service's tasks)", f"use at most {MAX_TASKS}", self.max_tasks))
        if self.min_tasks > self.max_tasks:
            found.append(Problem(f"{path}.max_tasks", f"is below min_tasks ({self.min_tasks}); auto scaling needs min_tasks <= max_tasks", f"raise max_tasks to at least {self.min_tasks}, or lower min_tasks", self.max_tasks))
        if self.desired_count is not None and not self.min_tasks <= self.desired_count <= self.max_tasks:
            found.append(Problem(f"{path}.desired_count", f"must lie between min_tasks ({self.min_tasks}) and max_tasks ({self.max_tasks}); auto scaling would move it at once", "remove desired_count (it defaults to min_tasks)", self.desired_count))
        target = self.cpu_target_percent
        if target is not None and not MIN_CPU_TARGET <= target <= MAX_CPU_TARGET:
            found.append(Problem(f"{path}.cpu_target_percent", f"must be {MIN_CPU_TARGET}-{MAX_CPU_TARGET} percent", "use e.g. 60", target))
        backlog = self.queue_backlog_per_task
        if backlog is not None:
            if backlog.queue not in queues:
                known = ", ".join(sorted(queues)) or "none declared"
                found.append(Problem(f"{path}.queue_backlog_per_task.queue", "names no queue of this service", f"use one of {known}, or add it under queues", backlog.queue))
            if backlog.messages_per_task < 1:
                found.append(Problem(f"{path}.queue_backlog_per_task.messages_per_task", "must be at least 1", "use (acceptable latency) / (seconds per message), e.g. 100", backlog.messages_per_task))
        if self.max_tasks > self.min_tasks and target is None and backlog is None:
            found.append(Problem(f"{path}.max_tasks", f"is above min_tasks ({self.min_tasks}) but nothing scales the service", "add cpu_target_percent (e.g. 60) or queue_backlog_per_task, or set max_tasks to min_tasks", self.max_tasks))
        return found

    def _user_problems(self, path: str) -> list[Problem]:
        user, _, group = self.user.partition(":")
        if not user or (self.user.count(":") > 1) or (":" in self.user and not group):
            return [Problem(f"{path}.user", "must be user, user:group, uid or uid:gid", f"use e.g. {DEFAULT_USER}", self.user)]
        if user in ROOT_USERS:
            return [Problem(f"{path}.user", "runs the container as root; a compromised process would own the whole task", f"run as a non-root user created in the image, e.g. {DEFAULT_USER} (USER 1000:1000 in the Dockerfile)", self.user)]
        return []

    def _environment_problems(self, path: str) -> list[Problem]:
        found: list[Problem] = []
        for name in self.environment:
            where = f"{path}.environment.{name}"
            if not ENV_NAME_PATTERN.match(name):
                found.append(Problem(where, "environment variable names start with a letter or _ and hold only letters, digits and _", "rename it, e.g. ORDERS_URL", name))
            elif looks_secret(name):
                found.append(Problem(where, "looks like a secret; plain environment variables are visible to anyone who may describe the task definition (ECS.8)",
                                     f"store the value in Secrets Manager or Parameter Store and list it under secrets: {{{name}: <secret ARN>}}", name))
        for name, arn in self.secrets.items():
            where = f"{path}.secrets.{name}"
            if not ENV_NAME_PATTERN.match(name):
                found.append(Problem(where, "environment variable names start with a letter or _ and hold only letters, digits and _", "rename it, e.g. DB_PASSWORD", name))
            if not (SECRET_ARN.match(arn) or PARAMETER_ARN.match(arn)):
                found.append(Problem(where, "is not a Secrets Manager secret ARN or an SSM parameter ARN", "e.g. arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders/db-AbCdEf", arn))
            if name in self.environment:
                found.append(Problem(where, "is also a plain environment variable; ECS refuses a name defined twice", "keep it in one of environment and secrets", name))
        return found

    def _trigger_problems(self, path: str) -> list[Problem]:
        found: list[Problem] = []
        if self.schedule is not None and self.event_pattern is not None:
            found.append(Problem(f"{path}.event_pattern", "a container service has one trigger rule: schedule or event_pattern, not both", "keep one; declare a second container service for the other trigger", self.event_pattern))
        if self.schedule is not None:
            expression = self.schedule
            if expression.startswith("rate("):
                reasons = rate_problems(expression)
            elif expression.startswith("cron("):
                reasons = cron_problems(expression)
            else:
                reasons = ["must start with cron( or rate("]
            if reasons:
                found.append(Problem(f"{path}.schedule", "is not a valid EventBridge schedule: " + "; ".join(reasons), "e.g. cron(0 2 * * ? *) for 02:00 UTC daily, or rate(15 minutes)", expression))
        if self.event_pattern is not None and not self.event_pattern:
            found.append(Problem(f"{path}.event_pattern", "an empty pattern matches nothing EventBridge accepts", "give at least source or detail-type, e.g. {source: [aws.s3]}", self.event_pattern))
        return found


def containers_problems(base: str, repositories: Mapping[str, RepositoryConfig], containers: Mapping[str, ContainerServiceConfig],
                        production: bool, region: str, queues: Collection[str] = (), tables: Collection[str] = (),
                        workflows: Collection[str] = (), account_id: Optional[str] = None) -> list[Problem]:
    """Every problem of a service's ``repositories`` and ``containers`` (``base`` is ``landfall:services.<name>``)."""
    found: list[Problem] = []
    for key, repository in repositories.items():
        where = f"{base}.repositories.{key}"
        if not NAME_PATTERN.match(key):
            found.append(Problem(where, "names are 1-40 lowercase letters, digits, '_' or '-', starting with a letter", "rename the key, e.g. web", key))
        found += repository.problems(where, account_id)
    for key, container in containers.items():
        where = f"{base}.containers.{key}"
        if not NAME_PATTERN.match(key):
            found.append(Problem(where, "names are 1-40 lowercase letters, digits, '_' or '-', starting with a letter", "rename the key, e.g. web", key))
        if container.repository not in repositories:
            known = ", ".join(sorted(repositories)) or "none declared"
            found.append(Problem(f"{where}.repository", "names no repository of this service", f"use one of {known}, or add it under repositories", container.repository))
        found += container.problems(where, production, region, queues)
        uses = container.uses
        for kind, refs, declared in (("tables", list(uses.tables), tables), ("queues", uses.queues, queues), ("workflows", uses.workflows, workflows)):
            for i, ref in enumerate(refs):
                if ref not in declared:
                    at = f"{where}.uses.{kind}.{ref}" if kind == "tables" else format_path([f"{where}.uses.{kind}", i])
                    known = ", ".join(sorted(declared)) or "none declared"
                    found.append(Problem(at, f"names no {kind[:-1]} of this service", f"use one of {known}, or add it under {kind}", ref))
    return found
