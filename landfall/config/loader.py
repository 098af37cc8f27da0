"""Read a stack's config (from its stack file, or from the engine's config map) into a StackConfig.

Validation runs in two passes and reports everything it finds in each: first shape and types
(pydantic, every section on its own so one bad section does not hide another's problems), then
the semantic checks of every section and the cross-stack checks. A ConfigError is raised before
the program registers any resource.
"""

from __future__ import annotations

import copy
import json
import typing
from pathlib import Path
from typing import Any, Mapping

from pydantic import BaseModel, ValidationError

from .baseline_stack import account_key_of, generated_values, merge
from .crossstack import cross_stack_problems, stamp
from .errors import ConfigError, Problem, format_path
from .model import NAMESPACE, StackConfig, section_problems
from .ownership import ownership_problems, region_problems
from .yaml_text import read_stack_config

PREFIX = f"{NAMESPACE}:"
# Read beside landfall's keys: a stack file's aws:region must agree with landfall:stack.region.
AWS_REGION_KEY = "aws:region"


def stack_file(stack: str, project_dir: Path | str = ".") -> Path:
    return Path(project_dir) / f"Pulumi.{stack}.yaml"


def read_stack_file(stack: str, project_dir: Path | str = ".") -> dict[str, Any]:
    """The `landfall:*` keys of Pulumi.<stack>.yaml, as plain data. An account baseline stack
    (`baseline-<key>`) needs no file: its values come from the template, and a file only overrides them."""
    path = stack_file(stack, project_dir)
    if account_key_of(stack) is not None:
        override = _read(path) if path.exists() else {}
        return merge(generated_values(stack, project_dir), override)
    if not path.exists():
        known = sorted(p.name[len("Pulumi.") : -len(".yaml")] for p in Path(project_dir).glob("Pulumi.*.yaml"))
        raise ConfigError([Problem(str(path), "no such stack file", f"use one of the stacks {known}, baseline-<account "
                                   f"key> for an account baseline, or create {path.name}")])
    return _read(path)


def _read(path: Path) -> dict[str, Any]:
    config = read_stack_config(path)
    return {k: v for k, v in config.items() if k.startswith(PREFIX) or k == AWS_REGION_KEY}


def engine_values(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The engine hands structured config over as JSON strings; decode them."""
    out = {}
    for key, value in raw.items():
        if not key.startswith(PREFIX) and key != AWS_REGION_KEY:
            continue
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except json.JSONDecodeError:
                pass  # a plain string value
        out[key] = value
    return out


def parse(stack: str, values: Mapping[str, Any], project_dir: Path | str = ".", source: str = "") -> StackConfig:
    """Validate `landfall:*` values into a StackConfig or raise one ConfigError with every problem.

    Memoized on the values and the other stack files' contents: the offline tools validate a stack
    before starting the engine and the program validates it again inside; the second time is free.
    """
    key = (stack, json.dumps(values, sort_keys=True, default=str), str(Path(project_dir).resolve()), source, stamp(project_dir))
    if key not in _PARSED:
        try:
            _PARSED[key] = _parse(stack, values, project_dir, source)
        except ConfigError as err:
            _PARSED[key] = err
    result = _PARSED[key]
    if isinstance(result, ConfigError):
        raise result
    return result


_PARSED: dict[tuple, Any] = {}




def _parse(stack: str, values: Mapping[str, Any], project_dir: Path | str, source: str) -> StackConfig:
    source = source or f"Pulumi.{stack}.yaml"
    problems: list[Problem] = []
    values = dict(values)
    aws_region = values.pop(AWS_REGION_KEY, None)
    fields = StackConfig.model_fields
    by_alias = {f.alias: name for name, f in fields.items() if f.alias}
    parsed: dict[str, Any] = {}
    complete = True  # every section has a value the semantic checks can run on
    pruned_paths: list[str] = []  # keys left out (at their defaults) so the semantic checks could still run
    for key, value in values.items():
        if key not in by_alias:
            problems.append(Problem(key, "is not a landfall config section", f"use one of {sorted(by_alias)}"))
            continue
        field = fields[by_alias[key]]
        try:
            parsed[by_alias[key]] = _validate_field(field.annotation, value)
        except ValidationError as err:
            problems += _translate(key, field.annotation, err)
            # A wrong value (`nat: singel`) must not hide the file's other problems: validate the section again
            # without the offending keys (their defaults apply) and run the semantic checks on that.
            lenient = _without_offenders(field.annotation, value, err)
            if lenient is None:
                complete = False
            else:
                parsed[by_alias[key]] = lenient
                pruned_paths += [format_path([key, *e["loc"]]) for e in err.errors()]
    for alias, name in by_alias.items():
        if fields[name].is_required() and alias not in values:
            problems.append(Problem(alias, "is required", f"add a {alias} section to {source}"))
            complete = False
    if problems and not complete:
        raise ConfigError(problems, source)
    type_problems = problems
    try:
        config = StackConfig.model_validate({fields[n].alias: v for n, v in parsed.items()} | {"name": stack})
        config._project_dir = Path(project_dir).resolve()  # where sibling stack files (a spoke's hub) are read from
        problems = section_problems(config) + cross_stack_problems(config, Path(project_dir))
        problems += ownership_problems(config) + region_problems(config)
    except Exception:
        if not type_problems:
            raise
        raise ConfigError(type_problems, source) from None  # the lenient model was not enough for the checks
    if aws_region is not None and aws_region != config.stack.region:
        problems.append(Problem(AWS_REGION_KEY, f"differs from landfall:stack.region ({config.stack.region}): landfall's "
                                "providers take the stack's region, so tools reading aws:region would look elsewhere",
                                f"set aws:region: {config.stack.region}, or remove it", aws_region))
    if type_problems:
        # What the semantic checks say about a left-out key speaks of its default, not of what was written.
        problems = type_problems + [p for p in problems if not any(p.path == q or p.path.startswith(q + ".") for q in pruned_paths)]
    if problems:
        raise ConfigError(problems, source)
    return config


def _without_offenders(annotation: Any, value: Any, err: ValidationError) -> Any:
    """The section validated with every key pydantic rejected removed, or None when that is not enough
    (a required key is wrong, or the error is not at a removable key)."""
    pruned = copy.deepcopy(value)
    for e in err.errors():
        *parents, last = e["loc"] or (None,)
        node = pruned
        for part in parents:
            node = node.get(part) if isinstance(node, dict) else (node[part] if isinstance(node, list) and isinstance(part, int) and part < len(node) else None)
            if node is None:
                return None
        if not isinstance(node, dict) or last not in node:
            return None
        del node[last]
    try:
        return _validate_field(annotation, pruned)
    except ValidationError:
        return None


def load_stack_file(stack: str, project_dir: Path | str = ".") -> StackConfig:
    """Offline: read and validate Pulumi.<stack>.yaml."""
    return parse(stack, read_stack_file(stack, project_dir), project_dir)


def _validate_field(annotation: Any, value: Any) -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(annotation).validate_python(value)


def _translate(section: str, annotation: Any, err: ValidationError) -> list[Problem]:
    """pydantic errors -> Problems with the key path as the user wrote it."""
    problems = []
    for e in err.errors():
        loc = [p for p in e["loc"]]
        path = format_path([section, *loc])
        kind = e["type"]
        value = e.get("input")
        if kind == "extra_forbidden":
            allowed = _allowed_keys(annotation, loc[:-1])
            fix = f"remove it or fix the spelling; allowed keys here: {', '.join(allowed)}" if allowed else "remove it or fix the spelling"
            problems.append(Problem(path, "is not a known key", fix))
        elif kind == "missing":
            problems.append(Problem(path, "is required", "add this key"))
        elif kind == "bool_for_number":
            problems.append(Problem(path, e["msg"], "write a number (YAML reads unquoted yes, no, on, off, true and false "
                                    "as booleans)", value))
        elif kind == "control_character":
            problems.append(Problem(path, e["msg"], "write the value on one line (a YAML block scalar, | or >, ends with a "
                                    "newline: use |- or >-, or a plain or quoted value)", value))
        elif kind == "enum":
            expected = e.get("ctx", {}).get("expected", "")
            problems.append(Problem(path, "is not an allowed value", f"use one of {expected}", value))
        else:
            problems.append(Problem(path, e["msg"][0].lower() + e["msg"][1:], "correct the value's type or format", value))
    return problems


def _allowed_keys(annotation: Any, loc: list[Any]) -> list[str]:
    """Walk the model along a pydantic error location to list the keys allowed there."""
    current = annotation
    for part in [*loc, None]:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            if part is None:
                return [f.alias or n for n, f in current.model_fields.items() if not f.exclude]
            field = current.model_fields.get(part) or next((f for f in current.model_fields.values() if f.alias == part), None)
            if field is None:
                return []
            current = field.annotation
        else:
            origin = typing.get_origin(current)
            args = typing.get_args(current)
            if origin in (dict, Mapping) and args:
                current = args[1]
            elif origin in (list, tuple) and args:
                current = args[0]
            else:
                return []
    return []


def _unwrap(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin is typing.Union or str(origin) == "types.UnionType":
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0] if len(args) == 1 else annotation
    return annotation
