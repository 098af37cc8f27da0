"""Pure planning helpers for the serverless tier (no pulumi import).

* :func:`env_size_bytes`: how Lambda measures a function's environment against its 4 KB limit.
* :func:`parse_route_path` and :func:`plan_api_resources`: a REST API's resource tree, parent first,
  keyed by path (stable across route reordering), with the sibling conflicts API Gateway rejects.
* :func:`committed_concurrency`: how much of the account's concurrency a function takes away.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Iterable, Mapping, Optional

ROOT_PATH = "/"
_LITERAL_PART = re.compile(r"^[A-Za-z0-9._-]+$")
_PARAM_PART = re.compile(r"^\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?P<greedy>\+?)\}$")


def env_size_bytes(environment: Mapping[str, str]) -> int:
    """Bytes Lambda counts against LAMBDA_ENV_MAX_BYTES: the compact JSON of the map, UTF-8 encoded.

    Lambda's own error quotes the "String measured" as that JSON, so keys, values, quotes, colons
    and commas all count. No variables means no Environment block at all: 0 bytes.
    """
    if not environment:
        return 0
    return len(json.dumps(dict(environment), separators=(",", ":"), ensure_ascii=False).encode("utf-8"))


@dataclass(frozen=True)
class PathPart:
    text: str  # as written, e.g. "orders" or "{order_id}"
    param: Optional[str] = None  # the parameter name for {name} and {name+}
    greedy: bool = False  # {proxy+}: matches the rest of the path

    @property
    def is_variable(self) -> bool:
        return self.param is not None


def parse_route_path(path: str) -> tuple[list[PathPart], list[str]]:
    """Split a resource path into parts; the second value lists every reason it is malformed."""
    if not path.startswith("/"):
        return [], ["must start with /"]
    if path == ROOT_PATH:
        return [], []
    parts: list[PathPart] = []
    problems: list[str] = []
    texts = path[1:].split("/")
    seen_params: set[str] = set()
    for i, text in enumerate(texts):
        if text == "":
            problems.append("has an empty segment (a double slash or a trailing slash)")
            continue
        match = _PARAM_PART.match(text)
        if match:
            name, greedy = match["name"], bool(match["greedy"])
            if name in seen_params:
                problems.append(f"uses the parameter {{{name}}} twice")
            seen_params.add(name)
            if greedy and i != len(texts) - 1:
                problems.append(f"{text} is greedy and must be the last segment")
            parts.append(PathPart(text, name, greedy))
        elif "{" in text or "}" in text:
            problems.append(f"segment {text!r} is a malformed parameter; write the whole segment as {{name}} with letters, digits or _")
        elif not _LITERAL_PART.match(text):
            problems.append(f"segment {text!r} may only hold letters, digits, '.', '_' and '-'")
        else:
            parts.append(PathPart(text))
    return parts, problems


@dataclass(frozen=True)
class ApiResource:
    """One API Gateway Resource. ``path`` is its stable key; the root "/" is the API's own root resource."""

    path: str
    parent: str
    part: str
    depth: int


def plan_api_resources(paths: Iterable[str]) -> tuple[list[ApiResource], list[tuple[str, str]]]:
    """Every resource the routes need (parents before children) and the sibling conflicts.

    API Gateway allows one variable part per level: ``/orders/{id}`` and ``/orders/{order_id}`` cannot
    both exist. A conflict is reported as the two clashing resource paths. Malformed paths are skipped
    (:func:`parse_route_path` reports them).
    """
    resources: dict[str, ApiResource] = {}
    for path in paths:
        parts, problems = parse_route_path(path)
        if problems:
            continue
        parent = ROOT_PATH
        for depth, part in enumerate(parts, 1):
            current = (parent.rstrip("/") + "/" + part.text)
            resources.setdefault(current, ApiResource(current, parent, part.text, depth))
            parent = current
    ordered = sorted(resources.values(), key=lambda r: (r.depth, r.path))
    conflicts: list[tuple[str, str]] = []
    variable_child: dict[str, str] = {}
    for resource in ordered:
        if not resource.part.startswith("{"):
            continue
        first = variable_child.setdefault(resource.parent, resource.path)
        if first != resource.path:
            conflicts.append((first, resource.path))
    return ordered, conflicts


def committed_concurrency(reserved: Optional[int], provisioned: int) -> int:
    """Account concurrency a function takes out of the unreserved pool.

    A reservation is carved out whole. Without one, provisioned concurrency still comes out of the
    unreserved pool, and Lambda also keeps MIN_UNRESERVED_CONCURRENCY free of it.
    """
    if reserved is not None:
        return reserved
    return provisioned
