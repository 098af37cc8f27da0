"""Container config: each bad input gets one problem at its full key path, and every problem is reported at once."""

from __future__ import annotations

import pytest

from landfall.config.serverless.containers import (
    DEFAULT_SSL_POLICY,
    Architecture,
    ContainerServiceConfig,
    LoadBalancerConfig,
    RepositoryConfig,
    containers_problems,
)

BASE = "landfall:services.shop"
WHERE = f"{BASE}.containers.web"
REGION = "eu-west-1"
CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-123456789abc"
SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/db-AbCdEf"
GOOD = {"repository": "web", "image_tag": "1.4.2"}


def problems(container: dict, production: bool = False, queues=("jobs",), tables=("orders",), repositories=None):
    repos = {"web": RepositoryConfig()} if repositories is None else repositories
    config = ContainerServiceConfig.model_validate({**GOOD, **container})
    return containers_problems(BASE, repos, {"web": config}, production, REGION, queues=queues, tables=tables)


def only(container: dict, **kw):
    found = problems(container, **kw)
    assert len(found) == 1, [p.render() for p in found]
    return found[0]


# --- defaults ------------------------------------------------------------------------------------------------

def test_the_defaults_are_secure_and_valid():
    config = ContainerServiceConfig.model_validate(GOOD)
    assert (config.cpu, config.memory_mb, config.architecture, config.port) == (256, 512, Architecture.ARM64, 8080)
    assert (config.read_only_root_filesystem, config.user, config.health_check_path) == (True, "1000:1000", "/health")
    assert (config.min_tasks, config.max_tasks, config.initial_count, config.log_retention_days) == (1, 1, 1, 365)
    assert problems({}) == []


def test_load_balancer_defaults_follow_production():
    lb = LoadBalancerConfig(certificate_arn=CERT)
    assert lb.ssl_policy == DEFAULT_SSL_POLICY == "ELBSecurityPolicy-TLS13-1-2-2021-06"
    assert (lb.deletion_protection_enabled(True), lb.waf_enabled(True)) == (True, True)
    assert (lb.deletion_protection_enabled(False), lb.waf_enabled(False)) == (False, False)
    assert lb.problems("lb", True, REGION) == []


def test_repository_defaults_scan_and_keep_twenty_tagged_images_for_a_week_of_untagged():
    repo = RepositoryConfig()
    assert (repo.scan_on_push, repo.keep_tagged, repo.expire_untagged_days, repo.pull_accounts) == (True, 20, 7, [])


# --- one problem per bad input -------------------------------------------------------------------------

@pytest.mark.parametrize(("cpu", "memory", "path"), [
    (256, 4096, "memory_mb"), (512, 512, "memory_mb"), (1024, 9216, "memory_mb"), (4096, 31744, "memory_mb"),
    (8192, 18432, "memory_mb"), (300, 512, "cpu"),
])
def test_a_cpu_memory_pair_fargate_does_not_offer_is_a_problem(cpu, memory, path):
    problem = only({"cpu": cpu, "memory_mb": memory})
    assert problem.path == f"{WHERE}.{path}"
    assert problem.value == (memory if path == "memory_mb" else cpu)


def test_the_memory_problem_names_what_the_cpu_takes_and_which_cpus_take_the_memory():
    problem = only({"cpu": 256, "memory_mb": 4096})
    assert "512, 1024, 2048 MiB" in problem.message and "cpu 512 or 1024 or 2048" in problem.fix


def test_min_tasks_above_max_tasks_is_a_problem():
    problem = only({"min_tasks": 3, "max_tasks": 2})
    assert (problem.path, problem.value) == (f"{WHERE}.max_tasks", 2)


@pytest.mark.parametrize(("field", "value"), [("min_tasks", 0), ("max_tasks", 101)])
def test_task_counts_outside_1_to_100_are_problems(field, value):
    found = problems({field: value})
    assert f"{WHERE}.{field}" in {p.path for p in found}


def test_room_to_scale_without_a_scaling_policy_is_a_problem():
    assert only({"max_tasks": 4}).path == f"{WHERE}.max_tasks"
    assert problems({"max_tasks": 4, "cpu_target_percent": 60}) == []


@pytest.mark.parametrize("target", [5, 95])
def test_a_cpu_target_outside_10_to_90_is_a_problem(target):
    assert only({"max_tasks": 2, "cpu_target_percent": target}).path == f"{WHERE}.cpu_target_percent"


def test_backlog_scaling_on_an_unknown_queue_is_a_problem():
    problem = only({"max_tasks": 3, "queue_backlog_per_task": {"queue": "job", "messages_per_task": 50}})
    assert (problem.path, problem.value) == (f"{WHERE}.queue_backlog_per_task.queue", "job")
    assert "jobs" in problem.fix


def test_a_desired_count_outside_the_scaling_range_is_a_problem():
    assert only({"desired_count": 5}).path == f"{WHERE}.desired_count"


def test_a_load_balancer_without_a_certificate_is_a_problem():
    problem = only({"load_balancer": {}})
    assert problem.path == f"{WHERE}.load_balancer.certificate_arn"
    assert "eu-west-1" in problem.fix


def test_a_certificate_in_another_region_is_a_problem():
    other = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
    problem = only({"load_balancer": {"certificate_arn": other}})
    assert (problem.path, problem.value) == (f"{WHERE}.load_balancer.certificate_arn", other)
    assert "us-east-1" in problem.message and "eu-west-1" in problem.message


def test_a_certificate_arn_that_is_not_acm_is_a_problem():
    assert only({"load_balancer": {"certificate_arn": "arn:aws:iam::123456789012:server-certificate/x"}}).path == f"{WHERE}.load_balancer.certificate_arn"


@pytest.mark.parametrize("policy", ["ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-TLS13-1-0-2021-06", "ELBSecurityPolicy-TLS13-1-1-2021-06"])
def test_an_ssl_policy_admitting_old_tls_is_a_problem(policy):
    assert only({"load_balancer": {"certificate_arn": CERT, "ssl_policy": policy}}).path == f"{WHERE}.load_balancer.ssl_policy"


@pytest.mark.parametrize("field", ["deletion_protection", "waf"])
def test_production_cannot_turn_off_deletion_protection_or_waf(field):
    found = problems({"min_tasks": 2, "max_tasks": 2, "load_balancer": {"certificate_arn": CERT, field: False}}, production=True)
    assert [p.path for p in found] == [f"{WHERE}.load_balancer.{field}"]
    assert problems({"load_balancer": {"certificate_arn": CERT, field: False}}) == []


def test_a_production_load_balanced_service_needs_two_tasks():
    problem = only({"load_balancer": {"certificate_arn": CERT}}, production=True)
    assert problem.path == f"{WHERE}.min_tasks"


@pytest.mark.parametrize("user", ["root", "0", "0:0", "root:root", "root:1000"])
def test_running_as_root_is_a_problem(user):
    problem = only({"user": user})
    assert (problem.path, problem.value) == (f"{WHERE}.user", user)


@pytest.mark.parametrize("user", ["", ":1000", "1000:", "a:b:c"])
def test_a_malformed_user_is_a_problem(user):
    assert only({"user": user}).path == f"{WHERE}.user"


@pytest.mark.parametrize("name", ["DB_PASSWORD", "API_TOKEN", "CLIENT_SECRET", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "ECS_ENGINE_AUTH_DATA", "stripe_api_key"])
def test_secret_looking_environment_names_are_problems(name):
    problem = only({"environment": {name: "x"}})
    assert (problem.path, problem.value) == (f"{WHERE}.environment.{name}", name)
    assert "secrets" in problem.fix


def test_secrets_by_reference_are_fine_but_must_be_secret_or_parameter_arns():
    assert problems({"secrets": {"DB_PASSWORD": SECRET, "FLAGS": "arn:aws:ssm:eu-west-1:123456789012:parameter/shop/flags"}}) == []
    assert only({"secrets": {"DB_PASSWORD": "hunter2"}}).path == f"{WHERE}.secrets.DB_PASSWORD"


def test_a_name_both_plain_and_secret_is_a_problem():
    assert only({"environment": {"DSN": "x"}, "secrets": {"DSN": SECRET}}).path == f"{WHERE}.secrets.DSN"


@pytest.mark.parametrize("expression", ["cron(0 2 * * *)", "cron(0 2 * * 1 *)", "rate(1 hours)", "rate(0 minutes)", "every day"])
def test_a_bad_schedule_is_a_problem(expression):
    problem = only({"schedule": expression})
    assert (problem.path, problem.value) == (f"{WHERE}.schedule", expression)


def test_good_schedules_and_event_patterns_pass():
    assert problems({"schedule": "cron(0 2 * * ? *)"}) == []
    assert problems({"schedule": "rate(15 minutes)"}) == []
    assert problems({"event_pattern": {"source": ["aws.s3"]}}) == []


def test_a_schedule_and_an_event_pattern_together_is_a_problem():
    assert only({"schedule": "rate(1 hour)", "event_pattern": {"source": ["aws.s3"]}}).path == f"{WHERE}.event_pattern"


@pytest.mark.parametrize("tag", ["latest", "-dash", "a" * 129, "v1 2"])
def test_a_bad_or_mutable_image_tag_is_a_problem(tag):
    assert only({"image_tag": tag}).path == f"{WHERE}.image_tag"


def test_a_writable_root_filesystem_is_a_problem():
    assert only({"read_only_root_filesystem": False}).path == f"{WHERE}.read_only_root_filesystem"


@pytest.mark.parametrize(("field", "value"), [("port", 0), ("port", 70000), ("health_check_path", "health"), ("log_retention_days", 10)])
def test_port_health_path_and_retention_are_checked(field, value):
    problem = only({field: value})
    assert (problem.path, problem.value) == (f"{WHERE}.{field}", value)


def test_unknown_repository_and_uses_references_are_problems():
    found = problems({"repository": "api", "uses": {"tables": {"order": "read"}, "queues": ["job"]}})
    assert {p.path for p in found} == {f"{WHERE}.repository", f"{WHERE}.uses.tables.order", f"{WHERE}.uses.queues[0]"}


@pytest.mark.parametrize(("repo", "path"), [
    ({"pull_accounts": ["12345"]}, "pull_accounts[0]"), ({"pull_accounts": ["210987654321", "210987654321"]}, "pull_accounts"),
    ({"keep_tagged": 0}, "keep_tagged"), ({"expire_untagged_days": 0}, "expire_untagged_days"), ({"scan_on_push": False}, "scan_on_push"),
])
def test_repository_problems(repo, path):
    found = problems({}, repositories={"web": RepositoryConfig.model_validate(repo)})
    assert [p.path for p in found] == [f"{BASE}.repositories.web.{path}"]


def test_a_typo_in_a_key_is_rejected_by_the_strict_model():
    with pytest.raises(ValueError, match="extra"):
        ContainerServiceConfig.model_validate({**GOOD, "memory": 512})


# --- all at once --------------------------------------------------------------------------------------------

def test_every_problem_is_reported_at_once_with_its_path_and_value():
    found = problems({
        "cpu": 256, "memory_mb": 4096, "min_tasks": 3, "max_tasks": 2, "user": "root",
        "environment": {"DB_PASSWORD": "x"}, "schedule": "cron(0 2 * * *)",
        "load_balancer": {"certificate_arn": "arn:aws:acm:us-east-1:123456789012:certificate/abc"},
    }, production=True)
    by_path = {p.path: p for p in found}
    assert set(by_path) == {
        f"{WHERE}.memory_mb", f"{WHERE}.max_tasks", f"{WHERE}.user", f"{WHERE}.environment.DB_PASSWORD",
        f"{WHERE}.schedule", f"{WHERE}.load_balancer.certificate_arn",
    }
    assert by_path[f"{WHERE}.memory_mb"].value == 4096 and by_path[f"{WHERE}.user"].value == "root"
    assert all(p.fix for p in found)


def test_the_deployed_environment_names_what_the_container_uses_and_the_config_wins():
    from landfall.plan.service_names import ServiceNames

    config = ContainerServiceConfig.model_validate({**GOOD, "environment": {"LOG_LEVEL": "INFO", "ORDERS_TABLE": "override"},
                                                    "max_tasks": 2, "queue_backlog_per_task": {"queue": "jobs", "messages_per_task": 10},
                                                    "uses": {"tables": {"orders": "read"}, "queues": ["events"]}})
    env = config.deployed_environment(ServiceNames("dev", "shop", "aws", "eu-west-1", "123456789012"))
    assert env == {
        "SERVICE_NAME": "shop", "ORDERS_TABLE": "override", "LOG_LEVEL": "INFO",
        "EVENTS_QUEUE_URL": "https://sqs.eu-west-1.amazonaws.com/123456789012/dev-shop-events",
        "JOBS_QUEUE_URL": "https://sqs.eu-west-1.amazonaws.com/123456789012/dev-shop-jobs",
    }
