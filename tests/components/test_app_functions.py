"""ServiceFunction, ServiceTable and ServiceWorkflow: the parts of a service that are not messaging, API or alarms."""

from __future__ import annotations

import json

import pytest

from components.app.data import ServiceTable, ServiceTableArgs
from components.app.functions import ServiceFunction, ServiceFunctionArgs, VpcPlacement, code_archive
from components.app.workflow import ServiceWorkflow, ServiceWorkflowArgs
from landfall.config.serverless import FunctionConfig, TableConfig, WorkflowConfig
from landfall.plan.grants import FunctionGrants
from landfall.plan.service_names import ServiceNames
from tests.conftest import record, unit_provider

NAMES = ServiceNames("test", "orders", "aws", "eu-west-1", "123456789012")
LOG_KEY = "arn:aws:kms:eu-west-1:123456789012:key/logs"
DATA_KEY = "arn:aws:kms:eu-west-1:123456789012:key/data"
TASKS = {"ReserveStock": "reserve", "ChargePayment": "charge", "MarkFulfilled": "done", "MarkFailed": "failed"}


def function(opts, key, config, **extra):
    grants = FunctionGrants(log_group_arn=NAMES.log_group_arn(key), tables={"orders": (NAMES.table_arn("orders"), True)}, key_arns=(DATA_KEY,))
    return ServiceFunction(f"orders-{key}", ServiceFunctionArgs(
        key=key, config=FunctionConfig.model_validate(config), names=NAMES, code=code_archive([config["handler"]]),
        log_key_arn=LOG_KEY, data_key_arn=DATA_KEY, grants=grants, environment={"ORDERS_TABLE": "test-orders-orders"}, **extra,
    ), opts)


@pytest.fixture(scope="module")
def inv():
    def program():
        opts = unit_provider()
        function(opts, "api", {"handler": "services.orders.api.lambda_handler", "reserved_concurrency": 10, "provisioned_concurrency": 2}, protect=True)
        function(opts, "nightly", {"handler": "services.orders.nightly.lambda_handler", "async_on_failure": False},
                 vpc=VpcPlacement("vpc-1", ["subnet-a", "subnet-b"]))
        ServiceTable("orders-orders", ServiceTableArgs("orders", TableConfig.model_validate({
            "partition_key": "owner_id", "sort_key": "order_id",
            "global_secondary_indexes": {"status-created_at": {"partition_key": "status", "sort_key": "created_at"}},
        }), "test-orders-orders", DATA_KEY, production=True, protect=True), opts)
        ServiceTable("orders-counters", ServiceTableArgs("counters", TableConfig.model_validate({
            "partition_key": "id", "billing": "PROVISIONED", "ttl_attribute": "expiration",
            "capacity": {"read": {"min": 5, "max": 50}, "write": {"min": 5, "max": 20}},
        }), "test-orders-counters", DATA_KEY, production=False), opts)
        ServiceWorkflow("orders-fulfillment", ServiceWorkflowArgs(
            "fulfillment", WorkflowConfig.model_validate({"definition": "services.orders.workflow:build_definition", "tasks": TASKS}),
            NAMES, {step: NAMES.alias_arn(fn) for step, fn in TASKS.items()}, LOG_KEY), opts)

    return record(program)


def test_functions_are_arm64_python_traced_published_with_a_live_alias(inv):
    fn = inv.named("orders-api", "aws:lambda/function:Function")
    i = fn.inputs
    assert (i["runtime"], i["architectures"], i["tracingConfig"], i["publish"]) == ("python3.12", ["arm64"], {"mode": "Active"}, True), fn.urn
    assert i["name"] == "test-orders-api" and i["reservedConcurrentExecutions"] == 10
    assert i["loggingConfig"]["logGroup"] == "/aws/lambda/test-orders-api" and i["loggingConfig"]["logFormat"] == "JSON"
    assert i["layers"][0].startswith("arn:aws:lambda:eu-west-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python312-arm64:")
    alias = inv.named("orders-api", "aws:lambda/alias:Alias")
    assert alias.inputs["name"] == "live" and alias.inputs["functionVersion"] == "1"


def test_the_code_is_the_service_package_with_paths_relative_to_the_project(inv):
    code = inv.named("orders-api", "aws:lambda/function:Function").inputs["code"]
    assert code == {"assets": {"services/__init__.py": {"path": "services/__init__.py"}, "services/orders": {"path": "services/orders"}}}


def test_each_function_has_its_own_kms_encrypted_log_group_with_retention(inv):
    group = inv.named("orders-api", "aws:cloudwatch/logGroup:LogGroup")
    assert group.inputs["name"] == "/aws/lambda/test-orders-api" and group.inputs["kmsKeyId"] == LOG_KEY
    assert group.inputs["retentionInDays"] == 365 and group.protect, group.urn


def test_provisioned_concurrency_sits_on_the_live_alias_only_where_configured(inv):
    [pc] = inv.of_type("aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig")
    assert pc.name == "orders-api" and pc.inputs["qualifier"] == "live" and pc.inputs["provisionedConcurrentExecutions"] == 2


def test_failed_async_invocations_go_to_an_encrypted_queue_unless_turned_off(inv):
    [cfg] = inv.of_type("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig")
    queue = inv.named("orders-api-failures", "aws:sqs/queue:Queue")
    assert cfg.name == "orders-api" and cfg.inputs["qualifier"] == "live"
    assert cfg.inputs["destinationConfig"]["onFailure"]["destination"] == f"arn:aws:sqs:eu-west-1:123456789012:{queue.inputs['name']}"
    assert queue.inputs["kmsMasterKeyId"] == DATA_KEY and queue.inputs["messageRetentionSeconds"] == 1_209_600
    assert not [q for q in inv.of_type("aws:sqs/queue:Queue") if "nightly" in q.name]


def test_the_role_allows_exactly_the_configured_table_and_its_own_failure_queue(inv):
    policy = json.loads(inv.named("orders-api", "aws:iam/rolePolicy:RolePolicy").inputs["policy"])
    by_sid = {s["Sid"]: s for s in policy["Statement"]}
    assert by_sid["TableOrdersWrite"]["Resource"] == [NAMES.table_arn("orders"), NAMES.table_arn("orders") + "/index/*"]
    assert by_sid["OnFailureDestination"]["Resource"] == "arn:aws:sqs:eu-west-1:123456789012:test-orders-api-failures"
    assert by_sid["UseDataKey"]["Resource"] == [DATA_KEY]
    trust = json.loads(inv.named("orders-api", "aws:iam/role:Role").inputs["assumeRolePolicy"])
    assert trust["Statement"][0]["Condition"] == {"StringEquals": {"aws:SourceAccount": "123456789012"}}


def test_a_vpc_function_gets_an_egress_only_security_group_in_two_subnets(inv):
    fn = inv.named("orders-nightly", "aws:lambda/function:Function")
    sg = inv.named("orders-nightly", "aws:ec2/securityGroup:SecurityGroup")
    assert fn.inputs["vpcConfig"] == {"subnetIds": ["subnet-a", "subnet-b"], "securityGroupIds": [sg.id]}
    assert not sg.inputs.get("ingress") and [e["fromPort"] for e in sg.inputs["egress"]] == [443]
    assert "VpcNetworkInterfaces" in {s["Sid"] for s in json.loads(inv.named("orders-nightly", "aws:iam/rolePolicy:RolePolicy").inputs["policy"])["Statement"]}


def test_tables_have_pitr_cmk_encryption_and_production_deletion_protection(inv):
    table = inv.named("orders-orders", "aws:dynamodb/table:Table")
    i = table.inputs
    assert i["pointInTimeRecovery"] == {"enabled": True} and i["serverSideEncryption"] == {"enabled": True, "kmsKeyArn": DATA_KEY}
    assert i["deletionProtectionEnabled"] is True and table.protect and i["billingMode"] == "PAY_PER_REQUEST"
    assert [a["name"] for a in i["attributes"]] == ["owner_id", "order_id", "status", "created_at"]
    assert i["globalSecondaryIndexes"][0]["name"] == "status-created_at"


def test_provisioned_tables_scale_read_and_write_by_target_tracking(inv):
    table = inv.named("orders-counters", "aws:dynamodb/table:Table")
    assert table.inputs["billingMode"] == "PROVISIONED" and table.inputs["deletionProtectionEnabled"] is False
    assert table.inputs["ttl"] == {"attributeName": "expiration", "enabled": True}
    targets = {t.name: t.inputs for t in inv.of_type("aws:appautoscaling/target:Target")}
    assert targets["orders-counters-write"]["maxCapacity"] == 20 and targets["orders-counters-read"]["resourceId"] == "table/test-orders-counters"
    policies = [p.inputs["targetTrackingScalingPolicyConfiguration"]["targetValue"] for p in inv.of_type("aws:appautoscaling/policy:Policy")]
    assert policies == [70, 70]


def test_the_state_machine_definition_is_the_services_builder_output_with_planned_alias_arns(inv):
    machine = inv.named("orders-fulfillment", "aws:sfn/stateMachine:StateMachine")
    definition = json.loads(machine.inputs["definition"])
    from services.orders.workflow import build_definition

    assert definition == build_definition({step: NAMES.alias_arn(fn) for step, fn in TASKS.items()})
    assert machine.inputs["type"] == "STANDARD" and machine.inputs["tracingConfiguration"] == {"enabled": True}
    log = machine.inputs["loggingConfiguration"]
    assert log["level"] == "ERROR" and log["logDestination"].endswith(":log-group:/aws/vendedlogs/states/test-orders-fulfillment:*")
    policy = json.loads(inv.named("orders-fulfillment", "aws:iam/rolePolicy:RolePolicy").inputs["policy"])
    assert policy["Statement"][0]["Resource"] == sorted(NAMES.alias_arn(fn) for fn in TASKS.values())


def test_every_child_has_its_component_as_parent(inv):
    components = {r.urn for r in inv.resources if not r.custom}
    for r in inv.custom():
        if r.type != "pulumi:providers:aws":
            assert r.parent in components, r.urn
