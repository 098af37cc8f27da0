"""Config from the Pulumi engine (the real `pulumi preview/up`, or the recording engine)."""

from __future__ import annotations

from pathlib import Path

import pulumi
from pulumi.runtime import config as runtime_config

from landfall.config.loader import engine_values, parse
from landfall.config.model import StackConfig


def load_from_engine(project_dir: Path | str = ".") -> StackConfig:
    """Every `landfall:*` key the engine passed, parsed and validated like a stack file."""
    raw = {**runtime_config.get_config_env(), **runtime_config.CONFIG.get()}
    return parse(pulumi.get_stack(), engine_values(raw), project_dir, source=f"stack {pulumi.get_stack()}")
