"""Config from the Pulumi engine (the real `pulumi preview/up`, or the recording engine)."""

from __future__ import annotations

from pathlib import Path

import pulumi
from pulumi.runtime import config as runtime_config

from landfall.config.baseline_stack import account_key_of, generated_values, merge
from landfall.config.errors import ConfigError
from landfall.config.loader import engine_values, parse
from landfall.config.model import StackConfig


def load_from_engine(project_dir: Path | str = ".") -> StackConfig:
    """Every `landfall:*` key the engine passed, parsed and validated like a stack file."""
    raw = {**runtime_config.get_config_env(), **runtime_config.CONFIG.get()}
    stack, values = pulumi.get_stack(), engine_values(raw)
    if account_key_of(stack) is not None:  # an account baseline stack: the template, under its own config
        values = merge(generated_values(stack, project_dir), values)
    config = parse(stack, values, project_dir, source=f"stack {stack}")
    problems = config.reference_problems(pulumi.get_organization())
    if problems:
        raise ConfigError(problems, source=f"stack {stack}")
    return config
