"""The generated pages that are not a record's: one row each in PAGES, in the order they are made.

Every collection also gets a page per record (its template `<collection>.html`) and an index
(`collection_index.md`) from its registration alone (model.py); render.render_site makes those,
then every row of this table, then the downloads. A row names where the page goes under docs/,
its Markdown template in overrides/generated/, and a function that gives the template's variables
from the build's inputs, or None when there is nothing to show (no dated record: no timeline).
A new page is a template and a row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .curriculum import Curriculum, curriculum, shares_svg
from .dataset import Dataset
from .dictionary import dictionary, other_files
from .measures import matrix, measure_rows, years_svg
from .model import THEMES, Actor
from .reader import explainer_for_reader
from .teaching import Change, Explainer, Pack, with_explainers
from .urls import address, to_root
from .visuals import (
    DESTINATION,
    KINDS,
    MEASURE,
    STAGES,
    chain,
    chain_svg,
    country_figures,
    country_shapes,
    drawn,
    graph,
    graph_svg,
    map_countries,
    map_svg,
    timeline_marks,
    timeline_svg,
    unmapped,
)


@dataclass
class Inputs:
    """What the generated pages are made from: render_site's arguments (it says what each is), and
    the downloads (export.export_files), which the data page lists with their sizes."""

    dataset: Dataset
    docs_dir: Path | None = None
    explainers: tuple[str, ...] = ()
    atlas: dict | None = None
    files: dict[str, list] = field(default_factory=dict)
    directory_urls: bool = True
    repository: str | None = None
    downloads: dict[str, str] = field(default_factory=dict)

    @property
    def changes(self) -> list[Change]:
        """The changelog's entries, newest first."""
        return self.files.get("changelog", [])

    @cached_property
    def packs(self) -> list[tuple[Pack, Explainer]]:
        """The teacher packs, each with its explainer (title and sections)."""
        return with_explainers(self.files.get("teaching", []), Path(self.docs_dir or "."), self.explainers)

    @cached_property
    def curriculum(self) -> Curriculum:
        """What the Politburo studied, term by term and year by year (curriculum.py)."""
        return curriculum(self.dataset)

    def base(self, here: str) -> str:
        """The relative path from the page at `here` (under docs/) to the site root."""
        return to_root(address(here, self.directory_urls))


Context = dict[str, Any]


@dataclass(frozen=True)
class Page:
    """A generated page: `path` under docs/, its Markdown `template`, and `context(inputs)`, the
    template's variables (None: the page is not made). With `each`, one page per item: `context`
    gives {name: variables}, and the name fills the '{}' in `path`."""

    path: str
    template: str
    context: Callable[[Inputs], Context | None] | Callable[[Inputs], dict[str, Context]]
    each: bool = False


def _dictionary(i: Inputs) -> Context:
    # the data files read with the collections, and the others
    return {"entries": dictionary(i.dataset), "other": other_files(i.dataset.files | i.files)}


def _timeline(i: Inputs) -> Context | None:
    marks = timeline_marks(i.dataset)
    if not marks:
        return None
    return {"marks": marks, "svg": Markup(timeline_svg(marks, i.base("timeline.md"), i.directory_urls)), "kinds": KINDS}


def _curriculum(i: Inputs) -> Context:
    cur = i.curriculum
    return {
        "cur": cur,
        "terms_svg": Markup(
            shares_svg(cur.terms, "curriculum-terms", "Technology's share of study sessions, by term", True)
        ),
        "years_svg": Markup(
            shares_svg(cur.years, "curriculum-years", "Technology's share of study sessions, by year", False)
        ),
    }


def _measures(i: Inputs) -> Context:
    rows = measure_rows(i.dataset)
    acting, targeted, counts = matrix(rows)
    actors = i.dataset.records(Actor)
    return {
        "rows": rows,
        "years_svg": Markup(years_svg(rows, {s: str(actors[s].title) for s in acting})),
        "acting_states": acting,
        "target_states": targeted,
        "counts": counts,
        "years": sorted({r.year for r in rows}),
        "used_kinds": {r.record.kind for r in rows},
    }


def _chains(i: Inputs) -> Context:
    chains = []
    for theme, label in THEMES.items():
        stages, edges = chain(i.dataset, theme)
        if any(stages.values()):
            drawing = chain_svg(theme, stages, edges, i.base("chains.md"), i.directory_urls)
            chains.append((theme, label, stages, edges, Markup(drawing) if drawn(stages, edges) else None))
    return {"chains": chains, "stage_names": STAGES}


def _graph(i: Inputs) -> Context | None:
    actors, records, ties = graph(i.dataset)
    if not actors:
        return None
    drawing = graph_svg(i.dataset, actors, records, ties, i.base("graph.md"), i.directory_urls)
    return {"actors": actors, "ties": ties, "svg": Markup(drawing)}


def _map(i: Inputs) -> Context | None:
    if i.atlas is None:
        return None
    countries, shapes = map_countries(i.dataset), country_shapes(i.atlas)
    coarse = country_shapes(i.atlas, tolerance=2)
    return {
        "countries": countries,
        "figures": country_figures(i.dataset),
        "elsewhere": unmapped(countries, shapes),
        "destination": DESTINATION,
        "measure": MEASURE,
        "svg": Markup(map_svg(countries, shapes, i.base("map.md"), directory_urls=i.directory_urls, coarse=coarse)),
    }


def _reader(i: Inputs) -> Context | None:
    if i.docs_dir is None or not i.explainers:
        return None
    return {"explainers": [Markup(explainer_for_reader(Path(i.docs_dir) / p)) for p in i.explainers]}


def _packs(i: Inputs) -> dict[str, Context]:
    return {explainer.stem: {"pack": pack, "explainer": explainer} for pack, explainer in i.packs}


def _data(i: Inputs) -> Context:
    return {"sizes": {path.split("/")[-1]: _size(text) for path, text in i.downloads.items()}}


def _size(text: str) -> str:
    n = len(text.encode("utf-8"))
    return f"{n / 1024:.0f} kB" if n >= 10240 else f"{n / 1024:.1f} kB"


PAGES: tuple[Page, ...] = (
    Page("data-dictionary.md", "data_dictionary.md", _dictionary),
    Page("timeline.md", "timeline.md", _timeline),
    Page("curriculum.md", "curriculum.md", _curriculum),
    Page("measures.md", "measures.md", _measures),
    Page("chains.md", "chains.md", _chains),
    Page("graph.md", "graph.md", _graph),
    Page("map.md", "map.md", _map),
    Page("reader/index.md", "reader.md", _reader),
    Page("packs/{}.md", "pack.md", _packs, each=True),  # one per teacher pack
    Page("packs/index.md", "packs_index.md", lambda i: {"packs": i.packs}),
    Page("changelog.md", "changelog.md", lambda i: {"changes": i.changes}),
    Page(
        "corrections.md",
        "corrections.md",
        lambda i: {
            "corrections": [c for c in i.changes if c.kind == "corrected"],
            "repository": (i.repository or "").rstrip("/") or None,
        },
    ),
    Page("data/index.md", "data_page.md", _data),
)
