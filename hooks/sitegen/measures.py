"""Who acted against whom, and when: the rows of the measures page, derived from the `sanctions`
collection. A measure's acting state is the `country` of each body in `imposed_by` (or the body
itself if it is a country); a target's state is found the same way."""

from __future__ import annotations

from dataclasses import dataclass

from .dataset import Dataset
from .model import Actor, Sanction
from .visuals import CHAR, FONT, KINDS, LINE, NARROW, WIDE, _link, _svg, _text, both, wrap


def state_of(actors: dict[str, Actor], actor_id: str | None) -> str | None:
    """The id of the country an actor belongs to: itself if it is one, else its `country`, else its parent's."""
    seen = set()
    while actor_id and actor_id not in seen:
        seen.add(actor_id)
        actor = actors[actor_id]
        if actor.kind == "country":
            return actor.id
        if actor.country:
            return actor.country
        actor_id = actor.parent
    return None


@dataclass(frozen=True)
class MeasureRow:
    record: Sanction
    states: tuple[str, ...]  # acting states (country actor ids)
    against: tuple[str, ...]  # the states of its targets

    @property
    def year(self) -> str:
        """The year the measure was announced."""
        return self.record.announced[:4]


def measure_rows(dataset: Dataset) -> list[MeasureRow]:
    """One row per measure, oldest first."""
    actors = dataset.records(Actor)
    rows = []
    for record in dataset.records(Sanction).values():
        states = tuple(dict.fromkeys(s for s in (state_of(actors, a) for a in record.imposed_by) if s))
        against = tuple(dict.fromkeys(s for s in (state_of(actors, t) for t in record.targets) if s))
        rows.append(MeasureRow(record, states, against))
    return sorted(rows, key=lambda r: (r.record.announced, r.record.id))


def matrix(rows: list[MeasureRow]) -> tuple[list[str], list[str], dict[tuple[str, str], int]]:
    """(acting states, target states, {(acting, target): number of measures}) for the state x target table."""
    acting = sorted({s for r in rows for s in r.states})
    target = sorted({s for r in rows for s in r.against})
    counts: dict[tuple[str, str], int] = {}
    for r in rows:
        for s in r.states:
            for t in r.against:
                counts[(s, t)] = counts.get((s, t), 0) + 1
    return acting, target, counts


# --- the picture: each state's measures by year ------------------------------------------------------


def by_year(rows: list[MeasureRow]) -> tuple[list[str], list[str], dict[tuple[str, str], list[MeasureRow]]]:
    """(acting states in the order they first acted, every year from the first measure's to the last's,
    {(state, year): its measures announced that year})."""
    cells: dict[tuple[str, str], list[MeasureRow]] = {}
    first: dict[str, str] = {}
    for r in rows:  # oldest first
        for s in r.states:
            first.setdefault(s, r.record.announced)
            cells.setdefault((s, r.year), []).append(r)
    years = [str(y) for y in range(int(rows[0].year), int(rows[-1].year) + 1)] if rows else []
    states = sorted(first, key=lambda s: (first[s], s))
    return states, years, cells


def years_svg(rows: list[MeasureRow], names: dict[str, str]) -> str:
    """Each acting state's measures by year, in both layouts: a row per state (its name above the row
    on a phone, on its left when wide), a column per year, a square per year it acted with the
    number of its measures, linking to them in the page's table (`?state=…&year=…#table`); a tap or
    a keyboard focus lists them (visuals.js). `names`: a state's id to its name."""
    return both(_years(rows, names, NARROW), _years(rows, names, WIDE))


def _years(rows: list[MeasureRow], names: dict[str, str], width: int) -> str:
    states, years, cells = by_year(rows)
    headed = width == NARROW
    longest = max((len(names[s]) for s in states), default=0) * FONT * CHAR
    label_w = 0.0 if headed else min(longest, 200.0) + 12  # a longer name takes a second line
    col_w = (width - label_w - 4) / max(1, len(years))
    side = min(col_w - 6, 32.0)  # a square: a 24 px target or more while a year's column is 30 px
    most = max((len(c) for c in cells.values()), default=1)
    colour = KINDS["sanctions"].colour
    x0 = label_w + 4
    centre = [x0 + i * col_w + col_w / 2 for i in range(len(years))]  # of each year's column
    year_text = (lambda y: y) if col_w >= 4 * FONT * CHAR + 4 else (lambda y: "’" + y[2:])
    out = [_text(cx, 16, [year_text(year)], "ms-year", "middle") for cx, year in zip(centre, years)]
    y = 26.0
    for s in states:
        lines = wrap(names[s], (width if headed else label_w) - 8, 2)
        top = y + (len(lines) * LINE if headed else 0)
        row_h = max(side + 8, 0 if headed else len(lines) * LINE + 8)
        mid = top + row_h / 2
        out.append(f'<line class="ms-row" x1="{x0:.1f}" y1="{mid:.1f}" x2="{width:.1f}" y2="{mid:.1f}"/>')
        name_y = y + 12 if headed else mid + 4.5 - (len(lines) - 1) * LINE / 2
        out.append(_text(4, name_y, lines, "ms-state"))
        for cx, year in zip(centre, years):
            found = cells.get((s, year), [])
            if not found:
                continue
            n = len(found)
            body = (
                f'<rect x="{cx - side / 2:.1f}" y="{mid - side / 2:.1f}" width="{side:.1f}" height="{side:.1f}" rx="3" '
                f'fill="{colour}" fill-opacity="{0.15 + 0.5 * n / most:.2f}" stroke="{colour}"/>'
                + _text(cx, mid + 4.5, [str(n)], "vis-count", "middle")
            )
            name = f"{names[s]}, {year}: {n} measure{'' if n == 1 else 's'}"
            detail = "; ".join(f"{r.record.announced}: {r.record.title}" for r in found)
            out.append(_link(f"?state={s}&year={year}#table", name, detail, "ms-cell", body))
        y = top + row_h + 4
    desc = (
        f"One row per state that acted ({len(states)}), in the order they first acted; one column per year "
        f"from {years[0] if years else ''} to {years[-1] if years else ''}. A square counts the measures the state "
        "announced that year (darker: more) and links to them in the table below; a tap or a keyboard focus "
        "lists them. The table holds the same measures."
    )
    return _svg(
        "measures-svg",
        "measures-years" + ("-narrow" if headed else ""),
        width,
        y + 4,
        "Measures by the state that took them and the year announced",
        desc,
        out,
    )
