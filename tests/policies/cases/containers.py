"""ECR, ECS and ELBv2 rules: passing, failing (exact messages) and not-applicable fixtures."""

from __future__ import annotations

import json

from .records import NONPROD, PROD, QUEUE, Case, StackCase, rec

REPOSITORY = "aws:ecr/repository:Repository"
LIFECYCLE = "aws:ecr/lifecyclePolicy:LifecyclePolicy"
CLUSTER = "aws:ecs/cluster:Cluster"
TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition"
SERVICE = "aws:ecs/service:Service"
TASK_SET = "aws:ecs/taskSet:TaskSet"
LB = "aws:lb/loadBalancer:LoadBalancer"
LISTENER = "aws:lb/listener:Listener"
WAF_ASSOCIATION = "aws:wafv2/webAclAssociation:WebAclAssociation"
EXPIRE = json.dumps({"rules": [{"rulePriority": 1, "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed",
                                                                 "countUnit": "days", "countNumber": 14},
                                "action": {"type": "expire"}}]})

LOGS = {"logDriver": "awslogs", "options": {"awslogs-group": "/landfall/web", "awslogs-region": "eu-west-1",
                                           "awslogs-stream-prefix": "web"}}
SAFE_CONTAINER = {"name": "web", "image": "web:1", "readonlyRootFilesystem": True, "logConfiguration": LOGS,
                  "environment": [{"name": "DB_SECRET_ARN", "value": "arn:aws:secretsmanager:eu-west-1:1:secret:db"},
                                  {"name": "LOG_LEVEL", "value": "info"}],
                  "secrets": [{"name": "DB_PASSWORD", "valueFrom": "arn:aws:secretsmanager:eu-west-1:1:secret:db"}]}


def task_definition(*containers: dict, **extra) -> dict:
    return rec(TASK_DEFINITION, "web", {"family": "web", "containerDefinitions": json.dumps(list(containers)), **extra})


def alb(name: str = "web", **props) -> dict:
    return rec(LB, name, {"name": name, "loadBalancerType": "application", **props}, id=f"{name}-0a1b2c3d")


def listener(protocol: str | None, *actions: dict, port: int = 80) -> dict:
    props = {"port": port, "defaultActions": list(actions), **({"protocol": protocol} if protocol else {})}
    return rec(LISTENER, f"web-{port}", props)


REDIRECT = {"type": "redirect", "redirect": {"protocol": "HTTPS", "port": "443", "statusCode": "HTTP_301"}}
FORWARD = {"type": "forward", "targetGroupArn": "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/web/1"}


RESOURCE_CASES = [
    Case("ecr-scan-on-push",
         passes=[rec(REPOSITORY, "web", {"imageScanningConfiguration": {"scanOnPush": True}})],
         fails=[(rec(REPOSITORY, "web", {}),
                 ["ECR.1: imageScanningConfiguration.scanOnPush is not true; scan every image when it is pushed"])],
         not_applicable=[rec(LIFECYCLE, "web", {"repository": "web"})]),
    Case("ecr-tag-immutability",
         passes=[rec(REPOSITORY, "web", {"imageTagMutability": "IMMUTABLE"})],
         fails=[(rec(REPOSITORY, "web", {}),
                 ["ECR.2: imageTagMutability is MUTABLE; set IMMUTABLE so a pushed tag can never point at another image"]),
                (rec(REPOSITORY, "web", {"imageTagMutability": "IMMUTABLE_WITH_EXCLUSION"}),
                 ["ECR.2: imageTagMutability is IMMUTABLE_WITH_EXCLUSION; set IMMUTABLE so a pushed tag can never point "
                  "at another image"])],
         not_applicable=[rec(QUEUE, "q", {})]),
    Case("ecs-container-insights",
         passes=[rec(CLUSTER, "apps", {"settings": [{"name": "containerInsights", "value": "enabled"}]}),
                 rec(CLUSTER, "apps2", {"settings": [{"name": "containerInsights", "value": "enhanced"}]})],
         fails=[(rec(CLUSTER, "apps", {}),
                 ["ECS.12: Container Insights is not set; add the setting containerInsights = enabled"]),
                (rec(CLUSTER, "apps", {"settings": [{"name": "containerInsights", "value": "disabled"}]}),
                 ["ECS.12: Container Insights is disabled; add the setting containerInsights = enabled"])],
         not_applicable=[rec(SERVICE, "web", {})]),
    Case("ecs-no-public-ip",
         passes=[rec(SERVICE, "web", {"networkConfiguration": {"assignPublicIp": False, "subnets": ["subnet-a"]}}),
                 rec(SERVICE, "web2", {"networkConfiguration": {"subnets": ["subnet-a"]}}),
                 rec(TASK_SET, "blue", {"networkConfiguration": {"subnets": ["subnet-a"]}})],
         fails=[(rec(SERVICE, "web", {"networkConfiguration": {"assignPublicIp": True}}),
                 ["ECS.2: the service assigns public IP addresses; set networkConfiguration.assignPublicIp to false "
                  "(tasks reach the internet through the NAT gateway)"]),
                (rec(TASK_SET, "blue", {"networkConfiguration": {"assignPublicIp": True}}),
                 ["ECS.16: the task set assigns public IP addresses; set networkConfiguration.assignPublicIp to false"])],
         not_applicable=[rec("aws:ec2/instance:Instance", "i", {"associatePublicIpAddress": True})]),
    Case("ecs-no-host-pid",
         passes=[task_definition(SAFE_CONTAINER), task_definition(SAFE_CONTAINER, pidMode="task")],
         fails=[(task_definition(SAFE_CONTAINER, pidMode="host"),
                 ["ECS.3: pidMode is host; containers must not share the host's process namespace (leave pidMode "
                  "unset or task)"])],
         not_applicable=[rec(SERVICE, "web", {"pidMode": "host"})]),
    Case("ecs-not-privileged",
         passes=[task_definition(SAFE_CONTAINER, {**SAFE_CONTAINER, "name": "sidecar", "privileged": False})],
         fails=[(task_definition(SAFE_CONTAINER, {**SAFE_CONTAINER, "name": "agent", "privileged": True}),
                 ["ECS.4: container agent is privileged; remove privileged: true"])],
         not_applicable=[rec(SERVICE, "web", {})]),
    Case("ecs-read-only-root",
         passes=[task_definition(SAFE_CONTAINER)],
         fails=[(task_definition({"name": "web", "image": "web:1"}, {"image": "x:1", "readonlyRootFilesystem": False},
                                 SAFE_CONTAINER),
                 ["ECS.5: container web can write to its root filesystem; set readonlyRootFilesystem to true (mount a "
                  "volume where it must write)",
                  "ECS.5: container #1 can write to its root filesystem; set readonlyRootFilesystem to true (mount a "
                  "volume where it must write)"])],
         not_applicable=[rec(CLUSTER, "apps", {})]),
    Case("ecs-no-secrets-in-environment",
         passes=[task_definition(SAFE_CONTAINER),
                 task_definition({**SAFE_CONTAINER, "environment": [{"name": "TOKEN_URL", "value": "https://idp/token"},
                                                                    {"name": "API_KEY_PARAMETER", "value": "/app/key"}]})],
         fails=[(task_definition({**SAFE_CONTAINER, "environment": [
                     {"name": "AWS_SECRET_ACCESS_KEY", "value": "x"}, {"name": "AWS_ACCESS_KEY_ID", "value": "AKIA"},
                     {"name": "LOG_LEVEL", "value": "info"}]},
                     {**SAFE_CONTAINER, "name": "worker", "environment": [
                         {"name": "db_password", "value": "hunter2"}, {"name": "STRIPE_API_KEY", "value": "sk"}]}),
                 ["ECS.8: container web passes AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY as plain environment variables; "
                  "pass them as secrets (valueFrom a Secrets Manager secret or SecureString parameter)",
                  "ECS.8: container worker passes STRIPE_API_KEY, db_password as plain environment variables; pass them "
                  "as secrets (valueFrom a Secrets Manager secret or SecureString parameter)"])],
         not_applicable=[rec("aws:lambda/function:Function", "f", {"environment": {"variables": {"DB_PASSWORD": "x"}}})]),
    Case("ecs-container-logging",
         passes=[task_definition(SAFE_CONTAINER)],
         fails=[(task_definition(SAFE_CONTAINER, {"name": "sidecar", "image": "x:1"},
                                 {"name": "agent", "image": "y:1", "logConfiguration": {"options": {}}}),
                 ["ECS.9: container sidecar has no logConfiguration; send its output to CloudWatch Logs (logDriver awslogs)",
                  "ECS.9: container agent has no logConfiguration; send its output to CloudWatch Logs (logDriver awslogs)"])],
         not_applicable=[rec(SERVICE, "web", {})]),
    Case("elb-http-to-https",
         passes=[listener("HTTP", REDIRECT), listener("HTTPS", FORWARD, port=443), listener("TCP", FORWARD, port=5432)],
         fails=[(listener("HTTP", FORWARD),
                 ["ELB.1: the HTTP listener on port 80 does not redirect to HTTPS; make its default action a redirect "
                  "with protocol HTTPS"]),
                (listener(None, {"type": "redirect", "redirect": {"protocol": "HTTP", "port": "8080"}}, port=8000),
                 ["ELB.1: the HTTP listener on port 8000 does not redirect to HTTPS; make its default action a redirect "
                  "with protocol HTTPS"])],
         not_applicable=[alb()]),
    Case("elb-drop-invalid-headers",
         passes=[alb(dropInvalidHeaderFields=True), rec(LB, "nlb", {"loadBalancerType": "network"})],
         fails=[(alb(), ["ELB.4: dropInvalidHeaderFields is not true; the load balancer must drop invalid HTTP header "
                         "fields"]),
                (rec(LB, "default-type", {"dropInvalidHeaderFields": False}),
                 ["ELB.4: dropInvalidHeaderFields is not true; the load balancer must drop invalid HTTP header fields"])],
         not_applicable=[listener("HTTP", REDIRECT)]),
    Case("elb-access-logs",
         passes=[alb(accessLogs={"enabled": True, "bucket": "log-archive-elb", "prefix": "web"}),
                 rec(LB, "nlb", {"loadBalancerType": "network"})],
         fails=[(alb(), ["ELB.5: access logging is off; set accessLogs with enabled true and the log-archive bucket"]),
                (alb(accessLogs={"enabled": False, "bucket": "log-archive-elb"}),
                 ["ELB.5: access logging is off; set accessLogs with enabled true and the log-archive bucket"])],
         not_applicable=[rec(WAF_ASSOCIATION, "waf", {"resourceArn": "arn"})]),
    Case("elb-desync-mitigation",
         passes=[alb(), alb(desyncMitigationMode="strictest"), rec(LB, "nlb", {"loadBalancerType": "network"})],
         fails=[(alb(desyncMitigationMode="monitor"),
                 ["ELB.12: desyncMitigationMode is monitor; use defensive (the default) or strictest"])],
         not_applicable=[listener("HTTPS", FORWARD, port=443)]),
]


def lb_arn(lb: dict) -> str:
    return f"arn:aws:lb:eu-west-1:111111111111:loadbalancer/{lb['id']}"  # the offline preview's mock ARN shape


STACK_CASES = [
    StackCase("ecr-lifecycle-policy",
              passes=[([rec(REPOSITORY, "web", {"name": "orders-web"}), rec(LIFECYCLE, "web", {"repository": "orders-web",
                                                                                               "policy": EXPIRE})], NONPROD),
                      ([rec(REPOSITORY, "api", {}, id="api"), rec(LIFECYCLE, "api", {"repository": "api", "policy": EXPIRE})],
                       NONPROD),
                      ([rec(REPOSITORY, "jobs", {}),
                        {**rec(LIFECYCLE, "jobs", {"repository": "unknown", "policy": EXPIRE}),
                         "dependencies": [rec(REPOSITORY, "jobs")["urn"]]}], NONPROD)],
              fails=[([rec(REPOSITORY, "web", {"name": "orders-web"}), rec(REPOSITORY, "api", {"name": "orders-api"}),
                       rec(LIFECYCLE, "web", {"repository": "orders-web", "policy": EXPIRE})], NONPROD,
                      [(rec(REPOSITORY, "api")["urn"], "ECR.3: the repository api has no lifecycle policy; add an "
                                                       "aws:ecr/lifecyclePolicy:LifecyclePolicy that expires old images")])],
              not_applicable=[([rec(LIFECYCLE, "orphan", {"repository": "gone", "policy": EXPIRE})], NONPROD),
                              ([rec(REPOSITORY, "component", {}, custom=False)], NONPROD)]),
    StackCase("elb-deletion-protection",
              passes=[([alb(enableDeletionProtection=True)], PROD)],
              fails=[([alb(), rec(LB, "nlb", {"loadBalancerType": "network"})], PROD,
                      [(alb()["urn"], "ELB.6: the production load balancer web has no deletion protection; set "
                                      "enableDeletionProtection to true"),
                       (rec(LB, "nlb")["urn"], "ELB.6: the production load balancer nlb has no deletion protection; set "
                                               "enableDeletionProtection to true")])],
              not_applicable=[([alb()], NONPROD)]),
    StackCase("elb-waf",
              passes=[([alb(), rec(WAF_ASSOCIATION, "web-waf", {"resourceArn": lb_arn(alb()), "webAclArn": "arn:acl"})], PROD),
                      ([alb(), rec(WAF_ASSOCIATION, "web-waf", {"resourceArn": alb()["id"]})], PROD),
                      ([alb(), rec(WAF_ASSOCIATION, "web-waf", {
                          "resourceArn": "arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/app/web/50dc6c495c0c9188"})],
                       PROD),
                      ([rec(LB, "nlb", {"loadBalancerType": "network"})], PROD)],
              fails=[([alb(), alb("admin"), rec(WAF_ASSOCIATION, "web-waf", {"resourceArn": lb_arn(alb())})], PROD,
                      [(alb("admin")["urn"], "ELB.16: the production load balancer admin has no WAF web ACL; add an "
                                             "aws:wafv2/webAclAssociation:WebAclAssociation with its ARN as resourceArn")])],
              not_applicable=[([alb()], NONPROD)]),
]
