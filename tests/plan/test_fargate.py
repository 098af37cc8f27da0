"""The Fargate size table, ECR documents, the task roles and the ALB log bucket policy (pure planning)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from landfall.config.serverless.containers import ContainerServiceConfig
from landfall.plan.fargate import (
    ELB_LOG_DELIVERY_PRINCIPAL,
    FARGATE_CPU_MEMORY,
    TaskGrants,
    acm_certificate_region,
    alb_log_bucket_policy,
    backlog_per_task_metrics,
    bounded_name,
    cpus_for_memory,
    execution_role_policy,
    is_valid_task_size,
    lifecycle_policy,
    looks_secret,
    repository_policy,
    run_task_policy,
    task_grants,
    task_role_policy,
    task_trust_policy,
    valid_memory,
)
from landfall.plan.service_names import ServiceNames

GB = 1024
NAMES = ServiceNames("dev", "shop", "aws", "eu-west-1", "123456789012")


# --- the size table -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("cpu", "first", "last", "count"), [
    (256, 512, 2 * GB, 3),
    (512, 1 * GB, 4 * GB, 4),
    (1024, 2 * GB, 8 * GB, 7),
    (2048, 4 * GB, 16 * GB, 13),
    (4096, 8 * GB, 30 * GB, 23),
    (8192, 16 * GB, 60 * GB, 12),
    (16384, 32 * GB, 120 * GB, 12),
])
def test_each_cpu_size_admits_the_documented_memory_range(cpu, first, last, count):
    sizes = valid_memory(cpu)
    assert (sizes[0], sizes[-1], len(sizes)) == (first, last, count)


@pytest.mark.parametrize(("cpu", "step"), [(512, GB), (1024, GB), (2048, GB), (4096, GB), (8192, 4 * GB), (16384, 8 * GB)])
def test_memory_sizes_rise_in_the_documented_steps(cpu, step):
    sizes = valid_memory(cpu)
    assert {b - a for a, b in zip(sizes[:-1], sizes[1:], strict=True)} == {step}


@pytest.mark.parametrize(("cpu", "memory", "valid"), [
    (256, 512, True), (256, 3 * GB, False), (512, 512, False), (512, 4 * GB, True), (1024, 1 * GB, False),
    (2048, 16 * GB, True), (2048, 17 * GB, False), (4096, 30 * GB, True), (4096, 31 * GB, False),
    (8192, 20 * GB, True), (8192, 18 * GB, False), (16384, 40 * GB, True), (16384, 36 * GB, False), (128, 512, False),
])
def test_is_valid_task_size_examples(cpu, memory, valid):
    assert is_valid_task_size(cpu, memory) is valid


def test_an_unknown_cpu_admits_no_memory_and_memory_lists_the_cpus_that_take_it():
    assert valid_memory(3000) == ()
    assert cpus_for_memory(4 * GB) == (512, 1024, 2048)
    assert cpus_for_memory(512) == (256,)


@given(st.sampled_from(sorted(FARGATE_CPU_MEMORY)).flatmap(lambda cpu: st.tuples(st.just(cpu), st.sampled_from(FARGATE_CPU_MEMORY[cpu]))))
def test_every_pair_the_table_admits_passes_config_validation(pair):
    cpu, memory = pair
    config = ContainerServiceConfig(repository="web", image_tag="1.0.0", cpu=cpu, memory_mb=memory)
    assert not [p for p in config.problems("c", False, "eu-west-1") if p.path in ("c.cpu", "c.memory_mb")]


@given(st.integers(min_value=0, max_value=20_000), st.integers(min_value=0, max_value=130 * GB))
def test_every_pair_outside_the_table_fails_config_validation(cpu, memory):
    admitted = memory in FARGATE_CPU_MEMORY.get(cpu, ())
    config = ContainerServiceConfig(repository="web", image_tag="1.0.0", cpu=cpu, memory_mb=memory)
    size_problems = [p for p in config.problems("c", False, "eu-west-1") if p.path in ("c.cpu", "c.memory_mb")]
    assert bool(size_problems) is not admitted


# --- ECR ----------------------------------------------------------------------------------------------------------

def test_the_lifecycle_policy_expires_untagged_images_first_then_keeps_the_newest_tagged():
    rules = lifecycle_policy(keep_tagged=5, expire_untagged_days=3)["rules"]
    assert [r["rulePriority"] for r in rules] == [1, 2]
    assert rules[0]["selection"] == {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 3}
    assert rules[1]["selection"] == {"tagStatus": "tagged", "tagPatternList": ["*"], "countType": "imageCountMoreThan", "countNumber": 5}
    assert all(r["action"] == {"type": "expire"} for r in rules)


def test_the_repository_policy_lets_listed_accounts_pull_and_nothing_else():
    [statement] = repository_policy(["222222222222", "111111111111", "111111111111"], "aws-us-gov")["Statement"]
    assert statement["Principal"] == {"AWS": ["arn:aws-us-gov:iam::111111111111:root", "arn:aws-us-gov:iam::222222222222:root"]}
    assert sorted(statement["Action"]) == ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    assert statement["Effect"] == "Allow" and "Condition" not in statement


# --- roles --------------------------------------------------------------------------------------------------------

REPO = "arn:aws:ecr:eu-west-1:123456789012:repository/dev-shop-web"
LOGS = "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/dev-shop-web"


def test_the_execution_role_without_secrets_pulls_and_logs_only():
    statements = execution_role_policy(REPO, LOGS)["Statement"]
    assert [(s["Sid"], s["Resource"]) for s in statements] == [
        ("EcrAuthorizationToken", "*"), ("PullOwnImage", REPO), ("WriteOwnLogs", f"{LOGS}:*")]
    assert statements[0]["Action"] == ["ecr:GetAuthorizationToken"]


def test_the_execution_role_reads_exactly_the_given_secrets_parameters_and_keys():
    secret = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"
    parameter = "arn:aws:ssm:eu-west-1:123456789012:parameter/flags"
    key = "arn:aws:kms:eu-west-1:123456789012:key/secrets"
    by_sid = {s["Sid"]: s for s in execution_role_policy(REPO, LOGS, [secret], [parameter], [key])["Statement"]}
    assert by_sid["ReadOwnSecrets"]["Resource"] == [secret] and by_sid["ReadOwnSecrets"]["Action"] == ["secretsmanager:GetSecretValue"]
    assert by_sid["ReadOwnParameters"]["Resource"] == [parameter] and by_sid["ReadOwnParameters"]["Action"] == ["ssm:GetParameters"]
    assert by_sid["DecryptSecrets"] == {"Sid": "DecryptSecrets", "Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": [key]}


def test_a_task_that_uses_nothing_gets_no_policy():
    assert task_role_policy(TaskGrants()) is None
    assert task_role_policy(TaskGrants(key_arns=("arn:aws:kms:eu-west-1:123456789012:key/data",))) is None


def test_task_grants_name_planned_arns_and_the_role_allows_only_them():
    grants = task_grants(NAMES, {"orders": False}, ["events"], ["fulfil"], ["jobs"], ["arn:aws:kms:eu-west-1:123456789012:key/data"])
    policy = task_role_policy(grants)
    assert policy is not None
    by_sid = {s["Sid"]: s for s in policy["Statement"]}
    table = "arn:aws:dynamodb:eu-west-1:123456789012:table/dev-shop-orders"
    assert by_sid["TableOrdersRead"]["Resource"] == [table, f"{table}/index/*"]
    assert "dynamodb:PutItem" not in by_sid["TableOrdersRead"]["Action"]
    assert by_sid["SendEvents"]["Resource"] == "arn:aws:sqs:eu-west-1:123456789012:dev-shop-events"
    assert "sqs:DeleteMessage" in by_sid["ConsumeJobs"]["Action"]
    assert by_sid["StartFulfil"]["Resource"] == "arn:aws:states:eu-west-1:123456789012:stateMachine:dev-shop-fulfil"
    assert all(s["Resource"] != "*" and not any(a.endswith(":*") or a == "*" for a in s["Action"]) for s in policy["Statement"])


def test_only_ecs_tasks_of_this_account_and_region_assume_the_task_role():
    [statement] = task_trust_policy("123456789012", "eu-west-1")["Statement"]
    assert statement["Principal"] == {"Service": "ecs-tasks.amazonaws.com"}
    assert statement["Condition"] == {"StringEquals": {"aws:SourceAccount": "123456789012"},
                                      "ArnLike": {"aws:SourceArn": "arn:aws:ecs:eu-west-1:123456789012:*"}}


def test_the_run_task_role_runs_one_family_on_one_cluster_and_passes_two_roles_to_ecs_only():
    family = "arn:aws:ecs:eu-west-1:123456789012:task-definition/dev-shop-web"
    cluster = "arn:aws:ecs:eu-west-1:123456789012:cluster/dev-shop"
    run, passing = run_task_policy(family, cluster, ["arn:aws:iam::123456789012:role/b", "arn:aws:iam::123456789012:role/a"])["Statement"]
    assert run["Resource"] == [f"{family}:*"] and run["Condition"] == {"ArnEquals": {"ecs:cluster": cluster}}
    assert passing["Action"] == ["iam:PassRole"] and passing["Resource"] == ["arn:aws:iam::123456789012:role/a", "arn:aws:iam::123456789012:role/b"]
    assert passing["Condition"] == {"StringLike": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}


def test_backlog_per_task_divides_visible_messages_by_running_tasks():
    metrics = {m["id"]: m for m in backlog_per_task_metrics("dev-shop-jobs", "dev-shop", "dev-shop-worker")}
    assert metrics["e1"]["expression"] == "m1 / m2" and metrics["e1"]["return_data"] is True
    assert metrics["m1"]["metric_stat"]["metric"]["metric_name"] == "ApproximateNumberOfMessagesVisible"
    assert metrics["m2"]["metric_stat"]["metric"]["dimensions"] == [{"name": "ClusterName", "value": "dev-shop"}, {"name": "ServiceName", "value": "dev-shop-worker"}]
    assert not metrics["m1"]["return_data"] and not metrics["m2"]["return_data"]


# --- ALB logs, names, ARNs ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("region", "legacy"), [("eu-west-1", "156460612806"), ("us-east-1", "127311923021"), ("eu-central-2", None), ("ap-south-2", None)])
def test_elb_log_delivery_may_write_under_the_account_prefix_with_the_region_account_where_one_exists(region, legacy):
    statements = {s["Sid"]: s for s in alb_log_bucket_policy("aws", "logs", "alb", "123456789012", region)["Statement"]}
    assert statements["ElbLogDelivery"]["Principal"] == {"Service": ELB_LOG_DELIVERY_PRINCIPAL}
    assert statements["ElbLogDelivery"]["Resource"] == "arn:aws:s3:::logs/alb/AWSLogs/123456789012/*"
    assert statements["ElbLogDelivery"]["Action"] == "s3:PutObject"
    if legacy:
        assert statements["ElbLogDeliveryRegionAccount"]["Principal"] == {"AWS": f"arn:aws:iam::{legacy}:root"}
    else:
        assert "ElbLogDeliveryRegionAccount" not in statements
    assert statements["DenyInsecureTransport"]["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


def test_without_a_prefix_logs_land_under_awslogs_at_the_bucket_root():
    [_, write] = alb_log_bucket_policy("aws", "logs", "", "123456789012", "eu-central-2")["Statement"]
    assert write["Resource"] == "arn:aws:s3:::logs/AWSLogs/123456789012/*"


@pytest.mark.parametrize(("arn", "region"), [
    ("arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-123456789abc", "eu-west-1"),
    ("arn:aws-us-gov:acm:us-gov-west-1:123456789012:certificate/abc", "us-gov-west-1"),
    ("arn:aws:acm:eu-west-1:12345678901:certificate/abc", None),
    ("arn:aws:iam::123456789012:server-certificate/abc", None),
    ("arn:aws:acm:eu-west-1:123456789012:certificate/abc\n", None),
])
def test_acm_certificate_region(arn, region):
    assert acm_certificate_region(arn) == region


@pytest.mark.parametrize(("name", "secret"), [
    ("DB_PASSWORD", True), ("api_token", True), ("CLIENT_SECRET", True), ("AWS_ACCESS_KEY_ID", True), ("ECS_ENGINE_AUTH_DATA", True),
    ("LOG_LEVEL", False), ("ORDERS_TABLE", False),
])
def test_secret_looking_names(name, secret):
    assert looks_secret(name) is secret


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=90))
def test_bounded_names_fit_and_are_stable(base):
    name = bounded_name(base, 32)
    assert len(name) <= 32 and name == bounded_name(base, 32)
    assert (name == base) is (len(base) <= 32)
