"""Open data: every collection as JSON and CSV, a JSON Schema per collection, and a Frictionless
Data Package descriptor. All derived from the model that validates the data (one source of truth).

    files = export_files(dataset)   # {"data/sources.json": "...", "data/sources.csv": "...", ...}
"""

from __future__ import annotations

import csv
import io
import json
import typing
from typing import Any, Literal

from pydantic import BaseModel, TypeAdapter

from .dataset import Dataset
from .model import COLLECTIONS, model_in
from .project import DATA_FILES

DATA_LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"
FOLDER = "data"


# the data files downloaded with the collections (DataFile.published), by name
PUBLISHED = {f.name: f for f in DATA_FILES if f.published}


def _model(name: str) -> type[BaseModel]:
    """The model of a collection's records, or of a published data file's entries."""
    return COLLECTIONS[name] if name in COLLECTIONS else PUBLISHED[name].model


def json_schema(name: str) -> dict:
    """The JSON Schema of a data file (a collection, or one of project.DATA_FILES): a list of
    entries, as editors and validators read it."""
    model: type[BaseModel]
    if name in COLLECTIONS:
        model, title, description = COLLECTIONS[name], COLLECTIONS[name].label, COLLECTIONS[name].intro
    else:
        file = next(f for f in DATA_FILES if f.name == name)
        model, title, description = file.model, file.title, file.description
    schema = TypeAdapter(list[model]).json_schema(mode="validation")  # type: ignore[valid-type]  # model: at run time
    return {
        "$schema": SCHEMA_DRAFT,
        "$id": f"{name}.schema.json",
        "title": f"{title} ({name}.yml)",
        "description": description,
        **schema,
    }


def schema_text(collection: str) -> str:
    """The JSON Schema of a data file as the text written to data/schemas/ and published."""
    return json.dumps(json_schema(collection), ensure_ascii=False, indent=1) + "\n"


def records_json(dataset: Dataset, collection: str) -> str:
    """A collection's records (or a published data file's entries) as a JSON list (empty fields left out)."""
    return _json(_entries(dataset, collection))


def _entries(dataset: Dataset, name: str) -> list:
    """The records of a collection, or the entries of a published data file (the Politburo's terms)."""
    return list(dataset.collections[name].values()) if name in COLLECTIONS else dataset.files[name]


def _json(objects: list) -> str:
    rows = [r.model_dump(mode="json", exclude_none=True) for r in objects]
    return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run a cell that starts so


def _cell(value: Any) -> str:
    """A CSV cell: scalars as text, lists of scalars joined by ' | ', anything nested as JSON. Text a
    spreadsheet would take for a formula ('=HYPERLINK(…)') starts with an apostrophe, which
    spreadsheets read as "this is text" (numbers are written as they are)."""
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        text = " | ".join(str(v) for v in value)
    elif isinstance(value, (list, dict)):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def records_csv(dataset: Dataset, collection: str) -> str:
    """A collection's records (or a published data file's entries) as CSV: one column per field, in the
    model's order (see _cell)."""
    model = _model(collection)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(model.model_fields)
    for record in _entries(dataset, collection):
        data = record.model_dump(mode="json")
        writer.writerow(_cell(data[name]) for name in model.model_fields)
    return out.getvalue()


def _table_field(name: str, annotation: Any, description: str | None) -> dict:
    """A Frictionless Table Schema field for one column of the CSV."""
    _origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    optional = type(None) in args
    inner = next((a for a in args if a is not type(None)), annotation) if optional else annotation
    field: dict[str, Any] = {"name": name, "type": "string"}
    if description:
        field["description"] = description
    if inner is int:
        field["type"] = "integer"
    elif inner is float:
        field["type"] = "number"
    elif typing.get_origin(inner) is Literal:
        field["constraints"] = {"enum": [str(a) for a in typing.get_args(inner)]}
    elif typing.get_origin(inner) is list or model_in(inner) is not None:
        field["description"] = (description + ". " if description else "") + (
            "Items separated by ' | '" if model_in(inner) is None else "JSON"
        )
    return field


def _table_schema(collection: str) -> dict:
    model = _model(collection)
    fields = []
    for name, info in model.model_fields.items():
        field = _table_field(name, info.annotation, info.description)
        if info.is_required():
            field.setdefault("constraints", {})["required"] = True
        fields.append(field)
    return {"fields": fields, "primaryKey": [PUBLISHED[collection].key if collection in PUBLISHED else "id"]}


def datapackage(dataset: Dataset, site_name: str = "") -> dict:
    """The Frictionless Data Package descriptor: one resource per collection's CSV file."""
    resources = []
    described = {c: (m.label, m.intro) for c, m in COLLECTIONS.items()}
    described |= {n: (f.title, f.description) for n, f in PUBLISHED.items()}
    for collection, (label, intro) in described.items():
        resources.append(
            {
                "name": collection.replace("_", "-"),
                "title": label,
                "description": intro,
                "path": f"{collection}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": _table_schema(collection),
                "licenses": [DATA_LICENCE],
            }
        )
    return {
        "name": "china-tech-governance",
        "title": f"{site_name}: records" if site_name else "Records",
        "description": "The site's records, one CSV file per collection or data file: "
        + "; ".join(label for label, _ in described.values())
        + ". Records cite the sources collection by id, with the words they rely on.",
        "licenses": [DATA_LICENCE],
        "resources": resources,
    }


def export_files(dataset: Dataset, site_name: str = "") -> dict[str, str]:
    """Every download, as {path under the site: text}; `site_name` titles the Data Package."""
    files: dict[str, str] = {}
    for collection in (*COLLECTIONS, *PUBLISHED):
        files[f"{FOLDER}/{collection}.json"] = records_json(dataset, collection)
        files[f"{FOLDER}/{collection}.csv"] = records_csv(dataset, collection)
        files[f"{FOLDER}/schema/{collection}.schema.json"] = schema_text(collection)
    files[f"{FOLDER}/datapackage.json"] = (
        json.dumps(datapackage(dataset, site_name), ensure_ascii=False, indent=1) + "\n"
    )
    return files
