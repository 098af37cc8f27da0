"""Reading stack files: yaml.safe_load semantics through libyaml's C parser where PyYAML has it, except that a
key given twice in one mapping is an error (YAML says keys are unique; PyYAML silently keeps the last one), and
every error names the file, line and column instead of the parser's `<unicode string>`."""

from __future__ import annotations

from dataclasses import dataclass
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
        first: dict[Any, yaml.Node] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                continue  # `<<:` merges are allowed to be overridden
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            child = f"{path}.{key}" if path else str(key)
            if key is not None and key in first:
                earlier = first[key].start_mark
                yield YamlIssue(_where(source, key_node.start_mark), child,
                                f"repeats the key {key!r} of line {earlier.line + 1} (YAML keys are unique; the last one "
                                "would silently win)", "keep one of the two")
            elif key is not None:
                first[key] = key_node
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
