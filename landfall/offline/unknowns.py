"""Which stack outputs the real `pulumi preview` cannot know: values the cloud assigns on `pulumi up`.

The recording engine runs with preview=False, so every output has a value; for a resource still to be
created, the ids, ARNs and other computed properties are the mocks' inventions (an account id such as
371921844475 for an account the management stack has not created). The rule: a string is invented when
it is a property of a resource to be created (not imported) that the program did not give it as an input,
and no stack file states (another resource taking it as an input does not make it known: that is a
reference). An output is unknown when it is, or
contains, an invented string (an ARN built from an invented id). An imported resource's id is real (the
import id); its other computed properties (the organization's root id) come from AWS, which the offline
engine cannot read, so they count as unknown too. Values written in config are known.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from .recorder import Registration

MIN_INVENTED = 6  # shorter strings (true, us, 1) would match by accident
UNKNOWN = "[unknown]"


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)


def _leaves(state: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(top-level property, string) for every string in a resource's computed state (roots[0].id too)."""
    for key, value in state.items():
        for text in _strings(value):
            yield key, text


def invented_values(resources: Iterable[Registration], known: Iterable[str] = ()) -> set[str]:
    known = set(known)
    invented: set[str] = set()
    for r in resources:
        if not r.custom or r.type.startswith("pulumi:"):
            continue
        given = set(_strings(r.inputs)) | known  # an id that is its name input (an S3 bucket) is known
        candidates = [] if r.import_id else [r.id]
        candidates += [v for k, v in _leaves(r.state) if k not in r.inputs]
        invented |= {v for v in candidates if v and len(v) >= MIN_INVENTED and v not in given}
    return invented


def unknown_paths(outputs: dict[str, Any], invented: set[str]) -> list[str]:
    """Dotted paths of the output leaves that hold (or embed) an invented value."""
    found: list[str] = []

    def walk(value: Any, path: str) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{path}.{k}" if path else str(k))
        elif isinstance(value, (list, tuple)):
            for i, v in enumerate(value):
                walk(v, f"{path}[{i}]")
        elif isinstance(value, str) and any(s in value for s in invented):
            found.append(path)

    walk(outputs, "")
    return found


def masked(outputs: dict[str, Any], invented: set[str]) -> dict[str, Any]:
    """The outputs with every unknown leaf shown as [unknown], as `pulumi preview` would."""

    def mask(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: mask(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [mask(v) for v in value]
        if isinstance(value, str) and any(s in value for s in invented):
            return UNKNOWN
        return value

    return mask(outputs)
