"""`python -m landfall accounts`: every account of the organization and the stack that owns its baseline.

The deploy workflow fans the account baseline stacks out from this list (a GitHub Actions matrix); the rows
come from the management stack's file and the ownership rule (landfall.config.ownership), nothing deployed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from landfall.config.baseline_stack import account_key_of
from landfall.config.errors import ConfigError, Problem
from landfall.config.org_view import organization_view
from landfall.config.ownership import ownership


def account_rows(project_dir: Path | str) -> list[dict[str, Any]]:
    view, owned = organization_view(project_dir), ownership(project_dir)
    if view is None or owned is None:
        raise ConfigError([Problem("Pulumi.<management>.yaml", "no valid management stack file describes the "
                                   "organization", "run `python -m landfall preview management` to see its problems")])
    rows = []
    for key, account in view.accounts.items():
        owner = owned.owners.get(key)
        rows.append({
            "key": key,
            "id": account.id,
            "ou": account.ou,
            "baseline_stack": owner,
            "generated": owner is not None and account_key_of(owner) == key,  # a baseline-<key> stack (template)
            "pending": account.id is None,  # created by the management stack; its id comes from account_ids
            "regions": list(view.governed.regions),
        })
    return rows


def render(rows: list[dict[str, Any]]) -> str:
    head = ("key", "id", "ou", "baseline stack", "regions")
    body = [(r["key"], r["id"] or "pending", r["ou"], r["baseline_stack"] or "NONE", ", ".join(r["regions"])) for r in rows]
    widths = [max(len(str(x)) for x in col) for col in zip(head, *body, strict=True)]
    lines = ["  ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=True)).rstrip() for row in (head, *body)]
    generated = sum(1 for r in rows if r["generated"])
    lines.append(f"\n{len(rows)} accounts; {generated} baselined by generated baseline-<key> stacks, "
                 f"{len(rows) - generated} by their own stack files; {sum(r['pending'] for r in rows)} pending")
    return "\n".join(lines)
