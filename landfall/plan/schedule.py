"""Validation of EventBridge schedule expressions: ``cron(...)`` and ``rate(...)``.

EventBridge rejects a bad expression only at deploy time, halfway through an update. This checks
the documented syntax up front (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html):

* ``cron(minutes hours day-of-month month day-of-week year)``: six fields; exactly one of
  day-of-month and day-of-week is ``?``; ``,`` lists, ``-`` ranges, ``/`` steps, ``*``; ``L`` and
  ``W`` in day-of-month; ``L`` and ``#`` in day-of-week; JAN-DEC and SUN-SAT names (1 = Sunday).
* ``rate(value unit)``: a positive whole number; the unit is singular for 1 and plural otherwise.

Where the documentation is silent (descending ranges, ``L`` combined with a list) this rejects the
expression: a deploy-time failure costs more than writing two ranges.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

MONTH_NAMES = {m: i for i, m in enumerate(("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), 1)}
DAY_NAMES = {d: i for i, d in enumerate(("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"), 1)}

RATE_UNIT_SECONDS = {"minute": 60, "hour": 3_600, "day": 86_400}
MAX_NTH_WEEKDAY = 5  # d#n: the fifth Monday is the most a month can have

_RATE = re.compile(r"^rate\((?P<value>[^\s)]+)\s+(?P<unit>[^\s)]+)\)$")
_CRON = re.compile(r"^cron\((?P<body>.*)\)$")
_INT = re.compile(r"^\d+$")


@dataclass(frozen=True)
class CronField:
    name: str
    low: int
    high: int
    wildcards: str  # the special characters this field accepts
    names: dict[str, int] = field(default_factory=dict)

    @property
    def max_step(self) -> int:
        return self.high if self.low <= 1 else self.high - self.low


CRON_FIELDS = (
    CronField("minutes", 0, 59, ",-*/"),
    CronField("hours", 0, 23, ",-*/"),
    CronField("day-of-month", 1, 31, ",-*?/LW"),
    CronField("month", 1, 12, ",-*/", MONTH_NAMES),
    CronField("day-of-week", 1, 7, ",-*?L#", DAY_NAMES),
    CronField("year", 1970, 2199, ",-*/"),
)


def schedule_problems(expression: str) -> list[str]:
    """Every reason the expression is not a valid EventBridge schedule; empty when it is valid."""
    if not isinstance(expression, str):
        return ["must be a string such as cron(0 2 * * ? *) or rate(5 minutes)"]
    if expression.startswith("rate("):
        return rate_problems(expression)
    if expression.startswith("cron("):
        return cron_problems(expression)
    return ["must start with cron( or rate(, e.g. cron(0 2 * * ? *) or rate(5 minutes)"]


def is_valid_schedule(expression: str) -> bool:
    return not schedule_problems(expression)


def rate_problems(expression: str) -> list[str]:
    match = _RATE.match(expression)
    if not match:
        return ["a rate expression is rate(<value> <unit>), e.g. rate(1 hour) or rate(5 minutes)"]
    value, unit = match["value"], match["unit"]
    found = []
    if not _INT.match(value) or (len(value) > 1 and value.startswith("0")):
        found.append(f"rate value {value!r} is not a whole number without leading zeros")
        number: Optional[int] = None
    else:
        number = int(value)
        if number < 1:
            found.append("rate value must be at least 1")
    singular = unit.rstrip("s") if unit.endswith("s") else unit
    if singular not in RATE_UNIT_SECONDS:
        found.append(f"rate unit {unit!r} is not minute(s), hour(s) or day(s)")
    elif number is not None and number >= 1:
        if number == 1 and unit != singular:
            found.append(f"a rate of 1 takes the singular unit: rate(1 {singular})")
        elif number > 1 and unit == singular:
            found.append(f"a rate above 1 takes the plural unit: rate({number} {singular}s)")
    return found


def rate_seconds(expression: str) -> Optional[int]:
    """The interval of a valid rate expression in seconds; None for anything else."""
    if not expression.startswith("rate(") or rate_problems(expression):
        return None
    match = _RATE.match(expression)
    assert match is not None  # rate_problems found none, so it matched
    return int(match["value"]) * RATE_UNIT_SECONDS[match["unit"].rstrip("s")]


def cron_problems(expression: str) -> list[str]:
    match = _CRON.match(expression)
    if not match:
        return ["a cron expression is cron(<6 fields>), e.g. cron(0 2 * * ? *)"]
    fields = match["body"].split()
    if len(fields) != len(CRON_FIELDS):
        return [
            f"cron needs 6 fields (minutes hours day-of-month month day-of-week year), got {len(fields)}"
            + (": add the year field, usually *" if len(fields) == 5 else "")
        ]
    found: list[str] = []
    for spec, text in zip(CRON_FIELDS, fields, strict=False):
        found += _field_problems(spec, text)
    dom, dow = fields[2], fields[4]
    if (dom == "?") == (dow == "?"):
        found.append(
            "exactly one of day-of-month and day-of-week must be ?: "
            + ("both are ?" if dom == "?" else f"got {dom!r} and {dow!r}; write ? in the one you do not use")
        )
    return found


def _field_problems(spec: CronField, text: str) -> list[str]:
    where = spec.name
    upper = text.upper()
    allowed = f"digits{', ' + _name_range(spec) if spec.names else ''} and {' '.join(spec.wildcards)}"
    for word in re.findall(r"[A-Z]+", upper):
        letters = word[3:] if word[:3] in spec.names else word  # FRIL: a name followed by L
        if letters and not set(letters) <= set(spec.wildcards):
            return [f"{where}: {word!r} is not allowed in this field (allowed: {allowed})"]
    # Names stand for numbers; what is left may only hold digits and the field's wildcards.
    bare = re.sub(r"[A-Z]{3}", lambda m: "0" if m[0] in spec.names else m[0], upper)
    bad = sorted(set(re.sub(r"\d", "", bare)) - set(spec.wildcards))
    if bad:
        return [f"{where}: {' '.join(bad)} not allowed in this field (allowed: {allowed})"]
    if upper == "?":
        return []
    if "?" in upper:
        return [f"{where}: ? must stand alone"]
    special = _special_problems(spec, upper, bare)
    if special is not None:
        return special
    found = []
    for item in upper.split(","):
        found += _item_problems(spec, item)
    return found


def _special_problems(spec: CronField, text: str, bare: str) -> Optional[list[str]]:
    """The L, W and # forms, each of which must be the whole field; None when the field uses none."""
    where = spec.name
    if not any(c in bare for c in "LW#"):
        return None
    if spec.name == "day-of-month":
        if text in ("L", "LW"):
            return []
        if re.fullmatch(r"\d+W", text):
            return _value_problems(spec, text[:-1], where)
        return [f"{where}: L, LW and <day>W must stand alone, e.g. L or 15W (got {text!r})"]
    # day-of-week
    if "#" in text:
        match = re.fullmatch(r"(\w+)#(\d+)", text)
        if not match:
            return [f"{where}: <day>#<n> must stand alone (one expression only), e.g. 3#2 (got {text!r})"]
        found = _value_problems(spec, match[1], where)
        if not 1 <= int(match[2]) <= MAX_NTH_WEEKDAY:
            found.append(f"{where}: the n in {text!r} must be 1-{MAX_NTH_WEEKDAY}")
        return found
    if text == "L":
        return []
    match = re.fullmatch(r"(\w+)L", text)
    if match and "L" not in match[1]:
        return _value_problems(spec, match[1], where)
    return [f"{where}: L must stand alone or follow one day, e.g. L or 6L for the last Friday (got {text!r})"]


def _item_problems(spec: CronField, item: str) -> list[str]:
    where = spec.name
    if item == "":
        return [f"{where}: empty list item"]
    base, slash, step = item.partition("/")
    found = []
    if slash:
        if "/" not in spec.wildcards:
            return [f"{where}: / steps are not allowed in this field"]
        if not _INT.match(step) or not 1 <= int(step) <= spec.max_step:
            found.append(f"{where}: step {step!r} must be a whole number 1-{spec.max_step}")
    if base == "*":
        return found
    if "-" in base:
        start, _, end = base.partition("-")
        found += _value_problems(spec, start, where) + _value_problems(spec, end, where)
        if not found and _value(spec, start) > _value(spec, end):  # type: ignore[operator]
            found.append(f"{where}: range {base!r} runs backwards; write it as two ranges")
        return found
    return found + _value_problems(spec, base, where)


def _value(spec: CronField, text: str) -> Optional[int]:
    if _INT.match(text):
        return int(text)
    return spec.names.get(text)


def _name_range(spec: CronField) -> str:
    ordered = sorted(spec.names, key=spec.names.__getitem__)
    return f"{ordered[0]}-{ordered[-1]}"


def _value_problems(spec: CronField, text: str, where: str) -> list[str]:
    value = _value(spec, text)
    if value is None:
        names = f" or {_name_range(spec)}" if spec.names else ""
        return [f"{where}: {text!r} is not a value ({spec.low}-{spec.high}{names})"]
    if not spec.low <= value <= spec.high:
        return [f"{where}: {value} is outside {spec.low}-{spec.high}"]
    return []
