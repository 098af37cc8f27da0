"""KMS key controls: rotation, key policy not public, landfall's deletion window."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .core import Rule, as_list, get, inputs, is_map, is_public_principal, parse_json, statements

KEY = "aws:kms/key:Key"
# landfall: a deleted key makes its data unreadable; keep the longest window so a mistake can be undone.
DELETION_WINDOW_DAYS = 30


def statement_label(index: int, statement: Mapping) -> str:
    sid = statement.get("Sid")
    return f'statement "{sid}"' if sid else f"statement {index}"


def _symmetric(props: Mapping) -> bool:
    spec = get(props, "customerMasterKeySpec") or get(props, "keySpec") or "SYMMETRIC_DEFAULT"
    return spec == "SYMMETRIC_DEFAULT"


def check_key_rotation(record: Mapping) -> list[str]:
    props = inputs(record)
    if not _symmetric(props) or get(props, "enableKeyRotation") is True:
        return []
    return ["KMS.4: the key does not rotate; set enableKeyRotation to true"]


def _fixed_condition(condition: Any) -> bool:
    """True when the condition holds at least one value without wildcards or policy variables."""
    if not is_map(condition):
        return False
    for operator in condition.values():
        if not is_map(operator):
            continue
        for values in operator.values():
            for value in as_list(values):
                text = str(value)
                if "*" not in text and "?" not in text and "${" not in text:
                    return True
    return False


def check_key_not_public(record: Mapping) -> list[str]:
    policy = get(inputs(record), "policy")
    if policy is None:
        return []
    if parse_json(policy) is None:
        return ["KMS.5: the key policy is not valid JSON"]
    return [f'KMS.5: key policy {statement_label(i, s)} allows principal "*" without a fixed-value condition'
            for i, s in enumerate(statements(policy))
            if s.get("Effect") == "Allow" and is_public_principal(s) and not _fixed_condition(s.get("Condition"))]


def check_deletion_window(record: Mapping) -> list[str]:
    # Omitted means the provider's default, which is 30 days.
    days = get(inputs(record), "deletionWindowInDays", default=DELETION_WINDOW_DAYS)
    if days == DELETION_WINDOW_DAYS:
        return []
    return [f"LF.KMS.1: the key deletion window is {days} days; it must be {DELETION_WINDOW_DAYS} days"]


RULES = (
    Rule("kms-key-rotation", ("KMS.4", "CIS 3.6"), "Symmetric customer managed keys rotate yearly.", (KEY,),
         check_key_rotation),
    Rule("kms-key-not-public", ("KMS.5",), 'Key policies grant nothing to principal "*" without a fixed condition.',
         (KEY,), check_key_not_public),
    Rule("kms-key-deletion-window", ("LF.KMS.1",), "Keys are scheduled for deletion with a 30-day window.", (KEY,),
         check_deletion_window),
)
