"""Synthesize a stack offline: run __main__.py under the recording engine and return its inventory."""

from __future__ import annotations

import json
import os
import runpy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

import pulumi
from pulumi.runtime import settings as runtime_settings
from pulumi.runtime.mocks import MockEngine, MockSettings
from pulumi.runtime.stack import run_in_stack
from pulumi.runtime.sync_await import _sync_await

from landfall.config.crossstack import stamp
from landfall.config.errors import ConfigError, Problem
from landfall.config.loader import load_stack_file, read_stack_file
from landfall.config.model import StackConfig

from .outputs import Where
from .recorder import RecordingMocks, RecordingMonitor, Registration
from .unknowns import invented_values, unknown_paths

PROJECT = "landfall"
# The project the offline tools read (__main__.py, stack files, templates/): this repository, unless
# LANDFALL_PROJECT_DIR names another one (the scale benchmark points the CLI at a generated organization).
ROOT = Path(os.environ.get("LANDFALL_PROJECT_DIR") or Path(__file__).resolve().parents[2]).resolve()


@dataclass
class Inventory:
    project: str
    stack: str
    resources: list[Registration]
    outputs: dict[str, Any]
    config: Optional[StackConfig] = None
    extras: dict[str, Any] = field(default_factory=dict)
    component_outputs: dict[str, dict[str, Any]] = field(default_factory=dict)

    def of_type(self, type_: str) -> list[Registration]:
        return [r for r in self.resources if r.type == type_]

    def named(self, name: str, type_: Optional[str] = None) -> Registration:
        found = [r for r in self.resources if r.name == name and (type_ is None or r.type == type_)]
        if len(found) != 1:
            raise KeyError(f"{len(found)} resources named {name!r} of type {type_}")
        return found[0]

    def by_urn(self, urn: str) -> Registration:
        return next(r for r in self.resources if r.urn == urn)

    def by_id(self, rid: str) -> Optional[Registration]:
        return next((r for r in self.resources if r.id == rid and r.custom), None)

    def children(self, parent: Registration) -> list[Registration]:
        return [r for r in self.resources if r.parent == parent.urn]

    def custom(self) -> list[Registration]:
        return [r for r in self.resources if r.custom and not r.type.startswith("pulumi:providers:")]

    def providers(self) -> dict[str, Registration]:
        """Provider reference (`urn::id`, as children record it) -> provider registration."""
        return {f"{r.urn}::{r.id}": r for r in self.resources if r.type.startswith("pulumi:providers:")}

    def account_of(self, resource: Registration) -> Optional[str]:
        """The account id a custom resource is created in, from its provider's allowedAccountIds."""
        provider = self.providers().get(resource.provider)
        if provider is None:
            return None
        ids = provider.inputs.get("allowedAccountIds")
        ids = json.loads(ids) if isinstance(ids, str) else ids
        return ids[0] if ids else None

    def to_json(self) -> dict[str, Any]:
        return {
            "project": self.project,
            "stack": self.stack,
            "resources": [r.to_json() for r in self.resources],
            "outputs": self.outputs,
            # output paths whose value the real preview shows as unknown (mock values above; see offline/unknowns.py)
            "unknown_outputs": unknown_paths(self.outputs, self.invented()),
            **self.extras,
        }

    def invented(self) -> set[str]:
        """Values only `pulumi up` will know (ids and ARNs the mocks invented); account ids in config are known."""
        known = [a.id for a in self.config.accounts.values() if a.id] if self.config is not None else []
        return invented_values(self.resources, known)


def _configure(monitor: RecordingMonitor, stack: str) -> None:
    settings = MockSettings(
        monitor=monitor,
        monitor_features=set(monitor.GetDeploymentInfo(None).supportedFeatures),
        engine=MockEngine(None),
        project=PROJECT,
        stack=stack,
        dry_run=False,  # preview=False: every apply runs, every output is known
        organization="organization",
        callbacks=None,
    )
    runtime_settings.configure(settings)
    runtime_settings.SETTINGS.outputs.clear()
    runtime_settings.set_root_resource(None)


def run_program(
    stack: str,
    values: dict[str, Any],
    program: Callable[[], None],
    where: Where,
    stack_references: Optional[dict[str, dict]] = None,
) -> RecordingMonitor:
    """Run a Pulumi program function under the recording engine with the given `landfall:*` config."""
    mocks = RecordingMocks(where.partition, where, stack_references)
    monitor = RecordingMonitor(mocks)
    _configure(monitor, stack)
    pulumi.runtime.set_all_config({k: json.dumps(v) if not isinstance(v, str) else v for k, v in values.items()})
    try:
        _sync_await(run_in_stack(program))
    finally:
        runtime_settings.set_root_resource(None)
    return monitor


def synthesize(stack: str, project_dir: Path | str = ROOT, stack_references: Optional[dict[str, dict]] = None, *, _chain: tuple[str, ...] = ()) -> Inventory:
    """Validate the stack file, then run the real __main__.py for it offline. Raises ConfigError on bad config.

    Stacks it reads through a StackReference are synthesized first (from their stack files in the same
    project, cached) and their outputs served under the full reference name; `stack_references` overrides.
    """
    project_dir = Path(project_dir)
    config = load_stack_file(stack, project_dir)  # fail fast, before the engine starts
    values = read_stack_file(stack, project_dir)
    # Before this stack's engine run starts: the referenced stacks need the (global) runtime themselves.
    references = {**referenced_outputs(config, project_dir, (*_chain, stack)), **(stack_references or {})}
    account = config.account()
    # A pending account's id comes from the management stack's outputs; the provider then records it.
    where = Where(config.stack.partition, account.id or "000000000000", config.stack.region)
    entry = project_dir / "__main__.py"
    monitor = run_program(stack, values, lambda: runpy.run_path(str(entry), run_name="__main__"), where, references)
    return Inventory(PROJECT, stack, ordered(monitor.recorded), monitor.outputs, config, component_outputs=monitor.component_outputs)


def referenced_outputs(config: StackConfig, project_dir: Path, chain: tuple[str, ...] = ()) -> dict[str, dict]:
    """Full reference name (`organization/landfall/network`) -> the outputs of that stack, synthesized offline.

    `chain` is the stacks whose synthesis is waiting on this one (the referencing stack last): a reference
    back into it is a cycle.
    """
    out = {}
    for reference in config.stack_references():
        target = reference.rsplit("/", 1)[-1]
        if target in chain:
            raise ConfigError([Problem(f"Pulumi.{chain[0]}.yaml", f"stack references form a cycle: {' -> '.join((*chain, target))}", "a stack may not depend on itself")])
        out[reference] = _outputs_of(target, Path(project_dir), chain)
    return out


_OUTPUTS: dict[tuple, str] = {}  # (stack, project dir, stack files' stamp) -> outputs as JSON


def _outputs_of(stack: str, project_dir: Path, chain: tuple[str, ...]) -> dict[str, Any]:
    """One synthesis per referenced stack and revision of the stack files; each caller gets its own copy."""
    key = (stack, str(project_dir.resolve()), stamp(project_dir))
    if key not in _OUTPUTS:
        _OUTPUTS[key] = json.dumps(synthesize(stack, project_dir, _chain=chain).outputs)
    return json.loads(_OUTPUTS[key])




def ordered(recorded: list[Registration]) -> list[Registration]:
    """Registration order depends on thread timing; the root stack first, then by URN, is stable."""
    return sorted(recorded, key=lambda r: (r.parent != "", r.urn))


def stack_names(project_dir: Path | str = ROOT) -> list[str]:
    return sorted(p.name[len("Pulumi.") : -len(".yaml")] for p in Path(project_dir).glob("Pulumi.*.yaml"))


def types_count(resources: Iterable[Registration]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in resources:
        counts[r.type] = counts.get(r.type, 0) + 1
    return dict(sorted(counts.items()))
