"""A scratch copy of the program for CLI tests: the offline CLI reads the stack files next to its own package."""

from __future__ import annotations

import shutil

import pytest

from landfall.offline.synth import ROOT

SOURCES = ("landfall", "components", "policies", "services", "__main__.py", "Pulumi.yaml")


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    root = tmp_path_factory.mktemp("project")
    for item in SOURCES:
        src = ROOT / item
        if src.is_dir():
            shutil.copytree(src, root / item, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, root / item)
    for stack_file in ROOT.glob("Pulumi.*.yaml"):
        shutil.copy(stack_file, root / stack_file.name)
    return root
