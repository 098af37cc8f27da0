"""Lambda@Edge planning: names, log regions, the role's documents, the import and package checks."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from landfall.plan.edge import (
    EDGE_EVENT_LIMITS,
    EDGE_REGION,
    MAX_FUNCTION_NAME,
    EdgeEvent,
    edge_function_name,
    edge_function_problems,
    edge_log_group_name,
    edge_log_regions,
    edge_package_paths,
    edge_role_policy,
    edge_trust_policy,
    package_size,
    third_party_imports,
)

ROOT = Path(__file__).resolve().parents[2]
REGIONS = st.sampled_from(["eu-west-1", "eu-central-1", "us-east-1", "us-west-2", "ap-southeast-2"])


def fn(**changes):
    return SimpleNamespace(**{"handler": "services.edge.errors.handler", "event": "origin-response", "memory_mb": 128,
                              "timeout_s": 5, "include_body": False, **changes})


@given(st.sets(REGIONS))
def test_edge_logs_are_kept_in_us_east_1_and_every_governed_region_once(governed):
    regions = edge_log_regions(governed)
    assert set(regions) == {EDGE_REGION, *governed} and list(regions) == sorted(set(regions))


@pytest.mark.parametrize("event, memory, timeout", [
    ("viewer-request", 128, 5), ("viewer-response", 128, 5), ("origin-request", 10_240, 30), ("origin-response", 10_240, 30)])
def test_each_event_has_the_quota_cloudfront_documents(event, memory, timeout):
    limits = EDGE_EVENT_LIMITS[EdgeEvent(event)]
    assert (limits.max_memory_mb, limits.max_timeout_s) == (memory, timeout)
    assert edge_function_problems("k", fn(event=event, memory_mb=memory, timeout_s=timeout), False, "prod", "orders") == []
    over = edge_function_problems("k", fn(event=event, memory_mb=memory + 1, timeout_s=timeout + 1), False, "prod", "orders")
    assert [p[0] for p in over] == [".edge_functions.k.memory_mb", ".edge_functions.k.timeout_s"]


def test_a_long_service_name_and_key_that_overflow_the_function_name_are_reported():
    service = "s" * 30
    assert len(edge_function_name(f"staging-{service}", "a" * 20)) == MAX_FUNCTION_NAME
    assert edge_function_problems("a" * 20, fn(), False, "staging", service) == []
    [problem] = edge_function_problems("a" * 21, fn(), False, "staging", service)
    assert problem[0] == ".edge_functions." + "a" * 21 and "(65 characters); Lambda allows 64" in problem[1]


def test_the_role_may_write_only_its_own_edge_log_streams_in_any_region():
    [statement] = edge_role_policy("prod-orders-edge-x", "777777777777")["Statement"]
    assert statement["Resource"] == f"arn:aws:logs:*:777777777777:log-group:{edge_log_group_name('prod-orders-edge-x')}:log-stream:*"
    assert "logs:CreateLogGroup" not in statement["Action"]
    [trust] = edge_trust_policy()["Statement"]
    assert trust["Principal"]["Service"] == ["lambda.amazonaws.com", "edgelambda.amazonaws.com"]


@pytest.mark.parametrize("source, outside", [
    ("import json\nimport boto3\nfrom urllib.parse import quote\n", []),
    ("import requests\nfrom aws_lambda_powertools import Logger\n", ["aws_lambda_powertools", "requests"]),
    ("from services.edge import shared\nfrom . import local\n", []),
    ("def f():\n    import yaml\n", ["yaml"]),
])
def test_imports_outside_the_standard_library_the_runtime_and_the_package_are_found(source, outside):
    assert third_party_imports(source, "services") == outside


def test_the_edge_package_is_the_handlers_package_and_its_size_is_measured_compressed(tmp_path):
    assert edge_package_paths("services.edge.errors.handler", ROOT) == [ROOT / "services" / "__init__.py", ROOT / "services" / "edge"]
    assert edge_package_paths("tool.app.handler", ROOT) == [ROOT / "tool"]
    assert edge_package_paths("tool.handler", ROOT) == [ROOT / "tool.py"]
    import os

    limit = EDGE_EVENT_LIMITS[EdgeEvent.VIEWER_REQUEST].max_package_bytes
    for name, data, over in (("random", os.urandom(2 * 1024 * 1024), True), ("repeated", bytes(range(256)) * 8192, False)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "data.bin").write_bytes(data)  # 2 MiB each: only the incompressible one is over 1 MiB
        assert (package_size([tmp_path / name], tmp_path) > limit) is over, name


def test_a_package_over_the_viewer_quota_is_reported(tmp_path):
    import os

    (tmp_path / "edgepkg").mkdir()
    (tmp_path / "edgepkg" / "__init__.py").write_text("")
    (tmp_path / "edgepkg" / "app.py").write_text("def handler(event, context):\n    return event\n")
    (tmp_path / "edgepkg" / "data.bin").write_bytes(os.urandom(1_200_000))
    found = edge_function_problems("k", fn(handler="edgepkg.app.handler", event="viewer-request"), False, "prod", "orders", tmp_path)
    assert [(p[0], p[1].split(";")[0]) for p in found] == [(".edge_functions.k.handler", f"the package is {package_size([tmp_path / 'edgepkg'], tmp_path):,} bytes compressed")]
    assert edge_function_problems("k", fn(handler="edgepkg.app.handler", event="origin-request"), False, "prod", "orders", tmp_path) == []


def test_an_import_anywhere_in_the_shipped_package_is_found_not_only_in_the_handlers_module(tmp_path):
    (tmp_path / "edgepkg").mkdir()
    (tmp_path / "edgepkg" / "__init__.py").write_text("")
    (tmp_path / "edgepkg" / "app.py").write_text("from edgepkg import helpers\n\ndef handler(event, context):\n    return event\n")
    (tmp_path / "edgepkg" / "helpers.py").write_text("import requests\n")
    [problem] = edge_function_problems("k", fn(handler="edgepkg.app.handler"), False, "prod", "orders", tmp_path)
    assert problem[0] == ".edge_functions.k.handler" and "imports requests" in problem[1]
