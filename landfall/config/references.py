"""Stack references: a stack names another stack of this project by its name alone (`network`); the
program makes the full name from the organization and project it runs in.

Pulumi Cloud names a stack `<organization>/<project>/<stack>`; a self-managed backend calls every
organization `organization`. Writing only the stack name keeps the reference right in both, and in the
workflows (`${{ vars.PULUMI_ORG }}/landfall/<stack>`). A full name is still accepted, and the program checks
its organization against the one it runs in before anything is registered.
"""

from __future__ import annotations

from typing import Optional

from .errors import Problem

PROJECT = "landfall"
# What the offline engine (like a self-managed Pulumi backend) calls the organization.
OFFLINE_ORGANIZATION = "organization"


def full_reference(reference: str, organization: Optional[str], project: str = PROJECT) -> str:
    """`network` -> `<organization>/<project>/network`; `<project>/<stack>` gains the organization; a full
    name stays as written."""
    parts = reference.split("/")
    org = organization or OFFLINE_ORGANIZATION
    if len(parts) == 1:
        return f"{org}/{project}/{reference}"
    if len(parts) == 2:
        return f"{org}/{reference}"
    return reference


def stack_of(reference: str) -> str:
    """The stack name a reference ends in: its stack file is Pulumi.<stack>.yaml."""
    return reference.rsplit("/", 1)[-1]


def organization_problem(path: str, reference: str, organization: Optional[str]) -> Optional[Problem]:
    """A full reference into another organization than the one the stack runs in cannot be this project's
    stack file (hub_stack: organization/landfall/network under a Pulumi Cloud org named `acme`)."""
    parts = reference.split("/")
    org = organization or OFFLINE_ORGANIZATION
    if len(parts) == 3 and parts[0] != org:
        return Problem(path, f"names organization {parts[0]!r}, but this stack runs in organization {org!r}",
                       f"write the stack name alone ({parts[2]}) so the reference follows the organization", reference)
    return None
