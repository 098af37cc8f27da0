"""Pure SCP rendering (no pulumi import): the library in ``policies/scp/*.json``, parameters, size.

Each library file is an SCP with placeholders. A string that is exactly ``"${name}"`` is replaced by the
parameter's value (a list parameter becomes a JSON array); ``${name}`` inside a longer string is replaced
only by a string parameter (e.g. ``arn:${partition}:ec2:*:*:instance/*``). Substitution walks the parsed
JSON, never the raw text, so a parameter value can never break the document's structure. ``${...}`` with a
colon inside (``${aws:username}``) is an IAM policy variable and is left for AWS to resolve.

The rendered document is minified: the Organizations API stores SCPs exactly as sent and counts every
character, whitespace and ``Sid`` included, against the size quota (security-controls.md section 2).
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence, Union

SCP_DIR = Path(__file__).resolve().parents[2] / "policies" / "scp"
POLICY_VERSION = "2012-10-17"

# Placeholder inside a string; IAM policy variables (with a colon) are matched too, then passed through.
_PLACEHOLDER = re.compile(r"\$\{([^}]*)\}")
_PARAM_NAME = re.compile(r"^[a-z][a-z0-9_]*$")

# Why each library policy exists; used as the Organizations policy description (max 512 characters).
DESCRIPTIONS: dict[str, str] = {
    "deny-leave-organization": "Member accounts cannot leave the organization (and so escape every SCP).",
    "region-allow-list": "Deny regional APIs outside the allowed regions (global services exempt), and region opt-in "
    "changes; exempt roles excepted.",
    "protect-security-services": "Nobody but the exempt roles can stop the organization trail or change GuardDuty, "
    "Config, Security Hub, Access Analyzer or VPC flow logs.",
    "deny-root-user": "The root user of a member account can do nothing; centralized root access (AssumeRoot) "
    "sessions from the management account still work.",
    "require-imdsv2": "Instances must launch with IMDSv2 required (FSBP EC2.8); only exempt roles change metadata "
    "options later.",
    "deny-disable-ebs-encryption": "EBS encryption by default (FSBP EC2.7) cannot be turned off.",
    "deny-s3-public-access-changes": "S3 Block Public Access (FSBP S3.1, S3.8) can be changed only by the exempt "
    "roles, at account and bucket level.",
    "protect-landing-zone-roles": "The landing zone's IAM roles cannot be changed except by the exempt roles.",
    "deny-default-vpc": "No default VPC or default subnet can be recreated (checkov CKV_AWS_148).",
    "deny-all": "Quarantine: deny everything except the exempt roles (for suspended accounts).",
}

ParamValue = Union[str, Sequence[str]]


class ScpRenderError(ValueError):
    """A library document or its parameters cannot produce a valid SCP (a bug, not a config problem)."""


@dataclass(frozen=True)
class ScpParameters:
    """Everything the library's placeholders may name. Lists keep their order (rendering is deterministic)."""

    allowed_regions: tuple[str, ...]
    exempt_role_arns: tuple[str, ...]
    protected_role_arns: tuple[str, ...]
    trail_arn: str
    partition: str = "aws"

    def values(self) -> dict[str, ParamValue]:
        return {
            "allowed_regions": tuple(self.allowed_regions),
            "exempt_role_arns": tuple(self.exempt_role_arns),
            "protected_role_arns": tuple(self.protected_role_arns),
            "trail_arn": self.trail_arn,
            "partition": self.partition,
        }


@dataclass(frozen=True)
class RenderedScp:
    name: str
    document_json: str  # minified; pass it unchanged as the policy content
    size: int  # characters, as the SCP size quota counts them
    description: str = field(default="", compare=False)

    @property
    def document(self) -> dict[str, Any]:
        return json.loads(self.document_json)


def library_names(directory: Path = SCP_DIR) -> tuple[str, ...]:
    """Sorted names of the library's policies (file stems)."""
    return tuple(sorted(load_library(directory)))


def load_library(directory: Path = SCP_DIR) -> Mapping[str, Any]:
    """name -> parsed template. Cached; callers get fresh objects from rendering, never the cache itself."""
    return _load(Path(directory).resolve())


@functools.lru_cache(maxsize=None)
def _load(directory: Path) -> Mapping[str, Any]:
    library: dict[str, Any] = {}
    for path in sorted(directory.glob("*.json")):
        try:
            library[path.stem] = json.loads(path.read_text())
        except json.JSONDecodeError as err:
            raise ScpRenderError(f"{path}: is not valid JSON: {err}") from None
    if not library:
        raise ScpRenderError(f"no SCP documents found in {directory}")
    return library


def template_placeholders(template: Any) -> set[str]:
    """Parameter names a template uses (IAM policy variables excluded)."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(key)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, str):
            found.update(m for m in _PLACEHOLDER.findall(node) if ":" not in m)

    walk(template)
    return found


def render_document(template: Any, values: Mapping[str, ParamValue]) -> Any:
    """A new document with every placeholder substituted; raises ScpRenderError on any unknown or bad one."""

    def substitute(text: str, where: str) -> Any:
        whole = _PLACEHOLDER.fullmatch(text)
        if whole and ":" not in whole.group(1):
            return _value(whole.group(1), where)

        def inline(match: re.Match[str]) -> str:
            name = match.group(1)
            if ":" in name:
                return match.group(0)  # IAM policy variable: AWS resolves it
            value = _value(name, where)
            if not isinstance(value, str):
                raise ScpRenderError(f"{where}: list parameter ${{{name}}} must be the whole value, not part of a string")
            return value

        return _PLACEHOLDER.sub(inline, text)

    def _value(name: str, where: str) -> Any:
        if not _PARAM_NAME.match(name):
            raise ScpRenderError(f"{where}: malformed placeholder ${{{name}}}")
        if name not in values:
            raise ScpRenderError(f"{where}: unknown placeholder ${{{name}}}; known: {', '.join(sorted(values))}")
        value = values[name]
        if isinstance(value, str):
            if not value:
                raise ScpRenderError(f"{where}: parameter {name} is empty")
            return value
        items = list(value)
        if not items or not all(isinstance(v, str) and v for v in items):
            # An empty list would make a condition that never (or always) matches: never what was meant.
            raise ScpRenderError(f"{where}: parameter {name} must be a non-empty list of non-empty strings")
        return items

    def walk(node: Any, where: str) -> Any:
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                if _PLACEHOLDER.search(key) and any(":" not in m for m in _PLACEHOLDER.findall(key)):
                    raise ScpRenderError(f"{where}: placeholders are not allowed in keys ({key!r})")
                out[key] = walk(value, f"{where}.{key}")
            return out
        if isinstance(node, list):
            return [walk(item, f"{where}[{i}]") for i, item in enumerate(node)]
        if isinstance(node, str):
            return substitute(node, where)
        return node

    return walk(template, "$")


def minify(document: Any) -> str:
    return json.dumps(document, separators=(",", ":"))


def check_document(name: str, document: Any) -> None:
    """The shape every SCP must have; raises ScpRenderError."""
    if not isinstance(document, dict) or document.get("Version") != POLICY_VERSION:
        raise ScpRenderError(f"{name}: Version must be {POLICY_VERSION}")
    statements = document.get("Statement")
    if not isinstance(statements, list) or not statements:
        raise ScpRenderError(f"{name}: Statement must be a non-empty list")
    sids = [s.get("Sid") for s in statements if isinstance(s, dict)]
    if len(sids) != len(statements) or any(not isinstance(s, str) or not s.isalnum() for s in sids):
        raise ScpRenderError(f"{name}: every statement needs an alphanumeric Sid")
    if len(set(sids)) != len(sids):
        raise ScpRenderError(f"{name}: Sids must be unique")
    for statement in statements:
        if statement.get("Effect") not in ("Allow", "Deny"):
            raise ScpRenderError(f"{name}.{statement['Sid']}: Effect must be Allow or Deny")
        if ("Action" in statement) == ("NotAction" in statement):
            raise ScpRenderError(f"{name}.{statement['Sid']}: exactly one of Action and NotAction")
        if "Resource" not in statement:
            raise ScpRenderError(f"{name}.{statement['Sid']}: Resource is required")
    leftover = template_placeholders(document)
    if leftover:
        raise ScpRenderError(f"{name}: unresolved placeholders {sorted(leftover)}")


def render(name: str, params: ScpParameters, directory: Path = SCP_DIR) -> RenderedScp:
    library = load_library(directory)
    if name not in library:
        raise ScpRenderError(f"unknown SCP {name!r}; the library has: {', '.join(sorted(library))}")
    document = render_document(library[name], params.values())
    check_document(name, document)
    text = minify(document)
    return RenderedScp(name, text, len(text), DESCRIPTIONS.get(name, ""))


def render_all(params: ScpParameters, names: Sequence[str] | None = None, directory: Path = SCP_DIR) -> dict[str, RenderedScp]:
    """name -> rendered SCP, for ``names`` (default: the whole library), in the order given."""
    chosen = library_names(directory) if names is None else tuple(dict.fromkeys(names))
    return {name: render(name, params, directory) for name in chosen}
