"""Load every collection, validate it, resolve references and compute backlinks, once; and read
the data files that are lists of entries but not collections (DataFile) the same way."""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .errors import DataError, DataErrors
from .model import (
    COLLECTIONS,
    OFFICIAL_SOURCE_KINDS,
    Entry,
    Ref,
    Sanction,
    Source,
    field_attribute,
    iter_refs,
    model_in,
)
from .sessions import CURRICULUM, PolitburoTerm, session_errors, term_errors
from .yamlsource import Document, dotted, read_yaml

E = TypeVar("E", bound=Entry)
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Backlink:
    record: Entry
    field: str  # e.g. "targets" or "sources[2].source"


@dataclass
class Dataset:
    """Every collection's records, by collection and id, and who refers to whom."""

    collections: dict[str, dict[str, Entry]]
    # (collection, id) -> {referring collection: [Backlink, ...]}
    backlinks: dict[tuple[str, str], dict[str, list[Backlink]]] = field(default_factory=dict)
    terms: dict[int, PolitburoTerm] = field(default_factory=dict)  # the Politburo's terms (sessions.py), by number
    # the entries of the data files read with the collections (DataFile.with_collections), by name
    files: dict[str, list] = field(default_factory=dict)

    def get(self, collection: str, record_id: str) -> Entry:
        """The record `record_id` of `collection` (KeyError if there is none)."""
        return self.collections[collection][record_id]

    def records(self, model: type[E]) -> dict[str, E]:
        """The records of the collection `model` registers, typed as that model: records(Sanction)."""
        return cast(dict[str, E], self.collections[model.collection])

    def referenced_by(self, record: Entry) -> dict[str, list[Backlink]]:
        """{collection: [Backlink]} for every record that refers to `record`, by the referring collection."""
        return self.backlinks.get((record.collection, record.id), {})

    def __len__(self) -> int:
        return sum(len(records) for records in self.collections.values())


def load_dataset(data_dir: str | Path, *, label_root: str | Path | None = None) -> Dataset:
    """Read data_dir/<collection>.yml for every collection; raise DataErrors with every problem."""
    data_dir = Path(data_dir)
    root = Path(label_root) if label_root else data_dir.parent
    errors: list[DataError] = []
    docs: dict[str, Document] = {}
    records: dict[str, dict[str, Entry]] = {}
    places: dict[tuple[str, str], tuple[Document, int]] = {}
    broken: set[tuple[str, str]] = set()  # records with errors of their own: no cascade of "no record"

    if not data_dir.is_dir():
        raise DataErrors([DataError(str(data_dir), None, None, None, "the data folder does not exist")])
    for collection, model in COLLECTIONS.items():
        path = data_dir / f"{collection}.yml"
        label = _label(path, root)
        records[collection] = {}
        if not path.exists():
            errors.append(
                DataError(label, None, None, None, f"is missing; every collection needs its file ({collection}.yml)")
            )
            broken.add((collection, "*"))
            continue
        doc, problems = read_yaml(path, label)
        errors.extend(problems)
        if doc is None:
            broken.add((collection, "*"))
            continue
        docs[collection] = doc
        if doc.value is None:  # an empty file, perhaps emptied by mistake: say so
            errors.append(
                DataError(
                    label,
                    None,
                    None,
                    None,
                    "is empty; a collection file lists its records (write [] for a collection with none)",
                )
            )
            broken.add((collection, "*"))
            continue
        if not isinstance(doc.value, list):
            errors.append(
                DataError(label, doc.line(()), None, None, "expected a list of records, each starting with '- id: …'")
            )
            broken.add((collection, "*"))
            continue
        for index, raw in enumerate(doc.value):
            record = _validate_record(model, raw, doc, index, errors)
            if record is None:
                if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                    broken.add((collection, raw["id"]))
                continue
            if record.id in records[collection]:
                first = places[(collection, record.id)]
                errors.append(
                    DataError(
                        label,
                        doc.line((index, "id")),
                        record.id,
                        "id",
                        f"duplicate id: already used at line {first[0].line((first[1], 'id'))}; ids are URLs and must be unique",
                    )
                )
                continue
            records[collection][record.id] = record
            places[(collection, record.id)] = (doc, index)

    dataset = Dataset(records)
    errors.extend(_resolve(dataset, places, broken))
    errors.extend(_official_first(dataset, places))
    terms = load_entries(data_dir / CURRICULUM.file, root, CURRICULUM.model, CURRICULUM.key, CURRICULUM.what, dataset)
    term_errors(terms)
    errors.extend(session_errors(dataset, places, terms, _numbers_of_broken(docs.get("study_sessions"), broken)))
    errors.extend(terms.errors)  # after session_errors, which adds the counts' errors to them
    dataset.terms = {entry.term: entry for entry, _ in sorted(terms.items, key=lambda item: item[0].term)}
    dataset.files[CURRICULUM.name] = list(dataset.terms.values())
    if errors:
        raise DataErrors(errors)
    return dataset


def _numbers_of_broken(doc: Document | None, broken: set) -> set[tuple[int, int]]:
    """(term, number) of the study sessions with errors of their own: their numbers are not gaps."""
    raw = doc.value if doc is not None and isinstance(doc.value, list) else []
    return {
        (int(r["term"]), int(r["number"]))
        for r in raw
        if isinstance(r, dict)
        and ("study_sessions", r.get("id")) in broken
        and str(r.get("term", "")).isdigit()
        and str(r.get("number", "")).isdigit()
    }


def unknown_files(data_dir: Path, label_root: Path, others: list[str]) -> list[DataError]:
    """An error for each YAML file in data_dir that is neither a collection nor one of `others`
    (the other data files' names, e.g. 'teaching.yml'): a misspelt file would be silently ignored."""
    known = [f"{c}.yml" for c in COLLECTIONS]
    return [
        DataError(
            _label(path, label_root),
            None,
            None,
            None,
            f"is not a data file of the site; expected a collection ({', '.join(known)}) or {', '.join(others)}"
            + _suggest(path.stem, [Path(name).stem for name in (*known, *others)]),
        )
        for path in sorted(Path(data_dir).glob("*.y*ml"))
        if path.name not in known and path.name not in others
    ]


@dataclass
class Entries(Generic[M]):
    """A data file that is a list of entries but not a collection (redirects, changelog, teaching
    packs), validated like the records: `items` are (entry, its index in the file)."""

    label: str
    doc: Document | None
    items: list[tuple[M, int]]
    errors: list[DataError]

    def error(self, index: int, entry: str | None, field_path: tuple, message: str) -> None:
        """Add an error about the entry at `index`, naming its field at `field_path`."""
        line = self.doc.line((index,) + field_path) if self.doc else None
        self.errors.append(DataError(self.label, line, entry, dotted(field_path) or None, message))


def load_entries(
    path: Path, label_root: Path, model: type[M], key: str, what: str, dataset: Dataset | None = None
) -> Entries[M]:
    """Read and validate `path` (a missing file is an empty list). Each entry is named in errors by
    its `key` field, which must be unique; references (fields marked Ref) are checked against `dataset`."""
    label = _label(Path(path), Path(label_root))
    out: Entries[M] = Entries(label, None, [], [])
    if not Path(path).exists():
        return out
    out.doc, problems = read_yaml(Path(path), label)
    out.errors.extend(problems)
    if out.doc is None or out.doc.value is None:
        return out
    if not isinstance(out.doc.value, list):
        out.errors.append(
            DataError(
                label, out.doc.line(()), None, None, f"expected a list of {what}, each starting with '- {key}: …'"
            )
        )
        return out
    index_of = _collections_of(dataset) if dataset else {}
    seen: dict[str, int] = {}
    for index, raw in enumerate(out.doc.value):
        entry = _validate_record(model, raw, out.doc, index, out.errors, key)
        if entry is None:
            continue
        name = str(getattr(entry, field_attribute(model, key)))
        if name in seen:
            out.error(index, name, (key,), f"'{name}' is already listed at line {seen[name]}; each {key} appears once")
            continue
        seen[name] = out.doc.line((index, key))
        for ref_path, marker, target in iter_refs(entry) if dataset is not None else ():
            problem, _ = _check_ref(cast(Dataset, dataset), marker, target, index_of)
            if problem:
                out.error(index, name, ref_path, problem)
        out.items.append((entry, index))
    return out


def _validate_record(
    model: type[M], raw: Any, doc: Document, index: int, errors: list[DataError], key: str = "id"
) -> M | None:
    record_id = raw.get(key) if isinstance(raw, dict) and isinstance(raw.get(key), str) else None
    if not isinstance(raw, dict):
        errors.append(
            DataError(
                doc.file,
                doc.line((index,)),
                None,
                None,
                "expected a record (a mapping of field: value), found "
                + type(raw).__name__.replace("str", "a plain value"),
            )
        )
        return None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            errors.append(
                DataError(
                    doc.file,
                    doc.line((index,) + loc),
                    record_id or f"#{index + 1}",
                    dotted(loc) or None,
                    _explain(err, model, loc),
                )
            )
        return None


def _explain(err: ErrorDetails, model: type[BaseModel], loc: tuple) -> str:
    kind, msg, value = err["type"], err["msg"], err.get("input")
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        return f"unknown field '{loc[-1]}'" + _suggest(str(loc[-1]), allowed) + f"; allowed: {', '.join(allowed)}"
    if kind == "value_error":  # a validator's own message, even about an absent value
        return msg.removeprefix("Value error, ")
    if value is None:
        return "is empty; give a value or remove the line"
    if kind == "string_pattern_mismatch":
        if "/" in err["ctx"]["pattern"]:
            return f"'{value}' is not a record path: write <collection>/<id>, e.g. 'policies/cybersecurity-law'"
        return (
            f"'{value}' is not a valid id: use lowercase letters, digits and single hyphens, e.g. 'cybersecurity-law'"
        )
    if kind == "literal_error":
        return f"'{value}' is not allowed; expected one of {err['ctx']['expected']}"
    if kind in ("list_type", "model_type", "dict_type"):
        want = {
            "list_type": "a list (lines starting with '- ')",
            "model_type": "a mapping of field: value",
            "dict_type": "a mapping of field: value",
        }[kind]
        return f"expected {want}, found {_shape(value)}"
    if kind in ("int_parsing", "float_parsing", "int_from_float"):
        return f"expected a number, found '{value}'"
    if kind == "too_short" and isinstance(value, list):
        least = err["ctx"]["min_length"]
        return "needs at least one entry" if least == 1 else f"has {len(value)} entries; needs at least {least}"
    if kind == "too_long" and isinstance(value, list):
        return f"has {len(value)} entries; at most {err['ctx']['max_length']} fit"
    if kind == "value_error":
        return msg.removeprefix("Value error, ")
    return f"{msg} (found {value!r})" if not isinstance(value, (dict, list)) else msg


def _shape(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"'{value}'"


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The allowed field names of the (possibly nested) model at `loc`."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = next(
            info for name, info in current.model_fields.items() if (info.alias or name) == part
        ).annotation
        current = model_in(annotation)
        if current is None:
            return []
    return [
        info.alias or name for name, info in current.model_fields.items()
    ]  # as written in YAML: 'from', not 'from_'


def _suggest(word: str, options) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.7)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _resolve(dataset: Dataset, places: dict, broken: set) -> list[DataError]:
    """Check every reference points at a record of the right collection; build backlinks."""
    errors: list[DataError] = []
    index_of = _collections_of(dataset)
    backlinks: dict = defaultdict(lambda: defaultdict(list))
    for collection, recs in dataset.collections.items():
        for record in recs.values():
            doc, index = places[(collection, record.id)]
            seen: set[tuple[tuple[str, str], str | int]] = set()
            for path, marker, target in iter_refs(record):
                problem, target_collection = _check_ref(dataset, marker, target, index_of)
                wanted = tuple(target.split("/", 1)) if marker.collection == "*" else (marker.collection, target)
                if problem and ({wanted, (wanted[0], "*")} & broken):
                    continue  # the target's own errors are reported; a "no record" here would mislead
                if problem:
                    errors.append(DataError(doc.file, doc.line((index,) + path), record.id, dotted(path), problem))
                    continue
                key = (target_collection, target.split("/")[-1])
                if key == (collection, record.id) or (key, path[0]) in seen:
                    continue
                seen.add((key, path[0]))
                backlinks[key][collection].append(Backlink(record, dotted(path).split("[")[0]))
    dataset.backlinks = {k: dict(v) for k, v in backlinks.items()}
    return errors


def _official_first(dataset: Dataset, places: dict) -> list[DataError]:
    """A measure cites the acting state's own publication (register, gazette, ministry page) first,
    or says in `no_official_source` why it cannot."""
    errors = []
    sources = dataset.records(Source)
    for record in dataset.records(Sanction).values():
        first = sources.get(record.sources[0].source)
        if first is None or first.kind in OFFICIAL_SOURCE_KINDS or record.no_official_source:
            continue
        doc, index = places[("sanctions", record.id)]
        errors.append(
            DataError(
                doc.file,
                doc.line((index, "sources", 0, "source")),
                record.id,
                "sources[0].source",
                f"'{first.id}' is a source of kind '{first.kind}', not an official one "
                f"({', '.join(OFFICIAL_SOURCE_KINDS)}); cite the register, gazette or ministry page "
                "first, or say why none is cited in `no_official_source`",
            )
        )
    return errors


def _collections_of(dataset: Dataset) -> dict[str, list[str]]:
    """{record id: the collections that have a record with that id} (for "wrong collection" hints)."""
    index_of = defaultdict(list)
    for collection, recs in dataset.collections.items():
        for record_id in recs:
            index_of[record_id].append(collection)
    return index_of


def _check_ref(dataset: Dataset, marker: Ref, target: str, index_of) -> tuple[str | None, str]:
    if marker.collection == "*":
        collection, _, record_id = target.partition("/")
        if collection not in dataset.collections:
            return (
                f"'{collection}' is not a collection"
                + _suggest(collection, dataset.collections)
                + f"; write <collection>/<id> with one of {', '.join(dataset.collections)}"
            ), ""
    else:
        collection, record_id = marker.collection, target
    record = dataset.collections[collection].get(record_id)
    if record is None:
        elsewhere = [c for c in index_of.get(record_id, []) if c != collection]
        if elsewhere:
            return (f"'{record_id}' is a record in {elsewhere[0]}, but this field takes an id from {collection}"), ""
        return (f"no record '{record_id}' in {collection}" + _suggest(record_id, dataset.collections[collection])), ""
    kind = getattr(record, "kind", None)
    if marker.kinds and kind not in marker.kinds:
        return (
            f"'{record_id}' is an actor of kind '{kind}'; this field takes " + " or ".join(sorted(marker.kinds))
        ), ""
    return None, collection


def _label(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
