"""Container controls: ECR repositories, ECS clusters, task definitions, services and task sets, and the
load balancers (ELBv2) in front of them.

Cross-resource matches (a lifecycle policy to its repository, a WAF association to its load balancer) compare a
reference with the target's id, its `name` input and, for ARNs, the id as the ARN's last path segment: in AWS a
load balancer's id is its ARN, and the offline preview's mock ARNs end in `/<id>`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .core import Rule, StackRule, as_list, by_type, get, inputs, is_map, is_production, parse_json

REPOSITORY = "aws:ecr/repository:Repository"
LIFECYCLE_POLICY = "aws:ecr/lifecyclePolicy:LifecyclePolicy"
CLUSTER = "aws:ecs/cluster:Cluster"
TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition"
SERVICE = "aws:ecs/service:Service"
TASK_SET = "aws:ecs/taskSet:TaskSet"
LOAD_BALANCERS = ("aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer")
LISTENERS = ("aws:lb/listener:Listener", "aws:alb/listener:Listener")
WEB_ACL_ASSOCIATION = "aws:wafv2/webAclAssociation:WebAclAssociation"

# ECS.8: the keys the Security Hub control looks for (its `secretKeys` parameter), plus name patterns that say a
# value is a credential. Names that only point at a secret (an ARN, a parameter name, a file path) are fine.
AWS_SECRET_KEYS = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "ECS_ENGINE_AUTH_DATA")
SECRET_NAME = re.compile(r"PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL")
REFERENCE_SUFFIXES = ("_ARN", "_NAME", "_PATH", "_PARAMETER", "_FILE", "_URL")
CONTAINER_INSIGHTS_ON = ("enabled", "enhanced")


def _keys(record: Mapping) -> set[str]:
    """The values another resource may use to name this one: id, name input, logical name."""
    return {str(k) for k in (record.get("id"), get(inputs(record), "name"), record.get("name")) if k}


def depends_on(record: Mapping, target: Mapping) -> bool:
    """The offline inventory lists the URNs a resource's inputs came from (CrossGuard records carry none)."""
    return target.get("urn") in as_list(record.get("dependencies"))


def _refers_to(value, record: Mapping) -> bool:
    """A reference (id, name or ARN) names the record."""
    if not isinstance(value, str) or not value:
        return False
    keys = _keys(record)
    return value in keys or any(value.endswith("/" + k) for k in keys if k == record.get("id"))


# ---- ECR -----------------------------------------------------------------------------------------

def check_scan_on_push(record: Mapping) -> list[str]:
    if get(inputs(record), "imageScanningConfiguration", "scanOnPush") is True:
        return []
    return ["ECR.1: imageScanningConfiguration.scanOnPush is not true; scan every image when it is pushed"]


def check_tag_immutability(record: Mapping) -> list[str]:
    mutability = get(inputs(record), "imageTagMutability", default="MUTABLE")
    if mutability == "IMMUTABLE":
        return []
    return [f"ECR.2: imageTagMutability is {mutability}; set IMMUTABLE so a pushed tag can never point at another image"]


def check_repository_lifecycle(records: list, context: dict) -> list[tuple[str, str]]:
    policies = [p for p in by_type(records, LIFECYCLE_POLICY) if get(inputs(p), "policy")]
    return [(r["urn"], f"ECR.3: the repository {r.get('name')} has no lifecycle policy; add an {LIFECYCLE_POLICY} "
                       "that expires old images")
            for r in by_type(records, REPOSITORY)
            if not any(_refers_to(get(inputs(p), "repository"), r) or depends_on(p, r) for p in policies)]


# ---- ECS -----------------------------------------------------------------------------------------

def check_container_insights(record: Mapping) -> list[str]:
    settings = {str(get(s, "name")): str(get(s, "value", default="")) for s in as_list(get(inputs(record), "settings"))
                if is_map(s)}
    value = settings.get("containerInsights")
    if value in CONTAINER_INSIGHTS_ON:
        return []
    return [f"ECS.12: Container Insights is {value or 'not set'}; add the setting containerInsights = enabled"]


def check_no_public_ip(record: Mapping) -> list[str]:
    if get(inputs(record), "networkConfiguration", "assignPublicIp") is not True:
        return []
    if record.get("type") == TASK_SET:
        return ["ECS.16: the task set assigns public IP addresses; set networkConfiguration.assignPublicIp to false"]
    return ["ECS.2: the service assigns public IP addresses; set networkConfiguration.assignPublicIp to false "
            "(tasks reach the internet through the NAT gateway)"]


def containers(record: Mapping) -> list[Mapping]:
    """The container definitions of a task definition (a JSON string on the wire)."""
    value = get(inputs(record), "containerDefinitions")
    parsed = parse_json(value) if isinstance(value, str) else value
    return [c for c in as_list(parsed) if is_map(c)]


def _container_label(index: int, container: Mapping) -> str:
    return str(container.get("name") or f"#{index}")


def check_no_host_pid(record: Mapping) -> list[str]:
    if get(inputs(record), "pidMode") != "host":
        return []
    return ["ECS.3: pidMode is host; containers must not share the host's process namespace (leave pidMode unset or task)"]


def check_not_privileged(record: Mapping) -> list[str]:
    return [f"ECS.4: container {_container_label(i, c)} is privileged; remove privileged: true"
            for i, c in enumerate(containers(record)) if c.get("privileged") is True]


def check_read_only_root(record: Mapping) -> list[str]:
    return [f"ECS.5: container {_container_label(i, c)} can write to its root filesystem; set readonlyRootFilesystem "
            "to true (mount a volume where it must write)"
            for i, c in enumerate(containers(record)) if c.get("readonlyRootFilesystem") is not True]


def check_logging(record: Mapping) -> list[str]:
    return [f"ECS.9: container {_container_label(i, c)} has no logConfiguration; send its output to CloudWatch Logs "
            "(logDriver awslogs)"
            for i, c in enumerate(containers(record)) if not get(c, "logConfiguration", "logDriver")]


def is_secret_name(name: str) -> bool:
    upper = name.upper()
    if upper in AWS_SECRET_KEYS:
        return True
    return bool(SECRET_NAME.search(upper)) and not upper.endswith(REFERENCE_SUFFIXES)


def check_no_secrets_in_environment(record: Mapping) -> list[str]:
    messages = []
    for index, container in enumerate(containers(record)):
        names = sorted({str(get(v, "name")) for v in as_list(container.get("environment"))
                        if is_map(v) and is_secret_name(str(get(v, "name", default="")))})
        if names:
            messages.append(f"ECS.8: container {_container_label(index, container)} passes {', '.join(names)} as plain "
                            "environment variables; pass them as secrets (valueFrom a Secrets Manager secret or "
                            "SecureString parameter)")
    return messages


# ---- ELBv2 ---------------------------------------------------------------------------------------

def is_application(record: Mapping) -> bool:
    return get(inputs(record), "loadBalancerType", default="application") == "application"


def check_drop_invalid_headers(record: Mapping) -> list[str]:
    if not is_application(record) or get(inputs(record), "dropInvalidHeaderFields") is True:
        return []
    return ["ELB.4: dropInvalidHeaderFields is not true; the load balancer must drop invalid HTTP header fields"]


def check_access_logs(record: Mapping) -> list[str]:
    if not is_application(record):
        return []
    logs = get(inputs(record), "accessLogs")
    if get(logs, "enabled") is True and get(logs, "bucket"):
        return []
    return ["ELB.5: access logging is off; set accessLogs with enabled true and the log-archive bucket"]


def check_desync_mitigation(record: Mapping) -> list[str]:
    mode = get(inputs(record), "desyncMitigationMode", default="defensive")  # the AWS default
    if not is_application(record) or mode in ("defensive", "strictest"):
        return []
    return [f"ELB.12: desyncMitigationMode is {mode}; use defensive (the default) or strictest"]


def _redirects_to_https(action) -> bool:
    return is_map(action) and get(action, "type") == "redirect" and get(action, "redirect", "protocol") == "HTTPS"


def check_http_redirect(record: Mapping) -> list[str]:
    props = inputs(record)
    protocol = get(props, "protocol", default="HTTP")  # an ALB listener defaults to HTTP
    if protocol != "HTTP":
        return []
    actions = as_list(get(props, "defaultActions"))
    if actions and all(_redirects_to_https(a) for a in actions):
        return []
    return [f"ELB.1: the HTTP listener on port {get(props, 'port', default='80')} does not redirect to HTTPS; make its "
            "default action a redirect with protocol HTTPS"]


def check_deletion_protection(records: list, context: dict) -> list[tuple[str, str]]:
    return [(lb["urn"], f"ELB.6: the production load balancer {lb.get('name')} has no deletion protection; set "
                        "enableDeletionProtection to true")
            for lb in by_type(records, *LOAD_BALANCERS) if get(inputs(lb), "enableDeletionProtection") is not True]


def check_waf(records: list, context: dict) -> list[tuple[str, str]]:
    associations = by_type(records, WEB_ACL_ASSOCIATION)
    protected = [get(inputs(a), "resourceArn") for a in associations]
    found = []
    for lb in by_type(records, *LOAD_BALANCERS):
        if not is_application(lb):
            continue
        name = get(inputs(lb), "name")
        by_name = re.compile(r"arn:[a-z-]+:elasticloadbalancing:[a-z0-9-]*:\d*:loadbalancer/app/" +
                             re.escape(str(name)) + "/") if name else None
        if not any(_refers_to(arn, lb) or (by_name and isinstance(arn, str) and by_name.match(arn)) for arn in protected) \
                and not any(depends_on(a, lb) for a in associations):
            found.append((lb["urn"], f"ELB.16: the production load balancer {lb.get('name')} has no WAF web ACL; add an "
                                     f"{WEB_ACL_ASSOCIATION} with its ARN as resourceArn"))
    return found


RULES = (
    Rule("ecr-scan-on-push", ("ECR.1",), "Repositories scan images on push.", (REPOSITORY,), check_scan_on_push),
    Rule("ecr-tag-immutability", ("ECR.2",), "Repositories have immutable tags.", (REPOSITORY,),
         check_tag_immutability),
    Rule("ecs-container-insights", ("ECS.12",), "Clusters have Container Insights enabled.", (CLUSTER,),
         check_container_insights),
    Rule("ecs-no-public-ip", ("ECS.2", "ECS.16"), "Services and task sets do not assign public IP addresses.",
         (SERVICE, TASK_SET), check_no_public_ip),
    Rule("ecs-no-host-pid", ("ECS.3",), "Task definitions do not share the host's process namespace.",
         (TASK_DEFINITION,), check_no_host_pid),
    Rule("ecs-not-privileged", ("ECS.4",), "No container runs privileged.", (TASK_DEFINITION,), check_not_privileged),
    Rule("ecs-read-only-root", ("ECS.5",), "Every container has a read-only root filesystem.", (TASK_DEFINITION,),
         check_read_only_root),
    Rule("ecs-no-secrets-in-environment", ("ECS.8",),
         "No container passes AWS keys or credential-named variables as plain environment variables.",
         (TASK_DEFINITION,), check_no_secrets_in_environment),
    Rule("ecs-container-logging", ("ECS.9",), "Every container has a log configuration.", (TASK_DEFINITION,),
         check_logging),
    Rule("elb-http-to-https", ("ELB.1",), "HTTP listeners only redirect to HTTPS.", LISTENERS, check_http_redirect),
    Rule("elb-drop-invalid-headers", ("ELB.4",), "Application load balancers drop invalid header fields.",
         LOAD_BALANCERS, check_drop_invalid_headers),
    Rule("elb-access-logs", ("ELB.5",), "Application load balancers write access logs to S3.", LOAD_BALANCERS,
         check_access_logs),
    Rule("elb-desync-mitigation", ("ELB.12",), "Application load balancers use defensive or strictest desync mitigation.",
         LOAD_BALANCERS, check_desync_mitigation),
)

STACK_RULES = (
    StackRule("ecr-lifecycle-policy", ("ECR.3",), "Every repository has a lifecycle policy.",
              check_repository_lifecycle),
    StackRule("elb-deletion-protection", ("ELB.6",), "Production load balancers have deletion protection.",
              check_deletion_protection, applies=is_production, context_keys=("production",)),
    StackRule("elb-waf", ("ELB.16",), "Every production application load balancer is associated with a WAF web ACL.",
              check_waf, applies=is_production, context_keys=("production",)),
)
