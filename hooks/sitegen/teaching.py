"""Teacher packs and the changelog: two data files that are not collections.

`data/teaching.yml` has one pack per explainer: a printable one-page handout. Its key facts are
records (the record's summary is the fact; the record's sources back it), its terms are glossary
entries, its discussion questions are authored (they ask, they add no facts), and its section
links come from the explainer's own headings.

    - explainer: social-credit            # docs/explainers/social-credit.md
      facts: [policies/social-credit-plan-2014, ...]   # 3 to 6 records
      terms: [shehui-xinyong-tixi, ...]                 # 5 to 8 glossary ids
      questions:                                         # 2 to 5
        - Which of the schemes described here …?

`data/changelog.yml` lists what changed on the site, newest first, for readers:

    - id: 2026-11-25-glossary                # the entry's anchor on /changelog/; never changes
      date: "2026-11-25"
      kind: added                            # added / corrected / updated / removed
      summary: The glossary: 87 Chinese terms …
      reason: …                              # for kind: corrected, why (required; shown on /corrections/)
      records: [glossary/jiti-xuexi]         # records the change concerns (optional)
      collections: [glossary]                # or whole collections (optional)

Both are validated like the records (file, line, entry and field in every error).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from .datafile import Context, DataFile
from .dataset import Dataset, Entries
from .errors import DataError, DataErrors
from .model import COLLECTIONS, ISODate, RecordPath, Ref, Slug, Strict, Text, date_key
from .reader import page_text

_HEADING = re.compile(r"^(#{1,2}) (.+?)\s*\{\s*#([A-Za-z0-9_-]+)[^}]*\}\s*$", re.M)


class Pack(Strict):
    explainer: Slug = Field(description="the explainer's file name in docs/explainers/, without .md")
    facts: list[RecordPath] = Field(
        min_length=3,
        max_length=6,
        description="records whose summaries are the key facts (<collection>/<id>); their sources back them",
    )
    terms: list[Annotated[Slug, Ref("glossary")]] = Field(
        min_length=5, max_length=8, description="glossary ids of the terms to learn"
    )
    questions: list[Text] = Field(
        min_length=2, max_length=5, description="discussion questions; authored, they ask and add no facts"
    )


class Change(Strict):
    id: Slug = Field(description="the entry's anchor on the changelog page; never changes")
    date: ISODate = Field(description="when the change was published")
    kind: Literal["added", "corrected", "updated", "removed"] = Field(description="what sort of change")
    summary: Text = Field(description="what changed, for readers, in a sentence or two")
    reason: Text | None = Field(
        default=None,
        description="for a correction (required): why the old text was wrong, with the evidence; shown on /corrections/",
    )
    records: list[RecordPath] = Field(default=[], description="the records it concerns (<collection>/<id>)")
    # the registered collections' names, as a Literal pydantic checks and puts in the JSON Schema (a
    # type checker cannot read a Literal built at run time)
    collections: list[Literal[tuple(COLLECTIONS)]] = Field(  # type: ignore[valid-type]
        default=[], description="whole collections it concerns"
    )


@dataclass(frozen=True)
class Section:
    id: str
    title: str


@dataclass(frozen=True)
class Explainer:
    path: str  # under docs/, e.g. explainers/social-credit.md
    title: str
    sections: list[Section]

    @property
    def stem(self) -> str:
        """The explainer's file name without .md: its pack's address."""
        return Path(self.path).stem


def read_explainer(docs_dir: Path, path: str) -> Explainer:
    """The explainer's title (its # heading) and its sections (## headings with authored ids)."""
    headings = _HEADING.findall(page_text(Path(docs_dir) / path))
    title = next((t for level, t, _ in headings if level == "#"), Path(path).stem)
    return Explainer(path, title, [Section(i, t) for level, t, i in headings if level == "##"])


def _packs(packs: Entries, context: Context) -> list[Pack]:
    """The packs in the explainers' reading order; each names an explainer of the navigation, once."""
    known = {Path(p).stem for p in context.explainers}
    valid: dict[str, Pack] = {}
    for pack, index in packs.items:
        if pack.explainer not in known:
            packs.error(
                index,
                pack.explainer,
                ("explainer",),
                f"'{pack.explainer}' is not an explainer in the navigation; "
                f"expected one of {', '.join(sorted(known)) or '(none)'}",
            )
            continue
        for name in ("facts", "terms"):
            values = getattr(pack, name)
            for i, value in enumerate(values):
                if value in values[:i]:
                    packs.error(index, pack.explainer, (name, i), f"'{value}' is listed twice")
        valid[pack.explainer] = pack
    return [valid[Path(p).stem] for p in context.explainers if Path(p).stem in valid]


def _changes(changes: Entries, context: Context) -> list[Change]:
    """The changes newest first; a correction says why, and only a correction."""
    for change, index in changes.items:
        if change.kind == "corrected" and not change.reason:
            changes.error(
                index,
                change.id,
                ("reason",),
                "a correction says why: add `reason`, the evidence that the old text was wrong",
            )
        elif change.reason and change.kind != "corrected":
            changes.error(
                index, change.id, ("reason",), f"`reason` is only for corrections; this change is '{change.kind}'"
            )
    # newest first; entries of the same day keep the file's order (newest at the top, by convention)
    return sorted((c for c, _ in changes.items), key=lambda c: date_key(c.date), reverse=True)


PACKS = DataFile(
    "teaching",
    Pack,
    "explainer",
    "teacher packs",
    "Teacher packs",
    "One printable handout per explainer: key facts (records), terms, questions.",
    _packs,
)
CHANGELOG = DataFile(
    "changelog", Change, "id", "changes", "Changelog", "What changed on the site, for readers, newest first.", _changes
)


def with_explainers(
    packs: list[Pack], docs_dir: Path, explainers: list[str] | tuple[str, ...]
) -> list[tuple[Pack, Explainer]]:
    """Each pack with its explainer's title and sections (read from docs/)."""
    path = {Path(p).stem: p for p in explainers}
    return [(pack, read_explainer(docs_dir, path[pack.explainer])) for pack in packs]


def load_teaching(
    data_dir: Path, label_root: Path, dataset: Dataset | None, docs_dir: Path, explainers: list[str]
) -> tuple[list[tuple[Pack, Explainer]], list[Change]]:
    """The packs (each with its explainer) in reading order, and the changelog newest first."""
    context = Context(Path(data_dir), Path(label_root), dataset, Path(docs_dir), tuple(explainers))
    errors: list[DataError] = []
    loaded: dict[str, list] = {}
    for file in (PACKS, CHANGELOG):
        try:
            loaded[file.name] = file.load(context)
        except DataErrors as exc:
            errors += exc.errors
    if errors:
        raise DataErrors(errors)
    return with_explainers(loaded["teaching"], docs_dir, explainers), loaded["changelog"]


def changes_for(changes: list[Change], record) -> list[Change]:
    """The changelog entries that name this record (newest first). Changes to a whole collection
    are listed on the changelog page only: repeated on every record page they would bury these."""
    path = f"{record.collection}/{record.id}"
    return [c for c in changes if path in c.records]
