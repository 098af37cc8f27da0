"""Render an inventory like `pulumi preview`: a tree of types and names, the account each resource
lands in, counts by type and the stack outputs."""

from __future__ import annotations

import json
from typing import Any

from .regions import GLOBAL, provider_processes, region_of
from .synth import Inventory, types_count
from .unknowns import masked

PLUS = " + "
IMPORT = " = "  # pulumi preview's sign for a resource adopted by id (the import_ option)


def account_label(inv: Inventory, provider_ref: str) -> str:
    provider = inv.providers().get(provider_ref)
    if provider is None:
        return ""
    ids = provider.inputs.get("allowedAccountIds")
    ids = json.loads(ids) if isinstance(ids, str) else ids or []
    name = provider.name.removeprefix("aws-")
    return f"{name} ({ids[0] if ids else '?'})"


def render_tree(inv: Inventory) -> list[str]:
    children: dict[str, list] = {}
    for r in inv.resources:
        children.setdefault(r.parent, []).append(r)
    for kids in children.values():
        kids.sort(key=lambda r: (r.custom, r.type, r.name))  # components first, then by type and name

    rows: list[tuple[str, str, str, str, bool, str]] = []  # (tree label, name, account, region, protected, op)

    def walk(parent_urn: str, prefix: str) -> None:
        kids = children.get(parent_urn, [])
        for i, r in enumerate(kids):
            last = i == len(kids) - 1
            ref = f"{r.urn}::{r.id}" if r.type.startswith("pulumi:providers:") else r.provider
            account = account_label(inv, ref) if r.custom else ""
            region = region_of(inv, r) if r.custom and not r.type.startswith("pulumi:providers:") else ""
            rows.append((prefix + ("└─ " if last else "├─ ") + r.type, r.name, account, region, r.protect, r.op))
            walk(r.urn, prefix + ("   " if last else "│  "))

    for root in children.get("", []):
        rows.append((root.type, root.name, "", "", False, "create"))
        walk(root.urn, "")
    type_width = max(len(label) for label, *_ in rows) + 2
    name_width = max(len(name) for _, name, *_ in rows) + 2
    account_width = max(len(account) for _, _, account, *_ in rows) + 2
    lines = [f"     {'Type':<{type_width}}{'Name':<{name_width}}{'Account':<{account_width}}Region", ""]
    for label, name, account, region, protected, op in rows:
        sign = IMPORT if op == "import" else PLUS
        text = f"{sign}  {label:<{type_width}}{name:<{name_width}}{account:<{account_width}}{region}"
        if protected:
            text += "  [protected]"
        lines.append(text.rstrip())
    return lines


def render_accounts(inv: Inventory) -> list[str]:
    """Resources per account, and per region inside each account (global: IAM, Organizations, account settings)."""
    per: dict[str, dict[str, int]] = {}
    for r in inv.custom():
        label = account_label(inv, r.provider) or "DEFAULT PROVIDER (not allowed)"
        regions = per.setdefault(label, {})
        region = region_of(inv, r)
        regions[region] = regions.get(region, 0) + 1
    lines = ["Resources per account and region:"]
    for label, regions in sorted(per.items()):
        lines.append(f"    {label:<40}{sum(regions.values()):>5}")
        for region, n in sorted(regions.items(), key=lambda kv: (kv[0] == GLOBAL, kv[0])):
            lines.append(f"      {region:<38}{n:>5}")
    processes = provider_processes(inv)
    total = sum(len(v) for v in processes.values())
    detail = "; ".join(f"{package} x{len(names)} ({', '.join(names)})" for package, names in processes.items())
    lines += ["", f"Provider processes the real engine starts: {total}" + (f" ({detail})" if detail else "")]
    return lines


def render_counts(inv: Inventory) -> list[str]:
    counts = types_count(inv.resources)
    width = max(len(t) for t in counts) + 2
    imported = [r for r in inv.resources if r.op == "import"]
    lines = [f"Resources: {len(inv.resources) - len(imported)} to create, {len(imported)} to import "
             f"({len(inv.custom())} AWS resources)"]
    lines += [f"    {t:<{width}}{n:>5}" for t, n in counts.items()]
    return lines


def render_outputs(outputs: dict[str, Any]) -> list[str]:
    lines = ["Outputs ([unknown]: known only after pulumi up):"]
    for key, value in outputs.items():
        text = json.dumps(value, indent=4, sort_keys=True)
        lines.append(f"    {key}: " + text.replace("\n", "\n    "))
    return lines


def render(inv: Inventory, sections: list[list[str]] | None = None) -> str:
    out = [f"Previewing {inv.project}/{inv.stack} offline (recording engine: no Pulumi CLI, no AWS credentials)", ""]
    out += render_tree(inv)
    out += [""] + render_accounts(inv)
    out += [""] + render_counts(inv)
    for section in sections or []:
        out += [""] + section
    out += [""] + render_outputs(masked(inv.outputs, inv.invented()))
    return "\n".join(out)
