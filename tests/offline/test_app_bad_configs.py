"""Bad app-tier configs, as a user meets them: `python -m landfall preview dev` exits non-zero, names the key
path and the value, and prints no traceback (issue 4's list of mistakes)."""

from __future__ import annotations

import copy
import os
import subprocess
import sys

import pytest
import yaml

from tests.conftest import stack_values

BASE = "landfall:services.orders"


def preview_with(root, edit):
    config = copy.deepcopy(stack_values("dev"))
    edit(config["landfall:services"]["orders"])
    (root / "Pulumi.dev.yaml").write_text(yaml.safe_dump({"config": config}, sort_keys=False))
    return subprocess.run([sys.executable, "-m", "landfall", "preview", "dev"], cwd=root, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(root)})


def set_env(fn, size):
    fn["environment"] = {"BLOB": "x" * size}


CASES = {
    "memory 64 MB": (lambda s: s["functions"]["api"].update(memory_mb=64), f"{BASE}.functions.api.memory_mb", "64"),
    "timeout 1,000 s": (lambda s: s["functions"]["nightly"].update(timeout_s=1000), f"{BASE}.functions.nightly.timeout_s", "1000"),
    "an API function with a 60 s timeout": (lambda s: s["functions"]["api"].update(timeout_s=60), f"{BASE}.functions.api.timeout_s", "29 s"),
    "5 KB of environment variables": (lambda s: set_env(s["functions"]["worker"], 5 * 1024), f"{BASE}.functions.worker.environment", "4,096"),
    "a route naming an unknown function": (lambda s: s["api"]["routes"][1].update(function="get_order"), f"{BASE}.api.routes[1].function", "get_order"),
    "an invalid cron expression": (lambda s: s["schedules"]["nightly"].update(expression="cron(0 2 * * *)"), f"{BASE}.schedules.nightly.expression", "cron(0 2 * * *)"),
    "a use of an unknown table": (lambda s: s["functions"]["nightly"]["uses"]["tables"].update(archive="read"), f"{BASE}.functions.nightly.uses.tables.archive", "archive"),
    "an unauthorized route": (lambda s: s["api"]["routes"][0].update(authorization="NONE"), f"{BASE}.api.routes", "NONE"),
    "a handler module that does not exist": (lambda s: s["functions"]["nightly"].update(handler="services.orders.nighlty.lambda_handler"), f"{BASE}.functions.nightly.handler", "did you mean services.orders.nightly?"),
    "a handler function the module lacks": (lambda s: s["functions"]["worker"].update(handler="services.orders.worker.handler"), f"{BASE}.functions.worker.handler", "services.orders.worker.handler"),
    "a body model the handler module lacks": (lambda s: s["api"]["routes"][0].update(body_model="CreateOrdr"), f"{BASE}.api.routes[0].body_model", "did you mean CreateOrder?"),
    "a POST route without a body model": (lambda s: s["api"]["routes"][0].pop("body_model"), f"{BASE}.api.routes[0].body_model", "POST /orders takes a request body"),
    "a body model that is not a pydantic model": (lambda s: s["api"]["routes"][0].update(body_model="IDEMPOTENCY_HEADER"), f"{BASE}.api.routes[0].body_model", "not a pydantic model"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_app_config_exits_non_zero_naming_the_key_path_without_a_traceback(scratch, case):
    edit, path, value = CASES[case]
    result = preview_with(scratch, edit)
    assert result.returncode != 0, result.stdout[-2000:]
    output = result.stdout + result.stderr
    assert path in output and value in output, output[-3000:]
    assert "Traceback" not in output


def test_every_problem_is_reported_at_once(scratch):
    def many(s):
        for case in ("memory 64 MB", "an invalid cron expression", "a route naming an unknown function"):
            CASES[case][0](s)

    result = preview_with(scratch, many)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert all(CASES[c][1] in output for c in ("memory 64 MB", "an invalid cron expression", "a route naming an unknown function")), output[-3000:]


@pytest.mark.parametrize("code_signing, path, value", [
    ({"trusted_publishers": ["arn:aws:signer:eu-west-1:111122223333:/signing-profiles/Publisher"]},
     "landfall:services.code_signing.trusted_publishers[0]", "is not a signing profile version ARN"),
    ({"mode": "strict"}, "landfall:services.code_signing.mode", "strict"),
])
def test_a_bad_code_signing_setting_exits_non_zero_naming_the_key_path(scratch, code_signing, path, value):
    config = copy.deepcopy(stack_values("dev"))
    config["landfall:services"]["code_signing"] = code_signing
    (scratch / "Pulumi.dev.yaml").write_text(yaml.safe_dump({"config": config}, sort_keys=False))
    result = subprocess.run([sys.executable, "-m", "landfall", "preview", "dev"], cwd=scratch, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(scratch)})
    output = result.stdout + result.stderr
    assert result.returncode != 0 and path in output and value in output, output[-3000:]
    assert "Traceback" not in output
