"""The data files that are lists of entries but not collections (teacher packs, changelog,
redirects, the Politburo's terms): each is declared once, as a DataFile beside the model of its
entries, and project.DATA_FILES lists them all. This module imports nothing of the engine's, so
that any module may declare one (sessions.py, which dataset.py calls, does)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from pydantic import BaseModel

if TYPE_CHECKING:
    from .dataset import Dataset, Entries

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Context:
    """What reading a data file that is not a collection may need: where it is, the dataset its
    references point into (None while the collections have errors: then only their shape is
    checked), and the explainers (docs/ and the paths of the navigation's explainers)."""

    data_dir: Path
    label_root: Path
    dataset: Dataset | None = None
    docs_dir: Path | None = None
    explainers: tuple[str, ...] = ()


def _every_entry(entries: Entries[M], context: Context) -> list[M]:
    return [entry for entry, _ in entries.items]


@dataclass(frozen=True)
class DataFile(Generic[M]):
    """A data file that is a list of entries but not a collection: `data/<name>.yml`; `key` is the
    field that names an entry in errors (each appears once; the primary key of its download) and
    `what` the entries in a message; `title` and `description` head its section of the data
    dictionary and its JSON Schema; `finish` adds the file's own rules to what load_entries
    checked (errors on the Entries) and returns its entries as the site uses them (ordered, say).
    `with_collections`: read by load_dataset, because the collections' own rules need it (the
    Politburo's terms: Dataset.files); `published`: downloaded with the collections (JSON, CSV, JSON
    Schema, a resource of the Data Package), which are made from the dataset: a file read with them."""

    name: str
    model: type[M]
    key: str
    what: str
    title: str
    description: str
    finish: Callable[[Entries[M], Context], list[M]] = _every_entry
    with_collections: bool = False
    published: bool = False

    @property
    def file(self) -> str:
        """The file's name in data/."""
        return f"{self.name}.yml"

    def load(self, context: Context) -> list[M]:
        """The file's entries, validated (a missing file has none); DataErrors with every problem."""
        from .dataset import load_entries  # (dataset.py imports the declarations that use this class)
        from .errors import DataErrors

        entries = load_entries(
            context.data_dir / self.file, context.label_root, self.model, self.key, self.what, context.dataset
        )
        result = self.finish(entries, context)
        if entries.errors:
            raise DataErrors(entries.errors)
        return result
