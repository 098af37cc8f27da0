"""Reading stack files: yaml.safe_load semantics through libyaml's C parser where PyYAML has it, except that a
key given twice in one mapping is an error (YAML says keys are unique; PyYAML silently keeps the last one), and
every error names the file, line and column instead of the parser's `<unicode string>`.

`read_stack_config` is the one way a stack file (or the baseline template) is read: the loader, the cross-stack
checks, the organization view, the ownership rule and a spoke's view of its hub all go through it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import yaml

from .errors import ConfigError, Problem

# The same documents as SafeLoader, about ten times faster; every synthesis reads every stack file.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE = "tag:yaml.org,2002:merge"


@dataclass(frozen=True)
class YamlIssue:
    where: str  # file:line:column
    path: str  # key path inside the document ("" when the syntax is broken)
    message: str
    fix: str


class StackFileYamlError(yaml.YAMLError):
    """Every problem of one file's YAML: duplicate keys (all of them) or the first syntax error."""

    def __init__(self, issues: list[YamlIssue]) -> None:
        super().__init__("; ".join(f"{i.where}: {i.message}" for i in issues))
        self.issues = issues


def parse_yaml(text: str, source: str = "<text>") -> Any:
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        duplicates = list(_duplicate_keys(node, source))
        if duplicates:
            raise StackFileYamlError(duplicates)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as err:
        raise StackFileYamlError([_syntax_issue(err, source)]) from None
    finally:
        loader.dispose()


def _where(source: str, mark: Optional[yaml.Mark]) -> str:
    return f"{source}:{mark.line + 1}:{mark.column + 1}" if mark is not None else source


def _syntax_issue(err: yaml.MarkedYAMLError, source: str) -> YamlIssue:
    mark = err.problem_mark or err.context_mark
    message = " ".join(p for p in (err.context, err.problem) if p) or "is not valid YAML"
    if err.context and err.context_mark and err.problem_mark and err.context_mark.line != err.problem_mark.line:
        message = f"{err.problem} (while {err.context.removeprefix('while ')} at line {err.context_mark.line + 1})"
    return YamlIssue(_where(source, mark), "", f"is not valid YAML: {message}",
                     "fix the YAML at that line: indentation, a missing ':' or space after it, or an unclosed quote or bracket")


def _duplicate_keys(node: yaml.Node, source: str, path: str = ""):
    if isinstance(node, yaml.MappingNode):
        first: dict[tuple[str, str], yaml.Node] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                continue  # `<<:` merges are allowed to be overridden
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            child = f"{path}.{key}" if path else str(key)
            # By resolved tag and text: `cidr` and "cidr" are one key, `1` (an int) and "1" (a string) are two.
            identity = (key_node.tag, key) if key is not None else None
            if identity is not None and identity in first:
                earlier = first[identity].start_mark
                yield YamlIssue(_where(source, key_node.start_mark), child,
                                f"repeats the key {key!r} given first at line {earlier.line + 1}:{earlier.column + 1} "
                                "(YAML keys are unique; the last one would silently win)",
                                f"keep one of the two (lines {earlier.line + 1} and {key_node.start_mark.line + 1})")
            elif identity is not None:
                first[identity] = key_node
            yield from _duplicate_keys(value_node, source, child)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _duplicate_keys(item, source, f"{path}[{i}]")


def yaml_problem(issue: YamlIssue) -> Problem:
    """A YAML problem as a config problem: the key path (without the file's top-level `config.`) at file:line:col."""
    path = issue.path.removeprefix("config.")
    return Problem(f"{issue.where}: {path}" if path else issue.where, issue.message, issue.fix)


def read_stack_yaml(text: str, source: str) -> Any:
    """parse_yaml, with its problems raised as one ConfigError (never a parser traceback)."""
    try:
        return parse_yaml(text, source)
    except StackFileYamlError as err:
        raise ConfigError([yaml_problem(issue) for issue in err.issues]) from None


def read_stack_config(path: Path, source: Optional[str] = None) -> dict[str, Any]:
    """The `config:` mapping of a stack file, or ConfigError naming the file: unreadable or non-UTF-8 text, broken
    YAML, a key given twice, a document or `config:` that is not a mapping, or a key that is not a string."""
    source = source or path.name
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise ConfigError([Problem(source, f"is not UTF-8 text (byte {err.start} cannot be decoded)",
                                   "save the file as UTF-8")]) from None
    except OSError as err:
        raise ConfigError([Problem(source, f"cannot be read ({err.strerror or err})",
                                   "check that the file exists and is readable")]) from None
    doc = read_stack_yaml(text, source)
    if doc is None:
        return {}
    if not isinstance(doc, dict):
        raise ConfigError([Problem(source, f"must be a mapping with a config: key, not a {_kind(doc)}",
                                   "write config: at the top, then the landfall:<section> keys under it")])
    config = doc.get("config")
    if config is None:
        return {}
    if not isinstance(config, dict):
        raise ConfigError([Problem(f"{source}: config", f"must be a mapping, not a {_kind(config)}",
                                   "write config: followed by keys")])
    odd = [key for key in config if not isinstance(key, str)]
    if odd:
        raise ConfigError([Problem(f"{source}: config", "has a key that is not a string (config keys are "
                                   "<namespace>:<name>)", "write the key as landfall:<section>", key) for key in odd])
    return config


def _kind(value: Any) -> str:
    return {list: "list", str: "string", int: "number", float: "number", bool: "boolean"}.get(type(value), type(value).__name__)
