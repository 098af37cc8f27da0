"""Checks that span every stack file of the repo: no two VPCs anywhere may overlap.

Landing Zone Accelerator has no cross-VPC overlap check; a clash found only when a transit
gateway route or peering fails is expensive to undo, so we check every stack file up front.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from landfall.plan.addresses import find_overlaps
from landfall.plan.trail import config_bucket_name

from .baseline import BUCKET_NAME, DetectorMode
from .errors import ConfigError, Problem
from .yaml_text import read_stack_config

if TYPE_CHECKING:
    from .model import StackConfig


def stamp(project_dir: Path | str) -> tuple:
    """Changes whenever any stack file changes, so nothing read from the stack files is served stale."""
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(Path(project_dir).glob("Pulumi.*.yaml")))


def stack_file_configs(project_dir: Path) -> dict[str, dict]:
    """stack name -> its `config:` mapping, read leniently from every Pulumi.<stack>.yaml (a stack whose file
    does not read is skipped: that stack's own validation reports it)."""
    out: dict[str, dict] = {}
    for path in sorted(project_dir.glob("Pulumi.*.yaml")):
        stack = path.name[len("Pulumi.") : -len(".yaml")]
        try:
            out[stack] = read_stack_config(path)
        except ConfigError:
            continue
    return out


def declared_vpcs(configs: dict[str, dict]) -> dict[str, list[tuple[str, str]]]:
    """stack name -> [(vpc name, cidr)] from every stack file."""
    out: dict[str, list[tuple[str, str]]] = {}
    for stack, config in configs.items():
        vpcs = (config.get("landfall:network") or {}).get("vpcs") or {}
        if isinstance(vpcs, dict):
            out[stack] = [(name, v.get("cidr")) for name, v in vpcs.items() if isinstance(v, dict) and isinstance(v.get("cidr"), str)]
    return out


def guardduty_administrators(configs: dict[str, dict]) -> list[str]:
    """Stacks whose organization delegates GuardDuty (and so auto-enables it in every member account)."""
    found = []
    for stack, config in configs.items():
        org = config.get("landfall:organization")
        admins = org.get("delegated_admins") if isinstance(org, dict) else None
        if isinstance(admins, dict) and admins.get("guardduty"):
            found.append(stack)
    return found


def cross_stack_problems(config: "StackConfig", project_dir: Path) -> list[Problem]:
    configs = stack_file_configs(project_dir)
    return _overlap_problems(config, configs) + _guardduty_problems(config, configs) + _config_bucket_problems(config, configs)


def planned_config_buckets(configs: dict[str, dict]) -> dict[str, str]:
    """Management stack -> the Config bucket it creates in its log-archive account (read leniently)."""
    out = {}
    for stack, config in configs.items():
        settings, org = config.get("landfall:stack"), config.get("landfall:organization")
        if not isinstance(settings, dict) or settings.get("kind") != "management" or not isinstance(org, dict):
            continue
        trail, accounts = org.get("trail"), config.get("landfall:accounts")
        account = accounts.get(trail.get("account")) if isinstance(trail, dict) and isinstance(accounts, dict) else None
        if isinstance(account, dict) and account.get("id"):
            out[stack] = config_bucket_name(str(account["id"]), str(account.get("region") or settings.get("region")))
    return out


def _config_bucket_problems(config: "StackConfig", configs: dict[str, dict]) -> list[Problem]:
    recorder = config.baseline.config_recorder
    if not config.baseline.enabled or not recorder.enabled or recorder.delivery_bucket is None:
        return []
    if not BUCKET_NAME.match(recorder.delivery_bucket):
        return []  # the section's own check reports a malformed name
    planned = planned_config_buckets(configs)
    if not planned or recorder.delivery_bucket in planned.values():
        return []
    stack, bucket = next(iter(planned.items()))
    return [Problem("landfall:baseline.config_recorder.delivery_bucket",
                    f"is not the Config bucket Pulumi.{stack}.yaml creates ({bucket}), so AWS Config could not deliver",
                    f"use {bucket}", recorder.delivery_bucket)]


def _guardduty_problems(config: "StackConfig", configs: dict[str, dict]) -> list[Problem]:
    if not config.baseline.enabled or config.baseline.guardduty.detector != DetectorMode.ORGANIZATION:
        return []
    if guardduty_administrators(configs):
        return []
    return [Problem("landfall:baseline.guardduty.detector", "leaves the detector to the organization, but no stack file "
                    "delegates GuardDuty (landfall:organization.delegated_admins.guardduty), so nothing would enable it",
                    "delegate GuardDuty in the management stack, or use detector: create", "organization")]


def _overlap_problems(config: "StackConfig", configs: dict[str, dict]) -> list[Problem]:
    mine = [(f"{config.name}/{name}", vpc.cidr) for name, vpc in config.network.vpcs.items()]
    others = [
        (f"{stack}/{name}", cidr)
        for stack, vpcs in declared_vpcs(configs).items()
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
