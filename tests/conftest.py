"""Shared fixtures: each stack file is synthesized once per test session under the recording engine."""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

import pytest
import yaml

from landfall.offline.synth import ROOT, Inventory, synthesize

WORKLOAD_STACKS = ("dev", "staging", "prod")


def pytest_configure(config) -> None:
    # The offline CLI's collector settings: the suite synthesizes every stack many times.
    from landfall.offline.gc_tuning import tune_gc

    tune_gc()


@functools.lru_cache(maxsize=None)
def synthesized(stack: str) -> Inventory:
    """One synthesis per stack per session; tests only read the inventory."""
    return synthesize(stack)


@pytest.fixture(params=WORKLOAD_STACKS)
def workload(request) -> Inventory:
    return synthesized(request.param)


def stack_values(stack: str) -> dict:
    return yaml.safe_load((ROOT / f"Pulumi.{stack}.yaml").read_text())["config"]


@pytest.fixture
def project_copy(tmp_path: Path):
    """A scratch project directory holding the real program and stack files, to synthesize edited configs."""

    def make(edits: dict[str, dict] | None = None) -> Path:
        for item in ("__main__.py",):
            shutil.copy(ROOT / item, tmp_path / item)
        shutil.copytree(ROOT / "templates", tmp_path / "templates", dirs_exist_ok=True)
        for stack_file in ROOT.glob("Pulumi.*.yaml"):
            shutil.copy(stack_file, tmp_path / stack_file.name)
        for stack, config in (edits or {}).items():
            if config is None:  # None deletes the stack file
                (tmp_path / f"Pulumi.{stack}.yaml").unlink(missing_ok=True)
                continue
            (tmp_path / f"Pulumi.{stack}.yaml").write_text(yaml.safe_dump({"config": config}, sort_keys=False))
        return tmp_path

    return make


def record(program, stack: str = "unit", account: str = "123456789012", region: str = "eu-west-1") -> Inventory:
    """Run a small program (a function declaring components) under the recording engine."""
    from landfall.offline.outputs import Where
    from landfall.offline.synth import PROJECT, ordered, run_program

    monitor = run_program(stack, {}, program, Where("aws", account, region))
    return Inventory(PROJECT, stack, ordered(monitor.recorded), monitor.outputs, component_outputs=monitor.component_outputs)


def unit_provider(account: str = "123456789012"):
    import pulumi
    import pulumi_aws as aws

    provider = aws.Provider("aws-unit", region="eu-west-1", allowed_account_ids=[account])
    return pulumi.ResourceOptions(providers={"aws": provider})


def regional_functions(inventory: Inventory) -> list:
    """The Lambda functions of a stack's services, without its Lambda@Edge functions (tests/stacks/test_edge.py
    holds those to the edge's own rules: us-east-1, no alias, a trust for the edge replicator)."""
    from landfall.plan.edge import EDGE_TAG

    return [f for f in inventory.of_type("aws:lambda/function:Function") if EDGE_TAG not in (f.inputs.get("tags") or {})]
