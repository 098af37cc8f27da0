"""A Mermaid picture of the landing zone from the stack files: OUs, accounts, VPCs, TGW segments, peering.

Pure: it reads typed stack configs only (no synthesis), so it is cheap enough to keep the README's
copy in sync with a test.
"""

from __future__ import annotations

import re
from typing import Iterable

from landfall.config.model import StackConfig
from landfall.config.stack import StackKind


def node_id(*parts: str) -> str:
    return "_".join(re.sub(r"[^A-Za-z0-9]", "_", p) for p in parts)


def _account_names(configs: dict[str, StackConfig]) -> dict[str, str]:
    """account id -> a display name, from every stack's landfall:accounts."""
    names: dict[str, str] = {}
    for config in configs.values():
        for name, account in config.accounts.items():
            names.setdefault(account.id, name)
    return names


def render(configs: dict[str, StackConfig]) -> str:
    lines = ["flowchart LR"]
    names = _account_names(configs)
    lines += _organization(configs)
    lines += _accounts_and_vpcs(configs, names)
    lines += _transit(configs)
    return "\n".join(lines) + "\n"


def _organization(configs: dict[str, StackConfig]) -> list[str]:
    management = next((c for c in configs.values() if c.kind == StackKind.MANAGEMENT), None)
    org = management.organization if management else None
    if org is None:
        return []
    from landfall.plan.org import flatten_ous

    lines = [f'  subgraph org["Organization (management {management.account().id})"]', '    root(("Root"))']
    for node in flatten_ous(org.ous):
        parent = node_id("ou", node.parent) if node.parent else "root"
        lines.append(f'    {node_id("ou", node.path)}["OU {node.name}"]')
        lines.append(f"    {parent} --> {node_id('ou', node.path)}")
    for key, account in org.accounts.items():
        ou = "root" if account.ou == "root" else node_id("ou", account.ou)
        label = f"{key} {account.id}" if account.id else f"{key} (to create)"
        lines.append(f'    {node_id("member", key)}["{label}"]')
        lines.append(f"    {ou} --- {node_id('member', key)}")
    lines.append("  end")
    return lines


def _accounts_and_vpcs(configs: dict[str, StackConfig], names: dict[str, str]) -> list[str]:
    by_account: dict[str, list[str]] = {}
    for stack, config in sorted(configs.items()):
        for vpc_name, vpc in config.network.vpcs.items():
            account = config.account(vpc.account).id
            label = f"VPC {stack}/{vpc_name}<br/>{vpc.cidr}<br/>{len(vpc.az_ids)} AZs, NAT {vpc.nat.value}"
            by_account.setdefault(account, []).append(f'    {node_id("vpc", stack, vpc_name)}["{label}"]')
    lines = []
    for account, nodes in sorted(by_account.items()):
        lines.append(f'  subgraph {node_id("acct", account)}["account {names.get(account, "?")} ({account})"]')
        lines += nodes
        lines.append("  end")
    return lines


def _transit(configs: dict[str, StackConfig]) -> list[str]:
    """TGW segments (route tables), the rules between them, and which VPC joins which segment."""
    lines: list[str] = []
    for stack, config in sorted(configs.items()):
        hub = config.transit.hub
        if hub is None:
            continue
        tgw = node_id("tgw", stack)
        lines.append(f'  subgraph {tgw}["Transit Gateway ({stack} stack, ASN {hub.amazon_side_asn})"]')
        for segment in hub.segments:
            lines.append(f'    {node_id("seg", stack, segment)}{{{{"segment {segment}"}}}}')
        lines.append("  end")
        for rule in hub.rules:
            arrow = "-->" if rule.one_way else "<-->"
            lines.append(f"  {node_id('seg', stack, rule.source)} {arrow} {node_id('seg', stack, rule.target)}")
        if hub.egress is not None:
            lines.append(f"  {node_id('vpc', stack, hub.egress.vpc)} -. egress .- {node_id('seg', stack, hub.egress.segment)}")
    hubs = {f"{s}": s for s, c in configs.items() if c.transit.hub is not None}
    for stack, config in sorted(configs.items()):
        hub_stack = config.transit.hub_stack.rsplit("/", 1)[-1] if config.transit.hub_stack else None
        if hub_stack not in hubs:
            continue
        for vpc, attachment in config.transit.attachments.items():
            lines.append(f"  {node_id('vpc', stack, vpc)} --- {node_id('seg', hub_stack, attachment.segment)}")
    for stack, config in sorted(configs.items()):
        for name, connection in config.peering.connections.items():
            peer = node_id("vpc", stack, connection.peer.vpc) if connection.peer.vpc else node_id("ext", stack, name)
            if not connection.peer.vpc:
                lines.append(f'  {peer}["external VPC {connection.peer.cidr}"]')
            lines.append(f"  {node_id('vpc', stack, connection.vpc)} -. peering {name} .- {peer}")
    return lines


def stack_configs(stacks: Iterable[str], project_dir) -> dict[str, StackConfig]:
    from landfall.config.loader import load_stack_file

    return {s: load_stack_file(s, project_dir) for s in stacks}


README_START = "<!-- diagram:start (generated by `python -m landfall diagram --write`; a test keeps it in sync) -->"
README_END = "<!-- diagram:end -->"


def readme_block(mermaid: str) -> str:
    return f"{README_START}\n```mermaid\n{mermaid}```\n{README_END}"


def embed(readme: str, mermaid: str) -> str:
    """The README with its diagram block replaced (or appended when missing)."""
    block = readme_block(mermaid)
    if README_START in readme and README_END in readme:
        head, rest = readme.split(README_START, 1)
        _, tail = rest.split(README_END, 1)
        return head + block + tail
    return readme.rstrip("\n") + "\n\n## Diagram\n\n" + block + "\n"
