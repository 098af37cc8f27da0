"""`make bench`: what landfall's config parsing, planning and components add to the Pulumi SDK's own cost.

For each case (the prod stack, and a synthetic config with thousands of resources) it times:
  landfall - the real __main__.py under the recording engine (config load + validation + plans + components)
  bare     - a program that registers the same resources (same types, names and inputs, the same
             component tokens) with plain pulumi-aws classes under the same recording engine
and prints both, then `ratio: X.XX` (landfall / bare over all cases) as the last line. Target: <= 1.10.
Each case runs once to warm imports, then alternates the two programs; the median is reported.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import pulumi
import pulumi_aws
import yaml

from .gc_tuning import tune_gc
from .outputs import Where
from .synth import ROOT, Inventory, referenced_outputs, run_program, synthesize

REPEAT = 5


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _aws_class(type_: str):
    _, module_path, cls = type_.split(":")
    module = getattr(pulumi_aws, module_path.split("/")[0], None)
    return getattr(module, cls, None) if module is not None else None


# Output attributes a program passes from one resource into another's inputs.
WIRED_ATTRIBUTES = ("id", "arn", "keyId", "allocationId", "url", "invokeArn", "executionArn")


def bare_program(inv: Inventory, references: dict[str, dict] | None = None) -> Callable[[], None]:
    """The same resource graph as `inv`, declared flat with plain pulumi-aws classes.

    Same types, names and inputs; where an input is another resource's id or ARN, the bare program
    passes that resource's Output, as any real program must, so both programs carry the same
    dependency graph and the difference is only landfall's own code. Likewise a value that came from
    another stack's outputs (`references`) is read through a StackReference, as a real program must.
    """
    from_reference: dict[str, tuple[str, tuple[str, ...]]] = {}  # output value -> (stack reference, key path)
    for ref, outputs in (references or {}).items():
        for path, leaf in _leaves(outputs, ()):
            if isinstance(leaf, str):
                from_reference.setdefault(leaf, (ref, path))
    wiring: dict[str, tuple[str, str]] = {}  # output value -> (urn, attribute)
    for r in inv.resources:
        if r.custom and not r.type.startswith("pulumi:"):
            wiring[r.id] = (r.urn, "id")
            for attr in WIRED_ATTRIBUTES[1:]:
                value = r.state.get(attr)
                if isinstance(value, str):
                    wiring.setdefault(value, (r.urn, attr))
    order = _topological([r for r in inv.resources if r.type != "pulumi:pulumi:Stack"])

    def program() -> None:
        declared: dict[str, pulumi.Resource] = {}
        stacks = {ref: pulumi.StackReference(ref) for ref in references or {}}

        def wire(value: Any) -> Any:
            if isinstance(value, str) and value in wiring and wiring[value][0] in declared:
                urn, attr = wiring[value]
                resource = declared[urn]
                # A typed class exposes snake_case outputs; the generic fallback below, the camelCase ones.
                return getattr(resource, _snake(attr)) if hasattr(resource, _snake(attr)) else getattr(resource, attr)
            if isinstance(value, str) and value in from_reference:
                ref, path = from_reference[value]
                out = stacks[ref].require_output(path[0])
                for part in path[1:]:
                    out = out.apply(lambda v, p=part: v[p])
                return out
            if isinstance(value, list):
                return [wire(v) for v in value]
            return value

        for r in order:
            parent = declared.get(r.parent)
            if r.type == "pulumi:providers:aws":
                declared[r.urn] = pulumi_aws.Provider(r.name, region=r.inputs.get("region"), allowed_account_ids=json.loads(r.inputs.get("allowedAccountIds", "[]")))
                continue
            if not r.type.startswith("aws:"):
                declared[r.urn] = pulumi.ComponentResource(r.type, r.name, None, pulumi.ResourceOptions(parent=parent))
                continue
            provider = declared.get(r.provider.rsplit("::", 1)[0]) if r.provider else None
            opts = pulumi.ResourceOptions(parent=parent, provider=provider, protect=r.protect)
            kwargs = {_snake(k): wire(v) for k, v in r.inputs.items()}
            try:
                declared[r.urn] = _aws_class(r.type)(r.name, **kwargs, opts=opts)
            except TypeError:
                props = {k: wire(v) for k, v in r.inputs.items()}
                for attr in WIRED_ATTRIBUTES[1:]:
                    props.setdefault(attr, None)  # declared as outputs, so later resources can wire them
                declared[r.urn] = pulumi.CustomResource(r.type, r.name, props, opts)

    return program


def _leaves(value: Any, path: tuple) -> list[tuple[tuple, Any]]:
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in _leaves(v, (*path, k))]
    return [(path, value)] if path else []


def _topological(resources: list) -> list:
    """Parents, providers and dependencies before the resources that use them."""
    by_urn = {r.urn: r for r in resources}
    done: set[str] = set()
    out: list = []

    def visit(r) -> None:
        if r.urn in done:
            return
        done.add(r.urn)
        for dep in [r.parent, r.provider.rsplit("::", 1)[0] if r.provider else "", *r.dependencies]:
            if dep in by_urn:
                visit(by_urn[dep])
        out.append(r)

    for r in resources:
        visit(r)
    return out


def synthetic_project(vpcs: int = 40) -> Path:
    """A scratch project whose dev stack declares `vpcs` prod-shaped VPCs (thousands of resources)."""
    tmp = Path(tempfile.mkdtemp(prefix="landfall-bench-"))
    shutil.copy(ROOT / "__main__.py", tmp / "__main__.py")
    shutil.copy(ROOT / "Pulumi.network.yaml", tmp / "Pulumi.network.yaml")  # the hub every VPC attaches to
    # The organization the stack's baseline refers to (GuardDuty administrator, Config bucket).
    shutil.copy(ROOT / "Pulumi.management.yaml", tmp / "Pulumi.management.yaml")
    config = yaml.safe_load((ROOT / "Pulumi.prod.yaml").read_text())["config"]
    template = config["landfall:network"]["vpcs"]["main"]
    attachment = config["landfall:transit"]["attachments"].pop("main")
    config["landfall:network"]["vpcs"] = {}
    for i in range(vpcs):
        vpc = copy.deepcopy(template)
        vpc["cidr"] = f"10.{100 + i}.0.0/16"
        config["landfall:network"]["vpcs"][f"vpc{i:02d}"] = vpc
        config["landfall:transit"]["attachments"][f"vpc{i:02d}"] = copy.deepcopy(attachment)
    (tmp / "Pulumi.bench.yaml").write_text(yaml.safe_dump({"config": config}, sort_keys=False))
    return tmp


def measure(label: str, stack: str, project_dir: Path) -> tuple[float, float, int]:
    inv = synthesize(stack, project_dir)  # warm-up, and the registrations to replay
    references = referenced_outputs(inv.config, Path(project_dir), (stack,))
    bare = bare_program(inv, references)
    where = Where(inv.config.stack.partition, inv.config.account().id, inv.config.stack.region)
    bare_count = len(run_program(stack, {}, bare, where, references).recorded)  # warm-up of the bare program
    landfall_times, bare_times = [], []
    for _ in range(REPEAT):
        start = time.perf_counter()
        synthesize(stack, project_dir)
        landfall_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        run_program(stack, {}, bare, where, references)
        bare_times.append(time.perf_counter() - start)
    lf, br = statistics.median(landfall_times), statistics.median(bare_times)
    print(f"{label}: {len(inv.resources)} resources (bare program registered {bare_count})")
    print(f"    landfall {lf:.3f} s   bare pulumi-aws {br:.3f} s   ratio {lf / br:.3f}   (median of {REPEAT})")
    return lf, br, len(inv.resources)


def main() -> int:
    tune_gc()  # the CLI's settings; process-wide, so both programs run under them
    cases = [("prod stack", "prod", ROOT), ("synthetic large config (40 VPCs)", "bench", synthetic_project())]
    total_lf = total_bare = 0.0
    for label, stack, project in cases:
        lf, br, _ = measure(label, stack, project)
        total_lf += lf
        total_bare += br
    print(f"ratio: {total_lf / total_bare:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
