"""Repository, Cluster and FargateService under the recording engine: the FSBP controls on the recorded inputs.

ECR.1 scan on push, ECR.2 tag immutability, ECR.3 lifecycle policy; ECS.2 no public IP, ECS.3 no host PID
namespace, ECS.5 read-only root filesystem, ECS.8 no secrets in environment variables, ECS.12 Container
Insights, ECS.16 no task set with a public IP; ELB.1 HTTP redirects to HTTPS, ELB.4 invalid headers dropped,
ELB.5 access logs, ELB.6 deletion protection, ELB.16 WAF web ACL.
"""

from __future__ import annotations

import json

import pytest

from components.app.containers import (
    Cluster,
    ClusterArgs,
    FargateService,
    FargateServiceArgs,
    Repository,
    RepositoryArgs,
)
from landfall.config.serverless.containers import ContainerServiceConfig, RepositoryConfig
from landfall.plan.fargate import ELB_LOG_DELIVERY_PRINCIPAL, task_grants
from landfall.plan.service_names import ServiceNames
from tests.conftest import record, unit_provider

NAMES = ServiceNames("prod", "shop", "aws", "eu-west-1", "123456789012")
LOG_KEY = "arn:aws:kms:eu-west-1:123456789012:key/logs"
DATA_KEY = "arn:aws:kms:eu-west-1:123456789012:key/data"
ECR_KEY = "arn:aws:kms:eu-west-1:123456789012:key/ecr"
CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-123456789abc"
WEB_ACL = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/prod/abc"
SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/db-AbCdEf"
PARAMETER = "arn:aws:ssm:eu-west-1:123456789012:parameter/shop/flags"
REPO_ARN = "arn:aws:ecr:eu-west-1:123456789012:repository/prod-shop-web"
CLUSTER_ARN = "arn:aws:ecs:eu-west-1:123456789012:cluster/prod-shop"

WEB = ContainerServiceConfig.model_validate({
    "repository": "web", "image_tag": "1.4.2", "cpu": 512, "memory_mb": 1024, "min_tasks": 2, "max_tasks": 6,
    "cpu_target_percent": 60, "queue_backlog_per_task": {"queue": "orders", "messages_per_task": 100},
    "environment": {"LOG_LEVEL": "INFO"}, "secrets": {"DB_PASSWORD": SECRET, "FLAGS": PARAMETER},
    "schedule": "cron(0 2 * * ? *)",
    "load_balancer": {"certificate_arn": CERT},
    "uses": {"tables": {"orders": "read_write"}, "queues": ["orders"]},
})
ADMIN = ContainerServiceConfig.model_validate({
    "repository": "web", "image_tag": "1.4.2", "min_tasks": 2, "max_tasks": 2, "load_balancer": {"certificate_arn": CERT},
})
WORKER = ContainerServiceConfig.model_validate({
    "repository": "web", "image_tag": "1.4.2", "event_pattern": {"source": ["aws.s3"]},
})


@pytest.fixture(scope="module")
def inv():
    def program():
        opts = unit_provider()
        Repository("shop-web", RepositoryArgs("prod-shop-web", RepositoryConfig(pull_accounts=["210987654321"]), ECR_KEY, protect=True), opts)
        Repository("shop-tools", RepositoryArgs("prod-shop-tools", RepositoryConfig(), ECR_KEY), opts)
        Cluster("shop", ClusterArgs("prod-shop"), opts)
        common = dict(names=NAMES, cluster_name="prod-shop", cluster_arn=CLUSTER_ARN, repository_arn=REPO_ARN,
                      repository_url="123456789012.dkr.ecr.eu-west-1.amazonaws.com/prod-shop-web", vpc_id="vpc-1",
                      private_subnet_ids=["subnet-a", "subnet-b"], log_key_arn=LOG_KEY, production=True, data_key_arn=DATA_KEY)
        FargateService("shop-web", FargateServiceArgs(
            key="web", config=WEB, public_subnet_ids=["subnet-pa", "subnet-pb"],
            grants=task_grants(NAMES, {"orders": True}, ["orders"], consume_queues=["orders"], key_arns=[DATA_KEY]),
            environment={"LOG_LEVEL": "INFO", "ORDERS_TABLE": "prod-shop-orders"}, backlog_queue_name="prod-shop-orders",
            web_acl_arn=WEB_ACL, protect=True, **common), opts)
        FargateService("shop-worker", FargateServiceArgs(key="worker", config=WORKER, **common), opts)
        FargateService("shop-admin", FargateServiceArgs(
            key="admin", config=ADMIN, public_subnet_ids=["subnet-pa", "subnet-pb"], access_logs_bucket="central-elb-logs",
            server_access_log_bucket="central-s3-logs", **common), opts)

    return record(program)


def container(inv, name: str) -> dict:
    [definition] = json.loads(inv.named(name, "aws:ecs/taskDefinition:TaskDefinition").inputs["containerDefinitions"])
    return definition


def policy_of(inv, name: str) -> dict:
    return json.loads(inv.named(name, "aws:iam/rolePolicy:RolePolicy").inputs["policy"])


# --- ECR -------------------------------------------------------------------------------------------------

def test_repositories_are_tag_immutable_scanned_on_push_kms_encrypted_and_kept_in_production(inv):
    for repo in inv.of_type("aws:ecr/repository:Repository"):
        i = repo.inputs
        assert i["imageTagMutability"] == "IMMUTABLE", repo.urn  # ECR.2
        assert i["imageScanningConfiguration"] == {"scanOnPush": True}, repo.urn  # ECR.1
        assert i["encryptionConfigurations"] == [{"encryptionType": "KMS", "kmsKey": ECR_KEY}], repo.urn
        assert i["forceDelete"] is False, repo.urn
    assert inv.named("shop-web", "aws:ecr/repository:Repository").protect
    assert not inv.named("shop-tools", "aws:ecr/repository:Repository").protect


def test_every_repository_has_a_lifecycle_policy_expiring_untagged_and_old_tagged_images(inv):
    policies = {p.name: json.loads(p.inputs["policy"]) for p in inv.of_type("aws:ecr/lifecyclePolicy:LifecyclePolicy")}
    assert set(policies) == {"shop-web", "shop-tools"}  # ECR.3
    rules = policies["shop-web"]["rules"]
    assert rules[0]["selection"] == {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 7}
    assert rules[1]["selection"] == {"tagStatus": "tagged", "tagPatternList": ["*"], "countType": "imageCountMoreThan", "countNumber": 20}


def test_only_repositories_with_pull_accounts_get_a_pull_only_repository_policy(inv):
    [policy] = inv.of_type("aws:ecr/repositoryPolicy:RepositoryPolicy")
    assert policy.name == "shop-web"
    [statement] = json.loads(policy.inputs["policy"])["Statement"]
    assert statement["Principal"] == {"AWS": ["arn:aws:iam::210987654321:root"]}
    assert sorted(statement["Action"]) == ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]


# --- ECS -------------------------------------------------------------------------------------------------

def test_the_cluster_has_container_insights(inv):
    cluster = inv.named("shop", "aws:ecs/cluster:Cluster")
    assert cluster.inputs["settings"] == [{"name": "containerInsights", "value": "enabled"}], cluster.urn  # ECS.12


def test_tasks_are_arm64_fargate_awsvpc_without_host_namespaces(inv):
    td = inv.named("shop-web", "aws:ecs/taskDefinition:TaskDefinition")
    i = td.inputs
    assert (i["networkMode"], i["requiresCompatibilities"], i["cpu"], i["memory"]) == ("awsvpc", ["FARGATE"], "512", "1024"), td.urn
    assert i["runtimePlatform"] == {"operatingSystemFamily": "LINUX", "cpuArchitecture": "ARM64"}, td.urn
    assert "pidMode" not in i and "ipcMode" not in i, td.urn  # ECS.3


def test_the_container_is_read_only_non_root_unprivileged_and_logs_to_its_group(inv):
    c = container(inv, "shop-web")
    assert c["readonlyRootFilesystem"] is True  # ECS.5
    assert c["user"] == "1000:1000" and c["privileged"] is False  # ECS.4
    assert c["linuxParameters"]["capabilities"] == {"drop": ["ALL"]}
    assert c["mountPoints"] == [{"sourceVolume": "tmp", "containerPath": "/tmp", "readOnly": False}]
    assert c["portMappings"] == [{"containerPort": 8080, "protocol": "tcp"}]
    assert c["image"] == "123456789012.dkr.ecr.eu-west-1.amazonaws.com/prod-shop-web:1.4.2"
    assert c["logConfiguration"] == {"logDriver": "awslogs", "options": {
        "awslogs-group": "/ecs/prod-shop-web", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "web"}}
    group = inv.named("shop-web", "aws:cloudwatch/logGroup:LogGroup")
    assert group.inputs["kmsKeyId"] == LOG_KEY and group.inputs["retentionInDays"] == 365 and group.protect, group.urn


def test_secrets_are_injected_by_reference_never_as_plain_environment(inv):
    c = container(inv, "shop-web")
    assert c["secrets"] == [{"name": "DB_PASSWORD", "valueFrom": SECRET}, {"name": "FLAGS", "valueFrom": PARAMETER}]
    names = {e["name"] for e in c["environment"]}
    assert names == {"LOG_LEVEL", "ORDERS_TABLE"}
    assert not names & {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "ECS_ENGINE_AUTH_DATA"}  # ECS.8


def test_services_run_in_private_subnets_without_public_ips_and_roll_back_failed_deploys(inv):
    for svc in inv.of_type("aws:ecs/service:Service"):
        i = svc.inputs
        assert i["launchType"] == "FARGATE" and i["platformVersion"] == "LATEST", svc.urn
        assert i["networkConfiguration"]["assignPublicIp"] is False, svc.urn  # ECS.2
        assert i["networkConfiguration"]["subnets"] == ["subnet-a", "subnet-b"], svc.urn
        assert i["deploymentCircuitBreaker"] == {"enable": True, "rollback": True}, svc.urn
        assert i["enableExecuteCommand"] is False and i["propagateTags"] == "SERVICE", svc.urn
    assert not inv.of_type("aws:ecs/taskSet:TaskSet")  # ECS.16: no task sets at all


def test_the_execution_role_pulls_one_repository_writes_one_log_group_and_reads_only_its_secrets(inv):
    statements = {s["Sid"]: s for s in policy_of(inv, "shop-web-execution")["Statement"]}
    assert statements["PullOwnImage"]["Resource"] == REPO_ARN
    assert statements["WriteOwnLogs"]["Resource"] == "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/prod-shop-web:*"
    assert statements["ReadOwnSecrets"] == {"Sid": "ReadOwnSecrets", "Effect": "Allow", "Action": ["secretsmanager:GetSecretValue"], "Resource": [SECRET]}
    assert statements["ReadOwnParameters"]["Resource"] == [PARAMETER]
    wildcard = [s["Sid"] for s in statements.values() if s["Resource"] == "*"]
    assert wildcard == ["EcrAuthorizationToken"]


def test_the_task_role_is_separate_and_allows_exactly_what_the_service_uses(inv):
    roles = {r.name: r for r in inv.of_type("aws:iam/role:Role")}
    assert roles["shop-web-task"].inputs["name"] != roles["shop-web-execution"].inputs["name"]
    trust = json.loads(roles["shop-web-task"].inputs["assumeRolePolicy"])["Statement"][0]
    assert trust["Principal"] == {"Service": "ecs-tasks.amazonaws.com"}
    assert trust["Condition"]["StringEquals"] == {"aws:SourceAccount": "123456789012"}
    sids = [s["Sid"] for s in policy_of(inv, "shop-web-task")["Statement"]]
    assert sids == ["TableOrdersWrite", "SendOrders", "ConsumeOrders", "UseDataKey"]
    assert not [p for p in inv.of_type("aws:iam/rolePolicy:RolePolicy") if p.name == "shop-worker-task"]  # uses nothing


# --- networking ---------------------------------------------------------------------------------------------

def test_tasks_admit_only_the_alb_security_group_on_the_task_port(inv):
    task_sg = inv.named("shop-web", "aws:ec2/securityGroup:SecurityGroup")
    alb_sg = inv.named("shop-web-alb", "aws:ec2/securityGroup:SecurityGroup")
    ingress = [r for r in inv.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") if r.inputs["securityGroupId"] == task_sg.id]
    assert [(r.inputs["fromPort"], r.inputs["toPort"], r.inputs.get("referencedSecurityGroupId"), r.inputs.get("cidrIpv4")) for r in ingress] == [
        (8080, 8080, alb_sg.id, None)], task_sg.urn
    assert "ingress" not in task_sg.inputs and "egress" not in task_sg.inputs, task_sg.urn  # no inline rules to conflict with


def test_the_alb_admits_443_and_80_from_anywhere_and_reaches_only_its_tasks(inv):
    alb_sg = inv.named("shop-web-alb", "aws:ec2/securityGroup:SecurityGroup")
    task_sg = inv.named("shop-web", "aws:ec2/securityGroup:SecurityGroup")
    ingress = sorted((r.inputs["fromPort"], r.inputs["cidrIpv4"]) for r in inv.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
                     if r.inputs["securityGroupId"] == alb_sg.id)
    assert ingress == [(80, "0.0.0.0/0"), (443, "0.0.0.0/0")]
    egress = [r.inputs for r in inv.of_type("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule") if r.inputs["securityGroupId"] == alb_sg.id]
    assert egress == [{**egress[0], "ipProtocol": "tcp", "fromPort": 8080, "toPort": 8080, "referencedSecurityGroupId": task_sg.id}]
    assert "cidrIpv4" not in egress[0]


# --- the load balancer ----------------------------------------------------------------------------------

def test_the_alb_drops_invalid_headers_logs_access_and_is_deletion_protected(inv):
    alb = inv.named("shop-web", "aws:lb/loadBalancer:LoadBalancer")
    i = alb.inputs
    assert i["internal"] is False and i["subnets"] == ["subnet-pa", "subnet-pb"], alb.urn
    assert i["dropInvalidHeaderFields"] is True, alb.urn  # ELB.4
    assert i["enableDeletionProtection"] is True and alb.protect, alb.urn  # ELB.6
    bucket = inv.named("shop-web-access-logs", "aws:s3/bucket:Bucket")
    assert i["accessLogs"] == {"bucket": bucket.inputs["bucket"], "prefix": "alb", "enabled": True}, alb.urn  # ELB.5
    assert len(i["name"]) <= 32


def test_https_uses_the_certificate_and_tls13_policy_and_http_redirects_permanently(inv):
    https = inv.named("shop-web-https", "aws:lb/listener:Listener").inputs
    assert (https["port"], https["protocol"], https["certificateArn"], https["sslPolicy"]) == (443, "HTTPS", CERT, "ELBSecurityPolicy-TLS13-1-2-2021-06")
    assert https["defaultActions"][0]["type"] == "forward"
    [action] = inv.named("shop-web-http", "aws:lb/listener:Listener").inputs["defaultActions"]
    assert action == {"type": "redirect", "redirect": {"protocol": "HTTPS", "port": "443", "statusCode": "HTTP_301"}}  # ELB.1


def test_the_target_group_registers_task_ips_and_checks_the_health_path(inv):
    tg = inv.named("shop-web", "aws:lb/targetGroup:TargetGroup").inputs
    assert tg["targetType"] == "ip" and tg["port"] == 8080
    assert tg["healthCheck"]["path"] == "/health" and tg["healthCheck"]["enabled"] is True


def test_a_given_web_acl_is_associated_with_the_alb(inv):
    [assoc] = [a for a in inv.of_type("aws:wafv2/webAclAssociation:WebAclAssociation") if a.name == "shop-web"]
    alb = inv.named("shop-web", "aws:lb/loadBalancer:LoadBalancer")
    assert assoc.inputs == {**assoc.inputs, "webAclArn": WEB_ACL, "resourceArn": alb.state["arn"]}  # ELB.16


def test_without_a_web_acl_arn_production_creates_and_logs_its_own_web_acl(inv):
    [assoc] = [a for a in inv.of_type("aws:wafv2/webAclAssociation:WebAclAssociation") if a.name == "shop-admin"]
    acl = inv.named("shop-admin-waf", "aws:wafv2/webAcl:WebAcl")
    assert assoc.inputs["webAclArn"] == acl.state["arn"] and acl.inputs["scope"] == "REGIONAL"
    rules = {r["name"]: r for r in acl.inputs["rules"]}
    assert "AWSManagedRulesCommonRuleSet" in rules and rules["rate-limit-per-ip"]["action"] == {"block": {}}
    logging = inv.named("shop-admin-waf", "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration").inputs
    group = inv.named("shop-admin-waf-logs", "aws:cloudwatch/logGroup:LogGroup")
    assert logging["logDestinationConfigs"] == [group.state["arn"]] and group.inputs["name"].startswith("aws-waf-logs-")
    assert not [a for a in inv.of_type("aws:wafv2/webAcl:WebAcl") if a.name == "shop-web-waf"]  # given an ARN: no second ACL


def test_a_given_log_bucket_is_used_and_no_bucket_is_created(inv):
    alb = inv.named("shop-admin", "aws:lb/loadBalancer:LoadBalancer").inputs
    assert alb["accessLogs"] == {"bucket": "central-elb-logs", "prefix": "alb", "enabled": True}
    assert not [b for b in inv.of_type("aws:s3/bucket:Bucket") if b.name.startswith("shop-admin")]


def test_the_access_log_bucket_is_private_versioned_encrypted_and_writable_by_elb_log_delivery_only(inv):
    name = "shop-web-access-logs"
    block = inv.named(name, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs
    assert all(block[k] is True for k in ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"))
    assert inv.named(name, "aws:s3/bucketVersioning:BucketVersioning").inputs["versioningConfiguration"] == {"status": "Enabled"}
    [rule] = inv.named(name, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs["rules"]
    assert rule["applyServerSideEncryptionByDefault"] == {"sseAlgorithm": "AES256"}  # the only encryption ELB delivery supports
    bucket = inv.named(name, "aws:s3/bucket:Bucket").inputs["bucket"]
    statements = {s["Sid"]: s for s in json.loads(inv.named(name, "aws:s3/bucketPolicy:BucketPolicy").inputs["policy"])["Statement"]}
    writes = f"arn:aws:s3:::{bucket}/alb/AWSLogs/123456789012/*"
    assert statements["ElbLogDelivery"]["Principal"] == {"Service": ELB_LOG_DELIVERY_PRINCIPAL} and statements["ElbLogDelivery"]["Resource"] == writes
    assert statements["ElbLogDeliveryRegionAccount"]["Principal"] == {"AWS": "arn:aws:iam::156460612806:root"}  # eu-west-1's ELB account
    assert statements["DenyInsecureTransport"]["Effect"] == "Deny"


def test_a_worker_without_a_load_balancer_gets_no_alb_listener_or_bucket(inv):
    worker = [r for r in inv.resources if r.urn.endswith("::shop-worker") or "shop-worker-" in r.urn.rsplit("::", 1)[-1]]
    types = {r.type for r in worker}
    assert {"aws:ecs/service:Service", "aws:ecs/taskDefinition:TaskDefinition", "aws:ec2/securityGroup:SecurityGroup"} <= types
    assert not types & {"aws:lb/loadBalancer:LoadBalancer", "aws:lb/listener:Listener", "aws:s3/bucket:Bucket"}
    svc = inv.named("shop-worker", "aws:ecs/service:Service").inputs
    assert "loadBalancers" not in svc


# --- scaling and triggers -------------------------------------------------------------------------------

def test_the_service_scales_between_min_and_max_on_cpu_and_on_queue_backlog_per_task(inv):
    target = inv.named("shop-web", "aws:appautoscaling/target:Target").inputs
    assert (target["minCapacity"], target["maxCapacity"], target["resourceId"]) == (2, 6, "service/prod-shop/prod-shop-web")
    cpu = inv.named("shop-web-cpu", "aws:appautoscaling/policy:Policy").inputs["targetTrackingScalingPolicyConfiguration"]
    assert cpu["targetValue"] == 60 and cpu["predefinedMetricSpecification"] == {"predefinedMetricType": "ECSServiceAverageCPUUtilization"}
    backlog = inv.named("shop-web-backlog", "aws:appautoscaling/policy:Policy").inputs["targetTrackingScalingPolicyConfiguration"]
    metrics = {m["id"]: m for m in backlog["customizedMetricSpecification"]["metrics"]}
    assert backlog["targetValue"] == 100 and metrics["e1"] == {"id": "e1", "label": "Backlog per task", "expression": "m1 / m2", "returnData": True}
    assert metrics["m1"]["metricStat"]["metric"]["dimensions"] == [{"name": "QueueName", "value": "prod-shop-orders"}]
    svc = inv.named("shop-web", "aws:ecs/service:Service").inputs
    assert svc["desiredCount"] == 2


def test_a_schedule_runs_the_task_on_fargate_in_private_subnets_with_a_role_limited_to_run_and_pass(inv):
    rule = inv.named("shop-web", "aws:cloudwatch/eventRule:EventRule").inputs
    assert rule["scheduleExpression"] == "cron(0 2 * * ? *)"
    target = inv.named("shop-web", "aws:cloudwatch/eventTarget:EventTarget").inputs
    assert target["arn"] == CLUSTER_ARN
    ecs = target["ecsTarget"]
    assert ecs["launchType"] == "FARGATE" and ecs["networkConfiguration"]["assignPublicIp"] is False
    assert ecs["networkConfiguration"]["subnets"] == ["subnet-a", "subnet-b"]
    statements = {s["Sid"]: s for s in policy_of(inv, "shop-web-events")["Statement"]}
    assert statements["RunOwnTask"]["Action"] == ["ecs:RunTask"]
    assert statements["RunOwnTask"]["Resource"] == ["arn:aws:ecs:eu-west-1:123456789012:task-definition/prod-shop-web:*"]
    assert statements["RunOwnTask"]["Condition"] == {"ArnEquals": {"ecs:cluster": CLUSTER_ARN}}
    roles = {r.name: r.state["arn"] for r in inv.of_type("aws:iam/role:Role")}
    assert statements["PassTaskRoles"]["Resource"] == sorted([roles["shop-web-execution"], roles["shop-web-task"]])


def test_undeliverable_trigger_events_are_retried_then_kept_in_an_encrypted_queue_for_this_rule_only(inv):
    target = inv.named("shop-web", "aws:cloudwatch/eventTarget:EventTarget").inputs
    dlq = inv.named("shop-web-dlq", "aws:sqs/queue:Queue")
    assert target["retryPolicy"] == {"maximumRetryAttempts": 2, "maximumEventAgeInSeconds": 3600}
    assert target["deadLetterConfig"] == {"arn": dlq.state["arn"]}
    assert dlq.inputs["kmsMasterKeyId"] == DATA_KEY and dlq.inputs["messageRetentionSeconds"] == 1_209_600 and dlq.protect, dlq.urn
    statements = json.loads(inv.named("shop-web-dlq", "aws:sqs/queuePolicy:QueuePolicy").inputs["policy"])["Statement"]
    [allow] = [s for s in statements if s["Effect"] == "Allow"]
    assert allow["Condition"] == {"ArnEquals": {"aws:SourceArn": "arn:aws:events:eu-west-1:123456789012:rule/prod-shop-web"}}


def test_the_alb_log_bucket_has_server_access_logging_into_its_own_log_bucket(inv):
    logs = inv.named("shop-web-access-logs", "aws:s3/bucketLogging:BucketLogging").inputs
    target = inv.named("shop-web-server-access-logs", "aws:s3/bucket:Bucket")
    source = inv.named("shop-web-access-logs", "aws:s3/bucket:Bucket").inputs["bucket"]
    assert logs["targetBucket"] == target.state["bucket"] and logs["targetPrefix"] == f"{source}/"  # S3.9
    [_, allow] = json.loads(inv.named("shop-web-server-access-logs", "aws:s3/bucketPolicy:BucketPolicy").inputs["policy"])["Statement"]
    assert allow["Principal"] == {"Service": "logging.s3.amazonaws.com"}
    assert allow["Condition"]["ArnLike"] == {"aws:SourceArn": [f"arn:aws:s3:::{source}"]}


def test_the_recorded_program_passes_the_policy_pack_in_production(inv):
    from policies.runner import run_policies

    report = run_policies(inv.to_json()["resources"], {"production": True})
    assert report.violations == [], [v["message"] for v in report.violations]


def test_an_event_pattern_rule_carries_the_pattern(inv):
    rule = inv.named("shop-worker", "aws:cloudwatch/eventRule:EventRule").inputs
    assert json.loads(rule["eventPattern"]) == {"source": ["aws.s3"]} and "scheduleExpression" not in rule
