"""The one error type for configuration problems.

Every validator collects :class:`Problem` records instead of raising on the first one, so a
user sees every mistake in one run. A problem names the config key path (as it appears in
``Pulumi.<stack>.yaml``), the value given, what is wrong and how to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

_MISSING = object()


def format_path(parts: Iterable[Any]) -> str:
    """Render a key path the way a user would find it in the stack file.

    ``("landfall:network", "vpcs", "main", "tiers", 0)`` -> ``landfall:network.vpcs.main.tiers[0]``
    """
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif not out:
            out = str(part)
        else:
            out += f".{part}"
    return out


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the config."""

    path: str
    message: str
    fix: str = ""
    value: Any = _MISSING

    def render(self) -> str:
        text = f"{self.path}: {self.message}"
        if self.value is not _MISSING:
            text += f" (got {self.value!r})"
        if self.fix:
            text += f"\n    fix: {self.fix}"
        return text


class ConfigError(Exception):
    """Raised once, with every problem found, before any resource is registered."""

    def __init__(self, problems: Iterable[Problem], source: str = "") -> None:
        self.problems = tuple(problems)
        self.source = source
        super().__init__(self.render())

    def render(self) -> str:
        where = f" in {self.source}" if self.source else ""
        count = len(self.problems)
        head = f"{count} configuration problem{'s' if count != 1 else ''}{where}:"
        return "\n".join([head, *(f"  - {p.render()}" for p in self.problems)])

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(p.path for p in self.problems)


def raise_if(problems: list[Problem], source: str = "") -> None:
    if problems:
        raise ConfigError(problems, source)
