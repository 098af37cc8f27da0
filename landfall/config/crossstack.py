"""Checks that span every stack file of the repo: no two VPCs anywhere may overlap.

Landing Zone Accelerator has no cross-VPC overlap check; a clash found only when a transit
gateway route or peering fails is expensive to undo, so we check every stack file up front.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from landfall.plan.addresses import find_overlaps

from .errors import Problem
from .yaml_text import parse_yaml

if TYPE_CHECKING:
    from .model import StackConfig


def declared_vpcs(project_dir: Path) -> dict[str, list[tuple[str, str]]]:
    """stack name -> [(vpc name, cidr)] read leniently from every Pulumi.<stack>.yaml."""
    out: dict[str, list[tuple[str, str]]] = {}
    for path in sorted(project_dir.glob("Pulumi.*.yaml")):
        stack = path.name[len("Pulumi.") : -len(".yaml")]
        try:
            config = (parse_yaml(path.read_text()) or {}).get("config") or {}
        except yaml.YAMLError:
            continue  # that stack's own validation reports it
        vpcs = ((config.get("landfall:network") or {}).get("vpcs") or {}) if isinstance(config, dict) else {}
        if isinstance(vpcs, dict):
            out[stack] = [(name, v.get("cidr")) for name, v in vpcs.items() if isinstance(v, dict) and isinstance(v.get("cidr"), str)]
    return out


def cross_stack_problems(config: "StackConfig", project_dir: Path) -> list[Problem]:
    mine = [(f"{config.name}/{name}", vpc.cidr) for name, vpc in config.network.vpcs.items()]
    others = [
        (f"{stack}/{name}", cidr)
        for stack, vpcs in declared_vpcs(project_dir).items()
        if stack != config.name
        for name, cidr in vpcs
    ]
    found = []
    for a_label, a_cidr, b_label, b_cidr in find_overlaps(mine + others):
        if not a_label.startswith(f"{config.name}/"):
            continue  # a clash between two other stacks is theirs to report
        vpc = a_label.split("/", 1)[1]
        other_stack, other_vpc = b_label.split("/", 1)
        where = "this stack" if other_stack == config.name else f"Pulumi.{other_stack}.yaml"
        found.append(
            Problem(
                f"landfall:network.vpcs.{vpc}.cidr",
                f"overlaps VPC {other_vpc!r} ({b_cidr}) in {where}",
                "give every VPC in the landing zone its own range, e.g. the next free /16",
                a_cidr,
            )
        )
    return found
