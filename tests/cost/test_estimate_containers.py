"""Idle charges of load balancers, Fargate services, Aurora Serverless v2 instances and RDS Proxy: record lists in,
hand-computed dollars out (730 h, the eu-west-1 prices in tests/cost/inventory.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from landfall.cost import estimate

from .inventory import PRICES, rec

LB = "aws:lb/loadBalancer:LoadBalancer"
SERVICE = "aws:ecs/service:Service"
TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition"
CLUSTER = "aws:rds/cluster:Cluster"
CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance"
INSTANCE = "aws:rds/instance:Instance"
PROXY = "aws:rds/proxy:Proxy"
PROXY_TARGET = "aws:rds/proxyTarget:ProxyTarget"


def total(records) -> Decimal:
    return estimate(records, PRICES).monthly_fixed_total


def formula(records, name: str) -> str:
    return next(r.formula for r in estimate(records, PRICES).by_resource if r.name == name)


# ---- load balancers --------------------------------------------------------------------------------

class TestLoadBalancers:
    @pytest.mark.parametrize("inputs, monthly", [
        ({"loadBalancerType": "application"}, Decimal("18.396")),   # 730 h × $0.0252
        ({}, Decimal("18.396")),                                     # the provider's default type is application
        ({"loadBalancerType": "network"}, Decimal("18.396")),       # 730 h × $0.0252
        ({"loadBalancerType": "gateway"}, Decimal(0)),              # not priced
    ])
    def test_a_load_balancer_pays_its_hourly_charge_idle(self, inputs, monthly):
        assert total([rec(LB, "web", inputs)]) == monthly

    def test_the_alb_formula_and_its_lcus_listed_as_usage(self):
        report = estimate([rec(LB, "web", {"loadBalancerType": "application"})], PRICES)
        assert report.by_resource[0].formula == "1 Application Load Balancer × 730 h × $0.0252"
        assert [(u.charge, u.resources) for u in report.usage_based] == [
            ("load balancer capacity units (ALB $0.008 per LCU-hour in eu-west-1) and data", 1)]


# ---- Fargate ---------------------------------------------------------------------------------------

def task_definition(name: str = "web", cpu="512", memory="1024", arch: str | None = "ARM64", **extra) -> dict:
    props = {"family": name, "cpu": cpu, "memory": memory, "requiresCompatibilities": ["FARGATE"], **extra}
    if arch:
        props["runtimePlatform"] = {"cpuArchitecture": arch, "operatingSystemFamily": "LINUX"}
    return rec(TASK_DEFINITION, name, props, id_=f"{name}-1a2b3c4d")


def service(task: str, count=2, **extra) -> dict:
    return rec(SERVICE, "web", {"taskDefinition": task, "desiredCount": count, "launchType": "FARGATE", **extra})


MOCK_ARN = "arn:aws:ecs:eu-west-1:111111111111:taskdefinition/web-1a2b3c4d"  # the offline preview's mock ARN


class TestFargate:
    def test_arm64_tasks_pay_vcpu_and_memory_hours(self):
        records = [task_definition(), service(MOCK_ARN)]
        # 2 tasks × 0.5 vCPU × 730 h × $0.03238 = 23.6374; 2 × 1 GB × 730 h × $0.00356 = 5.1976
        assert total(records) == Decimal("28.8350")
        assert formula(records, "web") == ("2 tasks × 0.5 vCPU (ARM64) × 730 h × $0.03238 + 2 tasks × 1 GB × 730 h × "
                                           "$0.00356")

    def test_x86_is_the_default_architecture_and_priced_higher(self):
        records = [task_definition(arch=None), service(MOCK_ARN)]
        # 1 vCPU × 730 × $0.04048 = 29.5504; 2 GB × 730 × $0.004445 = 6.4897
        assert total(records) == Decimal("36.0401")

    @pytest.mark.parametrize("reference", [MOCK_ARN, "arn:aws:ecs:eu-west-1:111111111111:task-definition/web:7", "web",
                                           "web:7", "web-1a2b3c4d"])
    def test_the_task_definition_is_found_by_arn_family_or_id(self, reference):
        assert total([task_definition(), service(reference)]) == Decimal("28.8350")

    def test_task_sizes_in_vcpu_and_gb_units(self):
        records = [task_definition(cpu="1 vCPU", memory="2 GB", arch="X86_64"), service(MOCK_ARN, count=1)]
        assert total(records) == Decimal("36.0401")  # 1 × 1 vCPU and 1 × 2 GB, x86

    def test_an_unknown_task_definition_is_priced_as_the_smallest_arm64_task(self):
        records = [service("arn:aws:ecs:eu-west-1:1:task-definition/elsewhere:1", count=4)]
        # 4 × 0.25 vCPU × 730 × $0.03238 = 23.6374; 4 × 0.5 GB × 730 × $0.00356 = 5.1976
        assert total(records) == Decimal("28.8350")
        assert "task definition not found: smallest task assumed" in formula(records, "web")

    @pytest.mark.parametrize("extra", [{"desiredCount": 0}, {"desiredCount": None}, {"launchType": "EC2"}])
    def test_no_running_fargate_task_costs_nothing(self, extra):
        records = [task_definition(), {**service(MOCK_ARN), "inputs": {**service(MOCK_ARN)["inputs"], **extra}}]
        assert total(records) == 0


# ---- Aurora Serverless v2 --------------------------------------------------------------------------

def cluster(name: str = "orders", min_acu=0.5, **extra) -> dict:
    props = {"engine": "aurora-postgresql", "engineMode": "provisioned",
             "serverlessv2ScalingConfiguration": {"minCapacity": min_acu, "maxCapacity": 4}, **extra}
    return rec(CLUSTER, name, props, id_=f"{name}-5f3a9c1b")


def member(name: str, of: dict, klass: str = "db.serverless") -> dict:
    return rec(CLUSTER_INSTANCE, name, {"clusterIdentifier": of["id"], "instanceClass": klass, "engine": "aurora-postgresql"})


class TestAuroraServerless:
    def test_each_instance_pays_the_cluster_minimum(self):
        c = cluster()
        records = [c, member("orders-writer", c), member("orders-reader", c)]
        assert total(records) == Decimal("102.20")  # 2 × 0.5 ACU × 730 h × $0.14
        assert formula(records, "orders-writer") == "0.5 ACU (cluster minimum) × 730 h × $0.14"

    def test_a_cluster_that_auto_pauses_at_zero_acus_costs_nothing_idle(self):
        c = cluster(min_acu=0, **{"serverlessv2ScalingConfiguration": {"minCapacity": 0, "maxCapacity": 2,
                                                                        "secondsUntilAutoPause": 300}})
        assert total([c, member("orders-writer", c)]) == 0

    def test_io_optimized_clusters_pay_the_io_optimized_acu_rate(self):
        c = cluster(min_acu=1, storageType="aurora-iopt1")
        assert total([c, member("orders-writer", c)]) == Decimal("138.70")  # 1 ACU × 730 h × $0.19

    def test_a_cluster_found_by_its_identifier_input(self):
        c = cluster(min_acu=2, clusterIdentifier="orders-db")
        writer = rec(CLUSTER_INSTANCE, "w", {"clusterIdentifier": "orders-db", "instanceClass": "db.serverless"})
        assert total([c, writer]) == Decimal("204.40")  # 2 ACU × 730 h × $0.14

    def test_an_instance_whose_cluster_is_not_on_record_is_priced_at_half_an_acu(self):
        orphan = rec(CLUSTER_INSTANCE, "w", {"clusterIdentifier": "elsewhere", "instanceClass": "db.serverless"})
        assert total([orphan]) == Decimal("51.10")  # 0.5 ACU × 730 h × $0.14
        assert "cluster not found: 0.5 ACU floor assumed" in formula([orphan], "w")

    def test_provisioned_instances_and_the_cluster_itself_carry_no_priced_line(self):
        c = cluster()
        assert total([c, member("orders-writer", c, klass="db.r6g.large")]) == 0


# ---- RDS Proxy -------------------------------------------------------------------------------------

def proxy(name: str = "orders") -> dict:
    return rec(PROXY, name, {"name": name, "engineFamily": "POSTGRESQL", "requireTls": True})


def target(of: dict, proxy_name: str = "orders", **props) -> dict:
    return rec(PROXY_TARGET, f"{proxy_name}-target", {"dbProxyName": proxy_name, "targetGroupName": "default",
                                                      "dbClusterIdentifier": of["id"], **props})


class TestRdsProxy:
    def test_a_proxy_on_a_small_serverless_cluster_pays_the_8_acu_minimum(self):
        c = cluster()
        records = [c, member("w", c), member("r", c), proxy(), target(c)]
        by_name = {r.name: r.monthly for r in estimate(records, PRICES).by_resource}
        assert by_name["orders"] == Decimal("105.120")  # max(2 × 0.5, 8) ACU × 730 h × $0.018
        assert formula(records, "orders") == "RDS Proxy on 1 ACU (minimum 8 ACUs) × 730 h × $0.018"

    def test_above_the_minimum_the_proxy_pays_per_acu_of_every_instance(self):
        c = cluster(min_acu=6)
        records = [c, member("w", c), member("r", c), proxy(), target(c)]
        assert next(r.monthly for r in estimate(records, PRICES).by_resource if r.name == "orders") == Decimal("157.680")

    def test_a_proxy_on_provisioned_instances_pays_per_vcpu(self):
        c = cluster()
        records = [c, member("w", c, "db.r6g.large"), member("r", c, "db.r6g.2xlarge"), proxy(), target(c)]
        # (2 + 8) vCPUs × 730 h × $0.016
        assert next(r.monthly for r in estimate(records, PRICES).by_resource if r.name == "orders") == Decimal("116.800")

    def test_a_proxy_on_a_small_db_instance_pays_the_2_vcpu_minimum(self):
        db = rec(INSTANCE, "legacy", {"engine": "postgres", "instanceClass": "db.t4g.micro"}, id_="legacy-1")
        records = [db, proxy(), rec(PROXY_TARGET, "t", {"dbProxyName": "orders", "dbInstanceIdentifier": "legacy-1"})]
        assert total(records) == Decimal("23.360")  # 2 vCPUs × 730 h × $0.016

    def test_a_proxy_whose_targets_are_not_on_record_is_priced_at_the_serverless_minimum(self):
        records = [proxy()]
        assert total(records) == Decimal("105.120")  # 8 ACU × 730 h × $0.018
        assert formula(records, "orders") == "RDS Proxy minimum 8 ACUs (targets not found) × 730 h × $0.018"


def test_a_small_aurora_stack_with_a_proxy_an_alb_and_two_fargate_tasks():
    """The whole idle bill of a typical landfall service: every line hand-computed."""
    c = cluster()
    records = [
        c, member("orders-writer", c), proxy(), target(c),
        task_definition(), service(MOCK_ARN),
        rec(LB, "orders-alb", {"loadBalancerType": "application"}),
        rec("aws:ecs/cluster:Cluster", "apps", {}), rec("aws:ecr/repository:Repository", "web", {}),
    ]
    # writer 51.10 + proxy 105.12 + Fargate 28.835 + ALB 18.396
    assert total(records) == Decimal("203.451")
    usage = {u.type for u in estimate(records, PRICES).usage_based}
    assert {"aws:rds/cluster:Cluster", "aws:ecs/service:Service", "aws:ecr/repository:Repository", LB} <= usage
