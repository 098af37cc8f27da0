"""Rule types and small pure helpers shared by every control module.

A `Rule` checks one inventory record (see docs/design.md, "Inventory record") and returns messages.
A `StackRule` checks the whole inventory with a context (`{"production": bool, ...}`) and returns
(urn, message) pairs; its optional `applies(records, context)` says whether the rule is evaluated at all
(production-only rules). Messages are whole sentences that start with the control id.

Helpers accept any Mapping/Sequence (not only dict/list) so that the CrossGuard adapters can hand
over the engine's unknown-checking proxies unchanged: reading an unknown value raises
`UnknownValueError`, which the policy framework reports as "can't be known during preview".
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Optional

ENFORCEMENTS = ("mandatory", "advisory")

DEFAULT_CONTEXT: dict[str, Any] = {
    # None: infer from the stack's tags (`is_production`); the offline preview always passes the stack config's value.
    "production": None,
    # Organizations quota: an SCP document holds at most 5,120 characters.
    "scp_max_characters": 5120,
    # Organizations quota: at most 5 SCPs attached per root, OU or account (FullAWSAccess is one of them).
    "scps_per_target": 5,
    # The organization's governed regions (None: the regions the stack's own baseline uses).
    "governed_regions": None,
    # Regions where the GuardDuty administrator auto-enables every member account.
    "guardduty_organization_regions": None,
    # The accounts the stack's config reaches: its AWS providers may not outnumber them (None: not checked).
    "max_aws_providers": None,
}


def _validate(name: str, controls: tuple, enforcement: str, reason: str) -> None:
    if not name:
        raise ValueError("a rule needs a name")
    if not controls or not all(isinstance(c, str) and c for c in controls):
        raise ValueError(f"rule {name}: controls must be a non-empty tuple of control ids")
    if enforcement not in ENFORCEMENTS:
        raise ValueError(f"rule {name}: enforcement must be one of {ENFORCEMENTS}, not {enforcement!r}")
    if enforcement == "advisory" and not reason.strip():
        raise ValueError(f"rule {name}: an advisory rule needs a reason")


@dataclass(frozen=True)
class Rule:
    """A check on one resource record of the listed types."""

    name: str
    controls: tuple[str, ...]
    description: str
    resource_types: tuple[str, ...]
    check: Callable[[Mapping], list[str]]
    enforcement: str = "mandatory"
    reason: str = ""

    def __post_init__(self) -> None:
        _validate(self.name, self.controls, self.enforcement, self.reason)
        if not self.resource_types:
            raise ValueError(f"rule {self.name}: resource_types must not be empty")

    def applies_to(self, record: Mapping) -> bool:
        return record.get("type") in self.resource_types


@dataclass(frozen=True)
class StackRule:
    """A check across all records of a stack.

    `applies(records, context)`: None means always; otherwise the runner and the pack skip the rule when it returns
    False. `context_keys`: the context values the rule reads, offered as its CrossGuard config.
    """

    name: str
    controls: tuple[str, ...]
    description: str
    check: Callable[[list, dict], list[tuple[str, str]]]
    enforcement: str = "mandatory"
    reason: str = ""
    applies: Optional[Callable[[list, dict], bool]] = None
    context_keys: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _validate(self.name, self.controls, self.enforcement, self.reason)
        unknown = [k for k in self.context_keys if k not in DEFAULT_CONTEXT]
        if unknown:
            raise ValueError(f"rule {self.name}: unknown context keys {unknown}")

    def applies_to(self, records: list, context: dict) -> bool:
        return self.applies is None or bool(self.applies(records, context))


def context_with_defaults(context: Optional[Mapping] = None) -> dict[str, Any]:
    merged = dict(DEFAULT_CONTEXT)
    merged.update(dict(context or {}))
    return merged


PRODUCTION_TAG_KEYS = ("environment", "Environment")
PRODUCTION_TAG_VALUES = ("prod", "production")


def _tag_maps(record: Mapping) -> list[Any]:
    props = inputs(record)
    found = [props.get("tags"), props.get("tagsAll")]  # tagsAll: resource tags merged with the provider's defaults
    default_tags = parse_json(props.get("defaultTags"))  # provider records carry it as a JSON string
    if is_map(default_tags):
        found.append(default_tags.get("tags"))
    return [t for t in found if is_map(t)]


def _is_unknown(error: Exception) -> bool:
    # pulumi_policy's UnknownValueError (preview); matched by name so this module stays free of pulumi imports.
    return type(error).__name__ == "UnknownValueError"


def tagged_production(records: Iterable[Mapping]) -> bool:
    """Whether any record (provider default tags included) carries environment=prod."""
    for record in records:
        try:
            for tags in _tag_maps(record):
                for key in PRODUCTION_TAG_KEYS:
                    if str(tags.get(key, "")).lower() in PRODUCTION_TAG_VALUES:
                        return True
        except Exception as error:  # only unknown preview values are tolerated
            if not _is_unknown(error):
                raise
    return False


def is_production(records: list, context: Mapping) -> bool:
    """The context's `production` when set; else inferred from tags (CrossGuard run without policy config)."""
    value = context.get("production")
    return bool(value) if value is not None else tagged_production(records)


# ---- value helpers -------------------------------------------------------------------------------

def is_map(value: Any) -> bool:
    return isinstance(value, Mapping)


def is_seq(value: Any) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, (str, bytes))


def as_list(value: Any) -> list:
    """None -> [], a sequence -> its items, anything else -> [value]."""
    if value is None:
        return []
    if is_seq(value):
        return list(value)
    return [value]


def inputs(record: Mapping) -> Mapping:
    value = record.get("inputs")
    return value if is_map(value) else {}


def get(mapping: Any, *path: Any, default: Any = None) -> Any:
    """Walk nested Mappings (and a one-element list, as the engine sends `maxItems: 1` blocks)."""
    current = mapping
    for key in path:
        if is_seq(current) and len(current) == 1 and not isinstance(key, int):
            current = current[0]
        if is_map(current):
            if key not in current:
                return default
            current = current[key]
        elif is_seq(current) and isinstance(key, int):
            if key >= len(current):
                return default
            current = current[key]
        else:
            return default
    return default if current is None else current


def parse_json(value: Any) -> Any:
    """A policy document given as a JSON string or already as a mapping; None when it isn't valid JSON."""
    if is_map(value):
        return value
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return None


def statements(document: Any) -> list:
    doc = parse_json(document)
    if not is_map(doc):
        return []
    return [s for s in as_list(doc.get("Statement")) if is_map(s)]


def principals(statement: Mapping) -> list[str]:
    """Every principal value of a statement, flattened ("*" for `Principal: "*"`)."""
    principal = statement.get("Principal")
    if principal is None:
        return []
    if isinstance(principal, str):
        return [principal]
    found: list[str] = []
    if is_map(principal):
        for value in principal.values():
            found.extend(str(v) for v in as_list(value))
    return found


def is_public_principal(statement: Mapping) -> bool:
    return "*" in principals(statement)


def plural(count: int, word: str, many: Optional[str] = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


def by_type(records: Iterable[Mapping], *types: str) -> list[Mapping]:
    return [r for r in records if r.get("type") in types and r.get("custom", True)]


def label(record: Mapping) -> str:
    return str(record.get("name") or record.get("urn") or "?")
