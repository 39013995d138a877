"""Read YAML so that no value changes type behind the editor's back.

PyYAML's usual loaders turn `NO` into False, `0123` into 83, `12:30` into 750 and
`2019-10-07` into a date. Here every scalar stays the string the editor typed; the model
converts it where a field asks for a number. Duplicate keys, tags and non-string keys are
errors, and so are aliases (`*name`) that refer to themselves or expand to more than
MAX_ALIAS_VALUES values (a few lines of aliases nested in aliases expand to gigabytes). Each
value remembers its line, so an error can point at it. No input ends in a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present


class _StringLoader(_Base):
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
    """The YAML file at `path` as a Document (every scalar the string typed, each node's line),
    or None and the errors that stopped it, named by `label`."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [DataError(label, None, None, None, f"is not UTF-8 text ({exc.reason} at byte {exc.start})")]
    try:
        node = yaml.compose(text, Loader=_StringLoader)
    except yaml.reader.ReaderError as exc:  # a character YAML refuses (NUL, other controls): no mark
        line = text.count("\n", 0, exc.position) + 1
        return None, [
            DataError(
                label,
                line,
                None,
                None,
                f"contains a control character (U+{exc.character if isinstance(exc.character, int) else 0:04X}) "
                "that YAML does not allow; delete it",
            )
        ]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        msg = f"is not valid YAML: {problem}" + (f" ({context})" if context else "")
        return None, [DataError(label, mark.line + 1 if mark else None, None, None, msg)]
    problems: list[tuple[Path_, int, str]] = []
    lines: dict[Path_, int] = {}
    try:
        value = _convert(node, (), lines, problems, _Walk()) if node is not None else None
    except _Alias as exc:
        return None, [DataError(label, _alias_line(text), None, None, exc.args[0])]
    except _TooDeep as exc:
        return None, [
            DataError(
                label, exc.args[0], None, None, f"is nested more than {MAX_DEPTH} levels deep; no record needs that"
            )
        ]
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


MAX_DEPTH = 20  # lists and mappings inside one another; the deepest record field is 4


class _TooDeep(Exception):
    """A value nested deeper than any record (args: its line)."""


MAX_ALIAS_VALUES = 1000  # values reached through aliases, in one file


class _Alias(Exception):
    """An alias that refers to itself, or aliases that expand past MAX_ALIAS_VALUES (args: the message)."""


@dataclass
class _Walk:
    """Where the conversion is: nodes already met, nodes open above this one, values via aliases.
    (A composed document shares the node an alias names: meeting a node again is an alias.)"""

    seen: set[int] = field(default_factory=set)
    open: set[int] = field(default_factory=set)
    via_alias: int = 0


def _alias_line(text: str) -> int | None:
    """The line of the first alias in `text` (aliases are rare: only read when one was found)."""
    try:
        for event in yaml.parse(text, Loader=_StringLoader):
            if isinstance(event, yaml.AliasEvent):
                return event.start_mark.line + 1
    except yaml.YAMLError:
        pass
    return None


def _convert(node: yaml.Node, path: Path_, lines: dict, problems: list, walk: _Walk, aliased: bool = False) -> Any:
    if id(node) in walk.open:
        raise _Alias("a YAML alias (*name) refers to the value it is part of; write the value out")
    aliased = aliased or id(node) in walk.seen
    if aliased:
        walk.via_alias += 1
        if walk.via_alias > MAX_ALIAS_VALUES:
            raise _Alias(
                f"YAML aliases (*name) in this file expand to more than {MAX_ALIAS_VALUES} values; write the values out"
            )
    if len(path) > MAX_DEPTH:
        raise _TooDeep(node.start_mark.line + 1)
    walk.seen.add(id(node))
    walk.open.add(id(node))
    try:
        return _convert_node(node, path, lines, problems, walk, aliased)
    finally:
        walk.open.discard(id(node))


def _convert_node(node: yaml.Node, path: Path_, lines: dict, problems: list, walk: _Walk, aliased: bool) -> Any:
    lines[path] = node.start_mark.line + 1
    if node.tag not in _DEFAULT_TAGS:
        problems.append(
            (path, node.start_mark.line + 1, f"YAML tag '{node.tag}' is not allowed; write the plain value")
        )
    if isinstance(node, yaml.ScalarNode):
        if not node.style and node.value == "":  # plain style is None (Python) or "" (libyaml)
            return None  # `key:` with nothing after it
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, path + (i,), lines, problems, walk, aliased) for i, item in enumerate(node.value)]
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append((path, key_node.start_mark.line + 1, "a key must be a plain name, not a list or mapping"))
            continue
        key = key_node.value
        if key in result:
            problems.append(
                (
                    path + (key,),
                    key_node.start_mark.line + 1,
                    f"key '{key}' appears twice in the same record; YAML would keep only the last",
                )
            )
            continue
        result[key] = _convert(value_node, path + (key,), lines, problems, walk, aliased)
        lines[path + (key,)] = key_node.start_mark.line + 1
    return result


def dotted(path: Path_) -> str:
    """('sources', 0, 'quote') -> 'sources[0].quote'; the leading record index is dropped."""
    out = ""
    for part in path[1:] if path and isinstance(path[0], int) else path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
