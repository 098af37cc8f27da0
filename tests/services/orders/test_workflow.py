from __future__ import annotations

import pytest

from services.orders.workflow import STEPS, build_definition

ARNS = {step: f"arn:aws:lambda:eu-west-1:123456789012:function:orders-{step.lower()}" for step in STEPS}


@pytest.fixture
def definition() -> dict:
    return build_definition(ARNS)


def tasks(definition: dict) -> dict[str, dict]:
    return {name: state for name, state in definition["States"].items() if state["Type"] == "Task"}


def targets(state: dict) -> list[str]:
    found = [state[key] for key in ("Next", "Default") if key in state]
    found += [catch["Next"] for catch in state.get("Catch", [])]
    found += [choice["Next"] for choice in state.get("Choices", [])]
    return found


def test_start_at_names_an_existing_state(definition):
    assert definition["StartAt"] == "ReserveStock"
    assert definition["StartAt"] in definition["States"]


def test_every_next_default_and_catch_target_exists(definition):
    for name, state in definition["States"].items():
        for target in targets(state):
            assert target in definition["States"], f"{name} -> {target}"


def test_every_state_is_reachable_and_every_path_ends(definition):
    states = definition["States"]
    seen, todo = set(), [definition["StartAt"]]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(targets(states[name]))
    assert seen == set(states)
    for name, state in states.items():
        assert state["Type"] in ("Succeed", "Fail") or targets(state) or state.get("End"), name


def test_every_task_has_the_transient_retry_and_a_catch_all(definition):
    assert set(tasks(definition)) == set(STEPS)
    for _name, task in tasks(definition).items():
        [retry] = task["Retry"]
        assert retry["ErrorEquals"] == ["TransientError", "Lambda.ServiceException", "Lambda.TooManyRequestsException"]
        assert (retry["IntervalSeconds"], retry["BackoffRate"], retry["MaxAttempts"]) == (2, 2, 3)
        [catch] = task["Catch"]
        assert catch["ErrorEquals"] == ["States.ALL"]
        assert catch["ResultPath"] == "$.error"


def test_failures_in_the_happy_path_go_to_mark_failed_which_ends_in_a_fail_state(definition):
    states = definition["States"]
    for step in ("ReserveStock", "ChargePayment", "MarkFulfilled"):
        assert states[step]["Catch"][0]["Next"] == "MarkFailed"
    assert states[states["MarkFailed"]["Next"]]["Type"] == "Fail"
    assert states[states["MarkFailed"]["Catch"][0]["Next"]]["Type"] == "Fail"


def test_the_happy_path_is_reserve_charge_fulfil_succeed(definition):
    states = definition["States"]
    assert states["ReserveStock"]["Next"] == "ChargePayment"
    assert states["ChargePayment"]["Next"] == "MarkFulfilled"
    assert states[states["MarkFulfilled"]["Next"]]["Type"] == "Succeed"


def test_tasks_invoke_the_given_function_arns_with_the_state_as_payload(definition):
    for name, task in tasks(definition).items():
        assert task["Resource"] == "arn:aws:states:::lambda:invoke"
        assert task["Parameters"] == {"FunctionName": ARNS[name], "Payload.$": "$"}
        assert task["OutputPath"] == "$.Payload"


def test_missing_task_arns_raise_a_key_error_naming_them():
    partial = {step: arn for step, arn in ARNS.items() if step not in ("ChargePayment", "MarkFailed")}
    with pytest.raises(KeyError) as raised:
        build_definition(partial)
    assert "ChargePayment" in str(raised.value)
    assert "MarkFailed" in str(raised.value)


def test_the_definition_is_accepted_by_step_functions(aws, definition):
    import json

    arn = aws.stepfunctions.create_state_machine(
        name="orders-fulfillment-built",
        definition=json.dumps(definition),
        roleArn="arn:aws:iam::123456789012:role/orders-fulfillment-test",
    )["stateMachineArn"]
    assert json.loads(aws.stepfunctions.describe_state_machine(stateMachineArn=arn)["definition"]) == definition
