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


class _StringLoader(yaml.SafeLoader):
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
    errors: list[DataError] = []
    lines: dict[Path_, int] = {}
    value = _convert(node, (), lines, errors, label) if node is not None else None
    return Document(label, value, lines), errors


def _convert(node: yaml.Node, path: Path_, lines: dict, errors: list, label: str) -> Any:
    lines[path] = node.start_mark.line + 1
    if node.tag not in _DEFAULT_TAGS:
        errors.append(DataError(label, node.start_mark.line + 1, None, _dotted(path) or None,
                                f"YAML tag '{node.tag}' is not allowed; write the plain value"))
    if isinstance(node, yaml.ScalarNode):
        if node.style is None and node.value == "":
            return None  # `key:` with nothing after it
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, path + (i,), lines, errors, label) for i, item in enumerate(node.value)]
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            errors.append(DataError(label, key_node.start_mark.line + 1, None, _dotted(path) or None,
                                    "a key must be a plain name, not a list or mapping"))
            continue
        key = key_node.value
        if key in result:
            errors.append(DataError(label, key_node.start_mark.line + 1, None, _dotted(path + (key,)),
                                    f"key '{key}' appears twice in the same record; YAML would keep only the last"))
            continue
        lines[path + (key,)] = key_node.start_mark.line + 1
        result[key] = _convert(value_node, path + (key,), lines, errors, label)
        lines[path + (key,)] = key_node.start_mark.line + 1
    return result


def _dotted(path: Path_) -> str:
    """('sources', 0, 'quote') -> 'sources[0].quote'; the leading record index is dropped."""
    out = ""
    for part in path[1:] if path and isinstance(path[0], int) else path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
