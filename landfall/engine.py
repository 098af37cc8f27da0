"""Config from the Pulumi engine (the real `pulumi preview/up`, or the recording engine)."""

from __future__ import annotations

import os
from pathlib import Path

import pulumi
from pulumi.runtime import config as runtime_config

from landfall.config.baseline_stack import account_key_of, generated_values, merge
from landfall.config.ci import PREVIEW_ROLE_NAME, READ_ONLY_ENV
from landfall.config.errors import ConfigError, Problem
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
    read_only = os.environ.get(READ_ONLY_ENV, "")
    if read_only not in ("", "0", "1"):
        problems.append(Problem(READ_ONLY_ENV, "must be 1 (read-only: every provider assumes landfall-preview) or unset",
                                "set it to 1 in preview and drift jobs, leave it unset to deploy", read_only))
    if problems:
        raise ConfigError(problems, source=f"stack {stack}")
    # Previews and drift checks of unmerged code: every provider assumes the read-only role (see config/ci.py).
    return config.assuming(PREVIEW_ROLE_NAME) if read_only == "1" else config
