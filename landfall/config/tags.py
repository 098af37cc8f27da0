"""Tags: the ones landfall stamps on every resource, and AWS's tagging rules checked against config.

AWS's rules (the same across services that use the common tagging model): a key is 1-128 characters and must
not start with `aws:`; a value is 0-256 characters; both use letters, digits, spaces and `_ . : / = + - @`;
at most 50 tags per resource. The stack's `tags` go on every resource as provider default tags, beside
landfall's own three, and some resources add up to three of their own, so a stack may declare at most
50 - 3 - 3 = 44.
"""

from __future__ import annotations

import re
from typing import Mapping

from .errors import Problem

TAG_KEY_MAX = 128
TAG_VALUE_MAX = 256
TAGS_PER_RESOURCE = 50
# Keys landfall sets on every resource through the providers' default tags (standard_tags).
LANDFALL_TAG_KEYS = ("environment", "landfall-stack", "managed-by")
# The most tags one landfall resource adds itself (a subnet: Name, tier, tier-type).
RESOURCE_TAG_KEYS = ("Name", "tier", "tier-type")
MAX_STACK_TAGS = TAGS_PER_RESOURCE - len(LANDFALL_TAG_KEYS) - len(RESOURCE_TAG_KEYS)
# AWS: ^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$. \p{Z} is spaces and separators only (Python's \s would also let a tab
# or the newline a YAML block scalar ends with through); \w is letters, digits and _.
_ALLOWED = re.compile("^[\\w.:/=+\\-@\u0020\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*\\Z")
ALLOWED_CHARACTERS = "letters, digits, spaces and _ . : / = + - @"


def tag_text_allowed(text: str) -> bool:
    """Whether a tag key or value uses only the characters AWS allows in tags."""
    return bool(_ALLOWED.match(text))


def standard_tags(user_tags: Mapping[str, str], environment: str, stack: str) -> dict[str, str]:
    """What every resource of the stack carries: the stack's tags, then landfall's (which win)."""
    return {**user_tags, "environment": environment, "landfall-stack": stack, "managed-by": "pulumi-landfall"}


def tag_problems(tags: Mapping[str, object], path: str) -> list[Problem]:
    """Every problem of a stack's `tags` mapping, each with its key path."""
    found: list[Problem] = []
    if len(tags) > MAX_STACK_TAGS:
        found.append(Problem(path, f"has {len(tags)} tags; AWS allows {TAGS_PER_RESOURCE} per resource and landfall adds "
                             f"up to {len(LANDFALL_TAG_KEYS) + len(RESOURCE_TAG_KEYS)} of its own, so at most "
                             f"{MAX_STACK_TAGS} fit", f"drop {len(tags) - MAX_STACK_TAGS} tags", len(tags)))
    for key, value in tags.items():
        where = f"{path}.{key}"
        if key.lower().startswith("aws:"):
            found.append(Problem(where, "tag keys starting with aws: are reserved by AWS", "rename the tag", key))
        if not 1 <= len(key) <= TAG_KEY_MAX:
            found.append(Problem(where, f"tag keys are 1-{TAG_KEY_MAX} characters; this one has {len(key)}",
                                 "shorten the key", key))
        if not _ALLOWED.match(key):
            found.append(Problem(where, f"the tag key has characters AWS does not allow (only {ALLOWED_CHARACTERS})",
                                 "rename the tag", key))
        if key in LANDFALL_TAG_KEYS:
            found.append(Problem(where, "is set by landfall on every resource and would be overwritten",
                                 f"remove it (landfall sets {', '.join(LANDFALL_TAG_KEYS)}) or rename it", key))
        if not isinstance(value, str):
            continue  # the model's type check reports it
        if len(value) > TAG_VALUE_MAX:
            found.append(Problem(where, f"tag values are at most {TAG_VALUE_MAX} characters; this one has {len(value)}",
                                 "shorten the value", f"{value[:40]}..."))
        if not _ALLOWED.match(value):
            found.append(Problem(where, f"the tag value has characters AWS does not allow (only {ALLOWED_CHARACTERS})",
                                 "remove the other characters", value))
    return found


def tag_value_problem(value: str, path: str) -> list[Problem]:
    """A config value landfall writes into a tag (a description, a name): AWS's value rules."""
    if len(value) > TAG_VALUE_MAX:
        return [Problem(path, f"becomes a tag value, and tag values are at most {TAG_VALUE_MAX} characters; this one "
                        f"has {len(value)}", "shorten it", f"{value[:40]}...")]
    if not _ALLOWED.match(value):
        return [Problem(path, f"becomes a tag value, which allows only {ALLOWED_CHARACTERS}", "remove the other characters",
                        value)]
    return []


def tier_tag_problems(tier_tags: Mapping[str, object], path: str, stack_tags: Mapping[str, object]) -> list[Problem]:
    """A tier's subnet tags: the tag rules, none of the keys the subnet sets itself, and room within the 50 tags
    beside the stack's tags and landfall's."""
    found = [p for p in tag_problems(tier_tags, path) if p.path != path]  # the per-stack count does not apply here
    for key in tier_tags:
        if key in RESOURCE_TAG_KEYS:
            found.append(Problem(f"{path}.{key}", "is set by landfall on every subnet (it names the subnet and its tier)",
                                 "remove it, or use another key", key))
    total = len(set(tier_tags) | set(stack_tags)) + len(LANDFALL_TAG_KEYS) + len(RESOURCE_TAG_KEYS)
    if total > TAGS_PER_RESOURCE:
        found.append(Problem(path, f"would give each subnet {total} tags with the stack's tags and landfall's; AWS allows "
                             f"{TAGS_PER_RESOURCE}", f"drop {total - TAGS_PER_RESOURCE} tags here or in landfall:stack.tags",
                             len(tier_tags)))
    return found
