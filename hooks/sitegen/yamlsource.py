"""Read YAML so that no value changes type behind the editor's back.

PyYAML's usual loaders turn `NO` into False, `0123` into 83, `12:30` into 750 and
`2019-10-07` into a date. Here every scalar stays the string the editor typed; the model
converts it where a field asks for a number. Duplicate keys, tags and non-string keys are
errors. Each value remembers its line, so an error can point at it.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError


class _StringLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when present
    """A SafeLoader with no implicit resolvers: every plain scalar is a str."""


_StringLoader.yaml_implicit_resolvers = {}

_DEFAULT_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}

Path_ = tuple[Any, ...]


@dataclass
class Document:
    """A parsed YAML file: the plain value and the line of every node, by path."""

    file: str
    value: Any
    lines: dict[Path_, int]

    def line(self, path: Path_) -> int:
        """The line of the deepest node on `path` that exists (1-based)."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1


def read_yaml(path: Path, label: str) -> tuple[Document | None, list[DataError]]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [DataError(label, None, None, None, f"is not UTF-8 text ({exc.reason} at byte {exc.start})")]
    try:
        node = yaml.compose(text, Loader=_StringLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        msg = f"is not valid YAML: {problem}" + (f" ({context})" if context else "")
        return None, [DataError(label, line, None, None, msg)]
    problems: list[tuple[Path_, int, str]] = []
    lines: dict[Path_, int] = {}
    value = _convert(node, (), lines, problems) if node is not None else None
    return Document(label, value, lines), [
        DataError(label, line, _record_id(value, path), dotted(path) or None, message)
        for path, line, message in problems
    ]


def _record_id(value: Any, path: Path_) -> str | None:
    """The id of the record a path lies in (records are the items of the top-level list)."""
    if isinstance(value, list) and path and isinstance(path[0], int):
        record = value[path[0]]
        if isinstance(record, dict) and isinstance(record.get("id"), str):
            return record["id"]
        return f"#{path[0] + 1}"
    return None


def _convert(node: yaml.Node, path: Path_, lines: dict, problems: list) -> Any:
    lines[path] = node.start_mark.line + 1
    if node.tag not in _DEFAULT_TAGS:
        problems.append((path, node.start_mark.line + 1, f"YAML tag '{node.tag}' is not allowed; write the plain value"))
    if isinstance(node, yaml.ScalarNode):
        if not node.style and node.value == "":   # plain style is None (Python) or "" (libyaml)
            return None  # `key:` with nothing after it
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, path + (i,), lines, problems) for i, item in enumerate(node.value)]
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append((path, key_node.start_mark.line + 1, "a key must be a plain name, not a list or mapping"))
            continue
        key = key_node.value
        if key in result:
            problems.append((path + (key,), key_node.start_mark.line + 1,
                             f"key '{key}' appears twice in the same record; YAML would keep only the last"))
            continue
        result[key] = _convert(value_node, path + (key,), lines, problems)
        lines[path + (key,)] = key_node.start_mark.line + 1
    return result


def dotted(path: Path_) -> str:
    """('sources', 0, 'quote') -> 'sources[0].quote'; the leading record index is dropped."""
    out = ""
    for part in path[1:] if path and isinstance(path[0], int) else path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
