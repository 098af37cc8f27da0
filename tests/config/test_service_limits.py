"""AWS limits on what landfall derives from `landfall:services` (landfall/config/service_limits.py, issue 11): a
schedule's EventBridge rule (64) and dead-letter queue (80), a workflow's IAM role (64), the alarm topic's SNS name
and a function's description (256). Names are <environment>-<service>-<key>; a 24-character service name leaves
less room for keys than the 40 characters a key may have."""

from __future__ import annotations

import pytest

from landfall.config.service_limits import service_limit_problems
from landfall.plan.service_names import ServiceNames
from tests.config.fixtures_serverless import context, services, services_data

LONG_SERVICE = "fulfilment-and-shipments"  # 24 characters, the most a service name may have


def renamed(data: dict, service: str = LONG_SERVICE) -> dict:
    data[service] = data.pop("orders")
    return data


def problems(data: dict, stack: str = "dev"):
    return service_limit_problems(services(data), context(stack))


def test_the_samples_and_the_longest_service_name_with_their_keys_fit():
    assert problems(services_data("dev")) == [] and problems(services_data("prod"), "prod") == []
    assert problems(renamed(services_data())) == []


def test_a_schedule_whose_eventbridge_rule_name_would_pass_64_characters_is_rejected():
    data = renamed(services_data())
    key = "n" * 36  # dev-fulfilment-and-shipments- (29) + 36 = 65
    data[LONG_SERVICE]["schedules"] = {key: data[LONG_SERVICE]["schedules"]["nightly"]}
    [problem] = problems(data)
    assert problem.path == f"landfall:services.{LONG_SERVICE}.schedules.{key}"
    assert "EventBridge rule name" in problem.message and "65 characters; AWS allows 64" in problem.message
    assert "shorten the key by 1" in problem.fix


def test_a_schedule_whose_dead_letter_queue_would_pass_80_characters_is_rejected():
    data = renamed(services_data())
    key = "n" * 40
    data[LONG_SERVICE]["schedules"] = {key: data[LONG_SERVICE]["schedules"]["nightly"]}
    messages = [p.message for p in problems(data)]
    assert any("dead-letter queue name" in m and "AWS allows 80" in m for m in messages), messages
    assert len(ServiceNames("dev", LONG_SERVICE).schedule_dlq(key)) == 82


def test_a_workflow_whose_role_would_pass_64_characters_is_rejected_though_the_state_machine_name_fits():
    data = renamed(services_data())
    key = "f" * 32  # state machine 61 characters (<= 80), its role 65 (> 64)
    data[LONG_SERVICE]["workflows"] = {key: data[LONG_SERVICE]["workflows"]["fulfillment"]}
    [problem] = problems(data)
    assert problem.path == f"landfall:services.{LONG_SERVICE}.workflows.{key}"
    assert "IAM role name" in problem.message and f"{'f' * 32}-sfn" in problem.message


@pytest.mark.parametrize("topic, ok", [("ops-pager", True), ("ops.pager", False), ("ops pager", False), ("x" * 253, False)])
def test_the_alarm_topic_is_an_sns_topic_name(topic, ok):
    data = services_data()
    data["orders"]["alarms"]["topic"] = topic
    found = [p for p in problems(data) if p.path == "landfall:services.orders.alarms.topic"]
    assert (found == []) == ok, [p.render() for p in found]


def test_a_function_description_over_256_characters_is_rejected():
    data = services_data()
    data["orders"]["functions"]["nightly"]["description"] = "d" * 257
    [problem] = problems(data)
    assert problem.path == "landfall:services.orders.functions.nightly.description" and "Lambda allows 256" in problem.message
