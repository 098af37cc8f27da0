"""Pure organization planning (no pulumi import): the OU tree as ordered nodes, policy targets, logical names.

The component loops over :func:`flatten_ous` (parents before children) and names every resource from a
stable key, never a list position, so adding, removing or reordering OUs never replaces another one:

* an OU's logical name comes from its path of keys: ``Workloads/Prod`` -> ``ou-Workloads-Prod``;
* a member account's from its key: ``log-archive`` -> ``acct-log-archive``;
* a policy's from its library name, an attachment's from (policy, target).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Iterable, Mapping, Optional, Protocol, Sequence

MAX_OU_DEPTH = 5  # AWS Organizations: at most five levels of OUs under the root
ROOT = "root"  # the target name of the organization root
PATH_SEPARATOR = "/"

# OU keys: letters, digits, '.', '_' and '-', starting and ending with a letter or digit. Without '/', which
# separates path segments, and without a leading or trailing '-', which keeps logical_name injective.
OU_KEY_PATTERN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62}[A-Za-z0-9])?$")
ACCOUNT_KEY_PATTERN = re.compile(r"^[a-z][a-z0-9-]{0,31}$")  # as landfall:accounts keys


class OuLike(Protocol):
    """What the planner needs of an OU config entry (landfall.config.organization.OuConfig)."""

    @property
    def name(self) -> Optional[str]: ...

    @property
    def children(self) -> Mapping[str, "OuLike"]: ...

    @property
    def id(self) -> Optional[str]: ...


@dataclass(frozen=True)
class OuNode:
    key: str  # the OU's own key, the last path segment
    path: str  # stable path of keys from the root, e.g. Workloads/Prod
    parent: Optional[str]  # parent's path; None for an OU directly under the root
    depth: int  # 1 for an OU directly under the root
    name: str  # name shown in AWS (the config's name, else the key)
    key_path: tuple[str, ...]  # config key path below the section: ("ous", "Workloads", "children", "Prod")
    id: Optional[str] = None  # adopt this existing OU (imported), instead of creating it

    @property
    def logical_name(self) -> str:
        return logical_name(self.path)


def split_path(path: str) -> list[str]:
    return path.split(PATH_SEPARATOR)


def parent_path(path: str) -> Optional[str]:
    parts = split_path(path)
    return PATH_SEPARATOR.join(parts[:-1]) or None


def flatten_ous(tree: Mapping[str, OuLike]) -> list[OuNode]:
    """Every OU of the tree in pre-order (a parent always comes before its children), in declaration order."""
    nodes: list[OuNode] = []

    def visit(children: Mapping[str, OuLike], parent: Optional[OuNode]) -> None:
        for key, ou in children.items():
            path = key if parent is None else f"{parent.path}{PATH_SEPARATOR}{key}"
            key_path = ("ous", key) if parent is None else (*parent.key_path, "children", key)
            node = OuNode(
                key=key,
                path=path,
                parent=None if parent is None else parent.path,
                depth=1 if parent is None else parent.depth + 1,
                name=ou.name or key,
                key_path=key_path,
                id=getattr(ou, "id", None),
            )
            nodes.append(node)
            visit(ou.children, node)

    visit(tree, None)
    return nodes


def _encode(segment: str) -> str:
    # '-' inside a key is doubled so a single '-' always means a path separator: 'A-B' and 'A/B' differ.
    return segment.replace("-", "--")


def logical_name(path: str) -> str:
    """The Pulumi logical name of the OU at ``path``: stable, unique per path, only [A-Za-z0-9._-]."""
    parts = split_path(path)
    for part in parts:
        if not OU_KEY_PATTERN.match(part):
            raise ValueError(f"{path!r}: {part!r} is not a valid OU key")
    return "ou-" + "-".join(_encode(p) for p in parts)


def account_logical_name(key: str) -> str:
    if not ACCOUNT_KEY_PATTERN.match(key):
        raise ValueError(f"{key!r} is not a valid account key")
    return f"acct-{key}"


def policy_logical_name(policy: str, kind: str = "scp") -> str:
    """``scp-region-allow-list``; ``kind`` separates policy types (``tag`` for the tag policy)."""
    return f"{kind}-{policy}"


class TargetKind(str, Enum):
    ROOT = "root"
    OU = "ou"
    ACCOUNT = "account"


@dataclass(frozen=True)
class PolicyTarget:
    name: str  # as written in config: root, an OU path or an account key
    kind: TargetKind

    @property
    def logical_name(self) -> str:
        if self.kind is TargetKind.ROOT:
            return ROOT
        if self.kind is TargetKind.OU:
            return logical_name(self.name)
        return account_logical_name(self.name)


def classify_target(name: str, ou_paths: Iterable[str], account_keys: Iterable[str]) -> Optional[PolicyTarget]:
    """What a policy target names; None when it names nothing known (the validator reports it)."""
    if name == ROOT:
        return PolicyTarget(name, TargetKind.ROOT)
    if name in set(ou_paths):
        return PolicyTarget(name, TargetKind.OU)
    if name in set(account_keys):
        return PolicyTarget(name, TargetKind.ACCOUNT)
    return None


@dataclass(frozen=True)
class PolicyAttachment:
    policy: str  # library name
    target: PolicyTarget

    @property
    def logical_name(self) -> str:
        # Policy names are [a-z0-9-] and never contain '.', so the first '.' splits the pair unambiguously.
        return f"{policy_logical_name(self.policy)}.{self.target.logical_name}"


def plan_attachments(
    attachments: Mapping[str, Sequence[str]], ou_paths: Iterable[str], account_keys: Iterable[str]
) -> list[PolicyAttachment]:
    """One record per (policy, target), in config order. Raises ValueError on an unknown target (validate first)."""
    ou_paths, account_keys = list(ou_paths), list(account_keys)
    out: list[PolicyAttachment] = []
    for target_name, policies in attachments.items():
        target = classify_target(target_name, ou_paths, account_keys)
        if target is None:
            raise ValueError(f"policy target {target_name!r} names no OU, account or the root")
        for policy in dict.fromkeys(policies):
            out.append(PolicyAttachment(policy, target))
    return out


@dataclass(frozen=True)
class TagPolicyPlan:
    tag_keys: Sequence[str]
    targets: Sequence[PolicyTarget]


def tag_policy_document(tag_keys: Sequence[str]) -> dict:
    """A tag policy fixing the capitalization of each key (tag policies cannot make a tag mandatory)."""
    return {"tags": {key.lower(): {"tag_key": {"@@assign": key}} for key in tag_keys}}
