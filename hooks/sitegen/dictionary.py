"""Describe every collection's fields from the model itself, for the data dictionary page."""

from __future__ import annotations

import builtins
import typing
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel

from .model import COLLECTIONS, Described, Ref, field_attribute, model_in
from .project import DATA_FILES


@dataclass
class FieldDoc:
    name: str
    type: str
    required: bool
    description: str
    nested: builtins.type[BaseModel] | None  # (`type` is the field above)
    example: str = ""


def describe(annotation: Any, metadata: list | tuple = ()) -> str:
    """A field's type in words for the data dictionary ('list of id of a record in `actors`')
    from its annotation and metadata."""
    ref = next((m for m in metadata if isinstance(m, Ref)), None)
    if ref is not None:
        return _ref_text(ref)
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is Annotated:
        return describe(args[0], args[1:])
    if origin is Literal:
        return "one of " + ", ".join(f"`{a}`" for a in args)
    if origin is list:
        return "list of " + describe(args[0])
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        return " or ".join(describe(a) for a in args if a is not type(None))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"mapping ({annotation.__name__})"
    described = [m for m in metadata if isinstance(m, Described)]
    if described:  # a field type of the model (model.Described)
        return described[-1].text
    return {str: "text", int: "whole number", float: "number"}.get(
        annotation, getattr(annotation, "__name__", str(annotation))
    )


def _ref_text(ref: Ref) -> str:
    if ref.collection == "*":
        return "record path `<collection>/<id>`"
    kinds = f" of kind {' or '.join(sorted(ref.kinds))}" if ref.kinds else ""
    return f"id of a record in `{ref.collection}`{kinds}"


def fields_of(model: type[BaseModel]) -> list[FieldDoc]:
    """Every field of `model`, in order, as the data dictionary lists it (examples left empty)."""
    docs = []
    for name, info in model.model_fields.items():
        nested = model_in(info.annotation)
        docs.append(
            FieldDoc(
                info.alias or name,
                describe(info.annotation, info.metadata),
                info.is_required(),
                info.description or "",
                nested,
            )
        )
    return docs


def dictionary(dataset=None) -> list[dict]:
    """[{collection, file, model, fields, nested: {name: fields}}] for every collection,
    with an example value for each field taken from the data when a dataset is given."""
    out = []
    for collection, model in COLLECTIONS.items():
        records = list(dataset.collections[collection].values()) if dataset else []
        fields = fields_of(model)
        nested: dict[str, list[FieldDoc]] = {}
        for f in fields:
            f.example = _example(records, f.name)
            if f.nested is not None and f.nested.__name__ not in nested:
                inner = [item for r in records for item in _as_list(getattr(r, f.name))]
                nested[f.nested.__name__] = fields_of(f.nested)
                for g in nested[f.nested.__name__]:
                    g.example = _example(inner, g.name)
        out.append(
            {
                "collection": collection,
                "file": f"data/{collection}.yml",
                "model": model,
                "fields": fields,
                "nested": nested,
            }
        )
    return out


def other_files(entries: dict[str, list] | None = None) -> list[dict]:
    """[{name, file, title, description, fields}] for the data files that are not collections
    (project.DATA_FILES), with examples from `entries` ({name: [entry, ...]})."""
    out = []
    for file in DATA_FILES:
        model = file.model
        fields = fields_of(model)
        found = (entries or {}).get(file.name, [])
        nested: dict[str, list[FieldDoc]] = {}
        for f in fields:
            f.example = _example(found, field_attribute(model, f.name))
            if f.nested is not None and f.nested.__name__ not in nested:
                inner = [item for e in found for item in _as_list(getattr(e, field_attribute(model, f.name)))]
                nested[f.nested.__name__] = fields_of(f.nested)
                for g in nested[f.nested.__name__]:
                    g.example = _example(inner, g.name)
        out.append(
            {
                "name": file.name,
                "file": f"data/{file.file}",
                "title": file.title,
                "description": file.description,
                "fields": fields,
                "nested": nested,
            }
        )
    return out


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [] if value is None else [value]


def _example(objects: list, name: str, width: int = 60) -> str:
    """The first set value of `name` among objects, as YAML-ish text, shortened."""
    for obj in objects:
        value = getattr(obj, name, None)
        if value in (None, [], ""):
            continue
        if isinstance(value, list):
            value = (
                value[0]
                if isinstance(value[0], BaseModel)
                else "[" + ", ".join(map(str, value[:3])) + (", …]" if len(value) > 3 else "]")
            )
        if isinstance(value, BaseModel):
            return "(a mapping: see below)"
        text = f"{value:g}" if isinstance(value, float) else str(value)
        return text if len(text) <= width else text[: width - 1].rstrip() + "…"
    return ""
